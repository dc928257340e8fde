"""Painting a hit: bold title, a muted outlet · date line, and the snippet with matched words marked.

The core's snippet is HTML-escaped text whose only markup is `<mark>…</mark>`. It is rebuilt
here from its text pieces (unescaped, then escaped again) so that nothing but the highlight can
ever reach the rich-text renderer, whatever a page contained.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models import MetaLineRole, SnippetRole

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


def snippet_html(snippet: str, palette: QPalette) -> str:
    """Safe rich text for a snippet: escaped text, with marked words in the highlight colours."""
    background, foreground = highlight_colours(palette)
    out = []
    for text, marked in snippet_pieces(snippet):
        escaped = html.escape(text, quote=False)
        if marked:
            out.append(f'<span style="background-color:{background.name()}; color:{foreground.name()};">'
                       f"{escaped}</span>")
        else:
            out.append(escaped)
    return "".join(out)


class HitDelegate(QStyledItemDelegate):
    """Draws one search hit over three to five lines; every row has the same height (fast lists)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc = QTextDocument()
        self._doc.setDocumentMargin(0)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        title.setPointSizeF(option.font.pointSizeF() * 1.08)
        meta = QFont(option.font)
        meta.setPointSizeF(option.font.pointSizeF() * 0.92)
        return title, meta, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, meta, body = self._fonts(option)
        height = (QFontMetrics(title).height() + QFontMetrics(meta).height() + 2
                  + QFontMetrics(body).lineSpacing() * SNIPPET_LINES + 3 * PADDING)
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        painter.save()
        # The background (selection, hover) as the platform style draws it, without the text.
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        title_font, meta_font, body_font = self._fonts(option)
        rect = option.rect.adjusted(PADDING + 2, PADDING, -PADDING - 2, -PADDING)

        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title_height = QFontMetrics(title_font).height()
        title = QFontMetrics(title_font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), title_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)

        top = rect.top() + title_height + 2
        painter.setFont(meta_font)
        muted = palette.color(text_role)
        if not selected:
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        meta_height = QFontMetrics(meta_font).height()
        painter.drawText(QRect(rect.left(), top, rect.width(), meta_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         str(index.data(MetaLineRole) or ""))

        top += meta_height + PADDING // 2
        snippet = str(index.data(SnippetRole) or "")
        if snippet:
            self._doc.setDefaultFont(body_font)
            self._doc.setDefaultStyleSheet(f"body {{ color: {palette.color(text_role).name()}; }}")
            self._doc.setHtml(f"<body>{snippet_html(snippet, palette)}</body>")
            self._doc.setTextWidth(rect.width())
            clip = QRect(rect.left(), top, rect.width(), rect.bottom() - top)
            painter.translate(clip.topLeft())
            self._doc.drawContents(painter, clip.translated(-clip.topLeft()))
        painter.restore()
