"""``ofsted-mine extract``: summaries, JSON, saved files, and batches with bad inputs."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from ofsted_mine.cli import app
from ofsted_mine.models import Document
from tests.conftest import REPORT_2024, pdf_path

runner = CliRunner()
_ANSI = re.compile(r"\x1b\[")


def run(*args: str):
    return runner.invoke(app, ["extract", *args])


@pytest.fixture()
def bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    html = tmp_path / "saved-page.pdf"
    html.write_bytes(b"<html><body>Report not found</body></html>")
    return empty, html


def test_summary_is_plain_text_when_not_a_terminal():
    result = run(str(REPORT_2024))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "type: ilacs_report" in out
    assert "local authority: Kirklees" in out
    assert "inspection: 2024-07-08 to 2024-07-19" in out
    assert "lead inspector: Rachel Griffiths" in out
    assert "recommendations: 3" in out
    assert "findings: 69 (numbered 1-69)" in out
    assert "judgement: care_leavers = requires_improvement" in out
    assert out.count("judgement: ") == 5
    assert not _ANSI.search(out)
    assert "─" not in out and "│" not in out  # no box drawing in a pipe
    assert "1 document(s) from 1 of 1 file(s)" in result.stderr


def test_json_is_documents_with_schema_names_and_round_trips():
    result = run("--json", str(REPORT_2024))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["documents"]
    [raw] = data["documents"]
    assert "text" not in raw and "page_starts" not in raw  # bulky fields only with --full
    assert raw["doc_type"] == "ilacs_report"
    assert raw["inspection_start"] == "2024-07-08"
    assert {"id", "sha256", "judgements", "recommendations", "findings", "warnings"} <= set(raw)
    doc = Document.model_validate(raw)
    assert [f.number for f in doc.findings] == list(range(1, 70))
    assert doc.judgement("care_leavers").grade == "requires_improvement"


def test_json_full_carries_the_text_spans_point_into():
    result = run("--json", "--full", str(REPORT_2024))
    [raw] = json.loads(result.stdout)["documents"]
    doc = Document.model_validate(raw)
    first = doc.findings[0]
    assert doc.text[first.span.start : first.span.end].startswith(
        "1. Overall, children in Kirklees"
    )


def test_out_writes_one_complete_file_per_input(tmp_path):
    out = tmp_path / "json"
    pdf = pdf_path("kirklees_2024-08-28_ilacs.pdf")
    result = run("--quiet", "--out", str(out), str(REPORT_2024), str(pdf))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # --quiet: no summaries
    names = sorted(p.name for p in out.iterdir())
    assert names == ["kirklees_2024-08-28_ilacs.json", "kirklees_2024_ilacs_inspection_report.json"]
    saved = json.loads((out / "kirklees_2024-08-28_ilacs.json").read_text(encoding="utf-8"))
    doc = Document.model_validate(saved["documents"][0])
    assert doc.page_starts and len(doc.page_starts) == 11
    assert doc.text and len(doc.findings) == 69


def test_same_file_name_twice_gets_two_outputs(tmp_path):
    a = tmp_path / "a" / "report.txt"
    b = tmp_path / "b" / "report.txt"
    for p in (a, b):
        p.parent.mkdir()
        p.write_bytes(REPORT_2024.read_bytes())
    result = run("-q", "--out", str(tmp_path / "out"), str(a), str(b))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report-2.json", "report.json"]


def test_failures_are_reported_one_line_each_and_the_batch_carries_on(tmp_path, bad_files):
    empty, html = bad_files
    out = tmp_path / "json"
    result = run("--out", str(out), str(empty), str(REPORT_2024), str(html))
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert str(empty) in errors[0] and "empty" in errors[0]
    assert str(html) in errors[1] and "not a PDF" in errors[1]
    assert "findings: 69" in result.stdout  # the good file in between was extracted
    # nothing written for the failures, nothing half-written at all
    assert sorted(p.name for p in out.iterdir()) == ["kirklees_2024_ilacs_inspection_report.json"]


def test_json_still_lists_the_documents_that_parsed(bad_files):
    empty, _ = bad_files
    result = run("--json", str(empty), str(REPORT_2024))
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["documents"]) == 1


def test_strict_stops_at_the_first_failure(tmp_path, bad_files):
    empty, _ = bad_files
    out = tmp_path / "json"
    result = run("--strict", "--out", str(out), str(empty), str(REPORT_2024))
    assert result.exit_code == 1
    assert "findings:" not in result.stdout
    assert list(out.iterdir()) == []


def test_unrecognised_text_fails_unless_allowed(tmp_path):
    note = tmp_path / "minutes.txt"
    note.write_text("Allotment society minutes\n\nThe shed roof will be fixed in May.\n")
    result = run(str(note))
    assert result.exit_code == 1
    assert "minutes.txt" in result.stderr
    allowed = run("--json", "--allow-unknown", str(note))
    assert allowed.exit_code == 0
    assert json.loads(allowed.stdout)["documents"][0]["doc_type"] == "unknown"


def test_missing_path_is_a_failed_input(tmp_path):
    result = run(str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1
    assert "nope.pdf" in result.stderr


def test_out_must_be_a_folder(tmp_path):
    file = tmp_path / "taken.json"
    file.write_text("{}")
    result = run("--out", str(file), str(REPORT_2024))
    assert result.exit_code == 2
    assert "folder" in result.stderr


def test_bad_backend_is_a_usage_error():
    assert run("--backend", "ocr", str(REPORT_2024)).exit_code == 2


def test_pdfplumber_backend_gives_the_same_findings():
    pdf = str(pdf_path("kirklees_2024-08-28_ilacs.pdf"))
    a = json.loads(run("--json", "--backend", "pdfium", pdf).stdout)["documents"][0]
    b = json.loads(run("--json", "--backend", "pdfplumber", pdf).stdout)["documents"][0]
    assert [f["number"] for f in a["findings"]] == [f["number"] for f in b["findings"]]
    assert [f["section"] for f in a["findings"]] == [f["section"] for f in b["findings"]]
    assert len(b["recommendations"]) == 3
    assert [(j["area"], j["grade"]) for j in a["judgements"]] == [
        (j["area"], j["grade"]) for j in b["judgements"]
    ]


def test_terminal_summary_is_a_rich_table():
    result = runner.invoke(app, ["extract", str(REPORT_2024)], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert _ANSI.search(result.stdout)
    assert "Judgements" in result.stdout
    assert "requires_improvement" in result.stdout


def _made_up_document() -> Document:
    from ofsted_mine.models import Finding, Judgement

    return Document(
        id="0" * 16,
        source="northshire.pdf",
        sha256="0" * 64,
        doc_type="sif_report",
        local_authority="Northshire",
        framework="SIF",
        judgements=[
            Judgement(
                area="help_and_protection",
                grade="inadequate",
                area_text="Help",
                grade_text="Inadequate",
            ),
            Judgement(
                area="lscb", grade="good", area_text="LSCB", grade_text="Good", source="cited"
            ),
        ],
        findings=[
            Finding(number=n, text=f"Paragraph {n} <b>as printed</b>.") for n in (28, 29, 30, 127)
        ],
        warnings=["LSCB section <b>not</b> found"],
    )


def test_document_renders_in_rich_and_html():
    from rich.console import Console

    from ofsted_mine._display import document_html

    doc = _made_up_document()
    console = Console(record=True, width=100, color_system=None)
    console.print(doc)
    text = console.export_text()
    assert "Northshire" in text
    assert "findings         4 (numbered 28-30, 127)" in text
    assert "lscb (cited)" in text and "inadequate" in text
    assert "warning: LSCB section <b>not</b> found" in text
    page = document_html(doc)
    assert "<table" in page and "Northshire" in page
    assert "<b>not</b>" not in page  # text is escaped
    assert doc._repr_html_() == page
