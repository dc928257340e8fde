"""Worker processes that clean and describe an import's pages, each page under a time limit.

`concurrent.futures.ProcessPoolExecutor` cannot stop one task: a page that takes minutes keeps
the import waiting for it, and a worker that dies (the kernel's out-of-memory killer, a crash in
a C library) breaks the whole pool and every page in flight with it. Here each worker process
has its own pipe, and a dispatcher thread hands each worker its pages (two at a time, so that it
never waits for the next) and knows when each started: a worker's first page starts when it is
sent, the next one when the first one's answer arrives. A page still running when its time is
up has its worker killed and replaced, and its future answers `importing.Unfinished` with the
reason; so does a page whose worker died. The page sent behind it goes back to the queue. The
import keeps an unfinished page as plain text (`importing.plain_document`) and says so. Pages
are written to a worker by a thread of its own: a large page waiting in the pipe must never
keep the dispatcher from reading another answer (the worker might be writing it, each waiting
for the other).

Workers start when the first page is submitted (an import that never needs one pays nothing)
and say they are ready before they get a page: starting a worker never counts against a page's
time. They start with the method multiprocessing is set to (the app sets a fork server on
Linux); left to its default on Linux, from a fork server too (`_context`): the dispatcher
thread starts replacements while the importing thread may be inside lxml, and a process forked
then could inherit one of libxml2's locks held, and hang on it. Where workers are forked all the
same, `forking` keeps the two apart (the importing thread holds it while it cleans a page itself).
A worker ignores Ctrl-C (the importing process stops it) and leaves when the importing process
does, whether or not it was told to.

Imports, re-cleaning and `check --repair` send their pages the same way (`open_pool`, `clean`):
to the pool when there are enough pages to be worth its start-up, else in their own process,
except pages too large to trust there. Each decides what an unfinished page becomes: an import
or a repair keeps it as plain text, a re-clean keeps its previous cleaning.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from multiprocessing.connection import Connection, wait

from indexer import importing

log = logging.getLogger(__name__)

_READY = "ready"
_STARTS_BEFORE_GIVING_UP = 3  # workers in a row that die before they are ready: they cannot start here
_PAGES_IN_FLIGHT = 2  # per worker: the one it cleans, and the next
_STOP_WAIT_S = 2.0  # an idle worker told to leave is killed after this long
_SIGKILL = getattr(signal, "SIGKILL", 9)  # what the out-of-memory killer sends (Windows has no such name)


def _context() -> multiprocessing.context.BaseContext:
    if (multiprocessing.get_start_method(allow_none=True) is None and sys.platform.startswith("linux")
            and not getattr(sys, "frozen", False)):  # a frozen app's workers are re-runs of itself
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["indexer.importing"])  # workers start with it loaded
        return context
    return multiprocessing.get_context()


def _serve(conn: Connection, learned: importing.Learned, work: Callable[[importing.Job], object]) -> None:
    """A worker: pages in, catalog rows (or reasons) out, until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    importing.set_context(learned)
    parent = multiprocessing.parent_process()
    watched: list = [conn] + ([parent.sentinel] if parent is not None else [])
    conn.send(_READY)
    while True:
        if conn not in wait(watched):
            return  # the importing process is gone
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(work(job))


class _Worker:
    __slots__ = ("process", "conn", "ready", "pages", "deadline", "outbox", "writer")

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False
        self.pages: deque[tuple[importing.Job, Future]] = deque()  # sent, in order; the first is running
        self.deadline: float | None = None  # when the running page's time is up
        self.outbox: queue.SimpleQueue = queue.SimpleQueue()  # pages (None: leave) for the writer thread
        self.writer = threading.Thread(target=self._write, name="page-pool-writer", daemon=True)
        self.writer.start()

    def send(self, job: importing.Job | None) -> None:
        self.outbox.put(job)

    def _write(self) -> None:
        while True:
            job = self.outbox.get()
            if job is _CLOSED:
                return
            try:
                self.conn.send(job)
            except (OSError, ValueError):  # the worker is gone: the dispatcher hears it from the pipe
                return


_CLOSED = object()  # tells a writer thread to stop


class PagePool:
    """Runs `importing.run_job` on pages in up to `workers` processes, `timeout` seconds each at most.

    `submit` returns a future that always gets a result (a `NewDocument`, a `Failure` or an
    `Unfinished`), never an exception; `shutdown` stops the workers. `replaced` counts the
    workers killed or lost on the way.
    """

    def __init__(self, workers: int, learned: importing.Learned, timeout: float | None,
                 work: Callable[[importing.Job], object] | None = None) -> None:
        self.size = max(1, workers)
        self.learned = learned
        self.timeout = timeout if timeout and timeout > 0 else None
        self.work = work or importing.run_job  # looked up now, so a test can stand in a slow cleaner
        self.context = _context()
        self.forking = threading.Lock()  # held while a worker starts, and by whoever cleans a page in its own process
        self.replaced = 0
        self._queue: deque[tuple[importing.Job, Future]] = deque()
        self._lock = threading.Lock()
        self._closing = False
        self._workers: list[_Worker] = []
        self._failed_starts = 0
        self._broken = ""  # why the pool cannot clean pages any more (then every page is Unfinished)
        self._wake_in, self._wake_out = self.context.Pipe(duplex=False)
        self._thread: threading.Thread | None = None

    # -- the importing thread's side -------------------------------------------------------------

    def submit(self, job: importing.Job) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("the page pool is shut down")
            if self._broken:
                future.set_result(importing.Unfinished(job.path, job.doc_id, self._broken))
                return future
            self._queue.append((job, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._dispatch, name="page-pool", daemon=True)
                self._thread.start()
        self._wake()
        return future

    def shutdown(self) -> None:
        """Stop every worker; pages not finished yet are cancelled (only an interrupted import has any)."""
        with self._lock:
            self._closing = True
            queued = list(self._queue)
            self._queue.clear()
        self._wake()
        if self._thread is not None:
            self._thread.join()
        for _, future in queued:
            future.cancel()
        for worker in self._workers:
            for _, future in worker.pages:
                future.cancel()
            worker.send(None)
        until = time.monotonic() + _STOP_WAIT_S
        for worker in self._workers:
            if not worker.pages:
                worker.process.join(max(0.0, until - time.monotonic()))
            self._stop(worker)
        self._workers.clear()
        self._wake_in.close()
        self._wake_out.close()

    def _wake(self) -> None:
        try:
            self._wake_out.send_bytes(b"")
        except (OSError, ValueError):
            pass

    # -- the dispatcher thread -------------------------------------------------------------------

    def _dispatch(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._closing or self._broken:
                        return
                    waiting = len(self._queue)
                self._start_workers(waiting)
                self._hand_out()
                watched: list = [self._wake_in]
                for worker in self._workers:
                    watched += [worker.conn, worker.process.sentinel]
                deadlines = [w.deadline for w in self._workers if w.deadline is not None]
                timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = wait(watched, timeout)
                if self._wake_in in ready:
                    while self._wake_in.poll():
                        self._wake_in.recv_bytes()
                for worker in list(self._workers):
                    if worker.conn in ready or worker.process.sentinel in ready:
                        self._receive(worker)
                self._enforce_time_limit()
        except BaseException as error:  # noqa: BLE001 - a bug here must not leave the import waiting for ever
            log.exception("the page pool stopped")
            self._give_up(f"could not be cleaned (the worker pool stopped: {type(error).__name__}: {error})")

    def _start_workers(self, waiting: int) -> None:
        room = sum(_PAGES_IN_FLIGHT - len(w.pages) for w in self._workers)
        while waiting > room and len(self._workers) < self.size:
            inside, outside = self.context.Pipe()
            process = self.context.Process(target=_serve, args=(outside, self.learned, self.work),
                                           name="broadsheet-page-worker", daemon=True)
            with self.forking:
                process.start()
            outside.close()
            self._workers.append(_Worker(process, inside))
            room += _PAGES_IN_FLIGHT

    def _hand_out(self) -> None:
        for worker in list(self._workers):
            while worker.ready and len(worker.pages) < _PAGES_IN_FLIGHT:
                with self._lock:
                    if not self._queue:
                        return
                    job, future = self._queue.popleft()
                worker.send(job)
                worker.pages.append((job, future))
                if len(worker.pages) == 1:
                    self._started(worker)

    def _started(self, worker: _Worker) -> None:
        """The first page sent to the worker is the one it cleans now: its time starts."""
        worker.deadline = time.monotonic() + self.timeout if self.timeout and worker.pages else None

    def _receive(self, worker: _Worker) -> None:
        try:
            if not worker.conn.poll():
                if worker.process.is_alive():
                    return
                raise EOFError
            message = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._lose(worker, "the process cleaning it stopped unexpectedly"
                               + (" (out of memory?)" if code in (None, -_SIGKILL) else f" (exit code {code})"))
            return
        if message == _READY:
            worker.ready = True
            self._failed_starts = 0
            return
        if worker.pages:
            _, future = worker.pages.popleft()
            self._started(worker)
            future.set_result(message)

    def _enforce_time_limit(self) -> None:
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.deadline is None or now < worker.deadline:
                continue
            if worker.conn.poll():  # it answered just in time
                self._receive(worker)
                continue
            self._lose(worker, f"cleaning took longer than {self.timeout:g} s")

    def _lose(self, worker: _Worker, reason: str) -> None:
        """Kill and forget a worker: the page it was cleaning is answered with `reason`, the one
        sent behind it goes back to the queue."""
        self._workers.remove(worker)
        self._stop(worker)
        self.replaced += 1
        if worker.pages:
            job, future = worker.pages.popleft()
            log.warning("%s: %s", job.path, reason)
            future.set_result(importing.Unfinished(job.path, job.doc_id, reason))
            with self._lock:
                self._queue.extendleft(reversed(worker.pages))
            worker.pages.clear()
        elif not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= _STARTS_BEFORE_GIVING_UP:
                raise RuntimeError(f"{self._failed_starts} worker processes in a row stopped before they started")

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.outbox.put(_CLOSED)
        worker.writer.join(_STOP_WAIT_S)  # a write to the dead process fails at once
        worker.conn.close()

    def _give_up(self, reason: str) -> None:
        """Answer every page still waiting: the import keeps them as plain text."""
        with self._lock:
            self._broken = reason
            queued = list(self._queue)
            self._queue.clear()
        answered = [page for w in self._workers for page in w.pages]
        for job, future in answered + queued:
            if not future.done():
                future.set_result(importing.Unfinished(job.path, job.doc_id, reason))


# -- how imports, re-cleaning and repairs send their pages ----------------------------------------


def open_pool(pages: int, workers: int | None, learned: importing.Learned,
              timeout: float | None) -> tuple[PagePool | None, bool]:
    """The pool for work on about `pages` pages, and whether every page goes there.

    Below `importing.POOL_THRESHOLD` pages (or with one worker) starting processes costs more
    than it saves: pages are cleaned in the calling process, except pages too large to trust
    there (`importing.INLINE_MAX_BYTES`), which still go to a worker so that the time limit
    holds wherever a page can be slow. Workers start with the first page sent, so a small job
    whose pages are all small pays nothing. `timeout` None is `importing.DEFAULT_PAGE_TIMEOUT_S`;
    0 is no limit (and then no pool unless the job is large). The caller shuts the pool down.
    """
    workers = importing.default_workers() if workers is None else workers
    parallel = workers > 1 and pages >= importing.POOL_THRESHOLD
    timeout = importing.DEFAULT_PAGE_TIMEOUT_S if timeout is None else timeout
    pool = PagePool(workers if parallel else 1, learned, timeout) if parallel or timeout else None
    return pool, parallel


def clean(pool: PagePool | None, parallel: bool, job: importing.Job) -> Future | object:
    """Clean one page where `open_pool` decided: a future from the pool, or the answer itself."""
    if pool is not None and (parallel or len(job.data) > importing.INLINE_MAX_BYTES):
        return pool.submit(job)
    if pool is not None:
        with pool.forking:  # no worker process is forked while lxml runs here
            return importing.run_job(job)
    return importing.run_job(job)


def answer(cleaned: Future | object) -> object:
    """What `clean` returned, waited for: a `NewDocument`, a `Failure` or an `Unfinished`."""
    return cleaned.result() if isinstance(cleaned, Future) else cleaned


def cleaned_in_order(jobs: Iterable[importing.Job], pool: PagePool | None, parallel: bool,
                     ahead: int = 256) -> Iterator[tuple[importing.Job, object]]:
    """Each job with its answer, in order, keeping at most `ahead` pages (and their bytes) in flight."""
    waiting: deque[tuple[importing.Job, object]] = deque()
    for job in jobs:
        waiting.append((job, clean(pool, parallel, job)))
        if len(waiting) > ahead:
            sent, cleaned = waiting.popleft()
            yield sent, answer(cleaned)
    while waiting:
        sent, cleaned = waiting.popleft()
        yield sent, answer(cleaned)
