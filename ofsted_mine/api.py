"""The notebook API: load many files at once and get tidy DataFrames.

``load`` is what a researcher types first: files, folders and globs in,
documents out, with a progress bar (rich renders it in Jupyter and in
terminals) and a warning per file that failed instead of an exception that
throws away the other ninety-nine. ``findings_frame`` and
``judgements_frame`` flatten the schema into one row per finding or
judgement, the shape pandas, duckdb and plotting libraries want.
"""

from __future__ import annotations

import glob
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ofsted_mine.models import Document

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PathInput = Union[str, Path]

#: Suffixes picked up when a folder is given (explicitly named files are always read).
FOLDER_SUFFIXES = frozenset({".pdf", ".txt", ".text"})


class LoadWarning(UserWarning):
    """A file could not be loaded (the batch carried on)."""


@dataclass(frozen=True)
class LoadError:
    """One file that failed: its path, a short reason id and the message."""

    path: str
    reason: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Documents(list):
    """A list of :class:`Document` that also remembers which files failed.

    It is a plain ``list`` in every other way, so ``docs[0]``, ``len(docs)``
    and ``om.compare(docs)`` work as usual; ``docs.errors`` lists the
    failures and the notebook shows a compact table.
    """

    def __init__(self, docs: Iterable[Document] = (), errors: Iterable[LoadError] = ()) -> None:
        super().__init__(docs)
        self.errors: list[LoadError] = list(errors)

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in notebooks
        from ofsted_mine._display_html import documents_html

        return documents_html(self, self.errors)


def expand_inputs(paths: Union[PathInput, Sequence[PathInput]]) -> tuple[list[Path], list[str]]:
    """Files named by ``paths`` (files, folders, globs), and the items that matched nothing.

    Folders are searched recursively for PDF and text files (``.md`` and
    ``.json`` are skipped there: they are READMEs and manifests, not
    reports). The result is sorted and free of duplicates so runs are
    repeatable.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    missing: list[str] = []
    for item in paths:
        p = Path(item).expanduser()
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in FOLDER_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif glob.has_magic(str(item)):
            matched = sorted(Path(m) for m in glob.glob(str(p), recursive=True))
            matched = [m for m in matched if m.is_file()]
            if matched:
                files.extend(matched)
            else:
                missing.append(str(item))
        else:
            missing.append(str(item))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def load(
    paths: Union[PathInput, Sequence[PathInput]],
    *,
    classify: bool = True,
    progress: bool = True,
    allow_unknown: bool = False,
    backend: str = "auto",
) -> Documents:
    """Extract (and by default classify) every document in ``paths``.

    ``paths`` is a file, a folder, a glob (``"reports/*.pdf"``) or a list of
    them. A council pack yields several documents. A file that fails is
    reported with a :class:`LoadWarning` and listed in ``.errors`` of the
    result; the others are still loaded. With ``classify=True`` every
    finding is tagged with themes and polarity; if the classifier cannot
    run, a warning says why and the documents come back untagged.
    """
    from ofsted_mine.errors import OfstedMineError
    from ofsted_mine.extract import extract

    files, missing = expand_inputs(paths)
    errors = [LoadError(m, "not_found", "no such file, folder or matching glob") for m in missing]
    docs: list[Document] = []
    steps = len(files) + (len(files) if classify else 0)
    with _progress(progress and steps > 0, steps) as advance:
        for path in files:
            advance(f"Extracting {path.name}")
            try:
                docs.extend(extract(path, backend=backend, allow_unknown=allow_unknown))  # type: ignore[arg-type]
            except OfstedMineError as exc:
                errors.append(LoadError(str(path), exc.reason, exc.message))
            except Exception as exc:  # noqa: BLE001 - a parser bug must not sink the batch
                errors.append(LoadError(str(path), "error", f"{type(exc).__name__}: {exc}"))
        if classify and docs:
            docs = _classify_all(docs, errors, advance, len(files))
    for err in errors:
        warnings.warn(str(err), LoadWarning, stacklevel=2)
    return Documents(docs, errors)


#: Documents per classifier batch (one spaCy and model pass each; see ``_classify_all``).
CLASSIFY_BATCH = 16


def _classify_all(docs: list[Document], errors: list[LoadError], advance, n_files: int) -> list[Document]:
    """Classify the documents in batches; the classifier's own failure becomes one warning.

    A batch shares the per-call cost of the pipeline (much cheaper than one
    call per document, with equal results); a batch that fails is redone
    document by document so the warning names the document.
    """
    try:
        from ofsted_mine.classify import classify_or_keep
    except Exception as exc:  # noqa: BLE001 - e.g. model files missing
        errors.append(LoadError("<classifier>", "model", f"documents left unclassified: {exc}"))
        return docs

    def failed(doc: Document, exc: Exception) -> None:
        errors.append(LoadError(doc.source, "classify", f"not classified: {exc}"))

    out: list[Document] = []
    per_file = max(1, len(docs) // max(1, n_files))
    for start in range(0, len(docs), CLASSIFY_BATCH):
        batch = docs[start:start + CLASSIFY_BATCH]
        for i, doc in enumerate(batch, start):
            if i % per_file == 0:
                advance(f"Classifying {Path(doc.source).name}")
        out.extend(classify_or_keep(batch, failed))
    return out


class _progress:
    """A progress bar for notebooks and terminals, or a no-op.

    Used as ``with _progress(on, total) as advance: advance("label")``;
    each call advances one step and shows what is being worked on. In
    Jupyter an HTML ``<progress>`` element is updated in place through an
    IPython display handle (rich's own notebook bar needs ipywidgets, which
    is not a dependency); in a terminal, rich's bar on stderr.
    """

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total
        self.done = 0
        self._started = False
        self._rich = None
        self._task = None
        self._handle = None

    def __enter__(self):
        if not self.enabled:
            return lambda label=None: None
        if _in_notebook():
            from IPython.display import HTML, display

            self._html = HTML
            self._handle = display(self._notebook_bar("Loading"), display_id=True)
        else:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._rich = Progress(
                TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._rich.start()
            self._task = self._rich.add_task("Loading", total=self.total)
        return self._advance

    def _notebook_bar(self, label: str):
        import html

        return self._html(
            f"<div style='font:12px system-ui,sans-serif'><progress value='{self.done}' "
            f"max='{self.total}' style='width:16em;vertical-align:middle'></progress> "
            f"{self.done}/{self.total} {html.escape(label)}</div>"
        )

    def _advance(self, label: Optional[str] = None) -> None:
        if self._started:
            self.done = min(self.total, self.done + 1)
        self._started = True
        if self._handle is not None:
            self._handle.update(self._notebook_bar(label or ""))
        elif self._rich is not None:
            self._rich.update(self._task, completed=self.done, description=(label or "")[:40])

    def __exit__(self, *exc) -> None:
        self.done = self.total
        if self._handle is not None:
            self._handle.update(self._notebook_bar("done"))
        elif self._rich is not None:
            self._rich.stop()


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where a terminal progress bar would not animate)."""
    import sys

    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


# -- inspections ----------------------------------------------------------
def authority_key(name: Optional[str]) -> Optional[str]:
    """A comparable key for an authority name ("Kirklees Council" → "kirklees").

    The comparator's key, so frames, comparisons and summaries group the
    same documents together.
    """
    from ofsted_mine.compare.authority import authority_key as _key

    return _key(name)


def _inspection_dates(doc: Document) -> list[tuple[Optional[str], object]]:
    """(authority key, end date) of every inspection a document states or cites."""
    la = authority_key(doc.local_authority)
    out: list[tuple[Optional[str], object]] = []
    if doc.inspection_end:
        out.append((la, doc.inspection_end))
    for j in doc.judgements:
        if j.source == "cited" and j.cited_inspection_end:
            out.append((la, j.cited_inspection_end))
    for r in doc.recommendations:
        if r.source == "cited" and r.cited_inspection_end:
            out.append((la, r.cited_inspection_end))
    return out


def inspection_keys(docs: Iterable[Document]) -> dict[tuple[Optional[str], object], str]:
    """Map (authority, inspection end date) → key: the end year, or ``YYYY-MM`` on a clash.

    Same convention as the comparator's inspection keys, so frames and
    comparisons join on the ``inspection`` column.
    """
    ends: dict[Optional[str], set] = {}
    for doc in docs:
        for la, end in _inspection_dates(doc):
            ends.setdefault(la, set()).add(end)
    keys: dict[tuple[Optional[str], object], str] = {}
    for la, dates in ends.items():
        years: dict[int, int] = {}
        for d in dates:
            years[d.year] = years.get(d.year, 0) + 1  # type: ignore[attr-defined]
        for d in dates:
            clash = years[d.year] > 1  # type: ignore[attr-defined]
            keys[(la, d)] = f"{d:%Y-%m}" if clash else f"{d:%Y}"
    return keys


# -- frames ---------------------------------------------------------------
FINDING_COLUMNS = [
    "document_id",
    "source",
    "doc_type",
    "local_authority",
    "inspection",
    "inspection_end",
    "number",
    "section",
    "subheading",
    "area",
    "themes",
    "polarity",
    "polarity_score",
    "finding_source",
    "text",
    "page",
]

JUDGEMENT_COLUMNS = [
    "document_id",
    "source",
    "doc_type",
    "local_authority",
    "inspection",
    "inspection_start",
    "inspection_end",
    "area",
    "grade",
    "grade_rank",
    "area_text",
    "grade_text",
    "judgement_source",
    "combined",
    "page",
]


def findings_frame(docs: Iterable[Document]) -> pd.DataFrame:
    """One row per finding: document, inspection, number, section, area, themes, polarity, text.

    ``themes`` is a list of theme ids (best score first); ``inspection`` is
    the inspection key the document reports on (``None`` for council
    papers and reviews, whose findings are their own).
    """
    import pandas as pd

    docs = list(docs)
    keys = inspection_keys(docs)
    rows = []
    for doc in docs:
        la = authority_key(doc.local_authority)
        key = keys.get((la, doc.inspection_end)) if doc.inspection_end else None
        for f in doc.findings:
            themes = [t.theme for t in sorted(f.themes, key=lambda t: -t.score)]
            rows.append(
                {
                    "document_id": doc.id,
                    "source": doc.source,
                    "doc_type": doc.doc_type,
                    "local_authority": doc.local_authority,
                    "inspection": key,
                    "inspection_end": doc.inspection_end,
                    "number": f.number,
                    "section": f.section,
                    "subheading": f.subheading,
                    "area": f.area,
                    "themes": themes,
                    "polarity": f.polarity.label if f.polarity else None,
                    "polarity_score": f.polarity.score if f.polarity else None,
                    "finding_source": f.source,
                    "text": f.text,
                    "page": f.page,
                }
            )
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return frame.astype({"number": "Int64", "page": "Int64", "polarity_score": "Float64"})


def judgements_frame(docs: Iterable[Document]) -> pd.DataFrame:
    """One row per graded judgement, stated or cited, with its inspection.

    A cited judgement (a commissioner review quoting the 2016 inspection)
    carries the cited inspection's dates and key, not the review's.
    """
    import pandas as pd

    from ofsted_mine.codebook import grade_rank

    docs = list(docs)
    keys = inspection_keys(docs)
    rows = []
    for doc in docs:
        la = authority_key(doc.local_authority)
        for j in doc.judgements:
            if j.source == "cited":
                start, end = j.cited_inspection_start, j.cited_inspection_end
            else:
                start, end = doc.inspection_start, doc.inspection_end
            try:
                rank = grade_rank(j.grade)
            except ValueError:
                rank = None
            rows.append(
                {
                    "document_id": doc.id,
                    "source": doc.source,
                    "doc_type": doc.doc_type,
                    "local_authority": doc.local_authority,
                    "inspection": keys.get((la, end)) if end else None,
                    "inspection_start": start,
                    "inspection_end": end,
                    "area": j.area,
                    "grade": j.grade,
                    "grade_rank": rank,
                    "area_text": j.area_text,
                    "grade_text": j.grade_text,
                    "judgement_source": j.source,
                    "combined": list(j.combined),
                    "page": j.page,
                }
            )
    frame = pd.DataFrame(rows, columns=JUDGEMENT_COLUMNS)
    return frame.astype({"grade_rank": "Int64", "page": "Int64"})


__all__ = [
    "load",
    "findings_frame",
    "judgements_frame",
    "expand_inputs",
    "inspection_keys",
    "authority_key",
    "Documents",
    "LoadError",
    "LoadWarning",
]
