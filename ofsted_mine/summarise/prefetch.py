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
threaded process — a notebook kernel, a live progress bar — is not safe),
matplotlib is not imported yet (then drawing is cheap anyway) and the
machine is not already busy (see :func:`usable`; ``OFSTED_MINE_PREFETCH``
overrides).

The command line goes one step further (:func:`extract_ahead`): the child
also extracts the documents and hands them back through a pipe (pickling
them costs milliseconds), so the parent imports the classifier and loads
its model in the meantime; then the child draws the charts.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.models import Document

#: At most this many charts are drawn ahead (a batch of many authorities
#: would keep the parent waiting for all of them at its first chart).
MAX_JOBS = 4


class _Child:
    """One forked process drawing ``jobs``; results arrive through a pipe.

    With ``produce``, the child first runs it (extraction) and sends back
    what it returns, ``(documents, extra)``, with the chart jobs of those
    documents; then draws them.
    """

    def __init__(self, jobs: list[tuple], *, produce: Optional[Callable[[], tuple[list, Any]]] = None,
                 format: str = "html") -> None:
        self.jobs = jobs
        self.results: Optional[list[Any]] = None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        read_fd, write_fd = os.pipe()
        docs_read, docs_write = os.pipe() if produce is not None else (None, None)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (coverage does not follow forks)
            os.close(read_fd)
            if docs_read is not None:
                os.close(docs_read)
            _child_main(jobs, write_fd, produce, docs_write, format)
        os.close(write_fd)
        if docs_write is not None:
            os.close(docs_write)
        self.pid: Optional[int] = pid
        self.fd: Optional[int] = read_fd
        self.docs_fd: Optional[int] = docs_read

    def produced(self) -> Optional[tuple[list, Any]]:
        """What ``produce`` returned in the child (waiting for it), or None if it failed."""
        if self.docs_fd is None:
            return None
        with os.fdopen(self.docs_fd, "rb") as f:
            data = f.read()
        self.docs_fd = None
        with contextlib.suppress(Exception):
            value, jobs = pickle.loads(data)
            self.jobs = jobs
            return value
        self.discard()
        return None

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
        """Close the pipes (a child still writing gets EPIPE and leaves) and reap it."""
        for name in ("docs_fd", "fd"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _child_main(jobs: list[tuple], write_fd: int, produce: Optional[Callable[[], tuple[list, Any]]],
                docs_fd: Optional[int], format: str) -> None:  # pragma: no cover - runs in the child
    code = 1
    writer = None
    try:
        if produce is not None:
            value = produce()
            try:
                jobs = _jobs(value[0], format)
            except Exception:  # noqa: BLE001 - no chart ahead, but the documents still go back
                jobs = []
            # The parent reads the documents only once its classifier is loaded; a pipe holds
            # 64 KB, so a thread writes them and this one goes on to draw meanwhile.
            writer = threading.Thread(target=_write, args=(docs_fd, pickle.dumps((value, jobs))))
            writer.start()
        from ofsted_mine.summarise.render import draw_job

        _write(write_fd, pickle.dumps([draw_job(job) for job in jobs]))
        if writer is not None:
            writer.join()
        code = 0
    except BaseException:  # noqa: BLE001 - the parent extracts / draws itself
        pass
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _write(fd: int, data: bytes) -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(OSError), os.fdopen(fd, "wb") as f:
        f.write(data)


def _jobs(docs: Sequence[Document], format: str) -> list[tuple]:
    """Chart jobs for the authorities in ``docs`` (at most ``MAX_JOBS``)."""
    from ofsted_mine.compare.api import timeline_only
    from ofsted_mine.summarise.facts import chart_facts
    from ofsted_mine.summarise.render import chart_job

    jobs = []
    for comparison in timeline_only(docs):
        facts = chart_facts(comparison)
        if facts.timeline:
            jobs.append(chart_job(facts, "png" if format == "md" else "svg"))
    return jobs[:MAX_JOBS]


_children: list[_Child] = []


def usable(*, force: bool = False) -> bool:
    """Whether working ahead in a forked child is possible and worth it here.

    ``OFSTED_MINE_PREFETCH=0`` turns it off and ``=1`` on (where forking
    is safe: ``os.fork`` and a single thread). By default, on Linux, it
    needs a core to spare: more than one usable CPU and a one-minute load
    average below their number less a half (on a busy machine the second
    process only competes with the first).
    """
    if not hasattr(os, "fork"):
        return False
    if force:  # tests
        return True
    setting = os.environ.get("OFSTED_MINE_PREFETCH", "auto").strip().lower()
    if setting in ("0", "no", "off", "false"):
        return False
    if threading.active_count() != 1:  # never fork a threaded process
        return False
    if setting in ("1", "yes", "on", "true"):
        return True
    if "matplotlib.figure" in sys.modules or not sys.platform.startswith("linux"):
        return False  # elsewhere fork is riskier (macOS system frameworks): only when asked
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return cpus > 1 and load < cpus - 0.5


def start(docs: Sequence[Document], format: str = "html", *, force: bool = False) -> bool:
    """Start drawing the charts of ``docs`` (any authorities) in a child; True if started."""
    if not usable(force=force):
        return False
    try:
        jobs = _jobs(docs, format)
        if not jobs:
            return False
        _children.append(_Child(jobs))
        return True
    except Exception:  # noqa: BLE001 - drawing ahead is an optimisation only
        return False


def extract_ahead(produce: Callable[[], tuple[list, Any]], format: str = "html", *,
                  force: bool = False) -> Optional[_Child]:
    """Run ``produce`` (extraction, returning ``(documents, extra)``) in a child that then draws the charts.

    Returns the child, whose :meth:`_Child.produced` gives ``produce``'s
    value (None if the child failed: the caller extracts itself), or None
    when not worth it: no fork, one CPU, threads, or the classifier already
    imported (then there is nothing to overlap the extraction with).
    """
    if not usable(force=force) or (not force and "ofsted_mine.classify" in sys.modules):
        return None
    try:
        _import_shared()
        child = _Child([], produce=produce, format=format)
    except Exception:  # noqa: BLE001 - e.g. fork refused: the caller extracts itself
        return None
    _children.append(child)
    return child


def _import_shared() -> None:
    """Import before forking what both processes need (numpy, the comparator, the renderer).

    Imported after the fork, each process would pay for it: about a quarter
    of a second of CPU spent twice.
    """
    import numpy  # noqa: F401 - the classifier's and matplotlib's

    import ofsted_mine.compare.api  # noqa: F401
    import ofsted_mine.summarise.facts  # noqa: F401
    import ofsted_mine.summarise.render  # noqa: F401


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


__all__ = ["start", "extract_ahead", "take", "discard_all", "usable", "MAX_JOBS"]
