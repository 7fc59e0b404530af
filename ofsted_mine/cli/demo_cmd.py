"""``ofsted-mine demo``: the whole pipeline on a folder, everything written to ``out/``.

What ``make demo`` runs on the bundled corpus: extract every file, classify
every finding, compare each authority's inspections, then write the HTML
and Markdown summaries, the findings and judgements tables (CSV) and the
comparison (JSON), and print a short overview. The output folder is the
demo's own, so its files are regenerated on every run.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Cli,
    Debug,
    ExportFormat,
    Quiet,
    classify_documents,
    extract_and_draw_ahead,
    find_inputs,
)

HELP = (
    "Run the whole pipeline on PATHs (default: corpus/) and write to --out (default: out/): "
    "summary.html, summary.md (+ chart PNG), findings and judgements tables (csv, or --format "
    "parquet|json) and comparison.json "
    "(one per authority, name-suffixed, when there are several). Files in the output folder "
    "are replaced.\n\n" + EXIT_CODES_HELP
)

GRADE_STYLE = {
    "inadequate": "bold red",
    "requires_improvement": "bold yellow",
    "good": "bold green",
    "outstanding": "bold blue",
}


def register(app: typer.Typer) -> None:
    @app.command("demo", help=HELP)
    def demo_command(
        paths: Annotated[
            Optional[list[str]],
            typer.Argument(help="Files, folders or globs (default: corpus/).", show_default=False),
        ] = None,
        out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created).")] = Path("out"),
        fmt: Annotated[
            ExportFormat,
            typer.Option("--format", help="Format of the findings and judgements tables.", case_sensitive=False),
        ] = ExportFormat.csv,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        cli = Cli(quiet=quiet, debug=debug)
        with cli.guard():
            run_demo(cli, paths or ["corpus"], out, fmt=fmt)
        cli.finish()


def run_demo(cli: Cli, paths: list[str], out: Path, *, fmt: ExportFormat = ExportFormat.csv) -> dict[str, Path]:
    """Do the demo's work; returns the files written by name."""
    t0 = time.perf_counter()
    if out.exists() and not out.is_dir():
        from ofsted_mine.cli.common import UsageError

        raise UsageError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    from ofsted_mine.summarise import prefetch

    try:
        # extraction and the HTML chart on another core while the classifier loads and runs
        docs = extract_and_draw_ahead(cli, find_inputs(cli, paths), "html")
        if docs:
            docs = classify_documents(cli, docs)
        return _write_all(cli, docs, out, fmt, t0)
    finally:
        prefetch.discard_all()


def _write_all(cli: Cli, docs, out: Path, fmt: ExportFormat, t0: float) -> dict[str, Path]:
    from ofsted_mine.api import findings_frame, judgements_frame
    from ofsted_mine.cli.common import export_frame
    from ofsted_mine.compare import compare
    from ofsted_mine.summarise import group_by_authority, summarise_comparison
    from ofsted_mine.summarise.render import slug

    if not docs:
        cli.error("no document could be read; nothing to demonstrate")
        raise typer.Exit(1)
    written: dict[str, Path] = {}
    fmt = ExportFormat(fmt)
    for name, frame in (("findings", findings_frame(docs)), ("judgements", judgements_frame(docs))):
        path = export_frame(cli, frame, fmt, out / f"{name}.{fmt.value}", force=True)
        written[path.name] = path  # type: ignore[union-attr]
    groups, loose = group_by_authority(docs)
    many = len(groups) > 1
    comparisons = []
    for group in cli.track(list(groups.values()), "Comparing"):
        try:
            comparison = compare(group)
        except Exception as exc:  # noqa: BLE001 - one authority's failure does not stop the others
            cli.error(exc, path=group[0].local_authority or group[0].source)
            continue
        comparisons.append(comparison)
        suffix = f"-{slug(comparison.local_authority)}" if many else ""
        for fmt, name in (("html", f"summary{suffix}.html"), ("md", f"summary{suffix}.md")):
            png = f"summary{suffix}.timeline.png"
            summary = summarise_comparison(comparison, group, format=fmt, png_name=png)  # type: ignore[arg-type]
            for path in summary.write(out / name, force=True):
                written[path.name] = path
        path = out / f"comparison{suffix}.json"
        path.write_text(comparison.to_json(), encoding="utf-8")
        written[path.name] = path
    if loose:
        cli.warn(f"{len(loose)} document(s) name no local authority and are only in the CSV files")
    if not cli.quiet:
        _overview(cli, docs, comparisons, written, time.perf_counter() - t0)
    return written


def _overview(cli: Cli, docs, comparisons, written: dict[str, Path], seconds: float) -> None:
    """The short printed overview: documents, judgement timeline, traces, files."""
    from rich.markup import escape

    from ofsted_mine.summarise.cite import DOC_TYPE_LABELS
    from ofsted_mine.summarise.facts import AREA_LABELS

    cli.print_table(
        ["file", "document", "authority", "findings", "judgements", "improve items"],
        [
            [Path(d.source).name, DOC_TYPE_LABELS.get(d.doc_type, d.doc_type), d.local_authority or "",
             len(d.findings), len(d.judgements), len(d.recommendations)]
            for d in docs
            if d.is_ofsted or d.doc_type == "commissioner_review"
        ],
        title=f"{len(docs)} documents read ({sum(d.is_ofsted for d in docs)} from Ofsted)",
    )
    for c in comparisons:
        keys = c.graded_keys()
        rows = []
        for row in c.judgements:
            cells = []
            for k in keys:
                g = row.grades.get(k)
                label = (g or "–").replace("_", " ")
                if cli.interactive and g:
                    label = f"[{GRADE_STYLE.get(g, '')}]{label}[/]"
                cells.append(label)
            rows.append([AREA_LABELS.get(row.area, row.area), *cells])
        _print_markup_table(cli, ["area", *keys], rows, title=f"{c.local_authority}: judgement timeline")
        counts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in c.status_counts().items() if n)
        cli.info(
            f"{c.local_authority}: {len(c.findings)} earlier findings traced"
            + (f" ({counts})" if counts else "")
            + f"; {len(c.new)} new weaknesses."
        )
        for message in c.messages:
            cli.info(f"[dim]{c.local_authority}: {escape(message)}[/]")
    cli.info("[bold]Written:[/] " + ", ".join(str(p) for p in written.values()))
    cli.info(f"Done in {seconds:.1f} s. Open {next((p for n, p in written.items() if n.endswith('.html')), '')}"
             " in a browser.")


def _print_markup_table(cli: Cli, columns, rows, *, title: str) -> None:
    """Like ``Cli.print_table`` but cells may carry rich markup (grade colours)."""
    if not cli.interactive:
        cli.print_table(columns, rows, title=title)
        return
    from rich.table import Table

    table = Table(title=title, header_style="bold cyan", title_justify="left")
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    cli.out.print(table)
