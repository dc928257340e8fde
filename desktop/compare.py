"""Comparing two pages side by side: each page's readable text under its title, outlet and date,
the sentences both tell marked in one colour, and a line saying how much each shares. Clicking
a marked sentence selects its counterpart in the other page.

What counts as shared is `indexer.comparing`'s to decide; this module loads the two documents
and runs the comparison on a read worker, then only displays the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QTextEdit, QVBoxLayout, QWidget

from desktop.delegates import is_dark
from desktop.menus import selected_ids
from desktop.reader import TextView, headline_label, marked_span, set_reading_layout
from desktop.worker import TaskSlot, TaskState
from indexer.archive import Archive
from indexer.comparing import Comparison, Side, compare
from indexer.model import Document

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class ComparedPages:
    """Two documents and their comparison, made on a worker for the dialog to show."""

    a: Document
    b: Document
    comparison: Comparison


def compare_documents(archive: Archive, id_a: str, id_b: str) -> ComparedPages:
    """Load both pages and compare their bodies (runs on a read worker: long pages take a while)."""
    a, b = archive.get(id_a), archive.get(id_b)
    return ComparedPages(a, b, compare(a.body, b.body))


def shared_colours(dark: bool) -> tuple[QColor, QColor]:
    """Background and text of a shared sentence: a soft green, apart from the reader's yellow hits."""
    return (QColor("#2f5d3a"), QColor("#ffffff")) if dark else (QColor("#cdebd3"), QColor("#102a16"))


class ComparePane(QWidget):
    """One page of the comparison: its letter and title, outlet and date, its text with shared sentences marked.

    Signals:
        passageClicked(int): the number of the sentence clicked (a click, not a drag selecting text).
    """

    passageClicked = Signal(int)

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.title = headline_label(f"compareTitle{letter}", 1.25, self)
        self.details = QLabel(self)
        self.details.setObjectName(f"compareDetails{letter}")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.text = TextView(self)
        self.text.setObjectName(f"compareText{letter}")
        reading_font = self.text.font()
        reading_font.setPointSizeF(reading_font.pointSizeF() * 1.1)
        self.text.setFont(reading_font)
        self.text.viewport().installEventFilter(self)
        self.side: Side | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.text, 1)

    def show_loading(self) -> None:
        self.title.setText(f"{self.letter}: loading…")
        self.details.setText("")
        self.text.clear()

    def show_page(self, document: Document, side: Side) -> None:
        self.side = side
        self.title.setText(f"{self.letter}: {document.title or '(untitled)'}")
        outlet = document.outlet or "unknown outlet"
        date = document.date.isoformat() if document.date else "undated"
        noun = "sentence" if side.sentences == 1 else "sentences"
        self.details.setText(f"{outlet} · {date} · {side.shared_count:,} of {side.sentences:,} {noun} shared")
        self.text.setPlainText(document.body)
        self._set_reading_layout()
        self._mark()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def show_passage(self, number: int) -> None:
        """Select sentence `number` and scroll it into the middle of the view."""
        if self.side is None or not 0 <= number < self.side.sentences:
            return
        passage = self.side.passages[number]
        cursor = self.text.textCursor()
        cursor.setPosition(passage.end)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        cursor.setPosition(passage.start, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        bar = self.text.verticalScrollBar()
        middle = self.text.cursorRect(cursor).center().y() - self.text.viewport().height() // 2
        bar.setValue(bar.value() + middle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.text.viewport() and event.type() == QEvent.Type.MouseButtonRelease
                and self.side is not None and not self.text.textCursor().hasSelection()):
            position = self.text.cursorForPosition(event.position().toPoint()).position()  # type: ignore[attr-defined]
            number = self.side.passage_at(position)
            if number is not None:
                self.passageClicked.emit(number)
        return super().eventFilter(watched, event)

    def shared_selections(self) -> list[QTextEdit.ExtraSelection]:
        return self.text.extraSelections()

    def _mark(self) -> None:
        if self.side is None:
            return
        background, foreground = shared_colours(is_dark(self.palette()))
        fmt = QTextCharFormat()
        fmt.setBackground(background)
        fmt.setForeground(foreground)
        self.text.setExtraSelections([marked_span(self.text, start, end, fmt) for start, end in self.side.shared_spans()])

    def _set_reading_layout(self) -> None:
        set_reading_layout(self.text, margin=12)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._mark()  # light/dark switch: the colours are chosen per palette
        super().changeEvent(event)


class CompareDialog(QDialog):
    """Two pages side by side with a splitter between them, and the summary line above.

    Signals: none of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare")
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to quote it
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.summary.setFont(font)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        background, foreground = shared_colours(is_dark(self.palette()))
        self.legend.setText(f"<span style='background:{background.name()}; color:{foreground.name()}'>"
                            "&nbsp;Marked&nbsp;</span> sentences appear, in the same or nearly the same words, "
                            "in both pages; unmarked ones only in the page that shows them. "
                            "Click a marked sentence to find it in the other page.")
        self.legend.setWordWrap(True)
        self.legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pane_a = ComparePane("A", self)
        self.pane_b = ComparePane("B", self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.addWidget(self.pane_a)
        self.splitter.addWidget(self.pane_b)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(10)
        self.splitter.setSizes([600, 600])
        self.pane_a.passageClicked.connect(lambda number: self._show_partner(self.pane_a, self.pane_b, number))
        self.pane_b.passageClicked.connect(lambda number: self._show_partner(self.pane_b, self.pane_a, number))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.legend)
        layout.addWidget(self.splitter, 1)
        self.resize(1200, 760)
        self.shown: ComparedPages | None = None
        self.show_loading()

    def show_loading(self) -> None:
        self.summary.setText("Comparing…")
        self.pane_a.show_loading()
        self.pane_b.show_loading()

    def show_pages(self, pages: ComparedPages) -> None:
        self.shown = pages
        self.setWindowTitle(f"Compare — {pages.a.title or '(untitled)'} · {pages.b.title or '(untitled)'}")
        self.summary.setText(pages.comparison.summary())
        self.pane_a.show_page(pages.a, pages.comparison.a)
        self.pane_b.show_page(pages.b, pages.comparison.b)

    def _show_partner(self, clicked: ComparePane, other: ComparePane, number: int) -> None:
        partner = clicked.side.passages[number].partner if clicked.side is not None else None
        if partner is not None:
            other.show_passage(partner)

    def show_problem(self, text: str) -> None:
        self.summary.setText(text)


class Comparing:
    """The window's Compare command: opens the dialog, loads and compares on a read worker."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: CompareDialog | None = None
        self._slot = TaskSlot(window.workers, parent=window)

    def compare_selected(self) -> CompareDialog | None:
        ids = selected_ids(self.window)
        if len(ids) != 2:
            self.window.statusBar().showMessage("Select two results to compare them (Ctrl+click the second).", 8000)
            return None
        return self.compare(ids)

    def compare(self, ids: Sequence[str]) -> CompareDialog:
        """Show the pages `ids` (two) side by side; a comparison still loading is dropped."""
        id_a, id_b = ids
        archive = self.window.archive
        if self.dialog is None:
            self.dialog = CompareDialog(self.window)
        dialog = self.dialog
        dialog.show_loading()

        def run(state: TaskState) -> ComparedPages:
            return compare_documents(archive, id_a, id_b)

        task = self._slot.start(run)
        task.finished.connect(dialog.show_pages)
        task.failed.connect(lambda error: dialog.show_problem(f"The pages cannot be compared: {error}"))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog


def install(window: MainWindow) -> Comparing:
    return Comparing(window)


__all__ = ["CompareDialog", "ComparePane", "ComparedPages", "Comparing", "compare_documents", "install",
           "shared_colours"]
