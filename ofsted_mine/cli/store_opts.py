"""``--db`` for commands that otherwise read files (compare, summarise).

Kept here so those commands need only a few lines each: the option types,
and helpers that turn ``--db FILE [--authority NAME]`` into documents or
comparisons read from a store (opened read-only, so a query never changes it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ofsted_mine.cli.common import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.compare.models import Comparison
    from ofsted_mine.models import Document
    from ofsted_mine.store import Store

#: PATH... made optional for commands that can read ``--db`` instead.
OptionalPaths = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="PDF or text files, folders (searched recursively for .pdf/.txt) or glob patterns "
        "(or use --db).",
        show_default=False,
    ),
]
Db = Annotated[
    Optional[Path],
    typer.Option("--db", help="Read documents from this store (made by `ofsted-mine ingest`) "
                 "instead of files."),
]


def check_inputs(paths: Optional[list[str]], db: Optional[Path]) -> None:
    """Exactly one source of documents: files or ``--db``."""
    if db is not None and paths:
        raise UsageError("give files or --db FILE, not both")
    if db is None and not paths:
        raise UsageError("give at least one file, folder or glob, or --db FILE")
    if db is not None and not Path(db).exists():
        raise UsageError(f"{db}: no such database; create it with `ofsted-mine ingest`")


def _open(db: Path) -> Store:
    from ofsted_mine.store import Store

    return Store(db, read_only=True)


def _authorities(store: Store, authority: Optional[str]) -> list[str]:
    if authority is None:
        names = store.authorities()
        if not names:
            raise UsageError(f"{store.path}: the store holds no document with a local authority")
        return names
    if not store.spellings(authority):
        known = ", ".join(store.authorities()[:20]) or "none"
        raise UsageError(f"no documents for authority {authority!r} in {store.path} (stored: {known})")
    return [authority]


def comparisons_from_db(db: Path, authority: Optional[str]) -> list[Comparison]:
    """The comparison of ``authority`` (default: every authority) from the store."""
    with _open(db) as store:
        return [store.compare(name) for name in _authorities(store, authority)]


def documents_from_db(db: Path, authority: Optional[str]) -> list[Document]:
    """Stored documents of ``authority`` (default: all), rebuilt and validated."""
    with _open(db) as store:
        names = _authorities(store, authority)
        if authority is None:
            return store.load()
        return [d for name in names for d in store.load(authority=name)]
