"""The label files: valid ids, and every finding the extractors produce is labelled."""

from __future__ import annotations

import importlib.util
import json

import pytest
from rapidfuzz import fuzz

import ofsted_mine
from ofsted_mine.classify.data import LABELS_DIR, label_files, load_labels, numbered_paragraphs
from ofsted_mine.codebook import polarity_ids, theme_ids
from tests.conftest import PACK_2018, PACK_2019, REPORT_2024, REVIEW_2017, pdf_path


def _records():
    for path in label_files():
        for line in path.read_text("utf-8").splitlines():
            yield path.name, json.loads(line)


def test_label_records_use_codebook_ids_and_are_unique():
    seen = set()
    n = 0
    for name, rec in _records():
        n += 1
        assert set(rec["themes"]) <= set(theme_ids()), (name, rec["number"])
        assert rec["themes"] == sorted(rec["themes"])
        assert rec["polarity"] in polarity_ids()
        assert rec["kind"] in {"finding", "recommendation"}
        key = (rec["doc"], rec["kind"], rec["number"])
        assert key not in seen, key
        seen.add(key)
        if name.startswith("pdf_"):
            assert "text" not in rec  # the real PDFs are not redistributable
        else:
            assert len(rec["text"]) > 20
    assert n >= 500
    assert (LABELS_DIR / "GUIDELINES.md").exists()


def test_several_hundred_items_cover_every_theme_of_the_corpus():
    items, _ = load_labels(with_pdfs=False)
    assert len(items) == 303  # 2018 letter: 13 evaluative paragraphs (introduction not labelled)
    for theme in ("permanence", "missing", "care_leavers", "private_fostering", "allegations_lado"):
        assert sum(theme in it.themes for it in items) >= 3, theme


def test_items_know_whether_their_document_is_narrative():
    """Read from the parsed document's type, as classification reads it at run time:
    the review is narrative; the letter and the report cut out of council packs are not."""
    items, _ = load_labels(with_pdfs=False)
    narrative = {(it.doc, it.narrative) for it in items}
    assert narrative == {
        ("kirklees_2017_commissioner_review.txt", True),
        ("kirklees_2018-09-10_childrens_scrutiny_panel_pack.txt", False),
        ("kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt", False),
        ("kirklees_2024_ilacs_inspection_report.txt", False),
    }


def test_a_pdf_is_read_once_however_many_of_its_paragraphs_are_labelled(tmp_path, monkeypatch):
    """Each labelled paragraph is looked up in the PDF's cached reading; re-reading the
    whole PDF per record made loading the labels 30 times slower."""
    from ofsted_mine.classify import data

    module = importlib.import_module("ofsted_mine.extract")  # the module, not the `om.extract` function

    path = pdf_path("leeds_2021-08-31_focused_visit.pdf")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "pdf_leeds_fv.jsonl").write_text("".join(json.dumps(
        {"doc": path.name, "kind": "finding", "number": n, "themes": [], "polarity": "strength"}) + "\n"
        for n in range(1, 6)))
    reads = []
    real = module.read_source
    monkeypatch.setattr(module, "read_source", lambda p, *a, **k: reads.append(p) or real(p, *a, **k))
    data._parsed.cache_clear()
    items, notes = load_labels(tmp_path / "labels", path.parent)
    assert len(items) == 5 and not notes and all(not it.narrative for it in items)
    assert len(reads) == 1  # the parser and the plain reader share one reading; not one per record


def test_numbered_paragraph_reader_joins_page_breaks():
    text = "Heading\n\n1. First para starts\nand continues.\n\n2. Second one\n\nbroken by a page.\nOfsted logo\n3. Third."
    assert numbered_paragraphs(text) == {
        1: "First para starts and continues.",
        2: "Second one broken by a page.",
        3: "Third.",
    }


def test_pdf_labels_find_their_paragraphs():
    path = pdf_path("leeds_2022-05-09_ilacs.pdf")
    items, notes = load_labels(pdf_dir=path.parent)
    leeds = [it for it in items if it.doc == path.name]
    assert len(leeds) == 43 and not [n for n in notes if path.name in n]
    assert leeds[12].text.startswith("Children at risk of criminal and sexual exploitation")


def _extractor_or_skip(module: str, what: str):
    if importlib.util.find_spec(f"ofsted_mine.extract.{module}") is None:
        pytest.skip(f"ofsted_mine.extract.{module} not written yet, so the {what} cannot be aligned")


def _texts(path):
    docs = ofsted_mine.extract(path)
    return [(d, f.text) for d in docs for f in [*d.findings, *d.recommendations]]


def _unlabelled(path, docs_filter):
    labelled = [rec["text"] for _, rec in _records() if "text" in rec]
    missing = []
    for doc, text in _texts(path):
        if not docs_filter(doc):
            continue
        best = max(fuzz.ratio(" ".join(text.split()), " ".join(t.split())) for t in labelled)
        if best < 90:
            missing.append(text[:80])
    return missing


@pytest.mark.parametrize(
    "path, module, what, keep",
    [
        (REPORT_2024, "ilacs", "2024 report", lambda d: True),
        (PACK_2019, "pack", "2019 report in the scrutiny pack", lambda d: d.doc_type == "ilacs_report"),
        (PACK_2018, "pack", "2018 monitoring letter", lambda d: d.doc_type == "monitoring_visit_letter"),
        (REVIEW_2017, "review", "commissioner review", lambda d: d.doc_type == "commissioner_review"),
    ],
)
def test_every_extracted_corpus_finding_has_a_label(path, module, what, keep):
    _extractor_or_skip(module, what)
    if module == "pack":
        _extractor_or_skip("letters" if "letter" in what else "ilacs", what)
    assert _unlabelled(path, keep) == []


PDF_LABEL_FILES = sorted(p.name for p in LABELS_DIR.glob("pdf_*.jsonl"))


@pytest.mark.parametrize("label_file", PDF_LABEL_FILES)
def test_each_pdf_label_file_labels_exactly_the_findings_the_extractor_yields(label_file):
    """A label keyed by paragraph number must name a finding the extractor yields, and every
    finding must have one: a renumbered or half-labelled PDF would silently train on the wrong text."""
    recs = [json.loads(line) for line in (LABELS_DIR / label_file).read_text("utf-8").splitlines()]
    (doc,) = {r["doc"] for r in recs}
    assert label_file == f"pdf_{doc.removesuffix('.pdf')}.jsonl"
    numbers = [r["number"] for r in recs]
    assert numbers == sorted(numbers)
    found = [f.number for d in ofsted_mine.extract(pdf_path(doc)) for f in d.findings]
    assert numbers == found


def test_pdf_labels_cover_other_councils_and_every_document_type_with_findings():
    docs = {json.loads(line)["doc"] for name in PDF_LABEL_FILES
            for line in (LABELS_DIR / name).read_text("utf-8").splitlines()}
    councils = {d.split("_")[0] for d in docs}
    assert {"leeds", "bristol", "cornwall", "barnsley"} <= councils  # the four
    assert len(councils - {"kirklees"}) >= 8
    kinds = {d.removesuffix(".pdf").split("_", 2)[2] for d in docs}
    assert {"ilacs", "focused_visit", "report", "sif"} <= kinds  # ILACS, letters, and SIF-era reports


def test_adjudicated_files_relabel_the_same_items():
    """``adjudicated/`` (kept aside, not trained on) holds the same items as the trained
    files, text included, with codebook ids; only the labels of the 66 settled disagreements differ."""
    changed = 0
    for path in sorted((LABELS_DIR / "adjudicated").glob("*.jsonl")):
        trained = [json.loads(line) for line in (LABELS_DIR / path.name).read_text("utf-8").splitlines()]
        settled = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        assert [(r["doc"], r["kind"], r["number"], r["text"]) for r in settled] == [
            (r["doc"], r["kind"], r["number"], r["text"]) for r in trained], path.name
        for a, b in zip(trained, settled, strict=True):
            assert set(b["themes"]) <= set(theme_ids()) and b["themes"] == sorted(b["themes"])
            assert b["polarity"] in polarity_ids()
            changed += (a["themes"], a["polarity"]) != (b["themes"], b["polarity"])
    assert changed == 66
    assert all(p.parent == LABELS_DIR for p in label_files())  # training reads neither sub-directory
