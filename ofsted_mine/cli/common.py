"""Options and helpers every ``ofsted-mine`` subcommand shares.

Why one module: the CLI must feel like one tool. ``--json``, ``--out``,
``--quiet``, ``--debug``, ``--force`` and ``--format`` mean the same thing in
every subcommand; errors are one line naming the file (a traceback only with
``--debug``); progress bars go to stderr so stdout stays clean for JSON and
pipes; tables are coloured on a terminal and tab-separated plain text when
stdout is a pipe or a file.

Typical use in a subcommand::

    def extract(paths: Paths, json_: JsonFlag = False, quiet: Quiet = False,
                debug: Debug = False) -> None:
        cli = Cli(json=json_, quiet=quiet, debug=debug)
        with cli.guard():
            docs = load_documents(cli, paths)
            ...
        cli.finish()
"""

from __future__ import annotations

import contextlib
import json as _json
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ofsted_mine.models import Document

T = TypeVar("T")

# -- exit codes -------------------------------------------------------------
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Appended to every subcommand's help so the exit codes are documented everywhere.
EXIT_CODES_HELP = (
    "Exit codes: 0 all inputs processed; 1 one or more inputs failed (each is "
    "reported on one line naming the file, the rest carry on); 2 usage error "
    "(bad option, no input found, output file exists without --force)."
)


class ExportFormat(str, Enum):
    """Table export formats for findings and judgements."""

    csv = "csv"
    parquet = "parquet"
    json = "json"


# -- shared option types (typing.Annotated so defaults stay plain Python) ----
Paths = Annotated[
    list[str],
    typer.Argument(
        help="PDF or text files, folders (searched recursively for .pdf/.txt) or glob patterns.",
        show_default=False,
    ),
]
JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout instead of tables.")
]
Out = Annotated[
    Optional[Path],
    typer.Option("--out", "-o", help="Write output to this file; missing folders are created."),
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bars or summaries; errors only.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show full tracebacks for errors.")]
Force = Annotated[bool, typer.Option("--force", "-f", help="Replace output files that exist.")]
Format = Annotated[
    Optional[ExportFormat],
    typer.Option(
        "--format",
        help="Export as csv, parquet or json (to --out; csv and json may go to stdout).",
        case_sensitive=False,
    ),
]
Authority = Annotated[
    Optional[str],
    typer.Option(
        "--authority",
        help="Keep only this local authority (default: one result per authority found).",
    ),
]
Themes = Annotated[
    Optional[list[str]],
    typer.Option("--theme", "-t", help="Codebook theme id; repeat for several (default: all)."),
]


class UsageError(Exception):
    """A mistake in how the command was called: reported on one line, exit code 2."""


class Cli:
    """Per-invocation output state: consoles, flags and the failures seen so far.

    Consoles are made per call (not at import) so they bind to whatever
    ``sys.stdout``/``sys.stderr`` are at run time, which is what test
    runners and notebooks redirect.
    """

    def __init__(self, *, json: bool = False, quiet: bool = False, debug: bool = False) -> None:
        self.json = json
        self.quiet = quiet
        self.debug = debug
        self.out = Console(highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        #: (file, message) of every input that failed
        self.failures: list[tuple[str, str]] = []

    # -- what kind of terminal ---------------------------------------------
    @property
    def interactive(self) -> bool:
        """True when stdout is a terminal: coloured tables rather than plain text."""
        return self.out.is_terminal

    # -- messages (stderr, so stdout stays parseable) -----------------------
    def info(self, message: str) -> None:
        """A progress or summary line; silent with ``--quiet``."""
        if not self.quiet:
            self.err.print(message)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.err.print(f"[yellow]warning:[/] {escape(message)}")

    def error(self, exc: BaseException | str, path: Optional[str] = None) -> None:
        """One line naming the file; the traceback only with ``--debug``.

        Counted as a failed input (exit code 1) when a ``path`` is known.
        """
        message = exc if isinstance(exc, str) else error_line(exc)
        file = path or getattr(exc, "path", None)
        if file and not message.startswith(f"{file}:"):
            message = f"{file}: {message}"
        if file:
            self.failures.append((str(file), message))
        self.err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
        if self.debug and isinstance(exc, BaseException):
            self.err.print(
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                markup=False,
                highlight=False,
            )

    # -- tables -------------------------------------------------------------
    def print_table(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        title: Optional[str] = None,
        styles: Optional[Sequence[Optional[str]]] = None,
    ) -> None:
        """A coloured rich table on a terminal; tab-separated text otherwise."""
        rows = [["" if v is None else str(v) for v in row] for row in rows]
        if not self.interactive:  # tab-separated, straight to the file (rich would expand tabs)
            lines = ([f"# {title}"] if title else []) + ["\t".join(columns)]
            lines += ["\t".join(" ".join(v.split()) for v in row) for row in rows]
            self.out.file.write("\n".join(lines) + "\n")
            self.out.file.flush()
            return
        table = Table(title=title, header_style="bold cyan", title_justify="left")
        for i, col in enumerate(columns):
            table.add_column(col, style=(styles[i] if styles and i < len(styles) else None))
        for row in rows:
            table.add_row(*(escape(v) for v in row))
        self.out.print(table)

    def print_json(self, obj: Any) -> None:
        """JSON on stdout, plain (never coloured), dates and pydantic models handled."""
        sys.stdout.write(dumps(obj) + "\n")
        sys.stdout.flush()

    # -- progress -----------------------------------------------------------
    def _shows_progress(self, n_items: int) -> bool:
        return not self.quiet and self.err.is_terminal and n_items >= 2

    @contextlib.contextmanager
    def _bar(self, description: str, total: int) -> Iterator[Any]:
        """A transient rich progress bar on stderr; yields ``advance(n=1)``."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        ) as progress:
            task = progress.add_task(description, total=total)
            yield lambda n=1: progress.advance(task, n)

    def track(self, items: Sequence[T], description: str) -> Iterator[T]:
        """Iterate with a progress bar on stderr when it is a terminal and not ``--quiet``."""
        for batch in self.track_batches(items, description, size=1):
            yield batch[0]

    def track_batches(self, items: Sequence[T], description: str, *, size: int) -> Iterator[list[T]]:
        """``items`` in lists of up to ``size``, the progress bar counting items, not lists."""
        batches = [list(items[i:i + size]) for i in range(0, len(items), size)]
        if not self._shows_progress(len(items)):
            yield from batches
            return
        with self._bar(description, len(items)) as advance:
            for batch in batches:
                yield batch
                advance(len(batch))

    # -- errors and exit ----------------------------------------------------
    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn any exception into one clear line and the right exit code.

        ``UsageError`` → exit 2; anything else → exit 1 (traceback with
        ``--debug``). ``typer.Exit`` passes through untouched.
        """
        from ofsted_mine.errors import OfstedMineError

        try:
            yield
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader (head, less) went away: stop quietly, as Unix tools do
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except UsageError as exc:
            self.error(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except OfstedMineError as exc:
            self.error(exc)
            raise typer.Exit(EXIT_FAILED) from None
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            self.error(exc)
            raise typer.Exit(EXIT_FAILED) from None

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failures else EXIT_OK

    def finish(self) -> None:
        """Exit with 1 when any input failed (after a one-line tally), else 0."""
        if self.failures:
            n = len(self.failures)
            self.info(f"[red]{n} input{'s' if n != 1 else ''} failed[/]; see the errors above.")
        raise typer.Exit(self.exit_code)


# -- helpers ----------------------------------------------------------------
def _silence_stdout() -> None:
    """Point stdout at /dev/null so the exit's final flush cannot fail on the closed pipe."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def error_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line; unexpected errors keep their type name."""
    from ofsted_mine.errors import OfstedMineError

    if isinstance(exc, OfstedMineError):
        text = f"{exc.path}: {exc.message}" if exc.path else exc.message
    elif isinstance(exc, (OSError, ValueError, KeyError, UsageError)):
        text = str(exc) or type(exc).__name__
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split())


def dumps(obj: Any, *, indent: Optional[int] = 2) -> str:
    """JSON text for models, lists of models, dates, paths and frames."""
    from pydantic_core import to_jsonable_python

    def fallback(value: Any) -> Any:
        if hasattr(value, "to_dict") and callable(value.to_dict):
            try:
                return value.to_dict(orient="records")  # a pandas frame
            except TypeError:
                return value.to_dict()
        return str(value)

    data = to_jsonable_python(obj, by_alias=True, fallback=fallback)
    return _json.dumps(data, indent=indent, ensure_ascii=False)


def check_output(path: Path, *, force: bool) -> Path:
    """Refuse to overwrite ``path`` without ``--force`` (usage error); create its folder.

    Called before the work starts, so nobody waits a minute to learn the
    output already exists.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name for --out")
    if path.exists() and not force:
        raise UsageError(f"{path}: already exists; use --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_output(path: Path, content: str | bytes, *, force: bool) -> Path:
    """Write ``content`` to ``path`` (folders created; replaced only with ``force``)."""
    path = check_output(path, force=force)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def export_frame(
    cli: Cli,
    frame: pd.DataFrame,
    fmt: ExportFormat,
    out: Optional[Path],
    *,
    force: bool = False,
) -> Optional[Path]:
    """Write a findings or judgements frame as csv/parquet/json, to ``out`` or stdout.

    List-valued columns (themes) become ``;``-joined strings in CSV, stay
    lists in JSON and Parquet.
    """
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.parquet:
        if out is None:
            raise UsageError("--format parquet needs --out FILE (binary output)")
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageError(
                "--format parquet needs pyarrow: pip install 'ofsted_mine[parquet]'"
            ) from None
        path = check_output(out, force=force)
        frame.to_parquet(path, index=False)
        return path
    if fmt is ExportFormat.csv:
        flat = frame.copy()
        for col in flat.columns:
            if flat[col].map(lambda v: isinstance(v, (list, tuple))).any():
                flat[col] = flat[col].map(
                    lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                )
        text = flat.to_csv(index=False)
    else:  # records; dates as ISO dates (not timestamps), missing values as null
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        text = dumps(records)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return None
    return write_output(out, text, force=force)


def load_documents(
    cli: Cli,
    paths: Sequence[str],
    *,
    classify: bool = False,
    allow_unknown: bool = False,
    backend: str = "auto",
) -> list[Document]:
    """Extract (and optionally classify) every input, one error line per failed file.

    Raises :class:`UsageError` when the arguments name no file at all;
    failed files are recorded on ``cli`` (exit code 1) and skipped.
    """
    docs = extract_files(cli, find_inputs(cli, paths), allow_unknown=allow_unknown, backend=backend)
    if classify and docs:
        docs = classify_documents(cli, docs)
    return docs


def find_inputs(cli: Cli, paths: Sequence[str]) -> list[Path]:
    """The files named by ``paths``; each item matching nothing is an error line.

    Raises :class:`UsageError` when no file at all is found.
    """
    from ofsted_mine.api import expand_inputs

    files, missing = expand_inputs(paths)
    for item in missing:
        cli.error("no such file, folder or matching glob", path=item)
    if not files:
        raise UsageError(
            "no input files found in " + ", ".join(map(str, paths))
            if paths
            else "give at least one file, folder or glob"
        )
    return files


def extract_files(cli: Cli, files: Sequence[Path], *, allow_unknown: bool = False,
                  backend: str = "auto") -> list[Document]:
    """Extract every file with a progress bar; a failed file is one error line and is skipped."""
    from ofsted_mine.extract import extract

    docs: list[Document] = []
    for path in cli.track(files, "Extracting"):
        try:
            docs.extend(extract(path, backend=backend, allow_unknown=allow_unknown))  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
            cli.error(exc, path=str(path))
    return docs


def extract_and_draw_ahead(cli: Cli, files: Sequence[Path], format: str) -> list[Document]:
    """Extract ``files`` for a summary, overlapping the slow starts where a spare core allows.

    A forked child extracts (progress bar and error lines as usual) while
    this process imports the classifier and loads its model; the child
    then draws the timeline chart (:mod:`ofsted_mine.summarise.prefetch`).
    Without a spare core, or if the child fails, it is the plain
    extraction followed by the chart drawn ahead during classification.
    """
    from ofsted_mine.summarise import prefetch

    n_failed = len(cli.failures)
    child = prefetch.extract_ahead(lambda: (extract_files(cli, files), cli.failures[n_failed:]), format)
    if child is not None:
        warm_classifier()
        got = child.produced()
        if got is not None:
            docs, failures = got
            cli.failures.extend(failures)
            return docs
    docs = extract_files(cli, files)
    if docs:
        prefetch.start(docs, format)
    return docs


def warm_classifier() -> None:
    """Import the classifier and load its model now; a problem is reported when classifying."""
    with contextlib.suppress(Exception):
        from ofsted_mine.classify import load_model

        load_model()


def classify_documents(cli: Cli, docs: list[Document]) -> list[Document]:
    """Tag themes and polarity on every document; a failure names the document and goes on.

    Documents go through the classifier in batches (one spaCy and model
    pass per batch is much cheaper than one per document); a batch that
    fails is retried document by document so the error names the culprit.
    """
    try:
        from ofsted_mine.classify import classify_or_keep
    except ImportError as exc:  # the classifier (or its model files) is not available
        cli.warn(f"findings left unclassified: {error_line(exc)}")
        return docs
    out: list[Document] = []
    for batch in cli.track_batches(docs, "Classifying", size=CLASSIFY_BATCH):
        out.extend(classify_or_keep(batch, lambda doc, exc: cli.error(exc, path=doc.source)))
    return out


#: Documents per classifier batch: big enough to share the per-call cost, small
#: enough that the progress bar moves on a folder of reports.
CLASSIFY_BATCH = 16


def validate_themes(themes: Optional[Sequence[str]]) -> Optional[list[str]]:
    """Check theme ids against the codebook; a typo is a usage error with the valid ids."""
    if not themes:
        return None
    from ofsted_mine.codebook import theme_ids

    known = theme_ids()
    bad = [t for t in themes if t not in known]
    if bad:
        from rapidfuzz import process

        hints = []
        for t in bad:
            best = process.extractOne(t, known)
            hints.append(f"{t!r}" + (f" (did you mean {best[0]!r}?)" if best and best[1] > 60 else ""))
        raise UsageError(
            f"unknown theme {', '.join(hints)}; valid themes: {', '.join(known)}"
        )
    return list(dict.fromkeys(themes))


__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "EXIT_CODES_HELP",
    "ExportFormat",
    "Paths",
    "JsonFlag",
    "Out",
    "Quiet",
    "Debug",
    "Force",
    "Format",
    "Authority",
    "Themes",
    "UsageError",
    "Cli",
    "error_line",
    "dumps",
    "check_output",
    "write_output",
    "export_frame",
    "load_documents",
    "find_inputs",
    "extract_files",
    "extract_and_draw_ahead",
    "warm_classifier",
    "classify_documents",
    "validate_themes",
]
