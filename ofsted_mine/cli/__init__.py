"""The ``ofsted-mine`` command: a thin typer app over the library API.

Each subcommand lives in its own module here and registers itself through a
``register(app)`` function (see :mod:`._app`), so issues that add commands
touch only their own module. Exit codes: 0 success, 1 some input failed,
2 usage error.

Start-up is kept cheap on purpose: the typer app (and rich) load only when
a command needs them, ``--version`` answers without either, and the heavy
libraries (spaCy, scikit-learn, matplotlib) are imported inside the
commands that use them.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import Any


def __getattr__(name: str) -> Any:
    # `from ofsted_mine.cli import app` (tests, other tools) builds the app on first use.
    if name in ("app", "COMMANDS"):
        from ofsted_mine.cli import _app

        return getattr(_app, name)
    raise AttributeError(f"module 'ofsted_mine.cli' has no attribute {name!r}")


def _exit_code(code: object) -> int:
    """``SystemExit.code`` as ``sys.exit`` would turn it into a status (messages to stderr)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _fast_exit(code: int) -> None:
    """Leave without tearing the interpreter down, once output is flushed.

    Freeing spaCy's, scikit-learn's and matplotlib's module state at exit
    costs about half a second of CPU after the work is done. ``atexit``
    handlers still run (logging, coverage, temporary folders). When a DuckDB
    store was opened the normal exit is kept, so its connection is closed
    and checkpointed by its own finaliser.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # reader gone / stream closed
            stream.flush()
    if "duckdb" in sys.modules or os.environ.get("OFSTED_MINE_SLOW_EXIT"):
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)


#: Cyclic-GC thresholds for a command-line run (the default is 700, 10, 10).
#: A run allocates mostly long-lived objects (modules, the model, documents),
#: which the default thresholds re-scan about 440 times in a corpus summary:
#: 0.3 s of CPU, a tenth of the job. Fewer, larger young collections still
#: free cycles, for a third of that.
GC_THRESHOLDS = (20_000, 20, 20)


def main() -> None:
    """Console-script entry point."""
    gc.set_threshold(*GC_THRESHOLDS)
    if sys.argv[1:] == ["--version"]:  # answered without loading typer, rich or the models
        from ofsted_mine import __version__

        print(f"ofsted-mine {__version__}")
        _fast_exit(0)
        return
    from ofsted_mine.cli._app import app

    try:
        app()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    _fast_exit(code)
