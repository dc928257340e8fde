"""Tags in the window: the reader's tag row (chips to click or remove, a field to add more), the
list of the archive's tags with their pages beside the facets, and tagging many results at once.

Clicking a tag anywhere runs the search `tag:NAME`. Every change is a write on the write worker
through `Archive.tag_documents` (one write and one index commit however many pages), told
through the window's `Operations` signals like any other correction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.flow_layout import FlowLayout
from desktop.models import NameCountModel, NameRole, plain_tooltip
from desktop.worker import Task, TaskState
from indexer.archive import ArchiveBusy
from indexer.model import Document, SearchResult

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


_PLAIN_TAG = re.compile(r"\w+")


def tag_query(name: str) -> str:
    """The search that finds the pages tagged `name` (quoted when it is more than one word)."""
    return f"tag:{name}" if _PLAIN_TAG.fullmatch(name) else f'tag:"{name}"'


def split_tags(text: str) -> list[str]:
    """Tags typed into one field, comma-separated; quotes are dropped (they would break `tag:"…"`)."""
    seen: dict[str, str] = {}
    for part in text.replace('"', "").split(","):
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def describe(pages: int, add: Sequence[str], remove: Sequence[str]) -> str:
    """A status-bar line for a tagging: “Tagged 3 pages “to check”.”"""
    noun = "page" if pages == 1 else "pages"
    quoted = lambda tags: ", ".join(f"“{t}”" for t in tags)  # noqa: E731
    parts = []
    if add:
        parts.append(f"Tagged {pages:,} {noun} {quoted(add)}")
    if remove:
        parts.append(f"{'removed' if add else 'Removed'} {quoted(remove)} from {pages:,} {noun}")
    return "; ".join(parts) + "."


class TagCountsModel(NameCountModel):
    """The archive's tags, A–Z, with the pages carrying each: among the current search's results
    when it counted them, else in the whole archive.

    Signals: none of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.in_results = False

    def set_counts(self, counts: Mapping[str, int], in_results: bool = False) -> None:
        rows = sorted(counts.items(), key=lambda row: row[0].casefold())
        if rows == self._rows and in_results == self.in_results:
            return
        self.beginResetModel()
        self._rows = rows
        self.in_results = in_results
        self.endResetModel()

    def names(self) -> list[str]:
        return [name for name, _ in self._rows]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < len(self._rows):
            # A tag none of these results carry stays listed (a click still finds its pages), dimmed.
            if self._rows[index.row()][1] == 0:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        return super().data(index, role)

    def tooltip(self, name: str, count: int) -> str:
        where = "among these results " if self.in_results else ""
        pages = "1 page" if count == 1 else f"{count:,} pages"
        return plain_tooltip(f"{pages} {where}tagged {name}", f"Click to search {tag_query(name)}")


class TagChip(QFrame):
    """One tag: its name (click to search it) and a ✕ that removes it from the page.

    Signals:
        clicked(str): the name was clicked.
        removeClicked(str): the ✕ was clicked.
    """

    clicked = Signal(str)
    removeClicked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("tagChip")
        self.setStyleSheet("QFrame#tagChip { border: 1px solid palette(mid); border-radius: 10px; }")
        self.label = QToolButton(self)
        self.label.setObjectName("tagName")
        self.label.setText(name)
        self.label.setAutoRaise(True)
        self.label.setToolTip(plain_tooltip(f"Show every page tagged {name}"))
        self.label.clicked.connect(lambda: self.clicked.emit(self.name))
        self.remove = QToolButton(self)
        self.remove.setObjectName("tagRemove")
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(plain_tooltip(f"Remove the tag {name} from this page"))
        self.remove.clicked.connect(lambda: self.removeClicked.emit(self.name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 2, 0)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.remove)


class TagEditor(QWidget):
    """The reader's tag row: the page's tags as chips, and a field that adds tags on Enter.

    Signals:
        changeRequested(str, object, object): document id, tags to add, tags to remove (lists).
        tagClicked(str): a tag's name was clicked (to search for it).
    """

    changeRequested = Signal(str, object, object)
    tagClicked = Signal(str)

    def __init__(self, known: QStringListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.document: Document | None = None
        self.chips: list[TagChip] = []
        self.flow = FlowLayout(self)
        self.field = QLineEdit(self)
        self.field.setObjectName("tagField")
        self.field.setPlaceholderText("add a tag…")
        self.field.setToolTip("Type a tag (or several, separated by commas) and press Enter")
        self.field.setMinimumWidth(120)
        self.field.setMaximumWidth(220)
        self.field.setAcceptDrops(False)  # files dropped on the window are imported, not pasted
        completer = QCompleter(known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        self.field.returnPressed.connect(self._commit)
        self.flow.addWidget(self.field)

    def show_document(self, document: Document | None) -> None:
        if document is None or self.document is None or document.id != self.document.id:
            self.field.clear()  # a tag half-typed for another page does not belong to this one
        self.document = document
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for name in sorted(document.tags if document else (), key=str.casefold):
            chip = TagChip(name, self)
            chip.clicked.connect(self.tagClicked)
            chip.removeClicked.connect(self._remove)
            self.chips.append(chip)
        self._order()
        self.updateGeometry()

    def _order(self) -> None:
        # Chips first, the field last: the flow keeps the order items were added in.
        for widget in (*self.chips, self.field):
            self.flow.removeWidget(widget)
        for widget in (*self.chips, self.field):
            self.flow.addWidget(widget)

    def tags(self) -> list[str]:
        return [chip.name for chip in self.chips]

    def _commit(self) -> None:
        new = [tag for tag in split_tags(self.field.text())
               if tag.casefold() not in {t.casefold() for t in self.tags()}]
        self.field.clear()
        if self.document is not None and new:
            self.changeRequested.emit(self.document.id, new, [])

    def _remove(self, name: str) -> None:
        if self.document is not None:
            self.changeRequested.emit(self.document.id, [], [name])


class TagPanel(QWidget):
    """“Tags” beside the facets: every tag of the archive with its pages; a click searches it.

    Signals:
        tagClicked(str): the tag chosen.
    """

    tagClicked = Signal(str)

    def __init__(self, model: TagCountsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagPanel")
        heading = QLabel("Tags", self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.view = QListView(self)
        self.view.setObjectName("tagList")
        self.view.setModel(model)
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setMaximumHeight(140)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        self.empty = QLabel("No tags yet: add them in the reader.", self)
        self.empty.setToolTip("Type a tag under the page's date in the reader, or right-click selected results")
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addStretch(1)  # room left over stays below the list, not between heading and rows
        model.modelReset.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        rows = self.view.model().rowCount()
        self.view.setVisible(rows > 0)
        self.empty.setVisible(rows == 0)
        if rows:
            row_height = max(self.view.sizeHintForRow(0), self.fontMetrics().height() + 2)
            self.view.setMaximumHeight(min(rows, 6) * row_height + 2 * self.view.frameWidth() + 4)

    def _chosen(self, index: QModelIndex) -> None:
        name = index.data(NameRole)
        if name:
            self.tagClicked.emit(name)


class TagDialog(QDialog):
    """Asks for the tags to add to (or remove from) the selected results, suggesting the archive's tags.

    Signals: none of its own (accepted() when the user confirms).
    """

    def __init__(self, pages: int, known: QStringListModel, parent: QWidget | None = None, *,
                 removing: bool = False) -> None:
        super().__init__(parent)
        self.removing = removing
        self.setObjectName("removeTagDialog" if removing else "addTagDialog")
        self.setWindowTitle("Remove Tag" if removing else "Add Tag")
        selected = f"the {pages:,} selected {'page' if pages == 1 else 'pages'}"
        self.label = QLabel(f"{'Tag to remove from' if removing else 'Tag for'} {selected} "
                            "(several: separate them with commas):", self)
        self.label.setWordWrap(True)
        self.field = QLineEdit(self)
        self.field.setObjectName("addTagField")
        completer = QCompleter(known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Remove Tag" if removing else "Add Tag")
        self.ok.setEnabled(False)
        self.field.textChanged.connect(lambda text: self.ok.setEnabled(bool(split_tags(text))))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def tags(self) -> list[str]:
        return split_tags(self.field.text())


class Tagging:
    """The window's tag tools: the reader's row, the tag list, tagging selected results.

    The tag list and the suggestions are read off the GUI thread whenever the archive's counts are
    (at start, after imports and corrections) and after every tagging.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.counts = TagCountsModel(window)
        self.known = QStringListModel(window)
        self.editor = TagEditor(self.known, window.reader)
        self.panel = TagPanel(self.counts, window.facets)
        self.dialog: TagDialog | None = None
        self.editor.changeRequested.connect(lambda doc_id, add, remove: self.tag([doc_id], add, remove))
        self.editor.tagClicked.connect(self.show_tag)
        self.panel.tagClicked.connect(self.show_tag)
        self._totals: dict[str, int] = {}  # in the whole archive
        self._in_results: dict[str, int] | None = None  # in the current search's results, when counted

    def refresh(self) -> Task:
        archive = self.window.archive

        def run(state: TaskState) -> dict[str, int]:
            return archive.tag_counts()

        task = self.window.workers.start(run)
        task.finished.connect(self._counted)
        return task

    def _counted(self, counts: dict[str, int]) -> None:
        self._totals = counts
        self._show_counts()
        self.known.setStringList(sorted(counts, key=str.casefold))

    def show_result(self, result: SearchResult) -> None:
        """Count the tags among the results the window shows (every tag listed, 0 where none)."""
        self._in_results = result.facets.tag
        self._show_counts()

    def _show_counts(self) -> None:
        if self._in_results is None:
            self.counts.set_counts(self._totals)
        else:
            names = set(self._totals) | set(self._in_results)
            self.counts.set_counts({name: self._in_results.get(name, 0) for name in names}, in_results=True)

    def tag(self, ids: Sequence[str], add: Iterable[str] = (), remove: Iterable[str] = ()) -> Task:
        """Add and remove tags on the pages `ids`, on the write worker."""
        window = self.window
        archive = window.archive
        ids, add, remove = list(ids), list(add), list(remove)

        def run(state: TaskState) -> tuple[list[Document], str]:
            unwanted = {tag.casefold() for tag in remove}
            before = archive.get_many(ids) if remove else []
            # Removing is reported for the pages that had the tag, not for every page selected.
            had = sum(1 for doc in before if unwanted & {t.casefold() for t in doc.tags})
            docs = archive.tag_documents(ids, add=add, remove=remove, wait=2.0)
            spelled = {t.casefold(): t for doc in (*before, *docs) for t in doc.tags}  # as the archive spells them
            return docs, describe(len(docs) if add else had, [spelled.get(t.casefold(), t) for t in add],
                                  [spelled.get(t.casefold(), t) for t in remove])

        task = window.workers.start(run, write=True)
        task.finished.connect(lambda outcome: self._tagged(*outcome))
        task.failed.connect(lambda error: self._failed(error, ids, add, remove))
        return task

    def _tagged(self, docs: list[Document], message: str) -> None:
        operations = self.window.operations
        operations.message.emit(message)
        shown = self.window.reader.document_id()
        for doc in docs:
            if doc.id == shown:
                operations.edited.emit(doc)  # the reader shows the page's new tags
        operations.archiveChanged.emit()  # a search by tag finds them now
        self.refresh()

    def _failed(self, error: object, ids: list[str], add: list[str], remove: list[str]) -> None:
        operations = self.window.operations
        if isinstance(error, ArchiveBusy):
            operations.problem.emit(str(error), lambda: self.tag(ids, add, remove))
        else:
            operations.problem.emit(f"Tagging failed: {error}", None)

    def show_tag(self, name: str) -> None:
        """Run the search for the pages tagged `name`."""
        window = self.window
        query = tag_query(name)
        window.search_bar.set_text(query)
        window.search_bar.clear_message()
        window.search.set_query(query, at_once=True)

    def add_to_selected(self, ids: Sequence[str]) -> TagDialog | None:
        """Ask for a tag and add it to the pages `ids` (the selected results)."""
        return self._ask(ids, removing=False)

    def remove_from_selected(self, ids: Sequence[str]) -> TagDialog | None:
        """Ask for a tag and remove it from the pages `ids` (the selected results)."""
        return self._ask(ids, removing=True)

    def _ask(self, ids: Sequence[str], *, removing: bool) -> TagDialog | None:
        if not ids:
            self.window.statusBar().showMessage("Select some results first (Ctrl+A selects those loaded).", 8000)
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = TagDialog(len(ids), self.known, self.window, removing=removing)
        chosen = list(ids)

        def confirmed() -> None:
            tags = dialog.tags()
            if tags:
                self.tag(chosen, remove=tags) if removing else self.tag(chosen, add=tags)

        dialog.accepted.connect(confirmed)
        self.dialog = dialog
        dialog.open()
        return dialog


def _grid_holding(widget: QWidget) -> QGridLayout | None:
    """The grid layout a widget sits in, searched from its parent's layout down."""
    parent = widget.parentWidget()
    stack = [parent.layout()] if parent is not None and parent.layout() is not None else []
    while stack:
        layout = stack.pop()
        if isinstance(layout, QGridLayout) and layout.indexOf(widget) >= 0:
            return layout
        for i in range(layout.count()):
            child = layout.itemAt(i).layout()
            if child is not None:
                stack.append(child)
    return None


def install(window: MainWindow) -> Tagging:
    """Put the tag row into the reader's metadata and the tag list under the facets; keep them current."""
    tagging = Tagging(window)
    reader = window.reader
    grid = _grid_holding(reader.fields["title"])
    if grid is not None:
        row = grid.rowCount()
        label = QLabel("Tags", reader)
        grid.addWidget(label, row, 0)
        grid.addWidget(tagging.editor, row, 1, 1, 2)
    else:  # the reader was laid out otherwise: the row goes under the title
        reader.details.layout().insertWidget(1, tagging.editor)
    facet_layout = window.facets.layout()
    if isinstance(facet_layout, QBoxLayout):
        # Before the closing stretch, so the tags sit right under the dates.
        facet_layout.insertWidget(max(0, facet_layout.count() - 1), tagging.panel)
    reader.documentShown.connect(lambda loaded: tagging.editor.show_document(loaded.document if loaded else None))
    window.operations.counted.connect(lambda *_: tagging.refresh())
    window.search.resultReady.connect(tagging.show_result)
    return tagging


__all__ = ["TagDialog", "TagChip", "TagCountsModel", "TagEditor", "TagPanel", "Tagging",
           "describe", "install", "split_tags", "tag_query"]
