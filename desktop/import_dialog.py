"""The progress window of long archive work (import, re-clean, reindex) and the report it ends with.

It is not modal: the main window stays usable (search works meanwhile). It shows a bar, the
count, the file being read and a Cancel button; at the end, what happened, with a button that
copies the report. When another process holds the archive, it says so and offers to retry.

The count says what is counted: documents for re-cleaning, pages for an import ("12 of 40
pages", or "1,234 pages from 2 of 3 files" once WARCs are among them), in the core's words
(`ImportProgress.text`), never records of a WARC called files.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import Task
from indexer.archive import ArchiveBusy
from indexer.model import ImportReport

SHOWN_PER_LIST = 200  # reasons listed per kind in the report; the rest are counted


def format_report(report: ImportReport) -> str:
    """An import report a person can read, paste into an e-mail, or keep."""
    lines = []
    if report.cancelled:
        lines.append("The import was cancelled; the pages read until then are in the archive.")
    lines.append(f"Read: {report.reading()}")
    lines.append(f"Added: {report.added:,}")
    if report.plain_text:
        lines.append(f"Kept as plain text: {len(report.plain_text):,} (among those added)")
    lines.append(f"Already in the archive: {report.duplicates:,}")
    lines.append(f"Skipped: {len(report.skipped):,}")
    lines.append(f"Failed: {len(report.failed):,}")
    lines.append(f"Time: {report.took_ms / 1000:.1f} s")
    for title, items in (("Kept as plain text", report.plain_text), ("Skipped", report.skipped),
                         ("Failed", report.failed)):
        if items:
            lines.append("")
            lines.append(f"{title}:")
            lines.extend(f"  {path}: {reason}" for path, reason in items[:SHOWN_PER_LIST])
            if len(items) > SHOWN_PER_LIST:
                lines.append(f"  … and {len(items) - SHOWN_PER_LIST:,} more")
    return "\n".join(lines)


def summary(report: ImportReport) -> str:
    """One line for the status bar."""
    parts = [f"{report.added:,} added"]
    if report.plain_text:
        parts.append(f"{len(report.plain_text):,} of them as plain text")
    if report.duplicates:
        parts.append(f"{report.duplicates:,} already there")
    if report.skipped:
        parts.append(f"{len(report.skipped):,} skipped")
    if report.failed:
        parts.append(f"{len(report.failed):,} failed")
    return ("Import cancelled: " if report.cancelled else "Import finished: ") + ", ".join(parts)


class ProgressDialog(QDialog):
    """Follows one long task: progress, current item, cancel; then its report or its error.

    Signals:
        retryRequested(): the user wants the same work tried again (after ArchiveBusy).
    """

    retryRequested = Signal()

    def __init__(self, title: str, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.noun = noun
        self.task: Task | None = None
        self.report_text = ""
        self._count: Callable[[object], str] | None = None
        self.headline = QLabel(f"{title}…", self)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.count = QLabel("Looking for pages…", self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.current = QLabel(self)
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setMinimumWidth(420)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.hide()
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button = QPushButton("Copy report", self)
        self.copy_button.clicked.connect(self.copy_report)
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.clicked.connect(self._retry)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.accept)
        for button in (self.copy_button, self.retry_button, self.close_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.bar)
        layout.addWidget(self.count)
        layout.addWidget(self.current)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)

    def follow(self, task: Task, describe: Callable[[object], str] = str,
               count: Callable[[object], str] | None = None) -> None:
        """Show task's progress from now on; describe turns its result into the report text, and
        count, when given, its typed progress (`Task.detail`) into the count ("12 of 40 pages")."""
        self.task = task
        self._describe = describe
        self._count = count
        self.bar.setRange(0, 0)
        self.headline.setText(f"{self.windowTitle()}…")
        self.count.setText("Starting…")
        self.current.clear()
        self.count.show()
        self.current.show()
        self.report.hide()
        for button in (self.copy_button, self.retry_button, self.close_button):
            button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        task.progress.connect(self._progress)
        task.detail.connect(self._detail)
        task.current.connect(self._current)
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.count.setText("Stopping after the current page…")
        else:
            self.reject()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            if self._count is None:
                self.count.setText(f"{done:,} of {total:,} {self.noun}")

    def _detail(self, detail: object) -> None:
        if self._count is not None:
            self.count.setText(self._count(detail))

    def _current(self, text: str) -> None:
        self.current.setText(self.current.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle,
                                                                    max(200, self.current.width())))

    def _finished(self, result: object) -> None:
        self.task = None
        self.report_text = self._describe(result)
        self._end(self.windowTitle() + (" — cancelled" if getattr(result, "cancelled", False) else " — done"))
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def _failed(self, error: object) -> None:
        self.task = None
        self.report_text = str(error) or type(error).__name__
        self._end(f"{self.windowTitle()} — could not finish")
        self.retry_button.setVisible(isinstance(error, ArchiveBusy))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)

    def _end(self, headline: str) -> None:
        self.headline.setText(headline)
        self.count.hide()
        self.current.hide()
        self.report.setPlainText(self.report_text)
        self.report.show()
        self.cancel_button.hide()
        self.copy_button.show()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.resize(max(self.width(), 560), max(self.height(), 360))

    def _retry(self) -> None:
        self.retryRequested.emit()

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt's close event
        if self.task is not None and self.task.running:
            # Closing the window is not cancelling: the work goes on, and the report will say so.
            self.hide()
            event.ignore()
            return
        super().closeEvent(event)

