"""The search bar: the query field with its history, the syntax help, and the messages under it.

Under the field, one line says what is wrong with a malformed query (the core's QueryError text)
or, when nothing matched, offers the core's spelling suggestion as a link.
"""

from __future__ import annotations

import html
from urllib.parse import quote, unquote

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

EXAMPLES = (
    ("putin erdogan", "pages with both words"),
    ("putin OR erdogan", "either word (<code>AND</code>, <code>OR</code>, <code>NOT</code> in capitals)"),
    ("idlib -ceasefire", "without a word (also <code>NOT ceasefire</code>)"),
    ('"phone call"', "an exact phrase"),
    ("(putin OR kremlin) idlib", "grouping"),
    ("idl*", "any ending (<code>erd?gan</code>: any one letter)"),
    ("erdogan~", "spelling variants (<code>erdogan~1</code>: at most one letter off)"),
    ("title:idlib", "in a field: <code>title:</code> <code>body:</code> <code>outlet:</code> <code>author:</code>"
                    " <code>url:</code> <code>tag:</code>"),
    ("date:2020-02", "a year, a month (<code>date:2020</code>) or a day"),
    ("date:[2020-01-01 TO 2020-03-31]", "a range; <code>*</code> leaves an end open"),
)


def syntax_help_html() -> str:
    rows = "".join(f'<tr><td><a href="{html.escape(quote(query), quote=True)}"><code>{html.escape(query)}</code></a></td>'
                   f"<td>{what}</td></tr>" for query, what in EXAMPLES)
    return (
        "<h3>Searching the archive</h3>"
        f'<table cellspacing="6">{rows}</table>'
        "<p>Click an example to try it. Words match whatever their case or accents. Results follow "
        "as you type; <b>Enter</b> keeps a search in the history (typing shows matching past searches), "
        "<b>Esc</b> clears it, <b>↓</b> goes to the results, <b>Enter</b> on a result reads it, "
        "<b>F3</b> / <b>Shift+F3</b> step through its hits.</p>"
        "<p>The panel on the left narrows the results by outlet and date; its numbers follow your search.</p>"
    )


class SyntaxHelpDialog(QDialog):
    """The query syntax with examples (F1, or the “?” beside the search field).

    Signals:
        exampleChosen(str): the user clicked an example query to try it.
    """

    exampleChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search syntax")
        view = QTextBrowser(self)
        view.setOpenLinks(False)
        view.setHtml(syntax_help_html())
        view.anchorClicked.connect(lambda url: self.exampleChosen.emit(unquote(url.toString())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(640, 430)


class SearchBar(QWidget):
    """Query field, history completer, help button, and the error / suggestion line.

    Signals:
        queryEdited(str): the user changed the text (debounced search follows).
        querySubmitted(str): Enter, a history pick or a suggestion: search at once and remember.
        helpRequested(): the “?” button.
        downPressed(): ↓ in the field with no history list open: move on to the results.
    """

    queryEdited = Signal(str)
    querySubmitted = Signal(str)
    helpRequested = Signal()
    downPressed = Signal()

    def __init__(self, history: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText('Search: words, "exact phrases", outlet:name, date:2020-02 …  (F1 for help)')
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumHeight(32)
        self.field.setAcceptDrops(False)  # dropped files are imported by the window, not typed here
        font = self.field.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.field.setFont(font)
        self.history = QStringListModel(history, self)
        completer = QCompleter(self.history, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.field.setCompleter(completer)
        completer.activated[str].connect(self._submit)  # type: ignore[index]
        self.field.textEdited.connect(self.queryEdited)
        self.field.installEventFilter(self)
        self.field.returnPressed.connect(lambda: self._submit(self.field.text()))

        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setToolTip(f"Search syntax ({QKeySequence(QKeySequence.StandardKey.HelpContents).toString()})")
        self.help_button.setMinimumHeight(32)
        self.help_button.setMinimumWidth(32)
        self.help_button.clicked.connect(self.helpRequested)

        self.message = QLabel(self)
        self.message.setObjectName("searchMessage")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.linkActivated.connect(self._suggestion_clicked)
        self.message.hide()
        self._suggestion: str | None = None

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.help_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.field and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and not self.field.completer().popup().isVisible()):
            self.downPressed.emit()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.field.text()

    def set_text(self, text: str) -> None:
        self.field.setText(text)

    def set_history(self, history: list[str]) -> None:
        self.history.setStringList(history)

    def show_error(self, message: str) -> None:
        self._suggestion = None
        self.message.setText(f'<span style="color:#c0392b;">⚠ {html.escape(message)}</span>')
        self.message.show()

    def show_suggestion(self, suggestion: str | None) -> None:
        """After a search with no hits: offer the suggestion, or say plainly that nothing matched."""
        self._suggestion = suggestion
        if suggestion:
            self.message.setText(f'No matches. Did you mean <a href="suggestion"><b>{html.escape(suggestion)}</b></a>?')
        else:
            self.message.setText("No matches. Try fewer words, a wildcard (<code>idl*</code>) or clearing the filters.")
        self.message.show()

    def clear_message(self) -> None:
        self._suggestion = None
        self.message.clear()
        self.message.hide()

    def _submit(self, text: str) -> None:
        if self.field.text() != text:
            self.field.setText(text)
        self.querySubmitted.emit(text)

    def _suggestion_clicked(self, _link: str) -> None:
        if self._suggestion:
            self._submit(self._suggestion)
