"""``ofsted-mine compare PATH...``: judgement timeline and finding persistence.

A thin layer over :func:`ofsted_mine.compare.compare_all`: extract and
classify the inputs, compare per local authority, print. With documents of
several authorities and no ``--authority`` every authority is compared and
the command says so; ``--json`` then prints a list of comparisons instead of
one object.
"""

from __future__ import annotations

import typer

from ofsted_mine.cli.common import (
    EXIT_CODES_HELP,
    Authority,
    Cli,
    Debug,
    JsonFlag,
    Quiet,
    UsageError,
    load_documents,
)
from ofsted_mine.cli.store_opts import Db, OptionalPaths, check_inputs, comparisons_from_db


def compare(
    paths: OptionalPaths = None,
    db: Db = None,
    json_: JsonFlag = False,
    authority: Authority = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Compare an authority's inspections: grades over time and which findings persisted."""
    cli = Cli(json=json_, quiet=quiet, debug=debug)
    with cli.guard():
        from ofsted_mine.compare import UnknownAuthority, compare_all
        from ofsted_mine.compare import compare as compare_one

        check_inputs(paths, db)
        docs = [] if db is not None else load_documents(cli, paths, classify=True)
        if db is None and not docs:
            raise UsageError("no documents could be read from the inputs")
        if db is not None:  # stored documents; comparisons stored by ingest are reused
            results = comparisons_from_db(db, authority)
        elif authority:
            try:
                results = [compare_one(docs, authority=authority)]
            except UnknownAuthority as exc:
                raise UsageError(str(exc)) from None
        else:
            results = list(compare_all(docs).values())
            if len(results) > 1:
                cli.info(
                    f"documents of {len(results)} local authorities "
                    f"({', '.join(r.local_authority for r in results)}): compared separately; "
                    "use --authority NAME for one"
                )
        if json_:
            payload = [r.to_dict() for r in results]
            cli.print_json(payload[0] if len(payload) == 1 else payload)
        else:
            for r in results:
                cli.out.print(r)  # the comparison's notes (nothing to trace, gaps) are part of it
    cli.finish()


def register(app: typer.Typer) -> None:
    app.command(
        "compare",
        help=(
            "Compare an authority's inspections: the judgement timeline, then each earlier finding "
            "and recommendation traced to the next graded inspection (persisted, resolved, regressed, "
            "sustained, not_reported; later weaknesses with no earlier match are new).\n\n" + EXIT_CODES_HELP
        ),
    )(compare)
