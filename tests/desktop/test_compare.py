"""Comparing two results side by side, as a researcher does with one story told by two outlets."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor

from desktop.menus import results_menu
from indexer.archive import Archive


def select_rows(window, rows) -> None:  # noqa: ANN001
    selection = window.results_view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(window.results.index(row), QItemSelectionModel.SelectionFlag.Select)


def rows_of(window, titles: tuple[str, ...]) -> list[int]:  # noqa: ANN001
    """Rows of the results whose titles start with each of `titles`."""
    hits = [window.results.hit(row) for row in range(window.results.rowCount())]
    return [next(row for row, hit in enumerate(hits) if hit.title.startswith(title)) for title in titles]


def compare_action(window):  # noqa: ANN001, ANN201
    menu = results_menu(window)
    menu.deleteLater()
    return next(a for a in menu.actions() if a.objectName() == "compareSelected")


def test_comparing_two_versions_of_the_agency_story_marks_what_they_share(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    # Two of the sample pages run AFP's copy, each with its own edits (one as a single long line).
    select_rows(window, rows_of(window, ("Erdogan calls on Putin", "Erdogan seeks Putin")))
    action = compare_action(window)
    assert action.isEnabled()
    action.trigger()
    dialog = window.comparing.dialog
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10_000)
    assert dialog.isVisible()
    by_title = {pane.title.text(): pane for pane in (dialog.pane_a, dialog.pane_b)}
    longer = next(pane for title, pane in by_title.items() if "Erdogan calls on Putin" in title)
    shorter = next(pane for title, pane in by_title.items() if "Erdogan seeks Putin" in title)
    assert longer.title.text() == f"{longer.letter}: Erdogan calls on Putin to restrain Syria regime in Idlib"
    assert shorter.title.text() == f"{shorter.letter}: Erdogan seeks Putin to help contain Idlib violence"
    assert {longer.letter, shorter.letter} == {"A", "B"}
    letter = longer.letter
    assert f"43% of {letter}'s sentences" in dialog.summary.text() and "(10 of 23)" in dialog.summary.text()
    assert longer.details.text().endswith("· 10 of 23 sentences shared")
    assert shorter.details.text().endswith("· 10 of 13 sentences shared")
    for pane in (longer, shorter):
        document = sample_archive.get(dialog.shown.a.id if pane is dialog.pane_a else dialog.shown.b.id)
        assert pane.details.text().startswith(f"{document.outlet or 'unknown outlet'} · ")
        # The marked passages are the shared sentences, in the text as shown.
        marked = [s.cursor.selectedText() for s in pane.shared_selections()]
        assert len(marked) == 10
        assert any(text.startswith("Erdogan told Putin the solution was to return to the Sochi agreement")
                   for text in marked)
    assert "In Brussels, French President Emmanuel Macron" in longer.text.toPlainText()
    assert not any("Brussels" in s.cursor.selectedText() for s in longer.shared_selections()), \
        "what only one page says is left unmarked"


def test_the_shortcut_compares_and_unrelated_stories_share_nothing(qtbot, window) -> None:  # noqa: ANN001
    select_rows(window, rows_of(window, ("Putin, Erdogan talk", "Vladimir Putin and Recep")))
    window.results_view.setFocus()
    qtbot.keyClick(window.results_view, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.comparing.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10_000)
    assert dialog.summary.text().startswith("0% of A's sentences also appear in B")
    assert dialog.pane_a.shared_selections() == [] and dialog.pane_b.shared_selections() == []
    assert dialog.pane_a.text.toPlainText() and dialog.pane_b.text.toPlainText()


def test_compare_needs_exactly_two_results(qtbot, window) -> None:  # noqa: ANN001
    select_rows(window, [0])
    assert not compare_action(window).isEnabled()
    select_rows(window, [0, 1, 2])
    assert not compare_action(window).isEnabled()
    window.actions_["compare"].trigger()
    assert window.comparing.dialog is None
    assert window.statusBar().currentMessage().startswith("Select two results to compare")


def test_clicking_a_shared_sentence_selects_its_counterpart_in_the_other_page(qtbot, window) -> None:  # noqa: ANN001
    select_rows(window, rows_of(window, ("Erdogan calls on Putin", "Erdogan seeks Putin")))
    dialog = window.comparing.compare_selected()
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10_000)
    sentence = "That deal has been increasingly set aside as Syrian forces advance steadily into the region."
    for clicked, other in ((dialog.pane_a, dialog.pane_b), (dialog.pane_b, dialog.pane_a)):
        text = clicked.text
        text.setTextCursor(QTextCursor(text.document()))  # no selection: a plain click
        position = text.toPlainText().index(sentence) + 10
        cursor = QTextCursor(text.document())
        cursor.setPosition(position)
        text.setTextCursor(cursor)
        text.ensureCursorVisible()
        point = text.cursorRect(cursor).center()
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert other.text.textCursor().selectedText() == sentence
