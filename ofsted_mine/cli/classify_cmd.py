"""``ofsted-mine classify PATH... [--json] [--theme permanence]``: themes and polarity per finding.

Thin wrapper: extraction and classification are the library's; this module
only chooses what to print. With ``--theme`` only findings and
recommendations carrying one of those themes are kept.
"""

from __future__ import annotations

from typing import Optional

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Cli,
    Debug,
    JsonFlag,
    Paths,
    Quiet,
    Themes,
    load_documents,
    validate_themes,
)
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


def register(app: typer.Typer) -> None:
    @app.command("classify", help="Tag every finding and recommendation with themes and a polarity.\n\n" + EXIT_CODES_HELP)
    def classify_cmd(
        paths: Paths,
        json_: JsonFlag = False,
        theme: Themes = None,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            themes = validate_themes(theme)
            docs = load_documents(cli, paths)
            if docs:
                from ofsted_mine.classify import classify_documents

                docs = classify_documents(docs)  # one batch: the model is loaded once
            docs = [keep_themes(d, themes) for d in docs]
            if cli.json:
                cli.print_json([d.model_dump(mode="json") for d in docs])
            else:
                cli.print_table(
                    ["document", "kind", "no.", "themes", "polarity", "text"],
                    [row for d in docs for row in _rows(d)],
                )
        cli.finish()
