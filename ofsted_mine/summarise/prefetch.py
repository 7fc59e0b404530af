"""Draw the timeline charts in a second process while the findings are classified.

Why: a cold ``ofsted-mine summarise`` spends most of its time importing and
running the classifier, on one core. Importing matplotlib (about half a
second) and drawing need only the judgement timeline, which is known as
soon as the documents are extracted. So on a machine with a spare core a
forked child draws the charts while the parent classifies, and the parent
takes them when it renders.

Output never depends on whether this ran: a chart is taken only when its
inputs (points, series, title, description, id prefix) equal those the
renderer computes from the final facts; otherwise the parent draws it as
usual. It runs only where forking is cheap and safe: ``os.fork`` exists,
more than one CPU is usable, the process has a single thread (forking a
threaded process — a notebook kernel, a live progress bar — is not safe)
and matplotlib is not imported yet (then drawing is cheap anyway).
``OFSTED_MINE_NO_PREFETCH=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.models import Document

#: At most this many charts are drawn ahead (a batch of many authorities
#: would keep the parent waiting for all of them at its first chart).
MAX_JOBS = 4


class _Child:
    """One forked process drawing ``jobs``; results arrive through a pipe."""

    def __init__(self, jobs: list[tuple]) -> None:
        self.jobs = jobs
        self.results: Optional[list[Any]] = None
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (coverage does not follow forks)
            os.close(read_fd)
            _child_main(jobs, write_fd)
        os.close(write_fd)
        self.pid: Optional[int] = pid
        self.fd: Optional[int] = read_fd

    def collect(self) -> Optional[list[Any]]:
        """The drawn charts (waiting for the child), or None if it failed."""
        if self.fd is not None:
            with os.fdopen(self.fd, "rb") as f:
                data = f.read()
            self.fd = None
            self._reap()
            with contextlib.suppress(Exception):
                self.results = pickle.loads(data) if data else None
        return self.results

    def discard(self) -> None:
        """Close the pipe (a child still writing gets EPIPE and leaves) and reap it."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _child_main(jobs: list[tuple], write_fd: int) -> None:  # pragma: no cover - runs in the child
    code = 1
    try:
        from ofsted_mine.summarise.render import draw_job

        data = pickle.dumps([draw_job(job) for job in jobs])
        with os.fdopen(write_fd, "wb") as f:
            f.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent draws the chart itself
        pass
    finally:
        os._exit(code)


_children: list[_Child] = []


def usable(*, force: bool = False) -> bool:
    """Whether drawing ahead in a forked child is possible and worth it here."""
    if not hasattr(os, "fork") or os.environ.get("OFSTED_MINE_NO_PREFETCH"):
        return False
    if force:
        return True
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus > 1 and threading.active_count() == 1 and "matplotlib.figure" not in sys.modules


def start(docs: Sequence[Document], format: str = "html", *, force: bool = False) -> bool:
    """Start drawing the charts of ``docs`` (any authorities) in a child; True if started."""
    if not usable(force=force):
        return False
    try:
        from ofsted_mine.compare.api import timeline_only
        from ofsted_mine.summarise.facts import chart_facts
        from ofsted_mine.summarise.render import chart_job

        jobs = []
        for comparison in timeline_only(docs):
            facts = chart_facts(comparison)
            if facts.timeline:
                jobs.append(chart_job(facts, "png" if format == "md" else "svg"))
        if not jobs:
            return False
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        _children.append(_Child(jobs[:MAX_JOBS]))
        return True
    except Exception:  # noqa: BLE001 - drawing ahead is an optimisation only
        return False


def take(job: tuple) -> Any:
    """The chart drawn ahead for exactly ``job``, or None (the caller draws it)."""
    for child in _children:
        for i, candidate in enumerate(child.jobs):
            if candidate == job:
                results = child.collect()
                if results is not None and i < len(results):
                    return results[i]
                return None
    return None


def discard_all() -> None:
    """Forget every chart drawn ahead and reap the children (end of a summary)."""
    while _children:
        _children.pop().discard()


__all__ = ["start", "take", "discard_all", "usable", "MAX_JOBS"]
