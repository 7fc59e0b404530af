"""Batch ingestion: bad input recorded, unchanged skipped before parsing, parallel = serial."""

from __future__ import annotations

import gc
import importlib
import shutil

import pytest

import ofsted_mine.batch as batch
from ofsted_mine.store import Store
from tests.conftest import REPORT_2024, SHARED_PDFS, needs_pdfs
from tests.store.helpers import mixed_folder, snapshot

#: Real PDFs every parser so far reads (ILACS reports and visit letters of four councils).
REAL_PDFS = [
    "kirklees_2019-08-05_ilacs.pdf",
    "kirklees_2024-08-28_ilacs.pdf",
    "kirklees_2021-11-10_focused_visit.pdf",
    "leeds_2022-05-09_ilacs.pdf",
    "bristol_2023-03-10_ilacs.pdf",
    "barnsley_2023-03-01_focused_visit.pdf",
]

EXPECTED_FAILURES = {
    "empty.pdf": "empty",
    "logo.png": "unsupported_format",
    "download.pdf": "unreadable_pdf",
    "memo.txt": "unrecognised",
    "memo.pdf": "unrecognised",
    "scan.pdf": "no_text_layer",
}


@pytest.fixture
def folder(tmp_path):
    return mixed_folder(tmp_path / "in")


def test_mixed_folder_ingests_what_it_can_and_records_the_rest(folder, tmp_path):
    db = tmp_path / "s.duckdb"
    report = batch.ingest(folder, db, jobs=2, classify=False, compare=False, progress=False)
    assert report.files == 8  # hidden file and README are not inputs
    assert report.ingested == 1 and report.documents == 1
    # same bytes under two names: stored once under the first path in sorted order,
    # the other recorded as its duplicate (" " sorts before ".")
    assert report.duplicates == [(str(folder / "report.txt"), str(folder / "report (copy).txt"))]
    assert {p.rsplit("/", 1)[1]: r for p, r, _ in report.failed} == EXPECTED_FAILURES
    assert report.failed_by_reason["unrecognised"] == 2
    with Store(db) as store:
        errors = store.errors()
        assert dict(zip(errors["path"].map(lambda p: p.rsplit("/", 1)[1]), errors["reason"],
                        strict=True)) == EXPECTED_FAILURES
        assert all(errors["message"].str.len() > 10) and errors["sha256"].notna().all()
        files = store.files().set_index("path")
        assert sorted(files["status"]) == ["duplicate"] + ["failed"] * 6 + ["ingested"]
        dup = files[files["status"] == "duplicate"].iloc[0]
        assert files.loc[dup["duplicate_of"], "status"] == "ingested"
        assert store.counts()["documents"] == 1 and store.counts()["findings"] == 69


def test_reingest_is_a_no_op_decided_before_parsing(folder, tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    batch.ingest(folder, db, jobs=1, classify=False, compare=False, progress=False)
    with Store(db) as store:
        before = snapshot(store.con)

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged file was handed to a worker")

    monkeypatch.setattr(batch, "run_local", no_parsing)
    monkeypatch.setattr(batch, "run_inline", no_parsing)
    again = batch.ingest(folder, db, jobs=2, classify=False, compare=False, progress=False)
    assert (again.unchanged, again.ingested, again.failed, again.duplicates) == (8, 0, [], [])
    assert again.unchanged_failed == 6
    with Store(db) as store:
        assert snapshot(store.con) == before


def test_changed_file_is_replaced_and_only_it_is_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REPORT_2024, src / "a.txt")
    (src / "memo.txt").write_text("Minutes of the allotments committee.\n\nNo business.\n")
    db = tmp_path / "s.duckdb"
    batch.ingest(src, db, jobs=1, classify=False, compare=False, progress=False)
    text = REPORT_2024.read_text(encoding="utf-8")
    old = "Social workers know their children and families well."
    assert old in text
    (src / "a.txt").write_text(text.replace(old, "Social workers know their families very well."),
                               encoding="utf-8")
    report = batch.ingest(src, db, jobs=1, classify=False, compare=False, progress=False)
    assert (report.ingested, report.unchanged) == (1, 1)
    with Store(db) as store:
        assert store.counts()["documents"] == 1
        f13 = store.sql("SELECT text FROM findings WHERE number = 13").iloc[0]["text"]
        assert "know their families very well" in f13
        (sha,) = store.con.execute("SELECT DISTINCT sha256 FROM documents").fetchone()
        assert store.con.execute("SELECT sha256 FROM files WHERE path LIKE '%a.txt'").fetchone() == (sha,)


def test_parser_bug_is_recorded_and_the_batch_carries_on(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REPORT_2024, src / "a.txt")
    (src / "b.txt").write_text("Inspection of children's social care services\n\nBroken layout.\n")
    extract_mod = importlib.import_module("ofsted_mine.extract")  # the attribute is the function
    real = extract_mod.extract

    def flaky(path, **kw):
        if str(path).endswith("b.txt"):
            raise KeyError("heading")
        return real(path, **kw)

    monkeypatch.setattr(extract_mod, "extract", flaky)
    report = batch.ingest(src, tmp_path / "s.duckdb", jobs=1, classify=False, compare=False,
                          progress=False)
    assert report.ingested == 1
    ((path, reason, message),) = report.failed
    assert path.endswith("b.txt") and reason == "internal_error"
    assert message.startswith("KeyError: 'heading'") and "test_batch.py" in message


def test_missing_inputs_are_reported(tmp_path):
    report = batch.ingest([tmp_path / "nope.pdf"], tmp_path / "s.duckdb", classify=False,
                          compare=False, progress=False)
    assert report.failed == [(str(tmp_path / "nope.pdf"), "not_found",
                              "no such file, folder or matching glob")]


@needs_pdfs
def test_two_workers_store_exactly_what_one_does(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in REAL_PDFS:
        shutil.copy(SHARED_PDFS / name, src / name)
    shutil.copy(SHARED_PDFS / "birmingham_2012-10-19_not_a_pdf.pdf", src / "bad.pdf")
    one = batch.ingest(src, tmp_path / "one.duckdb", jobs=1, classify=False, compare=False,
                       progress=False)
    two = batch.ingest(src, tmp_path / "two.duckdb", jobs=2, classify=False, compare=False,
                       progress=False)
    assert one.ingested == two.ingested == len(REAL_PDFS)
    assert len(two.model_loads) == 2  # both worker processes did work
    with Store(tmp_path / "one.duckdb") as a, Store(tmp_path / "two.duckdb") as b:
        assert snapshot(a.con) == snapshot(b.con)
        per_doc = a.sql("SELECT path, doc_type, local_authority, n_findings FROM documents ORDER BY path")
    got = {r.path.rsplit("/", 1)[1]: (r.doc_type, r.local_authority) for r in per_doc.itertuples()}
    assert got["kirklees_2021-11-10_focused_visit.pdf"] == ("focused_visit_letter", "Kirklees")
    assert got["leeds_2022-05-09_ilacs.pdf"] == ("ilacs_report", "Leeds")
    assert per_doc.set_index(per_doc["path"].str.rsplit("/", n=1).str[1]).loc[
        "kirklees_2024-08-28_ilacs.pdf", "n_findings"] == 69


def test_a_file_that_kills_its_worker_is_isolated(tmp_path, monkeypatch):
    """A crash in native code takes the worker process down: only that file is failed."""
    import multiprocessing
    import os

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crash is injected by patching before the workers are forked")
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        text = REPORT_2024.read_text(encoding="utf-8")  # distinct bytes: no duplicates
        (src / name).write_text(text + f"\n{name}\n", encoding="utf-8")
    (src / "boom.txt").write_text("this file makes the worker process exit\n")
    extract_mod = importlib.import_module("ofsted_mine.extract")
    real = extract_mod.extract

    def crashing(path, **kw):
        if str(path).endswith("boom.txt"):
            os._exit(3)  # what a segfault in a PDF library looks like from outside
        return real(path, **kw)

    monkeypatch.setattr(extract_mod, "extract", crashing)  # workers are forked after this
    report = batch.ingest(src, tmp_path / "s.duckdb", jobs=2, classify=False, compare=False,
                          progress=False)
    assert report.ingested == 3
    assert [(p.rsplit("/", 1)[1], r) for p, r, _ in report.failed] == [("boom.txt", "worker_crashed")]


def test_store_ingest_method_and_library_defaults(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        threads = store.con.execute("SELECT current_setting('threads')").fetchone()
        report = store.ingest([REPORT_2024], jobs=1, classify=False, compare=False, progress=False)
        # the driver writes single-threaded, then gives the store its threads back
        assert store.con.execute("SELECT current_setting('threads')").fetchone() == threads
        assert (report.ingested, report.documents, report.jobs, report.engine) == (1, 1, 1, "local")
        assert store.documents().iloc[0]["local_authority"] == "Kirklees"
    assert batch.default_jobs() >= 1
    with pytest.raises(ValueError, match="engine must be"):
        batch.ingest([REPORT_2024], tmp_path / "t.duckdb", engine="spark")


def test_model_is_loaded_once_per_worker_not_per_document(tmp_path):
    import os

    from ofsted_mine.classify import load_model

    load_model()  # cached in this process and inherited by forked workers: keeps the test quick
    src = tmp_path / "in"
    src.mkdir()
    text = REPORT_2024.read_text(encoding="utf-8")
    for i in range(6):  # distinct bytes, so six files to classify
        (src / f"r{i}.txt").write_text(text + f"\n{i}\n", encoding="utf-8")
    report = batch.ingest(src, tmp_path / "s.duckdb", jobs=2, classify=True, compare=False,
                          progress=False)
    assert report.ingested == 6 and not report.failed
    assert 1 <= len(report.model_loads) <= 2 and os.getpid() not in report.model_loads
    assert set(report.model_loads.values()) == {1}  # after 3 files each, still one load
    with Store(tmp_path / "s.duckdb") as store:
        assert store.sql("SELECT count(*) AS n FROM findings WHERE polarity IS NULL").iloc[0]["n"] == 0
        per_doc = store.sql("SELECT doc_key, count(*) AS n FROM theme_tags GROUP BY 1")
        assert len(per_doc) == 6 and per_doc["n"].nunique() == 1  # same text, same tags


def test_missing_model_stops_the_batch_with_the_reason_and_records_nothing(tmp_path, monkeypatch):
    from ofsted_mine.errors import ModelError

    monkeypatch.setenv("OFSTED_MINE_MODEL_DIR", str(tmp_path / "no-model"))
    monkeypatch.setattr(batch, "_CLASSIFY", None)  # forget a model loaded by an earlier test
    monkeypatch.setattr(batch, "_MODEL_ERROR", None)
    with pytest.raises(ModelError, match="--no-classify"):
        batch.ingest([REPORT_2024], tmp_path / "s.duckdb", jobs=1, classify=True, progress=False)
    with Store(tmp_path / "s.duckdb") as store:
        assert store.counts()["files"] == 0 and store.counts()["errors"] == 0


def _six_reports(src):
    src.mkdir()
    text = REPORT_2024.read_text(encoding="utf-8")
    for i in range(6):  # distinct bytes: six files to parse
        (src / f"r{i}.txt").write_text(text + f"\n{i}\n", encoding="utf-8")
    return src


def test_results_are_written_in_groups_and_a_failed_group_file_by_file(tmp_path, monkeypatch):
    from ofsted_mine.store import writer

    src = _six_reports(tmp_path / "in")
    one = batch.ingest(src, tmp_path / "one.duckdb", jobs=1, classify=False, compare=False,
                       progress=False)  # the first group holds all six (under MAX_FILES, under 1 s)
    real, groups = writer.write_files, []

    def failing_for_r3(con, files, version, **kw):
        groups.append(sorted(p.rsplit("/", 1)[1] for p, *_ in files))
        if any(p.endswith("r3.txt") for p, *_ in files):
            raise RuntimeError("disk full (simulated)")
        return real(con, files, version, **kw)

    monkeypatch.setattr(writer, "write_files", failing_for_r3)
    monkeypatch.setattr(batch._ResultWriter, "MAX_FILES", 4)
    monkeypatch.setattr(batch._ResultWriter, "MAX_SECONDS", 1e9)
    two = batch.ingest(src, tmp_path / "two.duckdb", jobs=1, classify=False, compare=False,
                       progress=False)
    # files of one size go in path order; the group of four holding r3 fails, then each alone
    assert groups == [["r0.txt", "r1.txt", "r2.txt", "r3.txt"], ["r0.txt"], ["r1.txt"], ["r2.txt"],
                      ["r3.txt"], ["r4.txt", "r5.txt"]]
    assert (one.ingested, two.ingested) == (6, 5)
    ((path, reason, message),) = two.failed
    assert path.endswith("r3.txt") and reason == "store_write" and "simulated" in message
    with Store(tmp_path / "one.duckdb") as a, Store(tmp_path / "two.duckdb") as b:
        assert b.counts()["documents"] == 5 and b.counts()["errors"] == 1
        # the five stored files are stored exactly as in the batch that wrote all six at once
        keep = "WHERE path NOT LIKE '%r3.txt'"
        for table in ("documents", "findings", "theme_tags"):
            q = (f"SELECT * EXCLUDE (ingested_at) FROM files {keep} ORDER BY path" if table == "files"
                 else f"SELECT count(*) FROM {table} WHERE doc_key IN "
                      f"(SELECT doc_key FROM documents {keep})")
            assert a.con.execute(q).fetchall() == b.con.execute(q).fetchall(), table


def test_timing_accounts_for_every_parsed_file(tmp_path):
    src = _six_reports(tmp_path / "in")
    (src / "empty.txt").write_bytes(b"")
    report = batch.ingest(src, tmp_path / "s.duckdb", jobs=2, classify=False, compare=False,
                          progress=False)
    t = report.timing
    assert gc.get_freeze_count() == 0  # the heap was frozen only while the workers were forked
    assert report.ingested == 6 and len(t.spans) == 7  # failures are timed too
    assert {pid for _, _, pid, _ in t.spans} == set(report.model_loads)
    assert all(t.parse_start <= a <= b <= t.end for a, b, _, _ in t.spans)
    shares = t.per_worker()
    assert sum(n for n, _ in shares.values()) == 7
    assert sum(cpu for _, cpu in shares.values()) == pytest.approx(t.task_cpu)
    assert t.task_cpu > 0 and t.write_cpu > 0 and t.plan_cpu >= 0
    busy = t.busy(2)
    assert sum(busy.values()) == pytest.approx(t.end - t.parse_start)
    assert busy["all"] > 0  # both workers were parsing at some point
    assert 0 < t.tail_cpu <= t.write_cpu  # the last group is written after the last result
    assert set(report.to_dict()["timing"]) == {"plan_seconds", "parse_seconds", "plan_cpu",
                                               "write_cpu", "tail_cpu", "task_cpu"}


def test_a_worker_result_carries_rows_not_documents():
    import pickle

    result = batch.process_file(str(REPORT_2024), classify=False)
    assert result.ok and result.n_documents == 1 and result.authorities == ["Kirklees"]
    assert len(result.rows["findings"]["text"]) == 69
    assert b"ofsted_mine.models" not in pickle.dumps(result)  # the driver rebuilds no model
    assert result.cpu > 0 and result.started <= result.finished
