"""Writing documents: every table filled, one transaction per file, replace and crash safety."""

from __future__ import annotations

import pytest

from ofsted_mine.extract import extract
from ofsted_mine.store import Store, writer
from tests.conftest import REPORT_2024
from tests.store.helpers import small_document, snapshot

V = "test-version"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        yield s


@pytest.fixture(scope="module")
def report_2024():
    (doc,) = extract(REPORT_2024)
    return doc


def test_real_report_rows_match_the_document(store, report_2024):
    doc = report_2024
    writer.write_file(store.con, str(REPORT_2024), doc.sha256, 1, [doc], V)
    counts = store.counts()
    assert counts["documents"] == 1
    assert counts["findings"] == len(doc.findings) == 69
    assert counts["judgements"] == len(doc.judgements) == 5
    assert counts["recommendations"] == len(doc.recommendations) == 3
    assert counts["sections"] == len(doc.sections)
    grades = dict(store.con.execute("SELECT area, grade FROM judgements").fetchall())
    assert grades == {"leadership": "good", "help_and_protection": "good",
                      "children_in_care": "good", "care_leavers": "requires_improvement",
                      "overall_effectiveness": "good"}
    text13 = store.con.execute("SELECT text FROM findings WHERE number = 13").fetchone()[0]
    assert text13.startswith("Social workers know their children and families well.")
    row = store.con.execute(
        "SELECT local_authority, year, inspection_start, n_findings FROM documents"
    ).fetchone()
    assert row[0] == "Kirklees" and row[1] == 2024 and str(row[2]) == "2024-07-08" and row[3] == 69


def test_stored_document_rebuilds_exactly(store, report_2024):
    writer.write_file(store.con, "r.txt", report_2024.sha256, 1, [report_2024], V)
    (back,) = store.load()
    assert back == report_2024
    span = back.findings[12].span
    assert back.text[span.start:span.end].startswith("13. Social workers know their children")


def test_stated_and_cited_judgements_tags_and_polarity_are_kept(store):
    doc = small_document()
    writer.write_file(store.con, "a.txt", doc.sha256, 10, [doc], V)
    cited = store.con.execute(
        "SELECT area, grade, cited_inspection_end FROM judgements WHERE source = 'cited'"
    ).fetchall()
    assert [(a, g, str(d)) for a, g, d in cited] == [("help_and_protection", "inadequate", "2017-05-01")]
    tags = store.con.execute(
        "SELECT item_kind, item_idx, theme, score FROM theme_tags ORDER BY item_kind, item_idx"
    ).fetchall()
    assert tags == [("finding", 0, "assessment", 0.9), ("finding", 1, "workforce", 0.85),
                    ("recommendation", 0, "assessment", 0.7)]
    pol = store.con.execute("SELECT number, polarity, polarity_evidence FROM findings ORDER BY 1").fetchall()
    assert pol == [(1, "weakness", ["wait too long"]), (2, "strength", [])]


def test_changed_file_replaces_its_rows(store):
    old = small_document("b" * 64)
    writer.write_file(store.con, "x.txt", old.sha256, 10, [old], V)
    new = small_document("c" * 64, text="Leaders know their services well. Plans are clear and children are seen.")
    writer.write_file(store.con, "x.txt", new.sha256, 11, [new], V)
    shas = store.con.execute("SELECT DISTINCT sha256 FROM documents").fetchall()
    assert shas == [("c" * 64,)]
    assert store.con.execute("SELECT count(*) FROM findings").fetchone()[0] == 2
    assert store.con.execute(
        "SELECT count(*) FROM findings WHERE doc_key LIKE 'bbbb%'").fetchone()[0] == 0
    assert store.con.execute("SELECT sha256, size FROM files").fetchall() == [("c" * 64, 11)]


def test_crash_during_a_write_leaves_no_partial_document(store, monkeypatch):
    first = small_document("d" * 64)
    writer.write_file(store.con, "keep.txt", first.sha256, 10, [first], V)
    before = snapshot(store.con)
    real_append = writer._append_columns

    def failing_append(con, table, columns):
        if table == "findings":  # documents, sections ... already inserted by now
            raise RuntimeError("disk full (simulated)")
        return real_append(con, table, columns)

    monkeypatch.setattr(writer, "_append_columns", failing_append)
    with pytest.raises(RuntimeError, match="simulated"):  # a brand-new file
        writer.write_file(store.con, "new.txt", "e" * 64, 10, [small_document("e" * 64)], V)
    with pytest.raises(RuntimeError, match="simulated"):  # a changed version of a stored file
        writer.write_file(store.con, "keep.txt", "f" * 64, 10, [small_document("f" * 64)], V)
    assert snapshot(store.con) == before  # nothing half-written, the old version intact
    monkeypatch.setattr(writer, "_append_columns", real_append)
    writer.write_file(store.con, "new.txt", "e" * 64, 10, [small_document("e" * 64)], V)
    assert store.counts()["documents"] == 2  # the connection is usable after the rollback


def test_duplicate_is_an_alias_promoted_when_the_original_changes(store):
    doc = small_document("1" * 64)
    writer.write_file(store.con, "a.txt", doc.sha256, 10, [doc], V)
    writer.write_duplicate(store.con, "b.txt", doc.sha256, 10, "a.txt", V)
    assert store.counts()["documents"] == 1
    assert writer.plan_file(store.con, "c.txt", doc.sha256, V).action == "duplicate"
    other = small_document("2" * 64, text="Managers check plans every month and act when drift appears.")
    writer.write_file(store.con, "a.txt", other.sha256, 10, [other], V)
    files = store.con.execute("SELECT path, status, duplicate_of FROM files ORDER BY path").fetchall()
    assert files == [("a.txt", "ingested", None), ("b.txt", "ingested", None)]
    paths = dict(store.con.execute("SELECT sha256, path FROM documents").fetchall())
    assert paths == {"1" * 64: "b.txt", "2" * 64: "a.txt"}


def test_failure_is_recorded_and_cleared_by_a_later_success(store):
    writer.write_failure(store.con, "r.txt", "9" * 64, 5, "unrecognised", "not a report", V)
    assert store.errors()[["path", "reason", "message"]].values.tolist() == [
        ["r.txt", "unrecognised", "not a report"]
    ]
    plan = writer.plan_file(store.con, "r.txt", "9" * 64, V)
    assert (plan.action, plan.status) == ("unchanged", "failed")
    assert writer.plan_file(store.con, "r.txt", "9" * 64, V, retry_failed=True).action == "parse"
    assert writer.plan_file(store.con, "r.txt", "9" * 64, "newer-version").action == "parse"
    doc = small_document("9" * 64)
    writer.write_file(store.con, "r.txt", doc.sha256, 5, [doc], V)
    assert store.errors().empty and store.counts()["documents"] == 1


def test_several_files_in_one_transaction_store_what_one_at_a_time_does(tmp_path):
    docs = [small_document(c * 64, authority=f"Shire {c}") for c in "123"]
    files = [(f"{d.sha256[:4]}.txt", d.sha256, 10, writer.file_rows([d], f"{d.sha256[:4]}.txt"))
             for d in docs]
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "all.duckdb") as together:
        for path, sha, size, rows in files:
            writer.write_rows(one.con, path, sha, size, rows, V)
        writer.write_files(together.con, files, V, fresh={p for p, *_ in files})
        assert snapshot(together.con) == snapshot(one.con)
        assert together.counts()["documents"] == 3 and together.counts()["theme_tags"] == 9


def test_a_group_that_fails_writes_none_of_its_files(store):
    a, b = small_document("a" * 64), small_document("b" * 64)
    writer.write_file(store.con, "keep.txt", a.sha256, 10, [a], V)
    before = snapshot(store.con)
    rows_b = writer.file_rows([b], "b.txt")
    # the second file repeats a stored document key: the whole group is rolled back
    clash = writer.file_rows([a], "other.txt")
    with pytest.raises(Exception, match="(?i)constraint|duplicate"):
        writer.write_files(store.con, [("b.txt", b.sha256, 10, rows_b),
                                       ("other.txt", "c" * 64, 10, clash)], V,
                           fresh={"b.txt", "other.txt"})
    assert snapshot(store.con) == before


def test_file_rows_are_plain_columns_of_plain_values(report_2024):
    import pickle

    rows = writer.file_rows([report_2024, report_2024], "r.txt")  # a repeated document counts once
    assert writer.n_documents(rows) == 1
    assert len(rows["findings"]["text"]) == 69 and rows["documents"]["path"] == ["r.txt"]
    assert all(len(set(map(len, cols.values()))) == 1 for cols in rows.values() if cols)
    # what a worker sends the driver holds no pydantic model to rebuild
    assert b"ofsted_mine.models" not in pickle.dumps(rows)
