"""``ofsted-mine ingest``: fill a DuckDB store from many files, in parallel.

Thin over :func:`ofsted_mine.batch.ingest`; this module only parses options
and prints the one-screen summary (ingested / unchanged / duplicates /
failed by reason, with the first few failures named).
"""

from __future__ import annotations

import inspect
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    EXIT_OK,
    Cli,
    Debug,
    JsonFlag,
    Paths,
    Quiet,
    UsageError,
)

#: Failures named one per line in the summary; the rest are counted (all are in `errors`).
SHOW_FAILURES = 12


class Engine(str, Enum):
    local = "local"
    dask = "dask"


Db = Annotated[Path, typer.Option("--db", help="DuckDB database file (created when new).")]


def ingest(
    paths: Paths,
    db: Db,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local (process pool) or dask (a Dask cluster).")
    ] = Engine.local,
    scheduler: Annotated[
        Optional[str],
        typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786) for --engine dask; "
                     "without it a local Dask cluster of --jobs workers is started."),
    ] = None,
    no_classify: Annotated[
        bool, typer.Option("--no-classify", help="Store documents without theme/polarity tags.")
    ] = False,
    no_compare: Annotated[
        bool, typer.Option("--no-compare", help="Do not (re)compute comparisons of the authorities.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Read again files that failed before, even if unchanged.")
    ] = False,
    json_: JsonFlag = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Extract, classify and store documents in a DuckDB database.

    Unchanged files (same bytes as last time) are skipped before parsing; a
    file with the same bytes as another is stored once and recorded as a
    duplicate; every file that fails is recorded in the `errors` table and
    the rest carry on.
    """
    from ofsted_mine.batch import ingest as run

    cli = Cli(json=json_, quiet=quiet, debug=debug)
    with cli.guard():
        if jobs is not None and jobs < 1:
            raise UsageError("--jobs must be at least 1")
        if scheduler and engine is not Engine.dask:
            raise UsageError("--scheduler only applies with --engine dask")
        report = run(
            paths, db, jobs=jobs, engine=engine.value, scheduler=scheduler,
            classify=not no_classify, compare=not no_compare, retry_failed=retry_failed,
            progress=False if (quiet or json_) else None, console=cli.err,
        )
        if report.files == 0:
            raise UsageError("no input files found in " + ", ".join(map(str, paths)))
        if json_:
            cli.print_json(report.to_dict())
        elif not quiet:
            _summary(cli, report, db)
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)


def _summary(cli: Cli, report, db: Path) -> None:
    """The one-screen summary, on stderr (stdout stays free for --json)."""
    rate = report.ingested / report.seconds if report.seconds else 0.0
    p = cli.err.print
    p(f"[bold]Ingested into {escape(str(db))}[/] with {report.engine} engine, "
      f"{report.jobs} job{'s' if report.jobs != 1 else ''}, in {report.seconds:.1f}s")
    p(f"  files seen            {report.files}")
    p(f"  [green]ingested[/]              {report.ingested} ({report.documents} documents, "
      f"{rate:.1f} files/s)")
    p(f"  skipped as unchanged  {report.unchanged}"
      + (f" ({report.unchanged_failed} had failed before; --retry-failed reads them again)"
         if report.unchanged_failed else ""))
    p(f"  duplicates            {len(report.duplicates)} (same bytes as a stored file; stored once)")
    p(f"  [red]failed[/]                {len(report.failed)}")
    for reason, n in report.failed_by_reason.items():
        p(f"    {reason:<22}{n}")
    for path, reason, message in report.failed[:SHOW_FAILURES]:
        p(f"  [red]✗[/] {escape(Path(path).name)}: [dim]{reason}[/] {escape(message)}", soft_wrap=True)
    if len(report.failed) > SHOW_FAILURES:
        p(f"  ... and {len(report.failed) - SHOW_FAILURES} more: "
          f"ofsted-mine query --db {escape(str(db))} \"SELECT * FROM errors\"")
    if report.comparisons:
        p(f"  comparisons updated   {len(report.comparisons)}: {escape(', '.join(report.comparisons))}")
    for w in report.warnings:
        cli.warn(w)


def register(app: typer.Typer) -> None:
    app.command("ingest", help=inspect.cleandoc(ingest.__doc__ or "") + "\n\n" + EXIT_CODES_HELP)(ingest)
