"""Painting hits: the snippet shows a page's text literally, with exactly the matched words marked."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from desktop.delegates import highlight_colours, snippet_layout


def test_markup_from_a_page_is_shown_as_text_and_only_matches_are_marked(qtbot) -> None:  # noqa: ANN001
    # The core escapes the page's text; only <mark> is its own markup.
    snippet = "…the &lt;b&gt;ceasefire&lt;/b&gt; in <mark>Idlib</mark> &amp; <mark>Syria</mark> held"
    text, marks = snippet_layout(snippet, QPalette())
    assert text == "…the <b>ceasefire</b> in Idlib & Syria held"
    assert [text[m.start:m.start + m.length] for m in marks] == ["Idlib", "Syria"]
    background, _ = highlight_colours(QPalette())
    assert all(m.format.background().color() == background for m in marks)


def test_a_snippet_without_matches_has_no_marks(qtbot) -> None:  # noqa: ANN001
    text, marks = snippet_layout("plain words only", QPalette())
    assert text == "plain words only" and marks == []
