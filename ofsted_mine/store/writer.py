"""Write extraction results into the store, every file whole in one transaction.

Why a file is never split across transactions: a council pack yields
several documents, and a reader must never see half a pack. The batch driver
commits a few files together (:func:`write_files`): a commit costs a
file-system sync and every INSERT a fixed overhead, which one file at a time
made the driver spend about 20 ms of CPU and 50 ms of wall clock per file,
enough to hold back the workers. A group that fails is rolled back and its
files written one by one, so one bad file cannot lose its neighbours.
Rows go in column-wise, one INSERT per table (:func:`_append`): DuckDB's
``executemany`` costs about half a millisecond a row, which for a report
with a few hundred theme tags would rival the time spent parsing it.

The relational view of a file's documents (:func:`file_rows`) is plain
columns of plain values, so a batch worker builds it and ships it instead
of the pydantic documents: cheaper to pickle, and the driver, the one
process every result passes through, never rebuilds or re-validates models.

The ``files`` table remembers every path's SHA-256 and the ofsted_mine
version that read it, so the batch driver can skip unchanged files before
parsing anything (:class:`Planner`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from ofsted_mine.models import Document
from ofsted_mine.store.schema import DOCUMENT_TABLES

COLUMNS: dict[str, list[str]] = {}  # filled lazily from the database on first write


def doc_key(sha256: str, doc_id: str) -> str:
    """The primary key of a document: its file's hash and its own id."""
    return f"{sha256}:{doc_id}"


def _year(doc: Document) -> Optional[int]:
    for d in (doc.inspection_end, doc.inspection_start, doc.published, doc.meeting_date):
        if d is not None:
            return d.year
    return None


def _polarity(item: Any) -> dict[str, Any]:
    p = item.polarity
    return {
        "polarity": p.label if p else None,
        "polarity_score": p.score if p else None,
        "polarity_evidence": list(p.evidence) if p else None,
    }


def _span(item: Any) -> dict[str, Any]:
    s = item.span
    return {"span_start": s.start if s else None, "span_end": s.end if s else None}


def document_rows(doc: Document, path: str) -> dict[str, list[dict[str, Any]]]:
    """Every row ``doc`` contributes, per table (the store's relational view of it)."""
    key = doc_key(doc.sha256, doc.id)
    pages = doc.page_range
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in DOCUMENT_TABLES}
    rows["documents"].append(
        {
            "doc_key": key,
            "sha256": doc.sha256,
            "id": doc.id,
            "path": path,
            "source": doc.source,
            "doc_type": doc.doc_type,
            "is_ofsted": doc.is_ofsted,
            "title": doc.title,
            "local_authority": doc.local_authority,
            "framework": doc.framework,
            "inspection_start": doc.inspection_start,
            "inspection_end": doc.inspection_end,
            "published": doc.published,
            "meeting_date": doc.meeting_date,
            "year": _year(doc),
            "lead_inspector": doc.lead_inspector,
            "inspectors": list(doc.inspectors),
            "addressee": doc.addressee,
            "author": doc.author,
            "visit_number": doc.visit_number,
            "monitored_judgement": doc.monitored_judgement,
            "areas_covered": list(doc.areas_covered),
            "parent": doc.parent,
            "page_first": pages[0] if pages else (1 if doc.page_starts else None),
            "page_last": pages[1] if pages else (len(doc.page_starts) or None),
            "n_pages": (pages[1] - pages[0] + 1) if pages else (len(doc.page_starts) or None),
            "detection_confidence": doc.detection.confidence if doc.detection else None,
            "warnings": list(doc.warnings),
            "n_judgements": len(doc.judgements),
            "n_recommendations": len(doc.recommendations),
            "n_findings": len(doc.findings),
            "text": doc.text,
            # text lives in its own column; the JSON holds everything else
            "document_json": doc.model_dump_json(exclude={"text"}),
        }
    )
    for i, s in enumerate(doc.sections):
        rows["sections"].append(
            {"doc_key": key, "idx": i, "title": s.title, "area": s.area, "grade": s.grade,
             "level": s.level, "page": s.page, **_span(s)}
        )
    for i, j in enumerate(doc.judgements):
        rows["judgements"].append(
            {"doc_key": key, "idx": i, "area": j.area, "grade": j.grade,
             "area_text": j.area_text, "grade_text": j.grade_text, "source": j.source,
             "combined": list(j.combined), "cited_inspection_start": j.cited_inspection_start,
             "cited_inspection_end": j.cited_inspection_end, "page": j.page}
        )
    # a commissioner review's options are stored beside its recommendations (kind='option')
    items = [("recommendation", doc.recommendations), ("option", getattr(doc, "options", []))]
    for kind, recs in items:
        for i, r in enumerate(recs):
            rows["recommendations"].append(
                {"doc_key": key, "kind": kind, "idx": i, "number": r.number, "area": r.area,
                 "text": r.text, "source": r.source,
                 "cited_inspection_start": r.cited_inspection_start,
                 "cited_inspection_end": r.cited_inspection_end, "page": r.page,
                 **_span(r), **_polarity(r)}
            )
            rows["theme_tags"].extend(_tags(key, kind, i, r.themes))
    for i, f in enumerate(doc.findings):
        rows["findings"].append(
            {"doc_key": key, "idx": i, "number": f.number, "text": f.text, "section": f.section,
             "subheading": f.subheading, "area": f.area, "page": f.page, "source": f.source,
             **_span(f), **_polarity(f)}
        )
        rows["theme_tags"].extend(_tags(key, "finding", i, f.themes))
    return rows


def _tags(key: str, kind: str, idx: int, themes: list) -> list[dict[str, Any]]:
    # A theme listed twice on one item would break the primary key; keep the first.
    seen: set[str] = set()
    out = []
    for t in themes:
        if t.theme in seen:
            continue
        seen.add(t.theme)
        out.append({"doc_key": key, "item_kind": kind, "item_idx": idx, "theme": t.theme,
                    "score": t.score, "evidence": list(t.evidence)})
    return out


def _columns(con, table: str) -> list[str]:
    if table not in COLUMNS:
        COLUMNS[table] = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    return COLUMNS[table]


#: One file's rows, column-wise: table -> column -> values (every column the same length).
FileRows = dict[str, dict[str, list[Any]]]


def file_rows(docs: list[Document], path: str) -> FileRows:
    """Every row the documents of one file contribute, column-wise per table.

    The same text twice in one pack (same document key) is stored once.
    """
    batches: dict[str, list[dict[str, Any]]] = {t: [] for t in DOCUMENT_TABLES}
    seen: set[str] = set()
    for doc in docs:
        key = doc_key(doc.sha256, doc.id)
        if key in seen:
            continue
        seen.add(key)
        for table, rows in document_rows(doc, path).items():
            batches[table].extend(rows)
    return {table: _by_column(rows) for table, rows in batches.items()}


def _by_column(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    if not rows:
        return {}
    return {c: [r.get(c) for r in rows] for c in rows[0]}


def _concat(parts: list[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """Column-wise rows of several files as one set of columns (a missing column is NULL)."""
    parts = [p for p in parts if p and len(next(iter(p.values())))]
    if len(parts) == 1:
        return parts[0]
    cols = list(dict.fromkeys(c for p in parts for c in p))
    out: dict[str, list[Any]] = {c: [] for c in cols}
    for p in parts:
        n = len(next(iter(p.values())))
        for c in cols:
            out[c].extend(p.get(c) or [None] * n)
    return out


def _append(con, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of one shape) with ONE statement; see :func:`_append_columns`."""
    if rows:
        _append_columns(con, table, _by_column(rows))


def _append_columns(con, table: str, columns: dict[str, list[Any]]) -> None:
    """Insert column-wise rows with ONE statement: each column is a list parameter, unnested.

    DuckDB converts a Python list parameter in C++, so this costs about a
    hundredth of a millisecond a row, against ~0.5 ms for ``executemany``
    and ~0.1 ms for building and appending a pandas frame.
    """
    cols = [c for c in _columns(con, table) if c in columns]
    if not cols or not columns[cols[0]]:
        return
    select = ", ".join(f"unnest(${c}) AS {c}" for c in cols)
    con.execute(f"INSERT INTO {table} BY NAME SELECT {select}", {c: columns[c] for c in cols})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Plan:
    """What the driver should do with one path, decided from its hash alone."""

    action: str  # "parse" | "unchanged" | "duplicate"
    duplicate_of: Optional[str] = None
    status: Optional[str] = None  # the stored status of an unchanged path


class Planner:
    """Decides, before parsing, whether each path needs reading at all.

    Reads the ``files`` table once, so planning a re-ingest of thousands of
    files costs one query, not two per file. Unchanged means same path, same
    bytes, same ofsted_mine version (a new version may extract more, so it
    re-reads). A file whose bytes are already stored under another path is a
    duplicate: stored once, recorded as an alias.
    """

    def __init__(self, con, version: str, *, retry_failed: bool = False) -> None:
        self.version = version
        self.retry_failed = retry_failed
        self.by_path: dict[str, tuple[str, str, str]] = {}
        self.stored: dict[str, str] = {}  # sha256 -> first path holding it (ingested)
        self.shas: set[str] = set()  # every sha256 in the files table, whatever its status
        rows = con.execute("SELECT path, sha256, status, version FROM files ORDER BY path").fetchall()
        for path, sha, status, ver in rows:
            self.by_path[path] = (sha, status, ver)
            self.shas.add(sha)
            if status == "ingested" and ver == version:
                self.stored.setdefault(sha, path)

    def is_new(self, path: str, sha256: str) -> bool:
        """Neither the path nor the bytes were in the store when the batch began.

        Such a file has nothing to release or replace, so its write can skip
        those look-ups (:func:`write_files` ``fresh``).
        """
        return path not in self.by_path and sha256 not in self.shas

    def plan(self, path: str, sha256: str) -> Plan:
        row = self.by_path.get(path)
        same = row is not None and row[0] == sha256 and row[2] == self.version
        if same and not (self.retry_failed and row[1] == "failed"):
            return Plan("unchanged", status=row[1])
        other = self.stored.get(sha256)
        if other is not None and other != path:
            return Plan("duplicate", other)
        return Plan("parse")


def plan_file(con, path: str, sha256: str, version: str, *, retry_failed: bool = False) -> Plan:
    """:meth:`Planner.plan` for one path (reads the ``files`` table each call)."""
    return Planner(con, version, retry_failed=retry_failed).plan(path, sha256)


def _delete_sha(con, sha256: str) -> None:
    if con.execute("SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1", [sha256]).fetchone() is None:
        return  # the usual case: nothing stored from these bytes yet
    for table in DOCUMENT_TABLES:
        if table == "documents":
            con.execute("DELETE FROM documents WHERE sha256 = ?", [sha256])
        else:
            con.execute(
                f"DELETE FROM {table} WHERE doc_key IN "
                "(SELECT doc_key FROM documents WHERE sha256 = ?)",
                [sha256],
            )


def _release(con, path: str, new_sha: Optional[str]) -> None:
    """Drop what ``path`` held before, unless another path still holds the same bytes.

    When the released path was the primary copy and an alias remains, the
    alias is promoted so the documents stay reachable from a real file.
    """
    row = con.execute("SELECT sha256, status FROM files WHERE path = ?", [path]).fetchone()
    if row is None:
        return
    old_sha, status = row
    con.execute("DELETE FROM files WHERE path = ?", [path])
    if status == "failed":
        con.execute("DELETE FROM errors WHERE path = ?", [path])
    if status != "ingested" or old_sha == new_sha:
        return
    alias = con.execute(
        "SELECT path FROM files WHERE sha256 = ? AND status = 'duplicate' ORDER BY path LIMIT 1",
        [old_sha],
    ).fetchone()
    if alias is None:
        _delete_sha(con, old_sha)
        return
    con.execute(
        "UPDATE files SET status = 'ingested', duplicate_of = NULL WHERE path = ?", [alias[0]]
    )
    con.execute(
        "UPDATE files SET duplicate_of = ? WHERE sha256 = ? AND status = 'duplicate'",
        [alias[0], old_sha],
    )
    con.execute("UPDATE documents SET path = ? WHERE sha256 = ?", [alias[0], old_sha])


def _file_row(path: str, sha256: str, size: int, status: str, version: str, **extra: Any) -> dict:
    return {"path": path, "sha256": sha256, "size": size, "status": status,
            "duplicate_of": extra.get("duplicate_of"), "n_documents": extra.get("n_documents", 0),
            "reason": extra.get("reason"), "version": version, "ingested_at": _now()}


class _Transaction:
    """``with _Transaction(con):`` commits on success and rolls back on any exception."""

    def __init__(self, con) -> None:
        self.con = con

    def __enter__(self):
        self.con.begin()
        return self.con

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.con.commit()
        else:
            self.con.rollback()
        return False


def write_file(con, path: str, sha256: str, size: int, docs: list[Document], version: str) -> None:
    """Store every document of one file, replacing what the path held before, atomically."""
    write_rows(con, path, sha256, size, file_rows(docs, path), version)


def n_documents(rows: FileRows) -> int:
    """How many documents ``rows`` hold (one ``documents`` row each)."""
    return len(rows.get("documents", {}).get("doc_key", ()))


def write_rows(con, path: str, sha256: str, size: int, rows: FileRows, version: str) -> None:
    """Store the rows of one file (:func:`file_rows`), replacing what the path held, atomically."""
    write_files(con, [(path, sha256, size, rows)], version)


def write_files(
    con, files: Sequence[tuple[str, str, int, FileRows]], version: str, *,
    fresh: Container[str] = (),
) -> None:
    """Store several files' rows, ``(path, sha256, size, rows)``, in ONE transaction.

    All or nothing: each path's earlier rows are replaced, and one INSERT per
    table carries every file's rows. Paths in ``fresh`` were not in the store
    (by path or by bytes) when the caller planned the batch, so there is
    nothing of theirs to release or delete first.
    """
    with _Transaction(con):
        for path, sha256, _, _ in files:
            if path not in fresh:
                _release(con, path, sha256)
                _delete_sha(con, sha256)  # same bytes read by an older version
        for table in reversed(DOCUMENT_TABLES):  # documents first
            _append_columns(con, table, _concat([rows.get(table, {}) for *_, rows in files]))
        _append(con, "files", [_file_row(path, sha256, size, "ingested", version,
                                         n_documents=n_documents(rows))
                               for path, sha256, size, rows in files])


def write_duplicate(con, path: str, sha256: str, size: int, of_path: str, version: str) -> None:
    """Record ``path`` as another name for the already-stored ``of_path``."""
    with _Transaction(con):
        _release(con, path, sha256)
        _append(con, "files", [_file_row(path, sha256, size, "duplicate", version,
                                         duplicate_of=of_path)])


def write_failure(
    con, path: str, sha256: Optional[str], size: int, reason: str, message: str, version: str
) -> None:
    """Record a file that could not be ingested; its earlier rows (if any) are dropped."""
    with _Transaction(con):
        _release(con, path, sha256)
        _append(con, "files", [_file_row(path, sha256 or "", size, "failed", version,
                                         reason=reason)])
        _append(con, "errors", [{"path": path, "sha256": sha256, "reason": reason,
                                 "message": message, "recorded_at": _now()}])
