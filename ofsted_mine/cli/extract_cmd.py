"""``ofsted-mine extract``: files → documents, shown, printed as JSON or saved.

Thin over :func:`ofsted_mine.extract.extract`. Every input is tried; a
failure is one line naming the file and the batch carries on (``--strict``
stops at the first). JSON on stdout leaves out each document's full
``text`` and ``page_starts`` unless ``--full`` (they are bulky and only
needed to resolve spans); files written with ``--out`` always carry them,
so a saved document is complete and loads back with
``Document.model_validate_json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    Cli,
    Debug,
    JsonFlag,
    Paths,
    Quiet,
    UsageError,
)

#: Fields left out of ``--json`` output unless ``--full``.
BULKY_FIELDS = frozenset({"text", "page_starts"})

if TYPE_CHECKING:  # pragma: no cover - pydantic models load only when a command runs
    from ofsted_mine.models import Document


class BackendChoice(str, Enum):
    auto = "auto"
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


def document_json(doc: Document, *, full: bool) -> dict[str, Any]:
    """``doc`` as JSON-ready data with the schema's field names."""
    return doc.model_dump(mode="json", exclude=None if full else set(BULKY_FIELDS))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader (or a crash) never sees a half-written file: the rename is
    atomic on one file system, and the temporary file is removed on error.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it normal rights
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_name(source: Path, used: set[str]) -> str:
    """``<stem>.json``, or ``<stem>-<n>.json`` when two inputs share a stem."""
    name = f"{source.stem}.json"
    n = 2
    while name in used:
        name = f"{source.stem}-{n}.json"
        n += 1
    used.add(name)
    return name


def plain_summary(doc: Document) -> str:
    """The summary as plain lines, for pipes and files (no colour, no box drawing)."""
    from ofsted_mine._display import summary_fields

    title = doc.title or doc.local_authority or doc.source
    lines = [title]
    lines += [f"  {label}: {value}" for label, value in summary_fields(doc)]
    for j in doc.judgements:
        cited = " (cited)" if j.source == "cited" else ""
        lines.append(f"  judgement: {j.area}{cited} = {j.grade}  [{j.area_text}: {j.grade_text}]")
    lines += [f"  warning: {w}" for w in doc.warnings]
    return "\n".join(lines)


def extract(
    paths: Paths,
    json_: JsonFlag = False,
    out: Annotated[
        Optional[Path],
        typer.Option(
            "--out",
            "-o",
            help='Folder to write one <input name>.json per input ({"documents": [...]}, '
            "with full text); created if missing; written atomically.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first input that fails.")
    ] = False,
    backend: Annotated[
        BackendChoice,
        typer.Option(
            "--backend",
            help="PDF text layer: pdfium (fast), pdfplumber, or auto (pdfium, pdfplumber "
            "if pdfium cannot open the file).",
            case_sensitive=False,
        ),
    ] = BackendChoice.auto,
    allow_unknown: Annotated[
        bool,
        typer.Option(
            "--allow-unknown",
            help="Keep documents of unrecognised type (as doc_type 'unknown') instead of failing.",
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Include each document's text and page_starts in --json."),
    ] = False,
    only: Annotated[
        Optional[str],
        typer.Option(
            "--only",
            help="'ofsted': keep only Ofsted reports and letters (e.g. from a council pack); "
            "a file with none fails with 'no Ofsted document found'.",
        ),
    ] = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Extract documents (reports, letters, reviews, council packs) from PDF or text files."""
    from ofsted_mine.api import expand_inputs
    from ofsted_mine.extract import extract as extract_file

    cli = Cli(json=json_, quiet=quiet, debug=debug)
    docs: list[Document] = []
    with cli.guard():
        if only not in (None, "ofsted"):
            raise UsageError(f"--only takes 'ofsted', not {only!r}")
        files, missing = expand_inputs(paths)
        for item in missing:
            cli.error("no such file, folder or matching glob", path=item)
            if strict:
                raise typer.Exit(EXIT_FAILED)
        if not files:
            if missing:
                raise typer.Exit(EXIT_FAILED)
            raise UsageError("give at least one file, folder or glob")
        if out is not None:
            if out.exists() and not out.is_dir():
                raise UsageError(f"{out}: --out must be a folder, and this is a file")
            out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        parsed = 0
        for path in cli.track(files, "Extracting"):
            try:
                found = extract_file(
                    path,
                    backend=backend.value,
                    allow_unknown=allow_unknown,
                    only_ofsted=only == "ofsted",
                )
            except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
                cli.error(exc, path=str(path))
                if strict:
                    raise typer.Exit(EXIT_FAILED) from None
                continue
            if out is not None:
                payload = {"documents": [document_json(d, full=True) for d in found]}
                write_atomic(
                    out / output_name(Path(path), used),
                    json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                )
            docs.extend(found)
            if not json_ and not quiet:
                for doc in found:
                    if cli.interactive:
                        cli.out.print(doc)
                        cli.out.print()
                    else:
                        sys.stdout.write(plain_summary(doc) + "\n\n")
            parsed += 1
        if json_:
            cli.print_json({"documents": [document_json(d, full=full) for d in docs]})
        cli.info(f"{len(docs)} document(s) from {parsed} of {len(files)} file(s)")
    cli.finish()


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        help=(
            "Extract documents from PDF or text files: metadata, judgements, "
            "recommendations and numbered findings.\n\n"
            'Prints a summary per document; --json prints {"documents": [...]} on stdout '
            "(without text/page_starts unless --full); --out DIR saves one complete JSON "
            "file per input.\n\n" + EXIT_CODES_HELP
        ),
    )(extract)
