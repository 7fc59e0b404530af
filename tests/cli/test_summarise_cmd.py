"""``ofsted-mine summarise`` and ``ofsted-mine demo`` on the real corpus."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from ofsted_mine.cli import app
from tests.conftest import CORPUS, PACK_2019, REPORT_2024, pdf_path

runner = CliRunner()
INPUTS = [str(PACK_2019), str(REPORT_2024)]


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_summarise_creates_folders_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "papers" / "2024" / "kirklees.html"
    first = invoke("summarise", *INPUTS, "--theme", "permanence", "--theme", "uasc", "--out", str(out))
    assert first.exit_code == 0, first.stderr
    html = out.read_text()
    assert 'id="theme-permanence"' in html and 'id="theme-uasc"' in html and "<svg" in html
    assert f"wrote {out}: Kirklees, inspections 2019, 2024" in " ".join(first.stderr.split())
    again = invoke("summarise", *INPUTS, "--theme", "missing", "--out", str(out))
    assert again.exit_code == 2
    assert again.stderr.strip() == f"error: {out}: already exists; use --force to replace it"
    assert out.read_text() == html  # untouched
    forced = invoke("summarise", *INPUTS, "--theme", "missing", "--out", str(out), "--force")
    assert forced.exit_code == 0 and 'id="theme-missing"' in out.read_text()


def test_summarise_markdown_writes_png_beside(tmp_path):
    out = tmp_path / "kirklees.md"
    result = invoke("summarise", *INPUTS, "--theme", "permanence", "--out", str(out), "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    png = tmp_path / "kirklees.timeline.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    text = out.read_text()
    assert "](kirklees.timeline.png)" in text and text.startswith("# Kirklees: what inspectors found")


def test_summarise_json_and_a_bad_input(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_text("<html>not a pdf</html>")
    out = tmp_path / "s.html"
    result = invoke("summarise", *INPUTS, str(bad), "--theme", "permanence", "--out", str(out), "--json")
    assert result.exit_code == 1  # one input failed, the summary was still written
    assert out.exists()
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert errors == [f"error: {bad}: named .pdf but holds HTML, not a PDF (no %PDF header)"]
    data = json.loads(result.stdout)
    assert [d["local_authority"] for d in data] == ["Kirklees"]
    assert data[0]["paths"] == [str(out)] and data[0]["inspections"] == ["2019", "2024"]
    assert data[0]["themes"][0]["theme"] == "permanence"


def test_summarise_usage_errors(tmp_path):
    out = tmp_path / "s.html"
    typo = invoke("summarise", *INPUTS, "--theme", "permanance", "--out", str(out))
    assert typo.exit_code == 2 and "did you mean 'permanence'" in typo.stderr
    nothing = invoke("summarise", str(tmp_path / "*.pdf"), "--out", str(out))
    assert nothing.exit_code == 2 and "no input files found" in nothing.stderr
    other = invoke("summarise", *INPUTS, "--authority", "Leeds", "--out", str(out))
    assert other.exit_code == 2 and "no documents of authority 'Leeds'" in other.stderr
    assert not out.exists()


def test_summarise_several_authorities_one_file_each(tmp_path):
    leeds = pdf_path("leeds_2018-12-18_ilacs.pdf")
    out = tmp_path / "paper.html"
    result = invoke("summarise", str(REPORT_2024), str(leeds), "--theme", "permanence", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper-kirklees.html", "paper-leeds.html"]
    assert "2 local authorities found: one summary each." in result.stderr
    only = invoke("summarise", str(REPORT_2024), str(leeds), "--authority", "Leeds City Council",
                  "--theme", "permanence", "--out", str(tmp_path / "leeds.html"))
    assert only.exit_code == 0 and "Leeds: what inspectors found" in (tmp_path / "leeds.html").read_text()


@pytest.mark.slow
def test_demo_writes_everything(tmp_path):
    out = tmp_path / "out"
    result = invoke("demo", str(CORPUS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["comparison.json", "findings.csv", "judgements.csv", "summary.html", "summary.md",
                     "summary.timeline.png"]
    comparison = json.loads((out / "comparison.json").read_text())
    assert comparison["local_authority"] == "Kirklees"
    assert [i["key"] for i in comparison["inspections"] if i["graded"]] == ["2016", "2019", "2024"]
    findings = pd.read_csv(out / "findings.csv")
    ofsted = findings[findings.inspection.notna()]
    assert ofsted.groupby(ofsted.inspection.astype(int).astype(str)).size().to_dict() == {
        "2018": 13, "2019": 49, "2024": 69}
    html = (out / "summary.html").read_text()
    assert "Kirklees: what inspectors found" in html and "<svg" in html
    # plain output when not a terminal: the timeline as tab-separated rows
    assert "Overall effectiveness\tinadequate\trequires improvement\tgood" in result.stdout
    # a second run replaces the files (the demo owns its folder)
    assert invoke("demo", str(CORPUS), "--out", str(out), "--quiet").exit_code == 0
