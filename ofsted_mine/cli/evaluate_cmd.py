"""``ofsted-mine evaluate``: leave-one-document-out (or leave-one-council-out) scores of the classifier."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ofsted_mine.cli.common import EXIT_CODES_HELP, Cli, Debug, JsonFlag, Quiet, UsageError


class LeaveOut(str, Enum):
    """What each cross-validation fold leaves out: the keys of ``evaluate.GROUPINGS``, listed here
    rather than imported so that ``--help`` does not import scikit-learn (a test keeps the two equal)."""

    document = "document"
    council = "council"


def register(app: typer.Typer) -> None:
    @app.command("evaluate", help=(
        "Per-theme precision/recall/F1, micro and macro F1 and polarity accuracy under "
        "leave-one-document-out cross-validation of the labelled data (--by council: every document "
        "of one council left out at a time, the estimate for a council the model has never read).\n\n"
        + EXIT_CODES_HELP))
    def evaluate_cmd(
        labels: Annotated[Optional[Path], typer.Option("--labels", help="Label folder (default: corpus/labels/).")] = None,
        pdfs: Annotated[Optional[Path], typer.Option("--pdfs", help="Folder of the real PDFs whose labels carry no text.")] = None,
        jobs: Annotated[Optional[int], typer.Option(
            "--jobs", "-j", help="Cross-validation folds run at once (default: all cores; same scores for any value).")] = None,
        by: Annotated[LeaveOut, typer.Option(
            "--by", help="What each fold leaves out: one document (the model card's scheme) or one council's "
            "documents.", case_sensitive=False)] = LeaveOut.document,
        json_: JsonFlag = False,
        quiet: Quiet = False,
        debug: Debug = False,
    ) -> None:
        from ofsted_mine.classify import data
        from ofsted_mine.classify.train import evaluate_labels, format_report

        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            if jobs is not None and jobs < 1:
                raise UsageError("--jobs must be at least 1")
            report = evaluate_labels(labels or data.LABELS_DIR, pdfs or data.PDF_DIR, jobs=jobs, by=by.value,
                                     progress=lambda d, r: cli.info(f"{d}: {r}"), on_note=cli.warn)
            if cli.json:
                cli.print_json(report)
            else:
                typer.echo(format_report(report))
        cli.finish()
