"""Comparison links: the comparator's traces, stored so they can be queried in SQL.

A comparison depends on every document of an authority, so it is stored
with the sorted list of ``doc_key``s it was computed from; when that list
no longer matches the documents in the store (a file changed, a new
report arrived) the stored comparison is stale and is recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Optional

from ofsted_mine.store.schema import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.compare.models import Comparison
    from ofsted_mine.store.query import Store


def _doc_keys(store: Store, authority: str) -> list[str]:
    rows = store.con.execute(
        "SELECT doc_key FROM documents WHERE list_contains(?, local_authority) ORDER BY doc_key",
        [store.spellings(authority)],
    ).fetchall()
    return [r[0] for r in rows]


def _canonical(store: Store, authority: str) -> Optional[str]:
    """The name the comparison is stored under: the authority's commonest spelling."""
    from ofsted_mine.store.query import authority_key

    key = authority_key(authority)
    return next((n for n in store.authorities() if authority_key(n) == key), None)


def link_rows(authority: str, cmp: Comparison) -> list[dict[str, Any]]:
    """One row per (earlier item → later item) link; a trace without links gives one row."""
    rows: list[dict[str, Any]] = []
    traces = [("finding", t, t.from_.number) for t in cmp.findings]
    traces += [("recommendation", t, t.from_.index) for t in cmp.recommendations]
    for kind, trace, number in traces:
        base = {
            "authority": authority,
            "item_kind": kind,
            "from_inspection": trace.from_.inspection,
            "from_number": number,
            "from_document_id": trace.from_.document_id,
            "status": trace.status,
            "next_inspection": trace.next_inspection,
        }
        if not trace.to:
            rows.append({**base, "to_inspection": None, "to_kind": None, "to_number": None,
                         "score": None})
        for link in trace.to:
            rows.append({**base, "to_inspection": link.inspection, "to_kind": link.kind,
                         "to_number": link.number, "score": link.score})
    for new in cmp.new:
        rows.append({"authority": authority, "item_kind": "new", "from_inspection": new.inspection,
                     "from_number": new.number, "from_document_id": None, "status": "new",
                     "next_inspection": None, "to_inspection": None, "to_kind": None,
                     "to_number": None, "score": None})
    return rows


def write_comparison(store: Store, authority: str, doc_keys: list[str], cmp: Comparison) -> None:
    """Replace the stored comparison of ``authority`` in one transaction."""
    from ofsted_mine.store.writer import _append, _Transaction

    with _Transaction(store.con) as con:
        con.execute("DELETE FROM comparisons WHERE authority = ?", [authority])
        con.execute("DELETE FROM comparison_links WHERE authority = ?", [authority])
        _append(con, "comparisons", [{
            "authority": authority, "doc_keys": doc_keys, "comparison_json": cmp.to_json(indent=None),
            "computed_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        }])
        _append(con, "comparison_links", link_rows(authority, cmp))


def _compute(store: Store, authority: str, **options: Any) -> Comparison:
    from ofsted_mine.compare import compare

    docs = store.load(authority=authority)
    return compare(docs, **options)


def comparison_for(store: Store, authority: str, **options: Any) -> Comparison:
    """The comparison of ``authority``: stored if fresh, else computed (and stored if writable)."""
    from ofsted_mine.compare.models import Comparison

    name = _canonical(store, authority)
    if name is None:
        known = ", ".join(store.authorities()[:20]) or "none"
        raise StoreError(store.path, f"no documents for authority {authority!r} (stored: {known})")
    keys = _doc_keys(store, name)
    if not options:
        row = store.con.execute(
            "SELECT doc_keys, comparison_json FROM comparisons WHERE authority = ?", [name]
        ).fetchone()
        if row is not None and list(row[0]) == keys:
            return Comparison.model_validate_json(row[1])
    cmp = _compute(store, name, **options)
    if not options and not _read_only(store):
        write_comparison(store, name, keys, cmp)
    return cmp


def update_comparisons(store: Store, authorities: Optional[Iterable[str]] = None) -> list[str]:
    """Recompute stale comparisons (all authorities by default); returns names written."""
    names = list(authorities) if authorities is not None else store.authorities()
    written: list[str] = []
    for given in names:
        name = _canonical(store, given)
        if name is None:
            continue
        keys = _doc_keys(store, name)
        row = store.con.execute(
            "SELECT doc_keys FROM comparisons WHERE authority = ?", [name]
        ).fetchone()
        if row is not None and list(row[0]) == keys:
            continue
        write_comparison(store, name, keys, _compute(store, name))
        written.append(name)
    return written


def _read_only(store: Store) -> bool:
    try:
        return bool(store.con.execute("SELECT current_setting('access_mode')").fetchone()[0]
                    == "read_only")
    except Exception:  # noqa: BLE001 - setting name differs across DuckDB versions
        return False
