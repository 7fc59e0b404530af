"""The typer app behind ``ofsted-mine``: the root options and every subcommand.

Each subcommand lives in its own module in this package and registers
itself through a ``register(app)`` function, so issues that add commands
touch only their own module. Exit codes: 0 success, 1 some input failed,
2 usage error. Kept apart from ``ofsted_mine.cli`` so the entry point can
answer ``--version`` without building the app.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="ofsted-mine",
    help=(
        "Extract, classify, compare and summarise Ofsted children's-services documents.\n\n"
        "Exit codes: 0 all inputs processed; 1 one or more inputs failed (each is "
        "reported and the rest carry on); 2 usage error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from ofsted_mine import __version__

        typer.echo(f"ofsted-mine {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Extract, classify, compare and summarise Ofsted children's-services documents."""


#: Subcommand modules, in --help order. A missing module is skipped.
COMMANDS = ["extract", "classify", "compare", "summarise", "train", "evaluate", "ingest", "query", "demo"]

for _name in COMMANDS:
    try:
        _mod = importlib.import_module(f"ofsted_mine.cli.{_name}_cmd")
    except ModuleNotFoundError as exc:  # a command not built yet
        if exc.name != f"ofsted_mine.cli.{_name}_cmd":
            raise
        continue
    _mod.register(app)

