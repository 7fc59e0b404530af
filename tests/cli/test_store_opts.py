"""``--db`` on compare and summarise: the same results as from files, usage errors otherwise."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ofsted_mine.batch import ingest
from ofsted_mine.cli import app
from tests.conftest import PACK_2019, REPORT_2024

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("dbopt") / "s.duckdb"
    report = ingest([REPORT_2024, PACK_2019], path, jobs=1, classify=False, progress=False)
    assert report.ingested == 2
    return path


def test_compare_from_db_matches_compare_from_files(db):
    from_db = runner.invoke(app, ["compare", "--db", str(db), "--authority", "Kirklees", "--json"])
    assert from_db.exit_code == 0, from_db.output
    from_files = runner.invoke(app, ["compare", str(REPORT_2024), str(PACK_2019),
                                     "--authority", "Kirklees", "--json"])
    assert from_files.exit_code == 0, from_files.output
    a, b = json.loads(from_db.stdout), json.loads(from_files.stdout)
    assert a == b
    assert [i["key"] for i in a["inspections"] if i["graded"]] == ["2019", "2024"]


def test_summarise_from_db(db, tmp_path):
    out = tmp_path / "kirklees.md"
    result = runner.invoke(app, ["summarise", "--db", str(db), "--authority", "kirklees",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Kirklees" in text and "2019" in text and "2024" in text


def test_db_usage_errors(db, tmp_path):
    both = runner.invoke(app, ["compare", str(REPORT_2024), "--db", str(db)])
    assert both.exit_code == 2 and "not both" in both.output
    neither = runner.invoke(app, ["compare"])
    assert neither.exit_code == 2 and "--db FILE" in neither.output
    missing = runner.invoke(app, ["compare", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such database" in missing.output
    unknown = runner.invoke(app, ["summarise", "--db", str(db), "--authority", "Atlantis",
                                  "--out", str(tmp_path / "x.md")])
    assert unknown.exit_code == 2 and "stored: Kirklees" in unknown.output
