"""Painting a hit: bold title, a muted outlet · date line, and the snippet with matched words marked.

The core's snippet is HTML-escaped text whose only markup is `<mark>…</mark>`. It is split into
its text pieces (unescaped) and laid out as plain text with the marked pieces formatted, so no
rich-text renderer ever sees what a page contained, and a row costs no HTML parsing.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models import UNTITLED, HitRole, meta_line
from indexer.model import Hit

_MARK = re.compile(r"(<mark>.*?</mark>)", re.DOTALL)
PADDING = 8
SNIPPET_LINES = 3


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def highlight_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text colour of a marked word, readable on light and dark palettes."""
    if is_dark(palette):
        return QColor("#8a6d00"), QColor("#ffffff")
    return QColor("#ffe066"), QColor("#000000")


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (plain text, marked) pieces."""
    pieces: list[tuple[str, bool]] = []
    for part in _MARK.split(snippet):
        if not part:
            continue
        marked = part.startswith("<mark>") and part.endswith("</mark>")
        text = part[len("<mark>"):-len("</mark>")] if marked else part
        pieces.append((html.unescape(text), marked))
    return pieces


def snippet_layout(snippet: str, palette: QPalette) -> tuple[str, list[QTextLayout.FormatRange]]:
    """The snippet's plain text and the ranges to draw in the highlight colours."""
    background, foreground = highlight_colours(palette)
    mark = QTextCharFormat()
    mark.setBackground(background)
    mark.setForeground(foreground)
    text: list[str] = []
    ranges: list[QTextLayout.FormatRange] = []
    at = 0
    for piece, marked in snippet_pieces(snippet):
        if marked and piece:
            shown = QTextLayout.FormatRange()
            shown.start, shown.length, shown.format = at, len(piece), mark
            ranges.append(shown)
        text.append(piece)
        at += len(piece)
    return "".join(text), ranges


class HitDelegate(QStyledItemDelegate):
    """Draws one search hit over five lines; every row has the same height (fast lists).

    A row's text is rendered once into a pixmap and reused while it stays the same size, state
    and palette: scrolling then costs one image copy per row. That matters because searches
    run Python on worker threads, and every Python step the GUI thread takes while painting
    may wait for the interpreter lock.

    Rows just below the visible ones are rendered ahead, one per turn of the event loop while
    nothing else waits (`follow`), so the rows that scrolling or a newly fetched page reveals
    are already images when they come into view.

    Signals: none.
    """

    CACHE_ROWS = 400
    AHEAD_SCREENS = 1.0  # how far below the visible rows to render ahead

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[tuple, QPixmap] = OrderedDict()
        self._font_key: str | None = None
        self._fonts_cache: tuple[QFont, QFont, QFont] | None = None
        self._view: QAbstractItemView | None = None
        self._ahead: list[int] = []  # rows still to render ahead, nearest first
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setInterval(0)
        self._ahead_timer.timeout.connect(self._render_one_ahead)

    # -- rendering ahead -------------------------------------------------------------------------

    def follow(self, view: QAbstractItemView) -> None:
        """Render ahead in this view whenever its rows change or it scrolls."""
        self._view = view
        model = view.model()
        # After the view has laid the new rows out (it does so at the next turn of the loop).
        model.modelReset.connect(lambda: QTimer.singleShot(0, self.render_ahead))
        model.rowsInserted.connect(lambda _parent, first, _last: QTimer.singleShot(0, lambda: self.render_ahead(first)))
        view.verticalScrollBar().valueChanged.connect(lambda _value: self.render_ahead())

    def is_rendered(self, index: QModelIndex) -> bool:
        """Whether the row at index is an image ready to paint, unselected, at its current size."""
        view = self._view
        hit = index.data(HitRole)
        if view is None or hit is None:
            return False
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        rect = view.visualRect(index)
        key = (hit.id, hit.snippet, rect.width(), rect.height(), False, option.palette.cacheKey(),
               view.viewport().devicePixelRatioF())
        return key in self._cache

    def render_ahead(self, first: int | None = None) -> None:
        """Queue the rows from `first` (else the one below the last visible) for a screenful."""
        view = self._view
        if view is None or not view.isVisible():
            return
        viewport = view.viewport().rect()
        if first is None:
            last_shown = view.indexAt(viewport.bottomLeft())
            first = last_shown.row() + 1 if last_shown.isValid() else 0
        row_height = max(1, view.sizeHintForRow(0)) if view.model().rowCount() else 1
        count = int(viewport.height() * self.AHEAD_SCREENS / row_height) + 1
        rows = range(first, min(first + count, view.model().rowCount()))
        self._ahead = list(rows)
        if self._ahead:
            self._ahead_timer.start()
        else:
            self._ahead_timer.stop()

    def _render_one_ahead(self) -> None:
        view = self._view
        while self._ahead and view is not None:
            index = view.model().index(self._ahead.pop(0), 0)
            if not index.isValid():
                continue
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = view.visualRect(index)
            if option.rect.isEmpty():
                continue
            self.initStyleOption(option, index)
            hit = index.data(HitRole)
            if hit is None:
                continue
            selected = view.selectionModel().isSelected(index) if view.selectionModel() else False
            _, rendered = self._image(hit, option, selected, view.viewport().devicePixelRatioF())
            if rendered:
                break  # one row per turn: a key press or a timer never waits long behind this
        if not self._ahead:
            self._ahead_timer.stop()

    def _image(self, hit: Hit, option: QStyleOptionViewItem, selected: bool, ratio: float) -> tuple[QPixmap, bool]:
        """The row as an image, and whether it had to be rendered now (it was not cached)."""
        rect = option.rect
        key = (hit.id, hit.snippet, rect.width(), rect.height(), selected, option.palette.cacheKey(), ratio)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap, False
        pixmap = self._cache[key] = self._render(hit, option, selected, ratio)
        if len(self._cache) > self.CACHE_ROWS:
            self._cache.popitem(last=False)
        return pixmap, True

    # -- painting --------------------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        key = option.font.key()
        if self._fonts_cache is None or key != self._font_key:
            title = QFont(option.font)
            title.setBold(True)
            title.setPointSizeF(option.font.pointSizeF() * 1.08)
            meta = QFont(option.font)
            meta.setPointSizeF(option.font.pointSizeF() * 0.92)
            self._font_key = key
            self._fonts_cache = (title, meta, QFont(option.font))
        return self._fonts_cache

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, meta, body = self._fonts(option)
        height = (QFontMetrics(title).height() + QFontMetrics(meta).height() + 2
                  + QFontMetrics(body).lineSpacing() * SNIPPET_LINES + 3 * PADDING)
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        # The background (selection, hover, alternating rows) as the platform style draws it.
        option.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        hit = index.data(HitRole)
        if hit is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixmap, _ = self._image(hit, option, selected, ratio)
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _render(self, hit: Hit, option: QStyleOptionViewItem, selected: bool, ratio: float) -> QPixmap:
        size = option.rect.size()
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title_font, meta_font, body_font = self._fonts(option)
        rect = QRect(0, 0, size.width(), size.height()).adjusted(PADDING + 2, PADDING, -PADDING - 2, -PADDING)

        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title_metrics = QFontMetrics(title_font)
        title_height = title_metrics.height()
        title = title_metrics.elidedText(hit.title or UNTITLED, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), title_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)

        top = rect.top() + title_height + 2
        painter.setFont(meta_font)
        painter.setPen(palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText))
        meta_height = QFontMetrics(meta_font).height()
        painter.drawText(QRect(rect.left(), top, rect.width(), meta_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), meta_line(hit))

        top += meta_height + PADDING // 2
        if hit.snippet:
            text, marks = snippet_layout(hit.snippet, palette)
            layout = QTextLayout(text, body_font, pixmap)
            layout.setFormats(marks)
            wrap = QTextOption()
            wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(wrap)
            room = rect.bottom() - top
            shown = 0.0  # height of the lines that fit whole: no line shows cut in half
            layout.beginLayout()
            for _ in range(SNIPPET_LINES):
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(rect.width())
                line.setPosition(QPointF(0, shown))
                if shown + line.height() > room:
                    break
                shown += line.height()
            layout.endLayout()
            painter.setPen(palette.color(text_role))
            painter.setClipRect(QRect(rect.left(), top, rect.width(), int(shown)))
            layout.draw(painter, QPointF(rect.left(), top))
        painter.end()
        return pixmap
