"""Starting the window: arguments, the application object, one archive, and the packaged smoke test.

`broadsheet [--home DIR] [PATH …]` opens the window on the archive in DIR (else the default
folder) and imports the given paths. `--smoke-test` opens the window on a temporary archive,
imports the sample pages, searches, checks the hits carry highlighting and exits 0 only if all
of that worked; packaging runs it on frozen builds, offscreen. `--screenshot PNG` (for the
docs) saves the window once the first search has shown, and quits. `--first-results` (for
benchmarks/window_open.py) prints when the first results are on screen, with the start-up
milestones on the monotonic clock, and quits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QtMsgType,
    Qt,
    QTimer,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.settings import APPLICATION, ORGANISATION, use_settings_folder
from desktop.single_instance import SingleInstance
from indexer.archive import Archive, ArchiveError
from indexer.paths import default_home

# Start-up milestones (name, time.monotonic()): the benchmark compares them with its own clock,
# which on Linux is the same system-wide monotonic clock.
MILESTONES: list[tuple[str, float]] = [("imports", time.monotonic())]

log = logging.getLogger(__name__)

SMOKE_QUERY = "erdogan"
SMOKE_TIMEOUT_MS = 60_000


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="broadsheet", description="Broadsheet: an offline archive of news pages.")
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to import on start")
    parser.add_argument("--home", type=Path, help="the archive folder (default: BROADSHEET_HOME or the user data folder)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open on a temporary archive, import the samples, search, exit 0 if all worked")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument("--query", default="", help=argparse.SUPPRESS)
    parser.add_argument("--first-results", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


# Searches run pure-Python Whoosh code on worker threads. Whenever the GUI thread needs the GIL
# back (to paint a row, to answer a key), it waits up to this long for a worker to hand it over;
# Python's default of 5 ms per hand-over adds up to visible stutter while a search runs.
GIL_SWITCH_INTERVAL_S = 0.001


def start_processes_apart() -> None:
    """Start the import's worker processes from a small fork server, not by forking the window.

    Forking copies the page tables of the whole window process (a gigabyte with a large archive
    open) while holding the interpreter lock: every thread, the GUI's included, stops for tens
    of milliseconds per worker. A fork server is a fresh, small process started once. Linux
    only (macOS and Windows already start workers fresh), and not in frozen builds, whose
    bootloader re-runs the app for multiprocessing's sake.
    """
    import multiprocessing

    if not sys.platform.startswith("linux") or getattr(sys, "frozen", False):
        return
    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        return
    multiprocessing.set_start_method("forkserver", force=True)
    # Each import starts a new pool: with its modules already loaded in the server, a worker
    # is ready at once instead of importing the cleaning and metadata code every time.
    multiprocessing.set_forkserver_preload(["indexer.importing"])


def make_application(argv: Sequence[str] = ()) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APPLICATION)
        QGuiApplication.setDesktopFileName("broadsheet")
        app = QApplication(["broadsheet", *argv])
        app.setWindowIcon(app_icon())
        _follow_dark_mode(app)
    return app  # type: ignore[return-value]


def _follow_dark_mode(app: QApplication) -> None:
    """Windows 10's native style has no dark palette; Fusion has, and follows the system's."""
    dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    if dark and app.style().name().lower() == "windowsvista":
        app.setStyle("Fusion")


def app_icon() -> QIcon:
    """The Broadsheet icon at every size shipped, so each platform picks the sharpest."""
    from resources import ICONS

    icon = QIcon()
    for png in sorted(ICONS.glob("broadsheet-*.png")):
        icon.addFile(str(png))
    return icon


def run_app(argv: Sequence[str]) -> int:
    arguments = parse_arguments(argv)
    if arguments.smoke_test:
        return smoke_test()
    app = make_application()
    start_processes_apart()
    home = arguments.home or default_home()
    # One window per archive: a second launch hands its paths to the first one and exits.
    instance = SingleInstance(SingleInstance.name_for(home))
    if not (arguments.screenshot or arguments.first_results) and instance.handoff_or_listen([p.resolve() for p in arguments.paths]):
        return 0
    try:
        archive = Archive.open(home)
    except ArchiveError as error:
        QMessageBox.critical(None, "Broadsheet", f"The archive cannot be opened.\n\n{error}")
        return 2
    MILESTONES.append(("archive open", time.monotonic()))
    from desktop.main_window import MainWindow

    MILESTONES.append(("window imported", time.monotonic()))
    window = MainWindow(archive)
    MILESTONES.append(("window built", time.monotonic()))
    window.show()
    instance.watch_file_open_events(app)
    instance.pathsReceived.connect(lambda paths: _paths_from_elsewhere(window, paths))
    if arguments.query:
        window.search_bar.set_text(arguments.query)
        window.search.set_query(arguments.query, at_once=True)
    window.start(arguments.paths)
    if arguments.screenshot:
        _save_screenshot_when_ready(window, arguments.screenshot)
    if arguments.first_results:
        _quit_after_first_results(window)
    try:
        return app.exec()
    finally:
        instance.close()
        archive.close()


def _paths_from_elsewhere(window, paths: list[str]) -> None:  # noqa: ANN001 - MainWindow
    """Files opened while the app runs (a second launch, Finder): import them, and come forward."""
    if paths:
        window.import_paths([Path(p) for p in paths])
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def _save_screenshot_when_ready(window, path: Path) -> None:  # noqa: ANN001 - MainWindow
    def grab() -> None:
        settled = window.reader.loaded is not None or window.results_stack.currentWidget() is window.first_run
        if window.workers.busy_writing() or window.search.is_busy() or window.search.last_result is None or not settled:
            QTimer.singleShot(200, grab)
            return
        if window.operations.dialog is not None:
            window.operations.dialog.close()
        QTimer.singleShot(300, lambda: (window.grab().save(str(path)), window.close()))

    QTimer.singleShot(500, grab)


def _quit_after_first_results(window) -> None:  # noqa: ANN001 - MainWindow
    """Print one line once the first results (hits and facet counts) are painted, then quit."""

    def shown(result) -> None:  # noqa: ANN001 - SearchResult
        window.search.resultReady.disconnect(shown)
        window.repaint()  # painted now, rows and facets included, not merely queued
        MILESTONES.append(("first results", time.monotonic()))
        marks = " ".join(f"{name.replace(' ', '_')}={moment:.6f}" for name, moment in MILESTONES)
        print(f"first-results hits={result.total} outlets={len(result.facets.outlet)} "
              f"rows={window.results.rowCount()} {marks}", flush=True)
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, QCoreApplication.quit)

    window.search.resultReady.connect(shown)


def _quiet_offscreen_notices(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform (used by packaging checks) says it lacks window-manager features
    # each time a window is shown; anything else Qt says still goes to stderr.
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def smoke_test() -> int:
    """The packaged app's self-check; prints what it checked and returns the exit status."""
    offscreen = QGuiApplication.platformName() == "offscreen" or os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    previous = qInstallMessageHandler(_quiet_offscreen_notices) if offscreen else None
    try:
        return _smoke_test()
    finally:
        if offscreen:
            qInstallMessageHandler(previous)


def _smoke_test() -> int:
    with tempfile.TemporaryDirectory(prefix="broadsheet-smoke-") as folder:
        use_settings_folder(Path(folder) / "settings")
        make_application()
        archive = Archive.open(Path(folder) / "archive")
        from desktop.main_window import MainWindow
        from resources import SAMPLE_ARCHIVE

        window = MainWindow(archive)
        window.show()
        outcome: dict[str, object] = {"status": 1, "why": "timed out"}
        # A local loop rather than app.exec(): quitting the application would end every later
        # event loop too (and the test suite runs this in-process).
        loop = QEventLoop()

        def finish(status: int, why: str) -> None:
            if loop.isRunning():
                outcome.update(status=status, why=why)
                window.close()
                loop.quit()

        def after_search(result) -> None:  # noqa: ANN001 - SearchResult
            if result.query != SMOKE_QUERY:
                return
            marked = [hit for hit in result.hits if "<mark>" in hit.snippet]
            if result.total and marked and window.results.rowCount() == len(result.hits):
                finish(0, f"{result.total} hits for “{SMOKE_QUERY}”, {len(marked)} with highlighting")
            else:
                finish(1, f"search found {result.total} hits, {len(marked)} highlighted")

        def after_import(report) -> None:  # noqa: ANN001 - ImportReport
            if report.added != len(list(SAMPLE_ARCHIVE.iterdir())) or report.failed:
                finish(1, f"import added {report.added}, failed {report.failed}")
                return
            window.search_bar.set_text(SMOKE_QUERY)
            window.search.set_query(SMOKE_QUERY, at_once=True)

        window.search.resultReady.connect(after_search)
        window.search.problem.connect(lambda text: finish(1, f"search problem: {text}"))
        window.operations.imported.connect(after_import)
        window.operations.problem.connect(lambda text: finish(1, text))
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: finish(1, "timed out"))
        QTimer.singleShot(0, lambda: window.start([SAMPLE_ARCHIVE]))
        loop.exec()
        archive.close()
    status = int(outcome["status"])  # type: ignore[call-overload]
    print(f"smoke test {'passed' if status == 0 else 'FAILED'}: {outcome['why']}", file=sys.stdout if status == 0 else sys.stderr)
    return status
