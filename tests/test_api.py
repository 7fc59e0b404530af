"""The notebook API on the real corpus: load (files, folders, globs, bad files) and the frames."""

from __future__ import annotations

import shutil
import warnings

import pytest

import ofsted_mine as om
from ofsted_mine.api import Documents, LoadWarning, expand_inputs
from tests.conftest import CORPUS, REPORT_2024, REVIEW_2017


@pytest.fixture(scope="module")
def corpus_docs() -> Documents:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LoadWarning)  # the bundled corpus loads cleanly
        return om.load(CORPUS, classify=False, progress=False)


def by_type(docs, doc_type, year=None):
    return [d for d in docs if d.doc_type == doc_type
            and (year is None or (d.inspection_end and d.inspection_end.year == year))]


def test_folder_expansion_skips_manifests():
    files, missing = expand_inputs(CORPUS)
    assert missing == []
    assert [f.name for f in files] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert len(files) == 5  # MANIFEST.md and MANIFEST.json are not reports


def test_globs_files_and_missing_paths():
    files, missing = expand_inputs([str(CORPUS / "kirklees_2024_*.txt"), REVIEW_2017, "no/such/file.pdf",
                                    str(CORPUS / "*.docx")])
    assert [f.name for f in files] == [REPORT_2024.name, REVIEW_2017.name]
    assert missing == ["no/such/file.pdf", str(CORPUS / "*.docx")]


def test_load_corpus(corpus_docs):
    assert isinstance(corpus_docs, Documents) and corpus_docs.errors == []
    ilacs_2019 = by_type(corpus_docs, "ilacs_report", 2019)
    ilacs_2024 = by_type(corpus_docs, "ilacs_report", 2024)
    assert len(ilacs_2019) == 1 and len(ilacs_2024) == 1
    assert (len(ilacs_2019[0].findings), len(ilacs_2019[0].judgements), len(ilacs_2019[0].recommendations)) == (49, 4, 10)
    assert len(ilacs_2024[0].findings) == 69
    assert len(by_type(corpus_docs, "monitoring_visit_letter", 2018)) == 1
    assert len(by_type(corpus_docs, "commissioner_review")) == 1


def test_bad_files_warn_and_the_rest_load(tmp_path):
    shutil.copy(REPORT_2024, tmp_path / "report.txt")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "fake.pdf").write_text("<html><body>Not found</body></html>")
    (tmp_path / "notes.md").write_text("# my notes\n")  # not picked up from a folder
    with pytest.warns(LoadWarning) as caught:
        docs = om.load([tmp_path, tmp_path / "missing.pdf"], classify=False, progress=False)
    assert [d.doc_type for d in docs] == ["ilacs_report"]
    reasons = {e.path.rsplit("/", 1)[-1]: e.reason for e in docs.errors}
    assert reasons == {"missing.pdf": "not_found", "empty.txt": "empty", "fake.pdf": "unreadable_pdf"}
    messages = [str(w.message) for w in caught]
    assert any(m.endswith("fake.pdf: named .pdf but holds HTML, not a PDF (no %PDF header)") for m in messages)
    assert len(messages) == 3


def test_findings_frame(corpus_docs):
    frame = om.findings_frame(corpus_docs)
    assert list(frame.columns[:7]) == ["document_id", "source", "doc_type", "local_authority", "inspection",
                                       "inspection_end", "number"]
    per = frame[frame.doc_type.isin(["ilacs_report", "monitoring_visit_letter"])].groupby("inspection").size()
    assert per.to_dict() == {"2018": 13, "2019": 49, "2024": 69}
    row = frame[(frame.inspection == "2024") & (frame.number == 1)].iloc[0]
    assert row.local_authority == "Kirklees" and row.doc_type == "ilacs_report"
    assert isinstance(row.themes, list)
    # council papers and the review belong to no inspection
    assert frame[frame.doc_type == "commissioner_review"].inspection.isna().all()


def test_judgements_frame_places_cited_grades_at_their_inspection(corpus_docs):
    frame = om.judgements_frame(corpus_docs)
    cited = frame[frame.judgement_source == "cited"]
    assert set(cited.inspection) == {"2016"}
    assert sorted(cited.area) == ["children_in_care", "help_and_protection", "leadership", "lscb",
                                  "overall_effectiveness"]
    assert set(cited.grade) == {"inadequate"} and set(cited.grade_rank) == {0}
    stated = frame[(frame.judgement_source == "stated") & (frame.doc_type == "ilacs_report")]
    grades = stated.set_index(["inspection", "area"]).grade.to_dict()
    assert grades[("2019", "overall_effectiveness")] == "requires_improvement"
    assert grades[("2024", "overall_effectiveness")] == "good"
    assert grades[("2024", "care_leavers")] == "requires_improvement"


def test_notebook_reprs(corpus_docs):
    doc = by_type(corpus_docs, "ilacs_report", 2024)[0]
    html = doc._repr_html_()
    assert "<table" in html and "good" in html and "69" in html
    assert "… and 64 more findings" in html
    listing = corpus_docs._repr_html_()
    assert f"{len(corpus_docs)} documents" in listing and "kirklees_2024_ilacs_inspection_report.txt" in listing
