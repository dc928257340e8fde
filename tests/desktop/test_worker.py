"""The worker abstraction: answers arrive on the GUI thread; superseded work never reports."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from desktop.worker import TaskSlot, TaskState, Workers


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    workers = Workers()
    seen: dict[str, object] = {}

    def work(state: TaskState) -> str:
        seen["worker_thread"] = threading.current_thread()
        state.set_progress(0, 2)
        state.set_progress(2, 2)
        return "done"

    task = workers.start(work)
    progress: list[tuple[int, int]] = []
    task.progress.connect(lambda done, total: progress.append((done, total)))
    task.finished.connect(lambda value: seen.update(value=value, on_gui=QThread.currentThread() is qtbot_thread()))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen["value"] == "done"
    assert seen["on_gui"] is True
    assert seen["worker_thread"] is not threading.main_thread()
    assert progress[-1] == (2, 2)
    assert workers.shutdown()


def qtbot_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_errors_come_back_as_failures(qtbot) -> None:
    workers = Workers()

    def work(state: TaskState) -> None:
        raise ValueError("bad page")

    task = workers.start(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert workers.shutdown()


def test_a_new_task_in_a_slot_supersedes_the_old_one(qtbot) -> None:
    workers = Workers()
    slot = TaskSlot(workers)
    release = threading.Event()
    answers: list[str] = []

    def slow(state: TaskState) -> str:
        release.wait(5)
        return "stale"

    first = slot.start(slow)
    first.finished.connect(answers.append)
    second = slot.start(lambda state: "fresh")
    second.finished.connect(answers.append)
    assert first.state.is_cancelled()
    with qtbot.waitSignal(second.done, timeout=5000):
        pass
    release.set()
    assert workers.shutdown()
    qtbot.wait(50)  # let the queued, superseded answer be delivered (and dropped)
    assert answers == ["fresh"]


def test_cancel_reaches_the_running_function(qtbot) -> None:
    workers = Workers()
    started = threading.Event()

    def loop(state: TaskState) -> str:
        started.set()
        while not state.is_cancelled():
            threading.Event().wait(0.005)
        return "stopped"

    task = workers.start(loop)
    assert started.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        task.cancel()
    assert blocker.args == ["stopped"]
    assert workers.shutdown()


def test_a_task_superseded_before_it_starts_never_runs(qtbot) -> None:
    workers = Workers()
    release = threading.Event()
    ran: list[str] = []
    blockers = [workers.start(lambda state: release.wait(5)) for _ in range(workers.reads.maxThreadCount())]
    slot = TaskSlot(workers)
    slot.start(lambda state: ran.append("stale"))  # queued behind the blockers
    fresh = slot.start(lambda state: ran.append("fresh"))
    with qtbot.waitSignal(fresh.done, timeout=5000):
        release.set()
    assert workers.shutdown()
    assert ran == ["fresh"]
    assert len(blockers) == workers.reads.maxThreadCount()


def test_writes_run_behind_the_window_and_reads_do_not(qtbot) -> None:
    """A long import must leave the CPU to the window first; a search must not wait behind it."""
    import os
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("per-thread niceness is a Linux feature")
    workers = Workers()

    def niceness(state: TaskState) -> tuple[int, int]:
        mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        # A thread started from here (as the search engine starts its indexing threads) inherits it.
        child: list[int] = []
        started = threading.Thread(target=lambda: child.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        started.start()
        started.join()
        return mine, child[0]

    window = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    answers: dict[str, tuple[int, int]] = {}
    for kind, write in (("write", True), ("read", False)):
        task = workers.start(niceness, write=write)
        task.finished.connect(lambda value, kind=kind: answers.__setitem__(kind, value))
        with qtbot.waitSignal(task.done, timeout=5000):
            pass
    assert answers["write"][0] > window
    assert answers["write"][1] == answers["write"][0]
    assert answers["read"] == (window, window)
    assert workers.shutdown()
