"""``Store``: open a corpus database and ask it questions.

Reads come back as pandas DataFrames with the same column names as the
schema, so a notebook can move between ``Store.findings()`` and raw
``Store.sql()`` without renaming. Documents are rebuilt from the stored
JSON (plus the ``text`` column) and re-validated by pydantic, so
``Store.compare`` gives exactly what ``ofsted_mine.compare`` gives on freshly
extracted documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import duckdb

from ofsted_mine.models import Document
from ofsted_mine.store.schema import TABLES, StoreError, check_version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ofsted_mine.batch import IngestReport

#: Columns of ``documents`` left out of ``Store.documents()`` (large; use ``.sql``).
_BULKY = ("text", "document_json")


class Store:
    """An ofsted_mine corpus database (DuckDB file).

    ``Store(path)`` creates the file and schema when new; an existing file of
    another schema version raises :class:`StoreError`. ``read_only=True``
    lets several readers share a file (DuckDB allows one writer process).
    """

    def __init__(self, path: Union[str, Path], *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(self.path, "no such database file")
        if not read_only and self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot open as a DuckDB database: {exc}") from exc
        try:
            if read_only:
                _check_read_only(self.con, self.path)
            else:
                check_version(self.con, self.path)
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle ------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # -- writing ----------------------------------------------------------------
    def ingest(self, paths: Union[str, Path, Sequence[Union[str, Path]]], **options: Any) -> IngestReport:
        """Extract, classify and store ``paths``; see :func:`ofsted_mine.batch.ingest`."""
        from ofsted_mine.batch import ingest

        return ingest(paths, self, **options)

    # -- reading ----------------------------------------------------------------
    def sql(self, query: str, params: Optional[Sequence[Any]] = None) -> pd.DataFrame:
        """Run any SQL against the store and return a DataFrame."""
        return self.con.execute(query, params or []).df()

    def tables(self) -> list[str]:
        return list(TABLES)

    def counts(self) -> dict[str, int]:
        """Row count of every table (handy for checks and summaries)."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def documents(self, *, authority: Optional[str] = None, doc_type: Optional[str] = None) -> pd.DataFrame:
        """One row per stored document (without its text and JSON)."""
        cols = [c for c in _columns(self.con, "documents") if c not in _BULKY]
        where, params = _filters(authority=self._names(authority), doc_type=doc_type)
        return self.sql(
            f"SELECT {', '.join(cols)} FROM documents d {where} "
            "ORDER BY local_authority NULLS LAST, year NULLS LAST, doc_type, id",
            params,
        )

    def findings(
        self,
        *,
        theme: Optional[str] = None,
        polarity: Optional[str] = None,
        authority: Optional[str] = None,
        year: Optional[int] = None,
        doc_type: Optional[str] = None,
    ) -> pd.DataFrame:
        """One row per finding with its document's metadata, themes and polarity.

        ``theme`` keeps findings tagged with that codebook id; ``authority``
        matches every spelling of the authority (see :meth:`spellings`); ``year`` is the
        document's year (inspection end, else start, published or meeting date).
        """
        where, params = _filters(authority=self._names(authority), doc_type=doc_type, year=year)
        clauses = [where[len("WHERE "):]] if where else []
        if polarity is not None:
            clauses.append("f.polarity = ?")
            params.append(polarity)
        if theme is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM theme_tags t WHERE t.doc_key = f.doc_key "
                "AND t.item_kind = 'finding' AND t.item_idx = f.idx AND t.theme = ?)"
            )
            params.append(theme)
        cond = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self.sql(
            f"""
            SELECT d.id AS document_id, d.doc_type, d.local_authority, d.framework,
                   d.inspection_start, d.inspection_end, d.year, d.source,
                   f.number, f.section, f.subheading, f.area, f.page, f.source AS finding_source,
                   f.polarity, f.polarity_score,
                   coalesce((SELECT list(t.theme ORDER BY t.score DESC, t.theme)
                             FROM theme_tags t WHERE t.doc_key = f.doc_key
                             AND t.item_kind = 'finding' AND t.item_idx = f.idx), []) AS themes,
                   f.text, f.span_start, f.span_end, f.doc_key
            FROM findings f JOIN documents d USING (doc_key)
            {cond}
            ORDER BY d.local_authority NULLS LAST, d.year NULLS LAST, d.id, f.idx
            """,
            params,
        )

    def judgements(self, *, authority: Optional[str] = None, source: Optional[str] = None) -> pd.DataFrame:
        """One row per judgement (stated and cited) with its document's metadata."""
        where, params = _filters(authority=self._names(authority))
        if source is not None:
            where = (where + " AND " if where else "WHERE ") + "j.source = ?"
            params.append(source)
        return self.sql(
            f"""
            SELECT d.id AS document_id, d.doc_type, d.local_authority, d.framework,
                   d.inspection_start, d.inspection_end, d.year,
                   j.area, j.grade, j.source AS judgement_source, j.combined,
                   j.cited_inspection_start, j.cited_inspection_end, j.area_text,
                   j.grade_text, j.page, j.doc_key
            FROM judgements j JOIN documents d USING (doc_key)
            {where}
            ORDER BY d.local_authority NULLS LAST, d.year NULLS LAST, d.id, j.idx
            """,
            params,
        )

    def errors(self) -> pd.DataFrame:
        """Every file that could not be ingested: path, sha256, reason, message."""
        return self.sql("SELECT path, sha256, reason, message, recorded_at FROM errors ORDER BY path")

    def files(self) -> pd.DataFrame:
        """Every path seen: ingested, duplicate (with ``duplicate_of``) or failed."""
        return self.sql("SELECT * FROM files ORDER BY path")

    def spellings(self, authority: str) -> list[str]:
        """Every stored ``local_authority`` spelling of ``authority``.

        Matching uses the comparator's key, so "Kirklees", "KIRKLEES" and
        "Kirklees Council" are one authority here as in ``om.compare``.
        """
        key = authority_key(authority)
        rows = self.con.execute(
            "SELECT DISTINCT local_authority FROM documents WHERE local_authority IS NOT NULL"
        ).fetchall()
        return sorted(r[0] for r in rows if authority_key(r[0]) == key)

    def _names(self, authority: Optional[str]) -> Optional[list[str]]:
        return None if authority is None else self.spellings(authority)

    def authorities(self) -> list[str]:
        """One name per local authority with stored documents (its commonest spelling)."""
        rows = self.con.execute(
            "SELECT local_authority, count(*) FROM documents WHERE local_authority IS NOT NULL "
            "GROUP BY 1"
        ).fetchall()
        groups: dict[str, list[tuple[int, str]]] = {}
        for name, n in rows:
            groups.setdefault(authority_key(name) or name, []).append((n, name))
        return sorted(min(g, key=lambda t: (-t[0], len(t[1]), t[1]))[1] for g in groups.values())

    def load(
        self, *, authority: Optional[str] = None, doc_type: Optional[str] = None
    ) -> list[Document]:
        """Rebuild stored documents as validated :class:`Document` objects.

        A document embedded in several files (the same letter in two packs)
        is returned once.
        """
        where, params = _filters(authority=self._names(authority), doc_type=doc_type)
        rows = self.con.execute(
            f"SELECT document_json, text FROM documents d {where} "
            "ORDER BY year NULLS LAST, inspection_end NULLS LAST, path, doc_key",
            params,
        ).fetchall()
        return _dedupe(_rebuild(j, t) for j, t in rows)

    def document(self, doc_id: str) -> Optional[Document]:
        """The stored document with id ``doc_id`` (first copy), or ``None``."""
        row = self.con.execute(
            "SELECT document_json, text FROM documents WHERE id = ? ORDER BY doc_key LIMIT 1",
            [doc_id],
        ).fetchone()
        return _rebuild(*row) if row else None

    def compare(self, authority: str, **options: Any):
        """Run the comparator over every stored document of ``authority``.

        Uses the stored comparison when the authority's documents have not
        changed since it was computed; otherwise computes and stores it
        (unless the store is read-only).
        """
        from ofsted_mine.store.links import comparison_for

        return comparison_for(self, authority, **options)

    def update_comparisons(self, authorities: Optional[Iterable[str]] = None) -> list[str]:
        """(Re)compute and store the comparison of each authority; returns those written."""
        from ofsted_mine.store.links import update_comparisons

        return update_comparisons(self, authorities)


def _check_read_only(con, path: str) -> None:
    existing = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "meta" not in existing:
        raise StoreError(path, "not an ofsted_mine store (no meta table)")
    from ofsted_mine.store.schema import SCHEMA_VERSION

    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if not row or row[0] != str(SCHEMA_VERSION):
        raise StoreError(
            path,
            f"store schema version {row[0] if row else 'none'} but this ofsted_mine reads "
            f"version {SCHEMA_VERSION}; re-ingest into a new database file",
        )


def _columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def authority_key(name: Optional[str]) -> Optional[str]:
    """The comparator's grouping key ("Kirklees Council" → "kirklees"), so the store
    groups spellings exactly as :func:`ofsted_mine.compare.compare` does."""
    if not name:
        return None
    try:
        from ofsted_mine.compare.authority import authority_key as key
    except ImportError:  # pragma: no cover - comparator absent
        return " ".join(name.lower().split())
    return key(name)


def _filters(
    *, authority: Optional[Sequence[str]] = None, doc_type: Optional[str] = None,
    year: Optional[int] = None,
) -> tuple[str, list[Any]]:
    """WHERE clause over ``documents d``; ``authority`` is the list of stored spellings."""
    clauses: list[str] = []
    params: list[Any] = []
    if authority is not None:
        clauses.append("list_contains(?, d.local_authority)")
        params.append(list(authority))
    if doc_type is not None:
        clauses.append("d.doc_type = ?")
        params.append(doc_type)
    if year is not None:
        clauses.append("d.year = ?")
        params.append(int(year))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _rebuild(document_json: str, text: str) -> Document:
    data = json.loads(document_json)
    data["text"] = text
    return Document.model_validate(data)


def _dedupe(docs: Iterable[Document]) -> list[Document]:
    out: list[Document] = []
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        out.append(doc)
    return out
