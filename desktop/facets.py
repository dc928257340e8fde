"""The facet panel: outlets with counts, a clickable histogram of years (and months), a date range,
the undated documents, and the chips that show and remove active filters.

The counts come from the core's disjunctive facets, so checking one outlet leaves the other
outlets' counts as they were and picking a year leaves the other years visible.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPalette, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.models import OutletFacetModel, OutletSortFilterModel
from desktop.search import Filters
from indexer.model import Facets
from indexer.query import QueryError, parse_partial_date

FILTER_FIELD_FROM = 8  # outlets listed before a filter field appears
SHORT_LIST = 12  # outlets shown without a scroll bar


def year_span(filters: Filters) -> int | None:
    """The year the date filter covers exactly (a whole year or part of one), for drilling into months."""
    start, end = filters.date_from, filters.date_to
    if start and end and start.year == end.year:
        return start.year
    return None


class Histogram(QWidget):
    """Bars with counts, clickable: years, or the months of one year.

    Signals:
        barClicked(str): the key of the bar clicked ("2020" or "2020-02").
    """

    barClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, str, int]] = []  # (key, label, count)
        self.selected: set[str] = set()
        self.setMouseTracking(True)
        self.setMinimumHeight(88)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 88)

    def set_bars(self, bars: list[tuple[str, str, int]], selected: set[str]) -> None:
        self.bars = bars
        self.selected = selected
        self.update()

    def _bar_rects(self) -> list[QRect]:
        if not self.bars:
            return []
        label_height = self.fontMetrics().height() + 2
        area = self.rect().adjusted(2, 4, -2, -label_height)
        # Few bars stay slim (one year is not a wall of colour); many share the width.
        width = max(3.0, min(area.width() / len(self.bars), 48.0))
        top_count = max(count for _, _, count in self.bars) or 1
        rects = []
        for i, (_, _, count) in enumerate(self.bars):
            height = int(area.height() * count / top_count) if count else 0
            if count and height < 2:
                height = 2
            left = area.left() + int(i * width)
            rects.append(QRect(left + 1, area.bottom() - height + 1, max(2, int(width) - 2), height))
        return rects

    def bar_at(self, x: int) -> int | None:
        for i, rect in enumerate(self._bar_rects()):
            if rect.left() - 1 <= x <= rect.right() + 1:
                return i
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rects = self._bar_rects()
        if not rects:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "no dated documents")
            return
        for (key, _, _), rect in zip(self.bars, rects):
            colour = palette.color(QPalette.ColorRole.Highlight)
            if self.selected and key not in self.selected:
                colour = palette.color(QPalette.ColorRole.Mid)
            painter.fillRect(rect, colour)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        metrics = self.fontMetrics()
        bottom = self.height() - 1
        # Label as many bars as fit without overlapping: the last always, then left to right.
        placed: list[tuple[int, int]] = []
        order = [len(rects) - 1, *range(len(rects) - 1)]
        for i in order:
            label = self.bars[i][1]
            width = metrics.horizontalAdvance(label)
            x = min(max(0, rects[i].center().x() - width // 2), self.width() - width)
            if all(x + width + 6 <= left or x >= right + 6 for left, right in placed):
                placed.append((x, x + width))
                painter.drawText(x, bottom - metrics.descent(), label)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(int(event.position().x()))
        if i is not None:
            key, label, count = self.bars[i]
            QToolTip.showText(event.globalPosition().toPoint(), f"{label}: {count:,} documents — click to show only these", self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(int(event.position().x()))
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.barClicked.emit(self.bars[i][0])


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class FacetPanel(QWidget):
    """Outlets, dates and undated, each with counts that follow the current search.

    Signals:
        outletsChanged(object): the tuple of outlets checked.
        dateRangeChanged(object, object): the new date_from and date_to (dt.date or None).
        undatedChanged(bool): whether only undated documents are wanted.
    """

    outletsChanged = Signal(object)
    dateRangeChanged = Signal(object, object)
    undatedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self.outlets = OutletFacetModel(self)
        self.outlets.checkedChanged.connect(self.outletsChanged)
        self.sorted_outlets = OutletSortFilterModel(self)
        self.sorted_outlets.setSourceModel(self.outlets)

        self.outlet_filter = QLineEdit(self)
        self.outlet_filter.setPlaceholderText("Filter outlets…")
        self.outlet_filter.setClearButtonEnabled(True)
        self.outlet_filter.textChanged.connect(self.sorted_outlets.setFilterFixedString)
        self.outlet_filter.textChanged.connect(lambda _text: self._fit_outlet_list())
        self.outlet_sort = QComboBox(self)
        self.outlet_sort.addItems(["by count", "A–Z"])
        self.outlet_sort.setToolTip("Sort outlets by number of documents or by name")
        self.outlet_sort.currentIndexChanged.connect(lambda i: self.sorted_outlets.sort_by_count(i == 0))
        self.outlet_view = QListView(self)
        self.outlet_view.setObjectName("outletFacet")
        self.outlet_view.setModel(self.sorted_outlets)
        self.outlet_view.setUniformItemSizes(True)
        self.outlet_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.outlet_view.activated.connect(self._toggle_outlet)
        self.no_outlets = QLabel("No outlet is known for these documents yet. "
                                 "Type one in the reader to correct a document.", self)
        self.no_outlets.setWordWrap(True)
        self.no_outlets.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.histogram = Histogram(self)
        self.histogram.setObjectName("dateHistogram")
        self.histogram.barClicked.connect(self._bar_clicked)
        self.all_years = QToolButton(self)
        self.all_years.setText("◂ All years")
        self.all_years.setAutoRaise(True)
        self.all_years.clicked.connect(lambda: self.dateRangeChanged.emit(None, None))
        self.date_from = QLineEdit(self)
        self.date_from.setPlaceholderText("from")
        self.date_to = QLineEdit(self)
        self.date_to.setPlaceholderText("to")
        for edit in (self.date_from, self.date_to):
            edit.setToolTip("YYYY, YYYY-MM or YYYY-MM-DD; press Enter")
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(self._range_typed)
        self.range_error = QLabel(self)
        self.range_error.setStyleSheet("color: #c0392b;")
        self.range_error.setWordWrap(True)
        self.range_error.hide()
        self.undated = QCheckBox("Undated only", self)
        self.undated.setObjectName("undatedFacet")
        self.undated.toggled.connect(self._undated_toggled)

        sort_row = QHBoxLayout()
        sort_row.addWidget(_heading("Outlets", self))
        sort_row.addStretch(1)
        sort_row.addWidget(self.outlet_sort)
        dates_row = QHBoxLayout()
        dates_row.addWidget(_heading("Dates", self))
        dates_row.addStretch(1)
        dates_row.addWidget(self.all_years)
        range_row = QHBoxLayout()
        range_row.addWidget(self.date_from)
        range_row.addWidget(QLabel("–", self))
        range_row.addWidget(self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(sort_row)
        layout.addWidget(self.outlet_filter)
        layout.addWidget(self.outlet_view, 1)
        layout.addWidget(self.no_outlets)
        layout.addSpacing(14)
        layout.addLayout(dates_row)
        layout.addWidget(self.histogram)
        layout.addLayout(range_row)
        layout.addWidget(self.range_error)
        layout.addWidget(self.undated)
        layout.addStretch(0)  # takes the room only when the outlet list is hidden
        self.show_facets(Facets(), Filters())

    # -- showing -------------------------------------------------------------------------------

    def show_facets(self, facets: Facets, filters: Filters) -> None:
        self.filters = filters
        self.outlets.set_checked(filters.outlets)
        self.outlets.set_counts(facets.outlet)
        many = self.outlets.rowCount() > FILTER_FIELD_FROM
        self.outlet_filter.setVisible(many or bool(self.outlet_filter.text()))
        self.outlet_view.setVisible(self.outlets.rowCount() > 0)
        self._fit_outlet_list()
        self.no_outlets.setVisible(self.outlets.rowCount() == 0)
        self._show_dates(facets, filters)
        self.undated.blockSignals(True)
        self.undated.setChecked(filters.undated_only)
        self.undated.setText(f"Undated only ({facets.undated:,})")
        self.undated.blockSignals(False)

    def _fit_outlet_list(self) -> None:
        """A short list takes only the room it needs (the dates move up); a long one scrolls."""
        rows = self.sorted_outlets.rowCount()
        if 0 < rows <= SHORT_LIST:
            row_height = max(self.outlet_view.sizeHintForRow(0), self.fontMetrics().height() + 2)
            self.outlet_view.setMaximumHeight(rows * row_height + 2 * self.outlet_view.frameWidth() + 8)
        else:
            self.outlet_view.setMaximumHeight(16_777_215)  # QWIDGETSIZE_MAX

    def _show_dates(self, facets: Facets, filters: Filters) -> None:
        year = year_span(filters)
        if year is not None:
            months = {k: v for k, v in facets.month.items() if k.startswith(f"{year}-")}
            bars = [(f"{year}-{m:02d}", calendar.month_abbr[m], months.get(f"{year}-{m:02d}", 0)) for m in range(1, 13)]
            selected = {key for key, _, _ in bars if _month_in(key, filters)} if _narrower_than_year(filters) else set()
        else:
            years = sorted(facets.year)
            if years:
                span = range(int(years[0]), int(years[-1]) + 1)
                bars = [(str(y), str(y), facets.year.get(str(y), 0)) for y in span]
            else:
                bars = []
            selected = {key for key, _, _ in bars if _year_in(int(key), filters)} if filters.date_from or filters.date_to else set()
        self.histogram.set_bars(bars, selected)
        self.all_years.setVisible(bool(filters.date_from or filters.date_to))
        for edit, value in ((self.date_from, filters.date_from), (self.date_to, filters.date_to)):
            if not edit.hasFocus():
                edit.setText(value.isoformat() if value else "")
        self.range_error.hide()

    # -- user actions --------------------------------------------------------------------------

    def _toggle_outlet(self, index) -> None:  # noqa: ANN001 - a proxy index
        source = self.sorted_outlets.mapToSource(index)
        checked = self.outlets.data(source, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.outlets.setData(source, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)

    def _bar_clicked(self, key: str) -> None:
        if "-" in key:
            year, month = (int(p) for p in key.split("-"))
            if self.filters.date_from == dt.date(year, month, 1) and _narrower_than_year(self.filters):
                self.dateRangeChanged.emit(dt.date(year, 1, 1), dt.date(year, 12, 31))
                return
            last = calendar.monthrange(year, month)[1]
            self.dateRangeChanged.emit(dt.date(year, month, 1), dt.date(year, month, last))
        else:
            self.dateRangeChanged.emit(dt.date(int(key), 1, 1), dt.date(int(key), 12, 31))

    def _range_typed(self) -> None:
        try:
            start = parse_partial_date(self.date_from.text()) if self.date_from.text().strip() else None
            end = parse_partial_date(self.date_to.text(), end=True) if self.date_to.text().strip() else None
        except QueryError as error:
            self.range_error.setText(str(error))
            self.range_error.show()
            return
        if start and end and start > end:
            self.range_error.setText("The range ends before it starts.")
            self.range_error.show()
            return
        self.range_error.hide()
        if (start, end) != (self.filters.date_from, self.filters.date_to):
            self.dateRangeChanged.emit(start, end)

    def _undated_toggled(self, checked: bool) -> None:
        self.undatedChanged.emit(checked)


def _year_in(year: int, filters: Filters) -> bool:
    start = filters.date_from or dt.date.min
    end = filters.date_to or dt.date.max
    return start <= dt.date(year, 12, 31) and dt.date(year, 1, 1) <= end


def _month_in(key: str, filters: Filters) -> bool:
    year, month = (int(p) for p in key.split("-"))
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return (filters.date_from or dt.date.min) <= last and first <= (filters.date_to or dt.date.max)


def _narrower_than_year(filters: Filters) -> bool:
    start, end = filters.date_from, filters.date_to
    return bool(start and end and (start.month, start.day, end.month, end.day) != (1, 1, 12, 31))


class FilterChips(QWidget):
    """Active filters as removable chips, and one button to clear them all.

    Signals:
        removeOutlet(str): a chip's × for one outlet.
        removeDates(): the date chip's ×.
        removeUndated(): the undated chip's ×.
        clearAll(): “Clear filters”.
    """

    removeOutlet = Signal(str)
    removeDates = Signal()
    removeUndated = Signal()
    clearAll = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.chips: list[QPushButton] = []
        self._shown: Filters | None = None
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear filters")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clearAll)
        self._layout.addStretch(1)
        self._layout.addWidget(self.clear_button)
        self.show_filters(Filters())

    def show_filters(self, filters: Filters) -> None:
        if filters == self._shown:
            return  # every search shows its filters: rebuilding styled buttons each time costs a frame
        self._shown = filters
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for outlet in filters.outlets:
            self._add(f"Outlet: {outlet}", lambda _=False, o=outlet: self.removeOutlet.emit(o))
        if filters.date_from or filters.date_to:
            start = filters.date_from.isoformat() if filters.date_from else "…"
            end = filters.date_to.isoformat() if filters.date_to else "…"
            self._add(f"Date: {start} – {end}", lambda _=False: self.removeDates.emit())
        if filters.undated_only:
            self._add("Undated only", lambda _=False: self.removeUndated.emit())
        self.setVisible(bool(self.chips))

    def _add(self, text: str, remove) -> None:  # noqa: ANN001 - a slot
        chip = QPushButton(f"{text}  ✕", self)
        chip.setObjectName("filterChip")
        chip.setToolTip("Remove this filter")
        chip.setFlat(False)
        chip.setStyleSheet("QPushButton#filterChip { border-radius: 10px; padding: 2px 10px; }")
        chip.clicked.connect(remove)
        self._layout.insertWidget(len(self.chips), chip)
        self.chips.append(chip)
