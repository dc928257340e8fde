"""The one way the window runs long work: a plain function on a pool thread, answers on the GUI thread.

Modelled on Orange3's `concurrent.py`: the function receives a `TaskState` to report progress
(`set_progress`, with the core's typed progress beside the two numbers when it has one, and
`set_current`) and to ask whether it should stop (`is_cancelled`); it returns a
value or raises. The `Task` object, living on the GUI thread, turns what the pool thread reports
into signals delivered on the GUI thread. A `TaskSlot` holds at most one running task of a kind:
starting a new one cancels the previous one and drops whatever it still reports (stale searches
never reach the screen).

Two pools: reads (searches, loading a document) may run side by side; writes (import, edits,
re-cleaning, reindexing) run one at a time, in order, as the archive's writer lock wants.
Writes run at a lower CPU priority than the window, and so do the threads and processes they
start (the search engine's indexing threads, the import's cleaning processes): on a machine
with two cores a long import would otherwise take the CPU the window needs to answer at once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# Niceness of write threads on Linux (0 is the window's, 19 the lowest): enough for the
# scheduler to run the window first, not so much that an import stalls on a busy machine.
BACKGROUND_NICENESS = 10


def lower_this_threads_priority() -> None:
    """Run the calling thread, and whatever threads or processes it starts, behind the window.

    Linux keeps a niceness per thread, inherited by the threads and processes a thread creates;
    elsewhere QThread's priority is what the platform offers (macOS and Windows honour it).
    """
    QThread.currentThread().setPriority(QThread.Priority.LowPriority)
    if sys.platform.startswith("linux"):
        thread = threading.get_native_id()
        try:
            if os.getpriority(os.PRIO_PROCESS, thread) < BACKGROUND_NICENESS:
                os.setpriority(os.PRIO_PROCESS, thread, BACKGROUND_NICENESS)
        except OSError as error:  # a sandbox may forbid it: run at normal priority then
            log.debug("cannot lower a write thread's priority: %s", error)


class TaskState:
    """What a running function sees of its task: progress reporting and the cancel flag.

    Thread-safe: the function calls it from the pool thread, the GUI sets `cancel()`.
    """

    # Reports closer together than this are dropped (except the last): a label need not change
    # a thousand times a second, and each report costs the GUI thread an event.
    REPORT_INTERVAL_S = 0.05

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancelled = threading.Event()
        self._last_progress = 0.0
        self._last_current = 0.0

    def cancel(self) -> None:
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def set_progress(self, done: int, total: int, detail: object = None) -> None:
        """Done of total for a bar; detail, when given, is the core's own account (an ImportProgress)."""
        now = time.monotonic()
        if done in (0, total) or now - self._last_progress >= self.REPORT_INTERVAL_S:
            self._last_progress = now
            self._task._progress_from_thread.emit(int(done), int(total), detail)

    def set_current(self, text: str) -> None:
        now = time.monotonic()
        if now - self._last_current >= self.REPORT_INTERVAL_S:
            self._last_current = now
            self._task._current_from_thread.emit(str(text))


class Task(QObject):
    """One call of a function on a pool thread; every signal arrives on the GUI thread.

    Signals:
        progress(int, int): done and total, as the function reports them.
        detail(object): the typed progress the function gave with them, if any (after progress).
        current(str): what the function is working on (a file name, say).
        finished(object): the function's return value.
        failed(object): the exception it raised.
        done(): after finished or failed, for either outcome (not for a superseded task).
    """

    progress = Signal(int, int)
    detail = Signal(object)
    current = Signal(str)
    finished = Signal(object)
    failed = Signal(object)
    done = Signal()

    # Emitted on the pool thread; queued to the slots below on the GUI thread.
    _progress_from_thread = Signal(int, int, object)
    _current_from_thread = Signal(str)
    _outcome_from_thread = Signal(bool, object)

    def __init__(self, function: Callable[[TaskState], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.function = function
        self.state = TaskState(self)
        self.superseded = False
        self.running = True
        self.on_end: Callable[[Task], None] | None = None  # the owner forgets the task here
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_thread.connect(self._relay_progress, queued)
        self._current_from_thread.connect(self._relay_current, queued)
        self._outcome_from_thread.connect(self._relay_outcome, queued)

    def cancel(self) -> None:
        """Ask the function to stop at its next check; its outcome is still reported."""
        self.state.cancel()

    def supersede(self) -> None:
        """Cancel and forget: nothing this task reports from now on reaches anyone."""
        self.superseded = True
        self.state.cancel()

    def run_here(self) -> None:
        """Run the function on the calling (pool) thread and queue its outcome to the GUI thread."""
        if self.superseded:
            # Replaced before a thread was free for it (a search typed over): skip the work.
            self._outcome_from_thread.emit(False, None)
            return
        try:
            value = self.function(self.state)
        except BaseException as error:  # noqa: BLE001 - every failure must reach the GUI
            self._outcome_from_thread.emit(False, error)
        else:
            self._outcome_from_thread.emit(True, value)

    @Slot(int, int, object)
    def _relay_progress(self, done: int, total: int, detail: object) -> None:
        if not self.superseded:
            self.progress.emit(done, total)
            if detail is not None:
                self.detail.emit(detail)

    @Slot(str)
    def _relay_current(self, text: str) -> None:
        if not self.superseded:
            self.current.emit(text)

    @Slot(bool, object)
    def _relay_outcome(self, ok: bool, value: object) -> None:
        self.running = False
        if self.on_end is not None:
            self.on_end(self)
        if not self.superseded:
            if ok:
                self.finished.emit(value)
            else:
                if not isinstance(value, Exception):
                    log.error("task ended with %r", value)
                self.failed.emit(value)
            self.done.emit()
        self.deleteLater()


class _Runnable(QRunnable):
    """Runs one Task on a pool thread (QThreadPool takes QRunnables).

    Signals: none (not a QObject).
    """

    def __init__(self, task: Task, background: bool = False) -> None:
        super().__init__()
        self.task = task
        self.background = background
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.background:
            lower_this_threads_priority()
        self.task.run_here()


class Workers(QObject):
    """The app's two thread pools: concurrent reads, and writes one at a time in order.

    Signals: none; each started Task has its own.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reads = QThreadPool(self)
        self.reads.setMaxThreadCount(2)
        self.writes = QThreadPool(self)
        self.writes.setMaxThreadCount(1)
        self._tasks: set[Task] = set()

    def start(self, function: Callable[[TaskState], Any], *, write: bool = False) -> Task:
        """Run function(state) on a pool thread; connect to the returned task's signals at once."""
        # No Qt parent: the task must outlive this object while its thread still reports.
        task = Task(function)
        self._tasks.add(task)
        task.on_end = self._tasks.discard
        (self.writes if write else self.reads).start(_Runnable(task, background=write))
        return task

    def busy_writing(self) -> bool:
        return self.writes.activeThreadCount() > 0

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything still running and wait for the threads; True when they all stopped."""
        for task in list(self._tasks):
            task.supersede()
        self.reads.clear()
        self.writes.clear()
        stopped = self.reads.waitForDone(timeout_ms)
        return self.writes.waitForDone(timeout_ms) and stopped


class TaskSlot(QObject):
    """At most one task of a kind at a time: starting another supersedes the one running.

    Signals:
        started(): a new task began.
    """

    started = Signal()

    def __init__(self, workers: Workers, *, write: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = workers
        self.write = write
        self.task: Task | None = None

    def start(self, function: Callable[[TaskState], Any]) -> Task:
        self.supersede()
        self.task = self.workers.start(function, write=self.write)
        task = self.task
        task.done.connect(lambda: self._forget(task))
        self.started.emit()
        return self.task

    def supersede(self) -> None:
        if self.task is not None:
            self.task.supersede()
            self.task = None

    def is_running(self) -> bool:
        return self.task is not None

    def _forget(self, task: Task) -> None:
        if self.task is task:
            self.task = None
