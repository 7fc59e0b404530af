"""``ofsted-mine query``: run SQL against a store.

``--json`` prints ``{"columns": [...], "rows": [[...], ...]}`` so other
tools can read the result without guessing types; otherwise a table.
The database is opened read-only, so a query can run while nothing else
writes and can never change the store.
"""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ofsted_mine.cli.common import EXIT_CODES_HELP, EXIT_OK, Cli, Debug, JsonFlag, Quiet, UsageError


def jsonable(value: Any) -> Any:
    """A DuckDB value as plain JSON: dates as ISO strings, lists and structs kept."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def run_query(db: Path, sql: str) -> tuple[list[str], list[list[Any]]]:
    """Columns and JSON-ready rows of ``sql`` on the store at ``db`` (read-only)."""
    import duckdb

    from ofsted_mine.store import Store

    with Store(db, read_only=True) as store:
        try:
            cur = store.con.execute(sql)
        except duckdb.Error as exc:
            raise UsageError(f"SQL error: {' '.join(str(exc).split())}") from None
        if cur.description is None:
            return [], []
        columns = [d[0] for d in cur.description]
        rows = [[jsonable(v) for v in row] for row in cur.fetchall()]
    return columns, rows


def query(
    sql: Annotated[str, typer.Argument(help="SQL to run, e.g. \"SELECT doc_type, count(*) FROM documents GROUP BY 1\".")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB database made by `ofsted-mine ingest`.")],
    json_: JsonFlag = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Run SQL against a store (tables: documents, findings, theme_tags, judgements, ...)."""
    cli = Cli(json=json_, quiet=quiet, debug=debug)
    with cli.guard():
        if not db.exists():
            raise UsageError(f"{db}: no such database; create it with `ofsted-mine ingest`")
        columns, rows = run_query(db, sql)
        if json_:
            cli.print_json({"columns": columns, "rows": rows})
        elif cli.interactive:
            cli.print_table(columns, [[_cell(v) for v in r] for r in rows])
        else:  # a pipe: tab-separated, written directly (a rich console expands tabs)
            out = ["\t".join(columns)]
            out += ["\t".join(_cell(v).replace("\t", " ").replace("\n", " ") for v in r) for r in rows]
            sys.stdout.write("\n".join(out) + "\n")
    raise typer.Exit(EXIT_OK)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def register(app: typer.Typer) -> None:
    app.command("query", help=inspect.cleandoc(query.__doc__ or "") + "\n\n" + EXIT_CODES_HELP)(query)
