"""The reader: one document with every hit highlighted, its metadata and where each value came from.

Text is only ever shown as plain text: an imported page's HTML is displayed as its source, never
rendered, so no script runs, nothing is fetched and no link in a page can be followed. The only
link the reader opens is the document's own URL, http(s) only, in the system browser, after
asking. Edits to title, outlet and date are emitted for the window to persist through the core.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.delegates import highlight_colours, is_dark
from desktop.reading import Loaded, describe_source, locate_blocks, other_date_caption
from desktop.models import plain_tooltip
from indexer.archive import Archive

EDITED_FIELDS = ("title", "outlet", "date")
LONG_TEXT = 100_000  # characters; finding the hits of a longer text is left to a worker
class TextView(QTextBrowser):
    """Read-only plain text with highlight ranges; shows a range's reason as a tooltip.

    Signals: none of its own; links and resources are switched off.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.tips: list[tuple[int, int, str]] = []

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        return None  # nothing shown here may load anything, local or remote

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.tips:
            position = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos())).position()
            reason = next((r for s, e, r in self.tips if s <= position < e), None)
            if reason:
                QToolTip.showText(event.globalPos(), plain_tooltip(f"Removed: {reason}"), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class ReaderPane(QWidget):
    """The selected document: metadata with sources, the Readable/Original toggle, hits to step through.

    Signals:
        editRequested(str, object): document id and {field: value} the user changed.
        problem(str): something to tell the user (a refused URL, say).
        documentShown(object): the Loaded document now shown (None when none is), for the tag row.
    """

    editRequested = Signal(str, object)
    problem = Signal(str)
    documentShown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded: Loaded | None = None
        self.query = ""
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self._hits_for: tuple = ()
        self._finding = False
        self._removed_selections: list[QTextEdit.ExtraSelection] = []
        # Set by the window: finds hits of a long text off the GUI thread, then calls hits_found.
        self.find_hits_later: Callable[[str, str, tuple], None] | None = None
        self._build()
        self.show_document(None)

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = headline_label("readerTitle", 1.35, self)

        self.fields: dict[str, QLineEdit] = {}
        self.sources: dict[str, QLabel] = {}
        # A grid rather than a form: the fields line up whatever their sources say.
        form = QGridLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        form.setColumnStretch(1, 1)
        placeholders = {"title": "no title", "outlet": "unknown outlet", "date": "unknown (YYYY-MM-DD)"}
        for name in EDITED_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{name}")
            edit.setPlaceholderText(placeholders[name])
            edit.setToolTip("Edit and press Enter to correct it; clear it to mark it unknown")
            edit.editingFinished.connect(lambda name=name: self._field_edited(name))
            source = QLabel(self)
            source.setTextFormat(Qt.TextFormat.PlainText)
            source.setObjectName(f"source_{name}")
            source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            row = form.rowCount()
            form.addWidget(QLabel(name.capitalize(), self), row, 0)
            form.addWidget(edit, row, 1)
            form.addWidget(source, row, 2)
            self.fields[name] = edit
            self.sources[name] = source
        self._outlet_names = QStringListModel(self)
        outlet_completer = QCompleter(self._outlet_names, self)
        outlet_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        outlet_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.fields["outlet"].setCompleter(outlet_completer)

        self.candidate_label = QLabel(self)
        self.candidate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_date = QPushButton("Confirm date", self)
        self.confirm_date.clicked.connect(self._confirm_candidate)
        candidate_row = QHBoxLayout()
        candidate_row.addWidget(self.candidate_label, 1)
        candidate_row.addWidget(self.confirm_date)
        self.candidate_box = QWidget(self)
        self.candidate_box.setLayout(candidate_row)
        candidate_row.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.candidate_box, form.rowCount(), 1, 1, 2)

        # Other days the page gives as its date (structured data against a visible stamp, say):
        # one click files the page under one of them instead.
        others_row = QHBoxLayout()
        others_row.setContentsMargins(0, 0, 0, 0)
        self.other_dates_label = QLabel("Also given:", self)
        self.other_dates_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        others_row.addWidget(self.other_dates_label)
        self.other_date_buttons: list[QToolButton] = []
        for rank in range(2):
            button = QToolButton(self)
            button.setObjectName(f"other_date_{rank + 1}")
            button.setToolTip("File the page under this date instead")
            button.clicked.connect(lambda _=False, rank=rank: self._use_other_date(rank))
            others_row.addWidget(button)
            self.other_date_buttons.append(button)
        others_row.addStretch(1)
        self.other_dates_box = QWidget(self)
        self.other_dates_box.setLayout(others_row)
        form.addWidget(self.other_dates_box, form.rowCount(), 1, 1, 2)

        self.url_label = QLabel(self)
        self.url_label.setTextFormat(Qt.TextFormat.PlainText)
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_url = QToolButton(self)
        self.open_url.setText("Open in browser…")
        self.open_url.clicked.connect(self._open_url)
        row = form.rowCount()
        form.addWidget(QLabel("Address", self), row, 0)
        form.addWidget(self.url_label, row, 1)
        form.addWidget(self.open_url, row, 2)
        self.info_label = QLabel(self)
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.info_label.setWordWrap(True)
        row = form.rowCount()
        form.addWidget(QLabel("File", self), row, 0)
        form.addWidget(self.info_label, row, 1, 1, 2)

        self.readable_button = QToolButton(self)
        self.readable_button.setText("Readable")
        self.original_button = QToolButton(self)
        self.original_button.setText("Original")
        self.mode_group = QButtonGroup(self)
        for button in (self.readable_button, self.original_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.mode_group.addButton(button)
        self.readable_button.setToolTip("The article: title and body, boilerplate removed (Ctrl+R toggles)")
        self.original_button.setToolTip("The page exactly as imported, as plain text (Ctrl+R toggles)")
        self.readable_button.setChecked(True)
        self.mode_group.buttonToggled.connect(lambda _button, checked: self._render() if checked else None)
        self.show_removed = QCheckBox("Show what was removed", self)
        self.show_removed.setToolTip("Mark the lines the cleaner left out; hover one to see why")
        self.show_removed.toggled.connect(lambda *_: self._render())
        self.previous_hit = QToolButton(self)
        self.previous_hit.setText("◀")
        self.previous_hit.setToolTip("Previous hit (Shift+F3)")
        self.previous_hit.clicked.connect(lambda: self.step_hit(-1))
        self.next_hit = QToolButton(self)
        self.next_hit.setText("▶")
        self.next_hit.setToolTip("Next hit (F3)")
        self.next_hit.clicked.connect(lambda: self.step_hit(1))
        self.hit_label = QLabel(self)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.readable_button)
        bar.addWidget(self.original_button)
        bar.addSpacing(8)
        bar.addWidget(self.show_removed)
        bar.addStretch(1)
        bar.addWidget(self.hit_label)
        bar.addWidget(self.previous_hit)
        bar.addWidget(self.next_hit)

        self.text = TextView(self)
        self.text.setObjectName("readerText")
        reading_font = self.text.font()
        reading_font.setPointSizeF(reading_font.pointSizeF() * 1.1)
        self.text.setFont(reading_font)
        self.empty = QLabel("Select a result to read it here.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.details = QWidget(self)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(8)
        details.addWidget(self.heading)
        details.addLayout(form)
        details.addLayout(bar)
        details.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.empty, 1)

    # -- showing -------------------------------------------------------------------------------

    @property
    def original_mode(self) -> bool:
        return self.original_button.isChecked()

    def set_original_mode(self, original: bool) -> None:
        (self.original_button if original else self.readable_button).setChecked(True)

    def toggle_mode(self) -> None:
        self.set_original_mode(not self.original_mode)

    def document_id(self) -> str | None:
        return self.loaded.document.id if self.loaded else None

    def show_document(self, loaded: Loaded | None, query: str | None = None) -> None:
        same = bool(loaded and self.loaded and loaded.document.id == self.loaded.document.id)
        self.loaded = loaded
        if query is not None:
            self.query = query
        self.details.setVisible(loaded is not None)
        self.empty.setVisible(loaded is None)
        self.documentShown.emit(loaded)
        if loaded is None:
            self.text.clear()
            return
        doc = loaded.document
        self.heading.setText(doc.title or "(untitled)")
        for name, edit in self.fields.items():
            value = doc.metadata.get(name)
            edit.setText(value.value if value else "")
            edit.setCursorPosition(0)
            source = describe_source(value.source) if value else ""
            self.sources[name].setText(f"from {source}" if source else "")
            self.sources[name].setToolTip(plain_tooltip(value.source) if value else "")
        candidate = doc.date_candidate
        self.candidate_box.setVisible(candidate is not None and doc.value("date") is None)
        if candidate is not None:
            self.candidate_label.setText(f"Possible date {candidate.value} (from {describe_source(candidate.source)})")
        self.other_dates_box.setVisible(bool(doc.other_dates))
        for rank, button in enumerate(self.other_date_buttons):
            other = doc.other_dates[rank] if rank < len(doc.other_dates) else None
            button.setVisible(other is not None)
            button.setText(other_date_caption(other) if other else "")
        url = doc.url or ""
        self.url_label.setText(url or "unknown")
        self.open_url.setEnabled(_is_web_url(url))
        self.info_label.setText(f"{doc.source_path} · {doc.size:,} bytes · {doc.encoding or doc.kind}")
        self.info_label.setToolTip(plain_tooltip(f"id {doc.id}", f"imported {doc.imported_at}"))
        self._render(keep_position=same)

    def set_outlet_names(self, names: list[str]) -> None:
        """Suggest the archive's outlet names while typing one, so spellings stay consistent."""
        self._outlet_names.setStringList(names)

    def revert_fields(self) -> None:
        """Show the stored values again (after a correction could not be saved)."""
        if self.loaded is not None:
            for name, edit in self.fields.items():
                edit.setText(self.loaded.document.value(name) or "")

    def set_query(self, query: str) -> None:
        if query != self.query:
            self.query = query
            self._render()

    def shown_text(self) -> str:
        return self.text.toPlainText()

    def _render(self, keep_position: bool = False) -> None:
        self.show_removed.setEnabled(self.original_mode)
        for button in (self.readable_button, self.original_button):
            font = button.font()
            font.setBold(button.isChecked())  # which view is on must be plain in any style
            button.setFont(font)
        if self.loaded is None:
            return
        doc = self.loaded.document
        text = self.loaded.original if self.original_mode else doc.readable_text
        scroll = self.text.verticalScrollBar().value()
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)
            if len(text) <= LONG_TEXT:  # relaying out a long page's every line would stall
                self._set_reading_layout()
            keep_position = False
        removed = (locate_blocks(text, doc.removed)
                   if self.original_mode and self.show_removed.isChecked() else [])
        self.text.tips = removed
        removed_format = self._removed_format()
        self._removed_selections = [self._selection(start, end, removed_format) for start, end, _ in removed]
        self.hits = []
        self.current_hit = -1
        self._finding = False
        self._hits_for = (doc.id, self.original_mode, self.query)
        if self.query.strip():
            if len(text) > LONG_TEXT and self.find_hits_later is not None:
                self._finding = True
                self.find_hits_later(text, self.query, self._hits_for)
            else:
                self.hits = [(s.start, s.end) for s in Archive.matches_in(text, self.query)]
        self._show_hits(keep_position, scroll)

    def hits_found(self, key: tuple, hits: list[tuple[int, int]]) -> None:
        """Hits of a long text, found on a worker; dropped if the reader moved on meanwhile."""
        if key == self._hits_for and self.loaded is not None:
            self._finding = False
            self.hits = hits
            self._show_hits(False, 0)

    def _show_hits(self, keep_position: bool, scroll: int) -> None:
        # Highlights are extra selections: the document is never edited, so nothing relays out.
        # The current hit is the text cursor's own selection, so stepping changes nothing else.
        hit_format = self._hit_format()
        self.text.setExtraSelections(self._removed_selections +
                                     [self._selection(start, end, hit_format) for start, end in self.hits])
        self._update_hit_label()
        if keep_position:
            self.text.verticalScrollBar().setValue(scroll)
        elif self.hits:
            self.step_hit(1)
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def _set_reading_layout(self) -> None:
        set_reading_layout(self.text, margin=14)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        return marked_span(self.text, start, end, fmt)

    def _removed_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        dark = is_dark(self.palette())
        fmt.setBackground(QColor("#5a2b2b") if dark else QColor("#f6d5d5"))
        fmt.setForeground(QColor("#e0b0b0") if dark else QColor("#7a2e2e"))
        return fmt

    def _hit_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        background, foreground = highlight_colours(self.palette())
        fmt.setBackground(background)
        fmt.setForeground(foreground)
        return fmt

    def _update_hit_label(self) -> None:
        count = len(self.hits)
        if self._finding:
            self.hit_label.setText("finding hits…")
        elif not self.query.strip():
            self.hit_label.setText("")
        elif count == 0:
            self.hit_label.setText("no hits in this text")
        else:
            self.hit_label.setText(f"hit {self.current_hit + 1:,} of {count:,}" if self.current_hit >= 0
                                   else f"{count:,} hits")
        self.previous_hit.setEnabled(count > 1)
        self.next_hit.setEnabled(count > 1)

    def step_hit(self, step: int) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping around at the ends."""
        if not self.hits:
            return
        self.current_hit = (self.current_hit + step) % len(self.hits)
        start, end = self.hits[self.current_hit]
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        self._update_hit_label()

    def changeEvent(self, event: QEvent) -> None:
        # Light/dark switch of the system: the highlight colours are chosen per palette.
        if event.type() == QEvent.Type.PaletteChange and self.loaded is not None:
            self._render(keep_position=True)
        super().changeEvent(event)

    # -- editing -------------------------------------------------------------------------------

    def _field_edited(self, name: str) -> None:
        if self.loaded is None:
            return
        new = self.fields[name].text().strip()
        old = self.loaded.document.value(name) or ""
        if new != old:
            self.editRequested.emit(self.loaded.document.id, {name: new})

    def _use_other_date(self, rank: int) -> None:
        others = self.loaded.document.other_dates if self.loaded else ()
        if rank < len(others):
            self.editRequested.emit(self.loaded.document.id, {"date": others[rank].value})

    def _confirm_candidate(self) -> None:
        if self.loaded and self.loaded.document.date_candidate:
            self.editRequested.emit(self.loaded.document.id, {"date": self.loaded.document.date_candidate.value})

    def _open_url(self) -> None:
        url = self.loaded.document.url if self.loaded else None
        if not url or not _is_web_url(url):
            self.problem.emit("Only web addresses (http or https) are opened.")
            return
        answer = QMessageBox.question(self, "Open in browser",
                                      f"Open this address in your web browser?\n\n{url}\n\n"
                                      "The live page may have changed since it was archived.")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl(url))


def headline_label(name: str, scale: float, parent: QWidget) -> QLabel:
    """A page's headline above its text: bold, larger, selectable, and shown as plain text
    (a headline comes from an imported page and must never be rendered as markup)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def marked_span(text: QTextEdit, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    """The characters start..end of `text` drawn with `fmt` (hits, removed blocks, shared
    sentences), without touching the document."""
    cursor = QTextCursor(text.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = fmt
    return selection


def set_reading_layout(text: QTextEdit, margin: int) -> None:
    """Airier lines than a code editor's, and margins off the frame: this is for reading articles."""
    document = text.document()
    document.setDocumentMargin(margin)
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.SelectionType.Document)
    block = QTextBlockFormat()
    block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.mergeBlockFormat(block)


def _is_web_url(url: str) -> bool:
    parsed = QUrl(url)
    return parsed.isValid() and parsed.scheme().lower() in ("http", "https") and bool(parsed.host())


def install_reader_shortcuts(reader: ReaderPane, owner: QObject) -> None:
    """F3 / Shift+F3 step through hits wherever the focus is in the window."""
    from PySide6.QtGui import QKeySequence, QShortcut

    for keys, step in (("F3", 1), ("Shift+F3", -1)):
        shortcut = QShortcut(QKeySequence(keys), owner)  # type: ignore[arg-type]
        shortcut.activated.connect(lambda step=step: reader.step_hit(step))
