"""Item models over the core's answers: the hits list (paged lazily), the outlet facet, and the
name-with-count lists (checkable or not) that the facet, the outlet merge and the tag list share.

Models hold what the core returned and nothing more; they never call the archive themselves.
The results model asks for the next page with a signal (`moreWanted`) and the search controller
answers with `append_page`, so scrolling never blocks the GUI thread on a search.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from indexer.model import Hit, SearchResult

ModelIndex = QModelIndex | QPersistentModelIndex

HitRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3
MetaLineRole = Qt.ItemDataRole.UserRole + 4
CountRole = Qt.ItemDataRole.UserRole + 5
NameRole = Qt.ItemDataRole.UserRole + 6

UNTITLED = "(untitled)"


def plain_tooltip(*lines: str) -> str:
    """A tooltip that shows text from imported pages as text: Qt would render anything that looks
    like HTML in a tooltip (and load the images it names), so it is escaped and marked rich."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def format_date(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


def meta_line(hit: Hit) -> str:
    """“Outlet · 2020-02-28” as the results list shows it under a title."""
    return f"{hit.outlet or 'unknown outlet'} · {format_date(hit.date)}"


class ResultsModel(QAbstractListModel):
    """The hits of the current search, one row each, fetched page by page as the view scrolls.

    Signals:
        moreWanted(int, int): generation and offset of the next page the view wants.
    """

    moreWanted = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._total = 0
        self._generation = 0
        self._fetching = False

    # -- filling ---------------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Changes with every new search: a page answering an older one is dropped."""
        return self._generation

    @property
    def total(self) -> int:
        return self._total

    def show_result(self, result: SearchResult) -> int:
        """Replace the rows with a new search's first page; returns the new generation."""
        self.beginResetModel()
        self._generation += 1
        self._hits = list(result.hits)
        self._total = result.total
        self._fetching = False
        self.endResetModel()
        return self._generation

    def clear(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._hits = []
        self._total = 0
        self._fetching = False
        self.endResetModel()

    def append_page(self, generation: int, offset: int, hits: Iterable[Hit]) -> None:
        """Add a page that fetchMore asked for, unless a newer search replaced the rows meanwhile."""
        if generation != self._generation or offset != len(self._hits):
            return
        self._fetching = False
        new = list(hits)
        if not new:
            # The index shrank under us (documents removed or re-cleaned): stop asking.
            self._total = len(self._hits)
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._hits.extend(new)
        self.endInsertRows()

    def page_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[Hit]:
        return list(self._hits)

    # -- Qt's model interface --------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title or UNTITLED
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(hit.title or UNTITLED, meta_line(hit))
        if role == HitRole:
            return hit
        if role == IdRole:
            return hit.id
        if role == SnippetRole:
            return hit.snippet
        if role == MetaLineRole:
            return meta_line(hit)
        return None

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and not self._fetching and len(self._hits) < self._total

    def fetchMore(self, parent: ModelIndex) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            self.moreWanted.emit(self._generation, len(self._hits))


class NameCountModel(QAbstractListModel):
    """Names with a count each (outlets, tags), listed as “Name (1,234)”; subclasses say what the
    count means in `tooltip` and how rows arrive.

    Signals: none of its own.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int]] = []

    def tooltip(self, name: str, count: int) -> str:
        return plain_tooltip(f"{name}: {count:,}")

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        name, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} ({count:,})"
        if role == NameRole:
            return name
        if role == CountRole:
            return count
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(name, count)
        return None


class CheckableNameCountModel(NameCountModel):
    """Names with counts that the user checks, several at once, remembered in the order checked.

    Signals:
        checkedChanged(object): the tuple of checked names, after the user changed it.
    """

    checkedChanged = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checked: list[str] = []

    def checked(self) -> tuple[str, ...]:
        return tuple(self._checked)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.row() < len(self._rows):
            checked = self._rows[index.row()][0] in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.row() >= len(self._rows):
            return False
        name = self._rows[index.row()][0]
        on = (Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value) == Qt.CheckState.Checked
        if on == (name in self._checked):
            return True
        if on:
            self._checked.append(name)
        else:
            self._checked.remove(name)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit(self.checked())
        return True


class OutletFacetModel(CheckableNameCountModel):
    """Outlets with their counts for the current query; several can be checked at once.

    Checked outlets stay listed even when the query leaves them no hits, so they can be unchecked.

    Signals:
        checkedChanged(object): the tuple of checked outlet names, after the user changed it.
    """

    def set_counts(self, counts: Mapping[str, int]) -> None:
        rows = dict(counts)
        for name in self._checked:
            rows.setdefault(name, 0)
        new_rows = list(rows.items())
        if [name for name, _ in new_rows] == [name for name, _ in self._rows]:
            self._rows = new_rows
            if new_rows:
                self.dataChanged.emit(self.index(0), self.index(len(new_rows) - 1))
            return
        self.beginResetModel()
        self._rows = new_rows
        self.endResetModel()

    def set_checked(self, names: Iterable[str]) -> None:
        """Set the checked outlets from outside (chips, clearing filters) without echoing back."""
        self._checked = list(dict.fromkeys(names))
        self.set_counts(dict(self._rows))
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def tooltip(self, name: str, count: int) -> str:
        return plain_tooltip(f"{count:,} documents from {name} match the current search")


class OutletSortFilterModel(QSortFilterProxyModel):
    """The outlet facet as shown: filtered by what the user types, sorted by count or by name.

    Signals: none of its own (those of QSortFilterProxyModel).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterRole(NameRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.by_count = True
        self.setDynamicSortFilter(True)
        self._apply_sort()

    def sort_by_count(self, by_count: bool) -> None:
        self.by_count = by_count
        self._apply_sort()

    def _apply_sort(self) -> None:
        if self.by_count:
            self.setSortRole(CountRole)
            self.sort(0, Qt.SortOrder.DescendingOrder)
        else:
            self.setSortRole(NameRole)
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        if self.by_count:
            lc, rc = left.data(CountRole), right.data(CountRole)
            if lc != rc:
                return lc < rc
            # Equal counts: alphabetical, which reads top-down in a descending sort.
            return str(left.data(NameRole)).casefold() > str(right.data(NameRole)).casefold()
        return str(left.data(NameRole)).casefold() < str(right.data(NameRole)).casefold()
