"""``ofsted-mine compare``: JSON contract, readable tables, several authorities."""

import json

from typer.testing import CliRunner

from ofsted_mine.cli import app
from tests.conftest import CORPUS, PACK_2019, REPORT_2024, REVIEW_2017, pdf_path

runner = CliRunner()


def test_compare_json_on_corpus():
    res = runner.invoke(app, ["compare", str(PACK_2019), str(REPORT_2024), str(REVIEW_2017), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["local_authority"] == "Kirklees"
    assert [i["key"] for i in data["inspections"]] == ["2016", "2019", "2024"]
    lead = next(j for j in data["judgements"] if j["area"] == "leadership")
    assert lead["grades"] == {"2016": "inadequate", "2019": "requires_improvement", "2024": "good"}
    assert lead["changes"][1] == {"from": "2019", "to": "2024", "direction": "improved", "steps": 1}
    assert len([r for r in data["recommendations"] if r["from"]["inspection"] == "2016"]) == 11


def test_compare_table_shows_timeline_and_notes():
    res = runner.invoke(app, ["compare", str(REPORT_2024)])
    assert res.exit_code == 0, res.output
    assert "Kirklees: judgements" in res.stdout and "Requires improvement" in res.stdout
    assert "nothing can be traced" in " ".join(res.stdout.split())


def test_compare_several_authorities_and_authority_option():
    leeds = str(pdf_path("leeds_2022-05-09_ilacs.pdf"))
    res = runner.invoke(app, ["compare", str(REPORT_2024), leeds, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert sorted(d["local_authority"] for d in data) == ["Kirklees", "Leeds"]
    assert "compared separately" in " ".join(res.stderr.split())
    one = runner.invoke(app, ["compare", str(REPORT_2024), leeds, "--json", "--authority", "Leeds City Council"])
    assert json.loads(one.stdout)["local_authority"] == "Leeds"
    bad = runner.invoke(app, ["compare", str(REPORT_2024), "--authority", "Nowhere"])
    assert bad.exit_code == 2 and "authorities present: Kirklees" in " ".join(bad.stderr.split())


def test_compare_missing_input_is_usage_error():
    res = runner.invoke(app, ["compare", str(CORPUS / "no_such_file.txt")])
    assert res.exit_code == 2
