"""``ofsted-mine train``: rebuild ``models/`` from ``corpus/labels/`` (deterministic)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ofsted_mine.cli.common import EXIT_CODES_HELP, Cli, Debug, JsonFlag, Quiet, UsageError


def register(app: typer.Typer) -> None:
    @app.command("train", help="Train the theme and polarity models from corpus/labels/ into models/.\n\n" + EXIT_CODES_HELP)
    def train_cmd(
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Model folder (default: models/).")] = None,
        labels: Annotated[Optional[Path], typer.Option("--labels", help="Label folder (default: corpus/labels/).")] = None,
        pdfs: Annotated[Optional[Path], typer.Option("--pdfs", help="Folder of the real PDFs whose labels carry no text.")] = None,
        no_cv: Annotated[bool, typer.Option("--no-cv", help="Skip the leave-one-document-out scores in the card.")] = False,
        jobs: Annotated[Optional[int], typer.Option(
            "--jobs", "-j", help="Cross-validation folds run at once (default: all cores; same scores for any value).")] = None,
        json_: JsonFlag = False,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        from ofsted_mine.classify import data
        from ofsted_mine.classify.model import clear_loaded
        from ofsted_mine.classify.train import format_report, train

        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            if jobs is not None and jobs < 1:
                raise UsageError("--jobs must be at least 1")
            card = train(out, labels or data.LABELS_DIR, pdfs or data.PDF_DIR, cross_validate=not no_cv,
                         progress=cli.info, jobs=jobs)
            clear_loaded()
            if cli.json:
                cli.print_json(card)
            else:
                cli.info(f"model written: {card['model_file']} sha256 {card['model_sha256'][:16]}")
                if card["cross_validation"]:
                    typer.echo(format_report(card["cross_validation"]))
        cli.finish()
