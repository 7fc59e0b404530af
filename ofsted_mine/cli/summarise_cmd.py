"""``ofsted-mine summarise``: the theme summary paper for a scrutiny panel.

A thin shell over :func:`ofsted_mine.summarise.summarise`: read and classify
the inputs (one error line per bad file), write one summary per authority,
and refuse to overwrite an existing file without ``--force`` — checked
before any work so nobody waits to be told.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Authority,
    Cli,
    Debug,
    Force,
    JsonFlag,
    Quiet,
    Themes,
    UsageError,
    check_output,
    classify_documents,
    extract_and_draw_ahead,
    find_inputs,
    validate_themes,
)
from ofsted_mine.cli.store_opts import Db, OptionalPaths, check_inputs, documents_from_db


class SummaryFormat(str, Enum):
    html = "html"
    md = "md"


def format_for(out: Path, fmt: Optional[SummaryFormat]) -> str:
    """``--format`` if given, else from the file name (``.md`` → Markdown, otherwise HTML)."""
    if fmt is not None:
        return fmt.value
    return "md" if out.suffix.lower() in (".md", ".markdown") else "html"


HELP = (
    "Write a theme summary (HTML or Markdown) of one local authority's documents: judgement "
    "timeline chart and table, then per theme the strengths and weaknesses at each inspection, "
    "earlier weaknesses that persisted, were resolved or regressed (quoted and cited), and the "
    "'what needs to improve' items with their status. Documents of several authorities give "
    "one file per authority (name-suffixed) unless --authority picks one.\n\n" + EXIT_CODES_HELP
)


def register(app: typer.Typer) -> None:
    @app.command("summarise", help=HELP)
    def summarise_command(
        out: Annotated[
            Path,
            typer.Option("--out", "-o", help="Summary file to write (.html or .md); folders are created."),
        ],
        paths: OptionalPaths = None,
        theme: Themes = None,
        fmt: Annotated[
            Optional[SummaryFormat],
            typer.Option("--format", help="html or md (default: from the --out suffix).",
                         case_sensitive=False),
        ] = None,
        authority: Authority = None,
        db: Db = None,
        force: Force = False,
        json_: JsonFlag = False,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        from ofsted_mine.summarise import prefetch, summarise

        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            themes = validate_themes(theme)
            kind = format_for(out, fmt)
            check_output(out, force=force)
            check_inputs(paths, db)
            if db is not None:
                docs = documents_from_db(db, authority)
            else:
                docs = extract_and_draw_ahead(cli, find_inputs(cli, paths or []), kind)
                if docs:
                    docs = classify_documents(cli, docs)
            if not docs:
                cli.error("no document could be read; nothing to summarise")
                raise typer.Exit(1)
            try:
                result = summarise(docs, theme=themes, format=kind, out=out, authority=authority,  # type: ignore[arg-type]
                                   force=force)
            except FileExistsError as exc:
                raise UsageError(str(exc)) from None
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            finally:
                prefetch.discard_all()
            summaries = result if isinstance(result, list) else [result]
            if json_:
                cli.print_json([
                    {
                        "local_authority": s.authority,
                        "format": s.format,
                        "paths": [str(p) for p in s.paths],
                        "inspections": [i.key for i in s.facts.inspections],
                        "themes": [
                            {"theme": t.theme, "has_findings": t.has_findings, "lead": " ".join(t.lead)}
                            for t in s.facts.themes
                        ],
                    }
                    for s in summaries
                ])
            else:
                if len(summaries) > 1:
                    cli.info(f"{len(summaries)} local authorities found: one summary each.")
                for s in summaries:
                    n_empty = sum(not t.has_findings for t in s.facts.themes)
                    keys = ", ".join(i.key for i in s.facts.inspections) or "none"
                    cli.info(
                        f"[green]wrote[/] {', '.join(map(str, s.paths))}: {s.authority}, "
                        f"inspections {keys}; {len(s.facts.themes)} themes"
                        + (f" ({n_empty} with no findings)" if n_empty else "")
                    )
        cli.finish()
