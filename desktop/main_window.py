"""The main window: search bar on top, facets left, results in the middle, the reader on the right.

It wires widgets to the search controller and to the archive operations; it holds no domain
logic. Files and folders dropped anywhere on it are imported; the window stays usable while
that runs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import compare, menus, outlet_merge, tagging
from desktop.delegates import HitDelegate
from desktop.facets import FacetPanel, FilterChips
from desktop.import_dialog import ProgressDialog
from desktop.models import ResultsModel
from desktop.operations import TANTIVY, Operations, comfort_limit
from desktop.reader import ReaderPane, install_reader_shortcuts
from desktop.reading import Loaded, load_document
from desktop.search import SearchController
from desktop.search_bar import SearchBar, SyntaxHelpDialog
from desktop.settings import UiSettings
from desktop.worker import TaskSlot, TaskState, Workers
from indexer.archive import Archive
from indexer.model import Document, ImportReport, SearchResult
from resources import SAMPLE_ARCHIVE

log = logging.getLogger(__name__)

SORTS = (("Relevance", "relevance"), ("Newest first", "newest"), ("Oldest first", "oldest"))


class MessageBar(QFrame):
    """A line across the window for what the user must see (busy archive, a suggestion), with one action.

    Signals: none (the action button is connected by whoever shows the message).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and errors
        self.label.setWordWrap(True)
        self.action = QPushButton(self)
        self.dismiss = QPushButton("Dismiss", self)
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.dismiss)
        self._callback = None
        self.action.clicked.connect(self._act)
        self.hide()

    def show_message(self, text: str, action: str | None = None, callback=None) -> None:  # noqa: ANN001
        self.label.setText(text)
        self.action.setVisible(action is not None)
        self.action.setText(action or "")
        self._callback = callback
        self.show()

    def _act(self) -> None:
        self.hide()
        if self._callback is not None:
            self._callback()


class MainWindow(QMainWindow):
    """Broadsheet's one window over one open archive.

    Signals: none of its own; it listens to its parts.
    """

    def __init__(self, archive: Archive, workers: Workers | None = None, settings: UiSettings | None = None) -> None:
        super().__init__()
        self.archive = archive
        self.workers = workers or Workers(self)
        self.settings = settings or UiSettings()
        self.document_count: int | None = None
        self.setWindowTitle(f"Broadsheet — {archive.home}")
        self.setAcceptDrops(True)
        self.results = ResultsModel(self)
        self.search = SearchController(archive, self.workers, self.results, self)
        self.operations = Operations(archive, self.workers, self)
        self._reader_slot = TaskSlot(self.workers, parent=self)
        self._hits_slot = TaskSlot(self.workers, parent=self)
        self._build()
        self._connect()
        self.outlet_merging = outlet_merge.install(self)
        self.tagging = tagging.install(self)
        self.comparing = compare.install(self)
        self.actions_ = menus.build(self)
        install_reader_shortcuts(self.reader, self)
        self.reader.find_hits_later = self._find_hits_later
        self._restore()

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_bar = SearchBar(self.settings.history(), self)
        self.message_bar = MessageBar(self)
        self.facets = FacetPanel(self)
        self.facets.setObjectName("facetPanel")
        self.facets.setMinimumWidth(180)

        self.count_label = QLabel("", self)
        self.count_label.setObjectName("resultCount")
        self.sort_box = QComboBox(self)
        for label, _ in SORTS:
            self.sort_box.addItem(label)
        self.sort_box.setToolTip("Order of the results")
        self.chips = FilterChips(self)
        self.results_view = QListView(self)
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results)
        delegate = HitDelegate(self.results_view)
        self.results_view.setItemDelegate(delegate)
        delegate.follow(self.results_view)
        self.results_view.setUniformItemSizes(True)
        self.results_view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.results_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setFrameShape(QFrame.Shape.NoFrame)

        self.first_run = self._first_run_page()
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.results_view)
        self.results_stack.addWidget(self.first_run)

        header = QHBoxLayout()
        header.addWidget(self.count_label, 1)
        header.addWidget(self.sort_box)
        middle = QWidget(self)
        column = QVBoxLayout(middle)
        column.setContentsMargins(6, 6, 6, 0)
        column.setSpacing(6)
        column.addLayout(header)
        column.addWidget(self.chips)
        column.addWidget(self.results_stack, 1)

        self.reader = ReaderPane(self)
        self.reader.setObjectName("reader")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([220, 420, 560])

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(10, 10, 10, 4)
        top_layout.addWidget(self.search_bar)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.archive_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.archive_label)
        # Files dropped anywhere are imported, even over a text field (which would paste the path).
        for field in self.findChildren(QLineEdit):
            field.setAcceptDrops(False)

    def _first_run_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("firstRun")
        title = QLabel("Your archive is empty", page)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = QLabel("Drop scraped pages or folders anywhere on this window, or choose File ▸ Import.\n\n"
                      "To look around first, open the sample archive: five reports of one story by five outlets.",
                      page)
        text.setWordWrap(True)
        text.setMinimumWidth(460)
        self.sample_button = QPushButton("Open the sample archive", page)
        self.sample_button.setObjectName("openSamples")
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(self.open_samples)
        import_button = QPushButton("Import files…", page)
        import_button.clicked.connect(lambda: menus.choose_files(self))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sample_button)
        buttons.addWidget(import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (title, text):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _connect(self) -> None:
        self.search_bar.queryEdited.connect(self._query_edited)
        self.search_bar.querySubmitted.connect(self._query_submitted)
        self.search_bar.helpRequested.connect(self.show_syntax_help)
        self.search_bar.downPressed.connect(self._focus_results)
        self.search.resultReady.connect(self._show_result)
        # Say “Searching…” only when a search is slow enough to notice (large archives).
        self._slow_search = QTimer(self)
        self._slow_search.setSingleShot(True)
        self._slow_search.setInterval(300)
        self._slow_search.timeout.connect(lambda: self.count_label.setText("Searching…"))
        self.search.searching.connect(self._slow_search.start)
        self.search.queryError.connect(lambda _text: self._slow_search.stop())
        self.search.problem.connect(lambda _text: self._slow_search.stop())
        self.search.queryError.connect(self._query_error)
        self.search.problem.connect(self._search_problem)
        self.search.filtersChanged.connect(self.chips.show_filters)
        self.sort_box.currentIndexChanged.connect(lambda i: self.search.set_sort(SORTS[i][1]))  # type: ignore[arg-type]
        self.facets.outletsChanged.connect(self.search.set_outlets)
        self.facets.dateRangeChanged.connect(lambda start, end: self.search.update_filters(date_from=start, date_to=end))
        self.facets.undatedChanged.connect(lambda on: self.search.update_filters(undated_only=on))
        self.chips.removeOutlet.connect(
            lambda name: self.search.set_outlets(o for o in self.search.filters.outlets if o != name))
        self.chips.removeDates.connect(lambda: self.search.update_filters(date_from=None, date_to=None))
        self.chips.removeUndated.connect(lambda: self.search.update_filters(undated_only=False))
        self.chips.clearAll.connect(self.search.clear_filters)
        self.results_view.selectionModel().currentChanged.connect(self._current_changed)
        # Enter on a result moves on to reading it (arrows choose, Enter reads, Ctrl+F goes back).
        self.results_view.activated.connect(lambda _index: self.reader.text.setFocus())
        self.reader.editRequested.connect(self.operations.set_fields)
        self.reader.problem.connect(self.statusBar().showMessage)
        self.operations.archiveChanged.connect(self.search.search_now)
        self.operations.edited.connect(self._edited)
        self.operations.imported.connect(self._imported)
        self.operations.counted.connect(self._counted)
        self.operations.outletsKnown.connect(self.reader.set_outlet_names)
        self.operations.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.operations.problem.connect(self._problem)

    # -- starting ------------------------------------------------------------------------------

    def start(self, import_paths: Sequence[Path] = ()) -> None:
        """After the window is shown: search, prepare the index if needed, import what was given."""
        if self.archive.index_problem is None:
            # What is indexed is searchable even while pages a crash (or another process's import
            # still running) left unindexed catch up; the search runs again when they have.
            self.search.search_now()
        if self.archive.needs_index_work():
            self.operations.ensure_index()
        self.operations.count()
        if import_paths:
            self.import_paths(import_paths)

    def import_paths(self, paths: Sequence[Path]) -> None:
        self.operations.import_paths([Path(p) for p in paths])

    def open_samples(self) -> None:
        self.sample_button.setEnabled(False)
        self.operations.import_paths([SAMPLE_ARCHIVE], quiet_success=True)

    def show_syntax_help(self) -> None:
        dialog = SyntaxHelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exampleChosen.connect(self._try_example)
        dialog.show()

    # -- searching -----------------------------------------------------------------------------

    def _query_edited(self, text: str) -> None:
        self.search.set_query(text)

    def _query_submitted(self, text: str) -> None:
        self.search.set_query(text, at_once=True)
        self.search_bar.set_history(self.settings.remember_search(text))

    def _try_example(self, query: str) -> None:
        self.search_bar.set_text(query)
        self.search_bar.clear_message()
        self.search.set_query(query, at_once=True)

    def _focus_results(self) -> None:
        self.results_view.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.results_view.currentIndex().isValid() and self.results.rowCount():
            self.results_view.setCurrentIndex(self.results.index(0))

    def _query_error(self, message: str) -> None:
        self.search_bar.show_error(message)
        self.count_label.setText("Fix the query to see results")

    def _search_problem(self, text: str) -> None:
        if self.workers.busy_writing():
            # The index is being rebuilt or switched right now; the search runs again after.
            self.statusBar().showMessage("The search index is being rebuilt; results follow when it is ready.")
            return
        self.message_bar.show_message(text, "Rebuild index", self.operations.ensure_index)
        self.message_bar.setProperty("fromSearch", True)

    def _show_result(self, result: SearchResult) -> None:
        self._slow_search.stop()
        if self.message_bar.property("fromSearch"):
            self.message_bar.hide()  # searching works again
            self.message_bar.setProperty("fromSearch", False)
        filters = self.search.filters
        empty_archive = result.total == 0 and not result.query.strip() and not filters.any()
        self.results_stack.setCurrentWidget(self.first_run if empty_archive else self.results_view)
        # An empty archive has nothing to narrow down or sort: show only the welcome.
        for widget in (self.facets, self.reader, self.count_label, self.sort_box):
            widget.setVisible(not empty_archive)
        self.sample_button.setEnabled(True)
        word = "result" if result.total == 1 else "results"
        self.count_label.setText(f"{result.total:,} {word} ({result.took_ms / 1000:.2f} s)")
        if result.total == 0 and not empty_archive:
            self.search_bar.show_suggestion(result.suggestion)
        else:
            self.search_bar.clear_message()
        self.facets.show_facets(result.facets, filters)
        self.chips.show_filters(filters)
        self.reader.set_query(result.query)
        if result.hits:
            # Keep reading the same document when it is still among the results (after an edit,
            # an import, a refined query); otherwise show the best hit.
            shown = self.reader.document_id()
            row = next((i for i, hit in enumerate(result.hits) if hit.id == shown), 0)
            self.results_view.setCurrentIndex(self.results.index(row))

    # -- reading and correcting ----------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.results.hit(current.row()) if current.isValid() else None
        if hit is None:
            return
        archive = self.archive
        doc_id = hit.id

        def run(state: TaskState) -> Loaded:
            return load_document(archive, doc_id)

        task = self._reader_slot.start(run)
        task.finished.connect(lambda loaded: self.reader.show_document(loaded, self.search.query))
        task.failed.connect(lambda error: self.statusBar().showMessage(f"Cannot show that document: {error}"))

    def _find_hits_later(self, text: str, query: str, key: tuple) -> None:
        def run(state: TaskState) -> list[tuple[int, int]]:
            return [(span.start, span.end) for span in Archive.matches_in(text, query)]

        task = self._hits_slot.start(run)
        task.finished.connect(lambda hits: self.reader.hits_found(key, hits))

    def _edited(self, document: Document) -> None:
        if self.reader.loaded and self.reader.loaded.document.id == document.id:
            self.reader.show_document(Loaded(document, self.reader.loaded.original))

    # -- the archive ---------------------------------------------------------------------------

    def _imported(self, report: ImportReport) -> None:
        self.sample_button.setEnabled(True)

    def _problem(self, text: str, retry) -> None:  # noqa: ANN001 - a callable or None
        self.reader.revert_fields()  # an unsaved correction must not look saved
        # A progress dialog already shows the error (with its own Retry) for long work.
        dialog = self.operations.dialog
        if dialog is not None and dialog.isVisible() and retry is not None and dialog.retry_button.isVisible():
            return
        self.message_bar.show_message(text, "Retry" if retry else None, retry)
        self.message_bar.setProperty("fromSearch", False)

    def _counted(self, count: int, engine: str) -> None:
        self.document_count = count
        self.archive_label.setText(f"{count:,} documents · {engine} engine")
        if engine != TANTIVY and count > comfort_limit():
            self.message_bar.show_message(
                f"The archive has {count:,} documents. The tantivy search engine is much faster at this size; "
                "switching rebuilds the index once (the window stays usable).",
                "Switch to tantivy", lambda: self.operations.reindex(TANTIVY))
            self.message_bar.setProperty("fromSearch", False)

    # -- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001 - QDragMoveEvent
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        # Let the drag source finish before work starts (as Picard does).
        QTimer.singleShot(0, lambda: self.import_paths(paths))

    # -- closing -------------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        splitter = self.settings.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        sort = self.settings.text("search/sort", "relevance")
        self.sort_box.setCurrentIndex(next((i for i, (_, key) in enumerate(SORTS) if key == sort), 0))
        self.reader.set_original_mode(self.settings.flag("reader/original"))

    def save_state(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/splitter", self.splitter.saveState())
        self.settings.set_text("search/sort", self.search.sort)
        self.settings.set_flag("reader/original", self.reader.original_mode)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        # Work still running is cancelled (pages imported so far stay imported); waiting for it
        # happens after the window is gone, so closing never looks like a hang.
        self.hide()
        for dialog in self.findChildren(ProgressDialog):
            dialog.hide()
        self.workers.shutdown()
        super().closeEvent(event)


def _local_paths(mime) -> list[Path]:  # noqa: ANN001 - QMimeData
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
