"""``ofsted-mine ingest``: exit codes, the one-screen summary, --json, usage errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ofsted_mine.cli import app
from tests.store.helpers import mixed_folder

runner = CliRunner()


def test_ingest_mixed_folder_summary_and_exit_code(tmp_path):
    src = mixed_folder(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--jobs", "2",
                                 "--no-classify", "--no-compare"])
    assert result.exit_code == 1, result.output  # some inputs failed
    out = result.output
    assert "files seen            8" in out
    assert "ingested              1 (1 documents" in out
    assert "duplicates            1" in out
    assert "failed                6" in out
    for reason in ("empty", "unsupported_format", "unreadable_pdf", "unrecognised", "no_text_layer"):
        assert reason in out
    assert "logo.png: unsupported_format" in out
    assert len(out.splitlines()) < 25  # one screen

    again = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--no-classify", "--no-compare"])
    assert again.exit_code == 0, again.output  # nothing new failed
    assert "skipped as unchanged  8 (6 had failed before" in again.output


def test_ingest_json_report(tmp_path):
    src = mixed_folder(tmp_path / "in")
    result = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "s.duckdb"), "--json",
                                 "--jobs", "1", "--no-classify", "--no-compare"])
    data = json.loads(result.stdout)
    assert data["ingested"] == 1 and data["files"] == 8
    assert data["failed_by_reason"] == {"unrecognised": 2, "empty": 1, "unreadable_pdf": 1,
                                        "unsupported_format": 1, "no_text_layer": 1}
    assert len(data["duplicates"]) == 1 and data["unchanged"] == 0


def test_ingest_usage_errors(tmp_path):
    db = str(tmp_path / "s.duckdb")
    bad_jobs = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--jobs", "0"])
    assert bad_jobs.exit_code == 2 and "--jobs must be at least 1" in bad_jobs.output
    stray = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--scheduler", "tcp://x:1"])
    assert stray.exit_code == 2 and "--engine dask" in stray.output
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    nothing = runner.invoke(app, ["ingest", str(empty), "--db", db, "--no-classify"])
    assert nothing.exit_code == 2 and "no input files" in nothing.output


def test_ingest_into_a_foreign_database_fails_clearly(tmp_path):
    import duckdb

    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE x (i INTEGER)")
    con.close()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("hello\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--no-classify"])
    assert result.exit_code == 1 and "not an ofsted_mine store" in result.output
