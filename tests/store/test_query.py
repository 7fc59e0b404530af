"""Reading the store: DataFrames with filters, raw SQL, rebuilt documents."""

from __future__ import annotations

import datetime as dt

import pytest

import ofsted_mine as om
from ofsted_mine.extract import extract
from ofsted_mine.store import Store, writer
from tests.conftest import REPORT_2024
from tests.store.helpers import small_document

V = "test-version"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("q") / "q.duckdb"
    with Store(db) as s:
        (real,) = extract(REPORT_2024)
        writer.write_file(s.con, "kirklees.txt", real.sha256, 1, [real], V)
        a = small_document("a" * 64, authority="Sampleshire")
        writer.write_file(s.con, "a.txt", a.sha256, 1, [a], V)
        b = small_document("b" * 64, authority="Otherton",
                           text="Care leavers lack suitable homes and wait months for housing. "
                                "Personal advisers stay in touch with every young person often.")
        b.inspection_end = dt.date(2023, 6, 30)
        writer.write_file(s.con, "b.txt", b.sha256, 1, [b], V)
        writer.write_failure(s.con, "bad.pdf", "0" * 64, 3, "unreadable_pdf", "not a PDF", V)
        yield s


def test_store_is_the_public_name():
    assert om.Store is Store


def test_documents_frame(store):
    docs = store.documents()
    assert list(docs["local_authority"]) == ["Kirklees", "Otherton", "Sampleshire"]
    assert "text" not in docs.columns and "document_json" not in docs.columns
    assert docs.set_index("local_authority").loc["Kirklees", "n_findings"] == 69
    assert list(store.documents(authority="otherton")["year"]) == [2023]


def test_findings_filters(store):
    everything = store.findings()
    assert len(everything) == 69 + 2 + 2
    kirklees = store.findings(authority="KIRKLEES")
    assert len(kirklees) == 69 and set(kirklees["year"]) == {2024}
    assert kirklees.iloc[12]["text"].startswith("Social workers know their children")
    weak = store.findings(polarity="weakness")
    assert sorted(weak["local_authority"]) == ["Otherton", "Sampleshire"]
    assessment = store.findings(theme="assessment")
    assert [t for t in assessment["themes"]] == [["assessment"], ["assessment"]]
    assert len(store.findings(theme="workforce", year=2023)) == 1
    assert store.findings(theme="workforce", year=2023).iloc[0]["local_authority"] == "Otherton"
    assert store.findings(authority="Nowhere").empty


def test_judgements_frame_stated_and_cited(store):
    cited = store.judgements(source="cited")
    assert sorted(cited["local_authority"]) == ["Otherton", "Sampleshire"]
    kirklees = store.judgements(authority="Kirklees")
    assert dict(zip(kirklees["area"], kirklees["grade"], strict=True))["care_leavers"] == "requires_improvement"


def test_sql_and_errors(store):
    frame = store.sql("SELECT doc_type, count(*) AS n FROM documents GROUP BY 1")
    assert frame.to_dict("records") == [{"doc_type": "ilacs_report", "n": 3}]
    assert store.sql("SELECT count(*) AS n FROM findings WHERE number = ?", [13]).iloc[0]["n"] == 1
    errors = store.errors()
    assert errors[["path", "reason"]].values.tolist() == [["bad.pdf", "unreadable_pdf"]]


def test_load_rebuilds_documents(store):
    (doc,) = store.load(authority="Otherton")
    assert doc.findings[0].text.startswith("Care leavers lack suitable homes")
    assert doc.inspection_end == dt.date(2023, 6, 30)
    assert store.document(doc.id) == doc
    assert store.document("no-such-id") is None
    assert store.authorities() == ["Kirklees", "Otherton", "Sampleshire"]


def test_frames_use_the_notebook_api_column_names(store):
    shared = {"document_id", "source", "doc_type", "local_authority", "inspection_end", "number",
              "section", "subheading", "area", "themes", "polarity", "polarity_score",
              "finding_source", "text", "page"}
    assert shared <= set(store.findings().columns)
    assert {"document_id", "area", "grade", "judgement_source", "combined",
            "cited_inspection_end"} <= set(store.judgements().columns)
