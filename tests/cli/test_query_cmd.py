"""``ofsted-mine query``: SQL in, a table or {"columns", "rows"} JSON out."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ofsted_mine.cli import app
from ofsted_mine.extract import extract
from ofsted_mine.store import Store, writer
from tests.conftest import REPORT_2024

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("qc") / "s.duckdb"
    with Store(path) as store:
        (doc,) = extract(REPORT_2024)
        writer.write_file(store.con, "k.txt", doc.sha256, 1, [doc], "v")
    return path


def test_query_json_shape(db):
    sql = "SELECT area, grade, combined FROM judgements ORDER BY area"
    result = runner.invoke(app, ["query", "--db", str(db), sql, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["columns"] == ["area", "grade", "combined"]
    assert data["rows"][0] == ["care_leavers", "requires_improvement", data["rows"][0][2]]
    assert isinstance(data["rows"][0][2], list)
    assert len(data["rows"]) == 5


def test_query_dates_become_iso_strings(db):
    result = runner.invoke(app, ["query", "--db", str(db), "--json",
                                 "SELECT inspection_start, inspection_end FROM documents"])
    assert json.loads(result.stdout)["rows"] == [["2024-07-08", "2024-07-19"]]


def test_query_table_output(db):
    result = runner.invoke(app, ["query", "--db", str(db),
                                 "SELECT number, polarity FROM findings WHERE number <= 2 ORDER BY 1"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["number", "polarity"]
    assert lines[1].split("\t")[0] == "1" and len(lines) == 3


def test_query_errors(db, tmp_path):
    bad = runner.invoke(app, ["query", "--db", str(db), "SELECT nope FROM documents"])
    assert bad.exit_code == 2 and "SQL error" in bad.output and "nope" in bad.output
    missing = runner.invoke(app, ["query", "--db", str(tmp_path / "x.duckdb"), "SELECT 1"])
    assert missing.exit_code == 2 and "no such database" in missing.output
    write = runner.invoke(app, ["query", "--db", str(db), "DELETE FROM findings"])
    assert write.exit_code == 2  # opened read-only: a query never changes the store
    with Store(db, read_only=True) as store:
        assert store.counts()["findings"] == 69
