"""``ofsted-mine classify PATH... [--json] [--theme permanence] [--format csv|parquet|json [--table judgements] --out FILE]``.

Themes and polarity per finding; ``--format`` exports the tidy findings (or
judgements) table instead of printing.

Thin wrapper: extraction and classification are the library's; this module
only chooses what to print. With ``--theme`` only findings and
recommendations carrying one of those themes are kept.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Cli,
    Debug,
    Force,
    Format,
    JsonFlag,
    Out,
    Paths,
    Quiet,
    Themes,
    export_frame,
    load_documents,
    validate_themes,
)

if TYPE_CHECKING:  # pragma: no cover - pydantic models load only when a command runs
    from ofsted_mine.models import Document


def keep_themes(doc: Document, themes: Optional[list[str]]) -> Document:
    """The document with only the findings/recommendations tagged with one of ``themes``."""
    if not themes:
        return doc
    wanted = set(themes)
    doc = doc.model_copy()
    doc.findings = [f for f in doc.findings if wanted & {t.theme for t in f.themes}]
    doc.recommendations = [r for r in doc.recommendations if wanted & {t.theme for t in r.themes}]
    return doc


def _rows(doc: Document):
    for kind, items in (("finding", doc.findings), ("recommendation", doc.recommendations)):
        for it in items:
            number = getattr(it, "number", None) or getattr(it, "index", None)
            themes = ", ".join(f"{t.theme} {t.score:.2f}" for t in it.themes)
            pol = f"{it.polarity.label} {it.polarity.score:.2f}" if it.polarity else ""
            yield [doc.source, kind, number, themes, pol, " ".join(it.text.split())[:80]]


class Table(str, Enum):
    findings = "findings"
    judgements = "judgements"


def register(app: typer.Typer) -> None:
    @app.command("classify", help="Tag every finding and recommendation with themes and a polarity.\n\n" + EXIT_CODES_HELP)
    def classify_cmd(
        paths: Paths,
        json_: JsonFlag = False,
        theme: Themes = None,
        fmt: Format = None,
        table: Annotated[
            Table, typer.Option("--table", help="With --format: export the findings or the judgements table.")
        ] = Table.findings,
        out: Out = None,
        force: Force = False,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            themes = validate_themes(theme)
            if fmt is not None and out is not None:
                from ofsted_mine.cli.common import check_output

                check_output(out, force=force)  # before the work, not after
            docs = load_documents(cli, paths)
            if docs:
                from ofsted_mine.classify import classify_documents

                docs = classify_documents(docs)  # one batch: the model is loaded once
            docs = [keep_themes(d, themes) for d in docs]
            if fmt is not None:  # a tidy table (one row per finding or judgement) as csv/parquet/json
                from ofsted_mine.api import findings_frame, judgements_frame

                frame = findings_frame(docs) if table is Table.findings else judgements_frame(docs)
                path = export_frame(cli, frame, fmt, out, force=force)
                if path is not None:
                    cli.info(f"[green]wrote[/] {path}: {len(frame)} {table.value}")
            elif cli.json:
                cli.print_json([d.model_dump(mode="json") for d in docs])
            else:
                cli.print_table(
                    ["document", "kind", "no.", "themes", "polarity", "text"],
                    [row for d in docs for row in _rows(d)],
                )
        cli.finish()
