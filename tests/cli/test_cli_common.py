"""Shared CLI behaviour: one-line errors, exit codes, plain vs coloured tables, exports, --force."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from ofsted_mine import __version__
from ofsted_mine.cli import app
from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Cli,
    ExportFormat,
    UsageError,
    check_output,
    dumps,
    error_line,
    export_frame,
    load_documents,
    validate_themes,
    write_output,
)
from ofsted_mine.errors import UnreadablePdf
from tests.conftest import REPORT_2024

runner = CliRunner()


def capture(cli: Cli, *, terminal: bool) -> tuple[io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    cli.out = Console(file=out, force_terminal=terminal, color_system="truecolor" if terminal else None,
                      width=100, highlight=False)
    cli.err = Console(file=err, force_terminal=False, width=200, highlight=False)
    return out, err


def test_table_plain_when_not_a_terminal():
    cli = Cli()
    out, _ = capture(cli, terminal=False)
    cli.print_table(["area", "2019", "2024"], [["leadership", "requires improvement", "good"]], title="Timeline")
    assert out.getvalue() == "# Timeline\narea\t2019\t2024\nleadership\trequires improvement\tgood\n"


def test_table_coloured_on_a_terminal():
    cli = Cli()
    out, _ = capture(cli, terminal=True)
    cli.print_table(["area", "grade"], [["leadership", "good"]], title="Timeline")
    text = out.getvalue()
    assert "\x1b[" in text and "┃" in text and "leadership" in text


def test_error_is_one_line_naming_the_file_and_counts_as_failed():
    cli = Cli()
    _, err = capture(cli, terminal=False)
    cli.error(UnreadablePdf("reports/x.pdf", "named .pdf but holds HTML,\n not a PDF"))
    assert err.getvalue() == "error: reports/x.pdf: named .pdf but holds HTML, not a PDF\n"
    assert cli.failures == [("reports/x.pdf", "reports/x.pdf: named .pdf but holds HTML, not a PDF")]
    assert cli.exit_code == 1


def test_traceback_only_with_debug():
    def boom():
        raise RuntimeError("parser fell over")

    for debug, has_tb in ((False, False), (True, True)):
        cli = Cli(debug=debug)
        _, err = capture(cli, terminal=False)
        with pytest.raises(typer.Exit) as exc, cli.guard():
            boom()
        assert exc.value.exit_code == 1
        text = err.getvalue()
        assert text.splitlines()[0] == "error: RuntimeError: parser fell over"
        assert ("Traceback (most recent call last)" in text) is has_tb


def test_usage_error_exits_2():
    cli = Cli()
    _, err = capture(cli, terminal=False)
    with pytest.raises(typer.Exit) as exc, cli.guard():
        raise UsageError("out.html: already exists; use --force to replace it")
    assert exc.value.exit_code == 2
    assert err.getvalue() == "error: out.html: already exists; use --force to replace it\n"


def test_error_line_keeps_unexpected_type():
    assert error_line(KeyError("x")) == "'x'"
    assert error_line(ZeroDivisionError("division by zero")) == "ZeroDivisionError: division by zero"


def test_output_files_folders_and_force(tmp_path):
    target = tmp_path / "a" / "b" / "out.csv"
    write_output(target, "x\n", force=False)
    assert target.read_text() == "x\n"
    with pytest.raises(UsageError, match="already exists; use --force"):
        write_output(target, "y\n", force=False)
    write_output(target, "y\n", force=True)
    assert target.read_text() == "y\n"
    with pytest.raises(UsageError, match="is a folder"):
        check_output(tmp_path / "a", force=True)


FRAME = pd.DataFrame({"number": [1, 2], "themes": [["permanence", "workforce"], []],
                      "inspection_end": pd.to_datetime(["2024-07-19", "2024-07-19"]).date})


def test_export_csv_json_parquet(tmp_path, capsys):
    cli = Cli()
    export_frame(cli, FRAME, ExportFormat.csv, None)
    assert capsys.readouterr().out.splitlines() == [
        "number,themes,inspection_end", "1,permanence;workforce,2024-07-19", "2,,2024-07-19"]
    path = export_frame(cli, FRAME, ExportFormat.json, tmp_path / "f.json")
    rows = json.loads(path.read_text())
    assert rows[0]["themes"] == ["permanence", "workforce"] and rows[0]["inspection_end"].startswith("2024-07-19")
    path = export_frame(cli, FRAME, ExportFormat.parquet, tmp_path / "f.parquet")
    back = pd.read_parquet(path)
    assert list(back.themes[0]) == ["permanence", "workforce"]
    with pytest.raises(UsageError, match="needs --out"):
        export_frame(cli, FRAME, ExportFormat.parquet, None)


def test_dumps_models_and_dates():
    from ofsted_mine.models import Judgement

    j = Judgement(area="leadership", grade="good", area_text="Leaders", grade_text="Good")
    data = json.loads(dumps({"j": j, "when": pd.Timestamp("2024-07-19").date(), "p": Path("a/b")}))
    assert data["j"]["grade"] == "good" and data["when"] == "2024-07-19" and data["p"] == "a/b"


def test_validate_themes_suggests():
    assert validate_themes(["permanence", "permanence", "missing"]) == ["permanence", "missing"]
    with pytest.raises(UsageError, match="did you mean 'permanence'"):
        validate_themes(["permanance"])


def test_load_documents_reports_each_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    cli = Cli()
    _, err = capture(cli, terminal=False)
    docs = load_documents(cli, [str(REPORT_2024), str(bad), str(tmp_path / "nope.txt")])
    assert [d.doc_type for d in docs] == ["ilacs_report"]
    lines = err.getvalue().splitlines()
    assert len(lines) == 2 and all(ln.startswith("error: ") for ln in lines)
    assert lines[0] == f"error: {tmp_path / 'nope.txt'}: no such file, folder or matching glob"
    assert lines[1].startswith(f"error: {bad}: ")
    assert cli.exit_code == 1
    with pytest.raises(UsageError, match="no input files found"):
        load_documents(Cli(), [str(tmp_path / "*.docx")])


def test_root_version_and_exit_codes_in_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"ofsted-mine {__version__}"
    help_text = runner.invoke(app, ["summarise", "--help"], env={"COLUMNS": "300"}).stdout
    assert " ".join(EXIT_CODES_HELP.split()) in " ".join(help_text.replace("│", " ").split())


def test_console_script_plain_when_piped():
    exe = Path(sys.executable).with_name("ofsted-mine")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout == f"ofsted-mine {__version__}\n"
    assert "\x1b[" not in proc.stdout


def test_console_script_exit_codes_and_no_models_for_version():
    exe = Path(sys.executable).with_name("ofsted-mine")
    # the entry point keeps the documented codes: 2 usage error, 1 an input failed
    assert subprocess.run([str(exe), "summarise"], capture_output=True, check=False).returncode == 2
    assert subprocess.run([str(exe), "extract", "no/such/file.pdf"], capture_output=True,
                          check=False).returncode == 1
    # --version is answered before the typer app and the pydantic models are imported
    code = ("import sys; sys.argv = ['ofsted-mine', '--version']\n"
            "from ofsted_mine.cli import main\n"
            "import atexit; atexit.register(lambda: print(sorted(m for m in ('typer', 'pydantic', "
            "'ofsted_mine.models') if m in sys.modules)))\n"
            "main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout == f"ofsted-mine {__version__}\n[]\n"


def test_reader_closing_the_pipe_ends_the_command_quietly():
    exe = Path(sys.executable).with_name("ofsted-mine")
    proc = subprocess.Popen([str(exe), "extract", str(REPORT_2024.parent)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]  # like `| head -1`
    _, err = proc.communicate(timeout=120)
    assert first.strip() and proc.returncode == 0
    assert "error" not in err.lower() and "Traceback" not in err


def test_exports_through_the_classify_command(tmp_path):
    csv_path = tmp_path / "tables" / "findings.csv"
    result = runner.invoke(app, ["classify", str(REPORT_2024), "--format", "csv", "--out", str(csv_path)])
    assert result.exit_code == 0, result.stderr
    findings = pd.read_csv(csv_path)
    assert len(findings) == 69 and set(findings.inspection) == {2024}
    assert findings.polarity.notna().all()
    again = runner.invoke(app, ["classify", str(REPORT_2024), "--format", "csv", "--out", str(csv_path)])
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    as_json = runner.invoke(app, ["classify", str(REPORT_2024), "--format", "json", "--table", "judgements", "-q"])
    rows = json.loads(as_json.stdout)
    assert {(r["area"], r["grade"]) for r in rows} >= {("overall_effectiveness", "good"), ("leadership", "good")}
    assert rows[0]["inspection_end"] == "2024-07-19" and rows[0]["inspection"] == "2024"
    parquet = tmp_path / "j.parquet"
    assert runner.invoke(app, ["classify", str(REPORT_2024), "--format", "parquet", "--table", "judgements",
                               "--out", str(parquet)]).exit_code == 0
    assert len(pd.read_parquet(parquet)) == len(rows)


def test_progress_bar_only_on_a_terminal():
    cli = Cli()
    buf = io.StringIO()
    cli.err = Console(file=buf, force_terminal=True, width=100)
    assert list(cli.track([1, 2, 3], "Extracting")) == [1, 2, 3]
    assert "Extracting" in buf.getvalue() and "3/3" in buf.getvalue()
    quiet = Cli(quiet=True)
    quiet.err = Console(file=io.StringIO(), force_terminal=True)
    assert list(quiet.track([1, 2], "Extracting")) == [1, 2] and quiet.err.file.getvalue() == ""
    piped = Cli()
    piped.err = Console(file=io.StringIO(), force_terminal=False)
    assert list(piped.track([1, 2], "Extracting")) == [1, 2] and piped.err.file.getvalue() == ""
