"""Batch ingestion: many files in, a store filled in parallel, a report out.

The driver (this process) owns the database: it hashes every file, skips
those already stored unchanged *before anything is parsed*, hands the rest
to workers, and writes their results as they arrive, a few files per
transaction (a file is never split across two). Workers only extract,
classify and lay out rows; they never touch the database, which is why the
same driver works for both engines:

* ``local``: a :class:`~concurrent.futures.ProcessPoolExecutor` of ``jobs``
  processes on this machine;
* ``dask``: a ``dask.distributed`` cluster at ``scheduler`` (an optional
  extra, imported only when asked for).

The classifier model is loaded once per worker process (pool initializer /
Dask worker plugin), never per document. A file that fails is recorded in
the ``errors`` table with its reason and the batch carries on.

What keeps the driver from becoming the serial part of a parallel batch:
workers turn their documents into the store's rows themselves
(:func:`ofsted_mine.store.writer.file_rows`) and send plain columns, not
pydantic models, so the driver only hashes, plans and inserts; files are
handed out largest first so the batch does not end on one worker reading a
long pack alone; workers keep numeric libraries to one thread each (two
workers on two cores must not start four BLAS threads). Every result
carries its worker's CPU time and wall-clock span, so a benchmark can say
where the time went (``IngestReport.timing``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from ofsted_mine.errors import ModelError, OfstedMineError
from ofsted_mine.models import Document

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.store import Store
    from ofsted_mine.store.writer import FileRows

PathInput = Union[str, Path]

#: Files in a folder that are never inputs: notes, manifests, label data, our own databases.
SKIP_SUFFIXES = frozenset(
    {".md", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".duckdb", ".wal", ".tmp"}
)


# -- what a worker sends back ----------------------------------------------------
@dataclass
class FileResult:
    """One file's outcome, computed on a worker and written by the driver.

    ``rows`` is the store's view of the file's documents, built on the worker
    (plain lists of plain values pickle several times faster than the
    documents, and the driver has nothing left to do but insert them).
    """

    path: str
    rows: Optional[FileRows] = None
    n_documents: int = 0
    authorities: list[str] = field(default_factory=list)  # local authorities of its documents
    reason: Optional[str] = None
    message: Optional[str] = None
    worker: Optional[int] = None  # pid of the process that did the work
    model_loads: int = 0  # how many times that process had loaded the model so far
    cpu: float = 0.0  # CPU seconds the worker spent on this file
    started: float = 0.0  # wall clock (time.time()) on the worker when it began and ended
    finished: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason is None


# -- worker side -----------------------------------------------------------------
#: classifies all documents of one file in one batch, with the model this process loaded
_CLASSIFY: Optional[Callable[[list[Document]], list[Document]]] = None
_MODEL_ERROR: Optional[str] = None
_MODEL_LOADS = 0


def init_worker(classify: bool) -> None:
    """Load the classifier once in this process (pool initializer / Dask plugin).

    ``process_file`` then reuses the loaded model for every document. A
    failure is remembered, not raised: a raising initializer breaks the
    whole pool with an unhelpful message, whereas the driver can stop the
    batch with the real reason when the first result reports it.
    """
    global _CLASSIFY, _MODEL_ERROR, _MODEL_LOADS
    if not classify or _CLASSIFY is not None:
        return
    try:
        import importlib

        mod = importlib.import_module("ofsted_mine.classify")  # the package attr is the function
        model = mod.load_model()
        _MODEL_LOADS += 1

        def run(docs: list[Document]) -> list[Document]:
            return mod.classify_documents(docs, model=model)

        _CLASSIFY = run
        _MODEL_ERROR = None
    except Exception as exc:  # noqa: BLE001 - reported through every result, see above
        _MODEL_ERROR = f"{type(exc).__name__}: {exc}"


def init_pool_worker(classify: bool) -> None:
    """Pool initializer: one thread per numeric library, the model loaded, the heap frozen.

    A worker is one core's worth of work; BLAS/OpenMP pools of their own
    would oversubscribe the cores the other workers use. ``gc.freeze`` after
    the model load keeps the collector from walking (and, in a forked child,
    copying) everything this process inherited or loaded once.
    """
    import gc

    _limit_threads()
    init_worker(classify)
    gc.freeze()


def _limit_threads() -> Any:
    """Cap BLAS/OpenMP thread pools of this process at one; the limiter (to restore) or None."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - comes with scikit-learn
        return None
    return threadpool_limits(limits=1)


def process_file(path: str, classify: bool = True) -> FileResult:
    """Extract (and classify) every document in ``path`` into store rows; never raises.

    Known input problems come back with their ``reason`` (``empty``,
    ``unreadable_pdf``, ``unrecognised`` ...); a parser bug comes back as
    ``internal_error`` with the exception type, so one bad file cannot stop
    a batch of thousands.
    """
    started, cpu = time.time(), time.process_time()
    result = _process_file(path, classify)
    result.cpu = time.process_time() - cpu
    result.started, result.finished = started, time.time()
    return result


def _process_file(path: str, classify: bool) -> FileResult:
    pid = os.getpid()
    if classify and _CLASSIFY is None:
        init_worker(classify)
        if _MODEL_ERROR is not None:
            return FileResult(path, reason=ModelError.reason, message=_MODEL_ERROR, worker=pid)
    try:
        from ofsted_mine.extract import extract

        docs = extract(path)
        if not docs:
            return FileResult(path, reason="no_documents",
                              message="recognised, but no document could be extracted",
                              worker=pid, model_loads=_MODEL_LOADS)
        if classify and _CLASSIFY is not None:
            docs = _CLASSIFY(docs)
    except OfstedMineError as exc:
        return FileResult(path, reason=exc.reason, message=exc.message, worker=pid,
                          model_loads=_MODEL_LOADS)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not sink the batch
        where = _where(exc)
        return FileResult(path, reason="internal_error",
                          message=f"{type(exc).__name__}: {exc}{where}", worker=pid,
                          model_loads=_MODEL_LOADS)
    return _to_rows(path, docs, pid)


def _to_rows(path: str, docs: list[Document], pid: int) -> FileResult:
    """The successful result: the documents as store rows (a failure here is a write failure)."""
    from ofsted_mine.store import writer

    try:
        rows = writer.file_rows(docs, path)
    except Exception as exc:  # noqa: BLE001 - the driver would have failed to write it too
        return FileResult(path, reason="store_write", message=f"{type(exc).__name__}: {exc}",
                          worker=pid, model_loads=_MODEL_LOADS)
    authorities = sorted({d.local_authority for d in docs if d.local_authority})
    return FileResult(path, rows=rows, n_documents=writer.n_documents(rows),
                      authorities=authorities, worker=pid, model_loads=_MODEL_LOADS)


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return ""
    code = last.tb_frame.f_code
    return f" (at {Path(code.co_filename).name}:{last.tb_lineno} in {code.co_name})"


# -- engines ---------------------------------------------------------------------
def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_inline(paths: Sequence[str], classify: bool) -> Iterator[FileResult]:
    """``jobs=1``: work in this process, in order (one core, no pickling, plain tracebacks).

    Numeric libraries are held to one thread meanwhile, as in a pool worker,
    so ``--jobs 1`` really is one core.
    """
    init_worker(classify)
    limiter = _limit_threads()
    try:
        for path in paths:
            yield process_file(path, classify)
    finally:
        if limiter is not None:
            limiter.restore_original_limits()


def run_local(paths: Sequence[str], jobs: int, classify: bool) -> Iterator[FileResult]:
    """Results in completion order from a pool of ``jobs`` processes.

    ``jobs=1`` runs in this process instead (:func:`run_inline`), so ``--jobs N``
    means N cores busy in both cases and the batch speed-up is an honest one.

    Every task is submitted (and so every worker started) before this
    returns, i.e. before the caller starts a progress-bar thread: forking
    a process that runs other threads is asking for deadlocks.

    A worker that dies (a crash in native PDF code) breaks the pool; the
    files still pending are then retried one by one in fresh single-worker
    pools, so only the file that really kills a worker is recorded as
    ``worker_crashed``.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if jobs <= 1:
        return run_inline(paths, classify)
    if multiprocessing.get_start_method() == "fork":
        # import the parsers and scikit-learn and load the model once, here: forked
        # workers inherit them instead of each spending a second of CPU on the same
        import ofsted_mine.extract  # noqa: F401

        init_worker(classify)
    # frozen while the workers are forked: their collectors then never walk (and
    # copy-on-write) the driver's heap; the driver's own is unfrozen right after
    # (left alone if the caller froze objects of its own)
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=init_pool_worker,
                                   initargs=(classify,))
        futures = {pool.submit(process_file, p, classify): p for p in paths}
    finally:
        if freeze:
            gc.unfreeze()
    return _collect_local(pool, futures, list(paths), classify)


def _collect_local(pool, futures: dict, paths: list[str], classify: bool) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    done: set[str] = set()
    try:
        for fut in as_completed(list(futures)):
            result = fut.result()
            # drop our reference: a future keeps its result (documents) alive otherwise,
            # and a batch of thousands would hold every document in memory
            done.add(futures.pop(fut))
            del fut
            yield result
        return
    except BrokenProcessPool:
        pending = [p for p in paths if p not in done]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for path in pending:
        with ProcessPoolExecutor(max_workers=1, initializer=init_pool_worker,
                                 initargs=(classify,)) as single:
            try:
                yield single.submit(process_file, path, classify).result()
            except BrokenProcessPool:
                yield FileResult(path, reason="worker_crashed",
                                 message="the worker process died while reading this file")


def run_dask(
    paths: Sequence[str], classify: bool, scheduler: Optional[str], jobs: int
) -> Iterator[FileResult]:
    """Results in completion order from a Dask cluster at ``scheduler``.

    Without a scheduler address a ``LocalCluster`` of ``jobs`` worker
    processes is started (and closed) here. Workers need ofsted_mine
    installed and the input paths readable at the same location.
    """
    try:
        from distributed import Client, LocalCluster, WorkerPlugin, as_completed
    except ImportError:
        raise ImportError(
            "the dask engine needs dask.distributed: pip install 'ofsted_mine[dask]'"
        ) from None

    class _LoadModel(WorkerPlugin):
        """Loads the classifier once when each worker starts (or joins later)."""

        def __init__(self, classify: bool) -> None:
            self.classify = classify

        def setup(self, worker) -> None:
            init_worker(self.classify)

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        client.register_plugin(_LoadModel(classify), name="ofsted-mine-model")
        futures = client.map(process_file, list(paths), classify=classify, pure=False)
        for fut in as_completed(futures):
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost for good
                result = FileResult(_future_path(fut, futures, paths), reason="worker_crashed",
                                    message=f"{type(exc).__name__}: {exc}")
            fut.release()
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _future_path(fut: Any, futures: list, paths: Sequence[str]) -> str:
    for f, p in zip(futures, paths, strict=False):
        if f.key == fut.key:
            return p
    return "<unknown>"


# -- the driver ------------------------------------------------------------------
@dataclass
class IngestReport:
    """What a batch did: counts for the summary, and every failure with its reason."""

    files: int = 0
    ingested: int = 0
    documents: int = 0
    unchanged: int = 0
    unchanged_failed: int = 0  # of the unchanged, those that had failed before
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same as)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, reason, message)
    comparisons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = "local"
    jobs: int = 1
    model_loads: dict[int, int] = field(default_factory=dict)  # worker pid -> loads
    timing: BatchTiming = field(default_factory=lambda: BatchTiming())

    @property
    def failed_by_reason(self) -> dict[str, int]:
        return dict(Counter(r for _, r, _ in self.failed).most_common())

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "ingested": self.ingested, "documents": self.documents,
            "unchanged": self.unchanged, "unchanged_failed": self.unchanged_failed,
            "duplicates": [list(d) for d in self.duplicates],
            "failed": [{"path": p, "reason": r, "message": m} for p, r, m in self.failed],
            "failed_by_reason": self.failed_by_reason, "comparisons": self.comparisons,
            "warnings": self.warnings, "seconds": round(self.seconds, 3),
            "engine": self.engine, "jobs": self.jobs, "timing": self.timing.to_dict(),
        }


@dataclass
class BatchTiming:
    """Where a batch's time went: the driver's own work against the workers'.

    Wall-clock times are ``time.time()`` so that spans measured in worker
    processes line up with the driver's. ``spans`` holds each parsed file's
    (start, end, worker pid, worker CPU seconds); from them :meth:`busy` tells
    how much of the batch had every worker busy, which is what a parallel
    speed-up needs, and :meth:`per_worker` how evenly the work was shared.
    """

    start: float = 0.0  # the batch began (driver)
    parse_start: float = 0.0  # hashing and planning done, files handed out
    end: float = 0.0  # last write committed (before comparisons)
    plan_cpu: float = 0.0  # driver CPU: listing, hashing, planning
    write_cpu: float = 0.0  # driver CPU (main thread): writing results, tail_cpu included
    tail_cpu: float = 0.0  # of which after the last result arrived (the last group's write)
    task_cpu: float = 0.0  # worker CPU inside process_file, summed over files
    spans: list[tuple[float, float, int, float]] = field(default_factory=list)

    def busy(self, workers: int) -> dict[str, float]:
        """Seconds of the parse phase with all ``workers`` busy, fewer busy, and none busy."""
        events = sorted([(s[0], 1) for s in self.spans] + [(s[1], -1) for s in self.spans])
        out = {"all": 0.0, "some": 0.0, "none": 0.0}
        running, last = 0, self.parse_start
        for t, step in events + [(self.end, 0)]:
            t = min(max(t, self.parse_start), self.end)
            key = "all" if running >= workers else ("some" if running else "none")
            out[key] += max(0.0, t - last)
            running, last = running + step, max(last, t)
        return out

    def per_worker(self) -> dict[int, tuple[int, float]]:
        """Worker pid -> (files parsed, CPU seconds spent on them)."""
        out: dict[int, tuple[int, float]] = {}
        for _, _, pid, cpu in self.spans:
            n, total = out.get(pid, (0, 0.0))
            out[pid] = (n + 1, total + cpu)
        return out

    def to_dict(self) -> dict[str, float]:
        return {"plan_seconds": round(self.parse_start - self.start, 3),
                "parse_seconds": round(self.end - self.parse_start, 3),
                "plan_cpu": round(self.plan_cpu, 3), "write_cpu": round(self.write_cpu, 3),
                "tail_cpu": round(self.tail_cpu, 3), "task_cpu": round(self.task_cpu, 3)}


def expand(paths: Union[PathInput, Sequence[PathInput]]) -> tuple[list[Path], list[str]]:
    """Every input file named by ``paths`` (files, folders, globs), sorted, and what matched nothing.

    Unlike :func:`ofsted_mine.api.expand_inputs` a folder contributes *every*
    file (images, spreadsheets, empty files ...) except hidden ones and notes
    or databases (``SKIP_SUFFIXES``), so a stray file is reported in
    ``errors`` instead of silently ignored.
    """
    from ofsted_mine.api import expand_inputs

    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    rest: list[PathInput] = []
    for item in paths:
        p = Path(item).expanduser()
        if p.is_dir():
            files.extend(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() not in SKIP_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            rest.append(item)
    more, missing = expand_inputs(rest) if rest else ([], [])
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in sorted(files + more):
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(key)
    return unique, missing


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in blocks (the skip test runs before any parsing)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def ingest(
    paths: Union[PathInput, Sequence[PathInput]],
    store: Union[Store, PathInput],
    *,
    jobs: Optional[int] = None,
    engine: str = "local",
    scheduler: Optional[str] = None,
    classify: bool = True,
    compare: bool = True,
    retry_failed: bool = False,
    progress: Optional[bool] = None,
    console: Any = None,
) -> IngestReport:
    """Extract, classify and store every file in ``paths``; return what happened.

    Files already stored with the same bytes (and by the same ofsted_mine
    version) are skipped before parsing; a file with the bytes of another
    stored file is recorded as its duplicate, not stored twice; a failed file
    is recorded in ``errors`` and skipped on later runs unless
    ``retry_failed``. With ``compare`` the comparison of every authority
    whose documents changed is recomputed and stored.
    """
    from ofsted_mine import __version__ as version
    from ofsted_mine.store import Store, writer

    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    own = not isinstance(store, Store)
    st: Store = Store(store) if own else store  # type: ignore[arg-type, assignment]
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    report = IngestReport(engine=engine, jobs=jobs)
    timing = report.timing
    t0, timing.start, cpu0 = time.perf_counter(), time.time(), time.thread_time()
    # The driver's writes are small; DuckDB's own thread pool would only compete
    # with the workers for the cores (and costs ~20% more CPU per write).
    threads = st.con.execute("SELECT current_setting('threads')").fetchone()[0]
    st.con.execute("SET threads = 1")
    try:
        files, missing = expand(paths)
        report.files = len(files) + len(missing)
        for item in missing:
            report.failed.append((item, "not_found", "no such file, folder or matching glob"))

        # 1. hash and plan every file before any parsing
        to_parse: dict[str, tuple[str, int]] = {}  # path -> (sha, size)
        fresh: set[str] = set()  # paths whose path and bytes the store has never seen
        first_of: dict[str, str] = {}  # sha -> path parsed in this batch
        dup_waiting: dict[str, list[tuple[str, int]]] = {}  # primary path -> [(path, size)]
        planner = writer.Planner(st.con, version, retry_failed=retry_failed)
        for f in files:
            path = str(f)
            try:
                sha, size = file_sha256(f)
            except OSError as exc:
                report.failed.append((path, "unreadable_file", str(exc)))
                writer.write_failure(st.con, path, None, 0, "unreadable_file", str(exc), version)
                continue
            plan = planner.plan(path, sha)
            if plan.action == "unchanged":
                report.unchanged += 1
                report.unchanged_failed += plan.status == "failed"
            elif plan.action == "duplicate":
                writer.write_duplicate(st.con, path, sha, size, plan.duplicate_of, version)
                report.duplicates.append((path, plan.duplicate_of))
            elif sha in first_of:
                dup_waiting.setdefault(first_of[sha], []).append((path, size))
            else:
                first_of[sha] = path
                to_parse[path] = (sha, size)
                if planner.is_new(path, sha):
                    fresh.add(path)

        # 2. parse on workers, write here as results arrive
        touched: set[str] = set()
        timing.parse_start, timing.plan_cpu = time.time(), time.thread_time() - cpu0
        if to_parse:
            # largest first: the batch should not end with one worker on a long pack
            order = sorted(to_parse, key=lambda p: -to_parse[p][1])
            results = (run_local(order, min(jobs, len(order)), classify)
                       if engine == "local"
                       else run_dask(order, classify, scheduler, jobs))
            sink = _ResultWriter(st, version, to_parse, dup_waiting, fresh, report, touched)
            with _progress_bar(progress, len(to_parse), console) as advance:
                try:
                    for result in results:
                        cpu = time.thread_time()
                        sink.add(result)
                        timing.write_cpu += time.thread_time() - cpu
                        timing.task_cpu += result.cpu
                        if result.finished:
                            timing.spans.append((result.started, result.finished,
                                                 result.worker or 0, result.cpu))
                        advance(Path(result.path).name)
                finally:  # also on Ctrl-C: what was parsed is kept
                    cpu = time.thread_time()
                    sink.flush()
                    timing.tail_cpu = time.thread_time() - cpu
                    timing.write_cpu += timing.tail_cpu
        report.seconds, timing.end = time.perf_counter() - t0, time.time()

        # 3. comparisons of the authorities whose documents changed
        if compare and touched:
            _update_comparisons(st, touched, report)
        report.seconds = time.perf_counter() - t0
        return report
    finally:
        st.con.execute(f"SET threads = {int(threads)}")
        if own:
            st.close()


class _ResultWriter:
    """The driver's half of a batch: each result written, a few files per transaction.

    A commit syncs the database file and every INSERT has a fixed cost, so
    one file per transaction cost the driver ~20 ms of CPU and ~50 ms of wall
    clock per file, a third process competing with the workers for the cores
    and, with fast workers, the bottleneck. Successful results are held until
    ``MAX_FILES`` are waiting or the oldest has waited ``MAX_SECONDS``, then
    written together (:func:`ofsted_mine.store.writer.write_files`); a crash
    loses at most that group, which the next run parses again. Failures are
    written at once (they are rare and small).
    """

    MAX_FILES = 16
    MAX_SECONDS = 1.0

    def __init__(self, st, version: str, to_parse: dict[str, tuple[str, int]],
                 dup_waiting: dict[str, list[tuple[str, int]]], fresh: set[str],
                 report: IngestReport, touched: set[str]) -> None:
        self.con, self.version, self.report, self.touched = st.con, version, report, touched
        self.to_parse, self.dup_waiting, self.fresh = to_parse, dup_waiting, fresh
        self.pending: list[FileResult] = []
        self.oldest = 0.0

    def add(self, result: FileResult) -> None:
        if result.reason == ModelError.reason:
            self.flush()
            raise ModelError(None, f"the classifier could not be loaded: {result.message} "
                                   "(train it with `ofsted-mine train`, or ingest with --no-classify)")
        if result.worker is not None:
            self.report.model_loads[result.worker] = result.model_loads
        if not result.ok:
            self._failed(result)
            return
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(result)
        if len(self.pending) >= self.MAX_FILES or time.monotonic() - self.oldest >= self.MAX_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the waiting results in one transaction; if that fails, one file at a time."""
        from ofsted_mine.store import writer

        group, self.pending = self.pending, []
        if not group:
            return
        items = [(r.path, *self.to_parse[r.path], r.rows or {}) for r in group]
        try:
            writer.write_files(self.con, items, self.version, fresh=self.fresh)
        except Exception as exc:  # noqa: BLE001 - rolled back; find the file at fault
            if len(group) == 1:
                self._failed(FileResult(group[0].path, reason="store_write",
                                        message=f"{type(exc).__name__}: {exc}"))
                return
            for result in group:
                self.pending = [result]
                self.flush()
            return
        for result in group:
            self._ingested(result)

    def _ingested(self, result: FileResult) -> None:
        from ofsted_mine.store import writer

        report = self.report
        report.ingested += 1
        report.documents += result.n_documents
        self.touched.update(result.authorities)
        sha, _ = self.to_parse[result.path]
        for path, dsize in self.dup_waiting.get(result.path, []):
            writer.write_duplicate(self.con, path, sha, dsize, result.path, self.version)
            report.duplicates.append((path, result.path))

    def _failed(self, result: FileResult) -> None:
        from ofsted_mine.store import writer

        sha, size = self.to_parse[result.path]
        reason, message = result.reason or "error", result.message or ""
        writer.write_failure(self.con, result.path, sha, size, reason, message, self.version)
        self.report.failed.append((result.path, reason, message))
        for path, dsize in self.dup_waiting.get(result.path, []):
            msg = f"{message} (same bytes as {result.path})"
            writer.write_failure(self.con, path, sha, dsize, reason, msg, self.version)
            self.report.failed.append((path, reason, msg))


def _update_comparisons(st, authorities: Iterable[str], report: IngestReport) -> None:
    try:
        import ofsted_mine.compare  # noqa: F401
    except ImportError as exc:
        report.warnings.append(f"comparisons not computed: {exc}")
        return
    for name in sorted(authorities):
        try:
            report.comparisons.extend(st.update_comparisons([name]))
        except Exception as exc:  # noqa: BLE001 - the documents are stored; say what failed
            report.warnings.append(f"comparison of {name} failed: {type(exc).__name__}: {exc}")


class _progress_bar:
    """A rich progress bar on stderr (auto: only on a terminal), or a no-op."""

    def __init__(self, enabled: Optional[bool], total: int, console: Any = None) -> None:
        import sys

        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.total = total
        self.console = console
        self._progress = None

    def __enter__(self) -> Callable[[str], None]:
        if not self.enabled:
            return lambda label: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("Ingesting {task.fields[label]:<32.32}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self._progress.start()
        task = self._progress.add_task("ingest", total=self.total, label="")
        return lambda label: self._progress.update(task, advance=1, label=label)

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.stop()


__all__ = ["ingest", "IngestReport", "BatchTiming", "FileResult", "process_file", "init_worker",
           "init_pool_worker", "expand",
           "run_inline", "run_local", "run_dask", "default_jobs", "file_sha256"]
