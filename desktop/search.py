"""The search the window shows: the query and filters, debounced, run off the GUI thread.

`SearchController` owns the current `SearchRequest` pieces (query text, outlets, date range,
undated, sort), runs the search on a read worker 250 ms after the last change (an older search
still running is superseded and its answer dropped) and fills the results model. Pages further
down are fetched the same way when the results view asks for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.models import ResultsModel
from desktop.worker import TaskSlot, TaskState, Workers
from indexer.archive import Archive
from indexer.model import SearchRequest, SearchResult, SortOrder
from indexer.query import QueryError

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
PAGE_SIZE = 25  # a screenful or three: every hit on a page costs a snippet, built in Python


@dataclasses.dataclass(frozen=True, slots=True)
class Filters:
    """The facet filters beside the query text."""

    outlets: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated_only: bool = False

    def any(self) -> bool:
        return bool(self.outlets or self.date_from or self.date_to or self.undated_only)


class SearchController(QObject):
    """Runs the window's search and keeps the results model in step with it.

    Signals:
        searching(): a search started (for a busy indicator).
        resultReady(object): the SearchResult of the latest search, already in the model.
        queryError(str): the query is malformed; the message says how (QueryError's text).
        problem(str): the search failed for another reason (index missing, archive error).
        filtersChanged(object): the Filters changed (chips and facet widgets follow).
    """

    searching = Signal()
    resultReady = Signal(object)
    queryError = Signal(str)
    problem = Signal(str)
    filtersChanged = Signal(object)

    def __init__(self, archive: Archive, workers: Workers, results: ResultsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.results = results
        self.query = ""
        self.filters = Filters()
        self.sort: SortOrder = "relevance"
        self.last_result: SearchResult | None = None
        self._search_slot = TaskSlot(workers, parent=self)
        self._page_slot = TaskSlot(workers, parent=self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        results.moreWanted.connect(self._fetch_page)

    # -- what to search ------------------------------------------------------------------------

    def set_query(self, text: str, *, at_once: bool = False) -> None:
        self.query = text
        self._schedule(at_once)

    def set_filters(self, filters: Filters) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        self.filtersChanged.emit(filters)
        self._schedule(True)

    def update_filters(self, **changes: object) -> None:
        self.set_filters(dataclasses.replace(self.filters, **changes))  # type: ignore[arg-type]

    def set_outlets(self, outlets: Iterable[str]) -> None:
        self.update_filters(outlets=tuple(outlets))

    def clear_filters(self) -> None:
        self.set_filters(Filters())

    def set_sort(self, sort: SortOrder) -> None:
        if sort != self.sort:
            self.sort = sort
            self._schedule(True)

    def request(self, offset: int = 0, limit: int | None = None) -> SearchRequest:
        f = self.filters
        return SearchRequest(self.query, outlets=f.outlets, date_from=f.date_from, date_to=f.date_to,
                             undated_only=f.undated_only, sort=self.sort, limit=limit or PAGE_SIZE, offset=offset)

    # -- running it ----------------------------------------------------------------------------

    def _schedule(self, at_once: bool) -> None:
        if at_once:
            self._debounce.stop()
            self.search_now()
        else:
            self._debounce.start()

    def search_now(self) -> None:
        """Run the current search now, superseding one still running."""
        self._debounce.stop()
        self._page_slot.supersede()
        request = self.request()
        archive = self.archive

        def run(state: TaskState) -> SearchResult:
            return archive.search(request)

        task = self._search_slot.start(run)
        task.finished.connect(self._show)
        task.failed.connect(self._failed)
        self.searching.emit()

    def is_busy(self) -> bool:
        return self._search_slot.is_running() or self._debounce.isActive()

    def _show(self, result: SearchResult) -> None:
        self.last_result = result
        self.results.show_result(result)
        self.resultReady.emit(result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, QueryError):
            self.queryError.emit(str(error))
        else:
            log.warning("search failed: %s", error)
            self.problem.emit(str(error) or type(error).__name__)

    def _fetch_page(self, generation: int, offset: int) -> None:
        request = self.request(offset=offset)
        archive = self.archive

        def run(state: TaskState) -> SearchResult:
            return archive.search(request)

        task = self._page_slot.start(run)
        task.finished.connect(lambda result: self.results.append_page(generation, offset, result.hits))
        task.failed.connect(lambda error: self.results.page_failed(generation))
