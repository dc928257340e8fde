"""Tags in the window: adding and removing them in the reader, tagging many results at once, the
tag list beside the facets, and clicking a tag to search for its pages."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.menus import results_menu
from desktop.models import HitRole
from desktop.tagging import TagChip, TagCountsModel, split_tags, tag_query
from indexer.archive import Archive


def shown_ids(window) -> list[str]:  # noqa: ANN001
    return [window.results.index(r).data(HitRole).id for r in range(window.results.rowCount())]


def tag_rows(window) -> list[str]:  # noqa: ANN001
    model = window.tagging.counts
    return [model.index(r).data() for r in range(model.rowCount())]


def chips(window) -> list[str]:  # noqa: ANN001
    return [chip.name for chip in window.tagging.editor.chips]


def add_in_reader(qtbot, window, text: str) -> None:  # noqa: ANN001
    field = window.tagging.editor.field
    field.setFocus()
    qtbot.keyClicks(field, text)
    with qtbot.waitSignal(window.operations.edited, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_tag_counts_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = TagCountsModel()
    model.set_counts({"to check": 3, "Idlib": 1, "ankara": 2})
    assert model.names() == ["ankara", "Idlib", "to check"]
    qtmodeltester.check(model, force_py=True)


def test_typed_tags_split_on_commas_and_search_as_one_phrase() -> None:
    assert split_tags(' Idlib, to  check,,"quoted", idlib ') == ["Idlib", "to check", "quoted"]
    assert tag_query("idlib") == "tag:idlib"
    assert tag_query("to check") == 'tag:"to check"'


def test_a_tag_added_in_the_reader_is_kept_shown_and_searchable(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    doc_id = window.reader.document_id()
    assert chips(window) == [] and window.tagging.panel.empty.isVisible()
    add_in_reader(qtbot, window, "to check, Idlib")
    assert sample_archive.get(doc_id).tags == ("Idlib", "to check")
    qtbot.waitUntil(lambda: chips(window) == ["Idlib", "to check"])
    assert window.tagging.editor.field.text() == ""
    qtbot.waitUntil(lambda: tag_rows(window) == ["Idlib (1)", "to check (1)"])
    assert window.tagging.panel.view.isVisible()
    assert window.statusBar().currentMessage() == "Tagged 1 page “to check”, “Idlib”."
    # The new tag is suggested while typing one on another page.
    assert window.tagging.known.stringList() == ["Idlib", "to check"]
    chip = window.tagging.editor.findChildren(TagChip)[1]
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000,
                          check_params_cb=lambda result: result.query == 'tag:"to check"'):
        qtbot.mouseClick(chip.label, Qt.MouseButton.LeftButton)
    assert window.search_bar.text() == 'tag:"to check"'
    assert shown_ids(window) == [doc_id]


def test_removing_a_tag_in_the_reader(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    doc_id = window.reader.document_id()
    add_in_reader(qtbot, window, "draft")
    qtbot.waitUntil(lambda: chips(window) == ["draft"])
    chip = window.tagging.editor.chips[0]
    with qtbot.waitSignal(window.operations.edited, timeout=10_000):
        qtbot.mouseClick(chip.remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chips(window) == [])
    assert sample_archive.get(doc_id).tags == ()
    qtbot.waitUntil(lambda: tag_rows(window) == [])
    assert window.tagging.panel.empty.isVisible()
    assert window.statusBar().currentMessage() == "Removed “draft” from 1 page."


def test_add_tag_to_selected_results_tags_them_all_in_one_go(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    view = window.results_view
    selection = view.selectionModel()
    for row in (0, 2, 3):
        selection.select(window.results.index(row), QItemSelectionModel.SelectionFlag.Select)
    chosen = sorted(window.results.hit(row).id for row in (0, 2, 3))
    menu = results_menu(window)
    action = next(a for a in menu.actions() if a.objectName() == "addTag")
    assert action.isEnabled()
    action.trigger()
    dialog = window.tagging.dialog
    assert dialog.isVisible() and dialog.label.text().startswith("Tag for the 3 selected pages")
    assert not dialog.ok.isEnabled(), "no tag typed yet"
    qtbot.keyClicks(dialog.field, "sightings")
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        dialog.ok.click()
    assert sorted(doc.id for doc in sample_archive.get_many(chosen) if doc.tags == ("sightings",)) == chosen
    assert window.statusBar().currentMessage() == "Tagged 3 pages “sightings”."
    qtbot.waitUntil(lambda: tag_rows(window) == ["sightings (3)"])
    # Clicking the tag in the list beside the facets searches for its pages.
    panel = window.tagging.panel
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.view.visualRect(window.tagging.counts.index(0)).center())
    assert window.search_bar.text() == "tag:sightings"
    assert sorted(shown_ids(window)) == chosen
    menu.deleteLater()


def test_with_nothing_selected_the_menu_entry_is_off(qtbot, window) -> None:  # noqa: ANN001
    window.results_view.selectionModel().clearSelection()
    menu = results_menu(window)
    assert not next(a for a in menu.actions() if a.objectName() == "addTag").isEnabled()
    menu.deleteLater()


def test_a_busy_archive_offers_a_retry_and_the_tag_is_then_added(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    from filelock import FileLock

    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    doc_id = window.reader.document_id()
    other_writer = FileLock(str(sample_archive.home / "write.lock"))
    other_writer.acquire()
    try:
        field = window.tagging.editor.field
        field.setFocus()
        qtbot.keyClicks(field, "later")
        with qtbot.waitSignal(window.operations.problem, timeout=10_000):
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert "busy" in window.message_bar.label.text() and window.message_bar.action.text() == "Retry"
        assert chips(window) == [], "an unsaved tag must not look saved"
    finally:
        other_writer.release()
    with qtbot.waitSignal(window.operations.edited, timeout=10_000):
        window.message_bar.action.click()
    assert sample_archive.get(doc_id).tags == ("later",)
    qtbot.waitUntil(lambda: chips(window) == ["later"])


def test_a_suggested_tag_is_chosen_and_added_with_the_keyboard(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    doc_id = window.reader.document_id()
    other = next(hit.id for hit in window.results.hits() if hit.id != doc_id)
    sample_archive.tag_documents([other], add=["Sochi agreement"])
    with qtbot.waitSignal(window.operations.counted, timeout=10_000):
        window.operations.count()  # as after any import or correction: the suggestions follow
    qtbot.waitUntil(lambda: window.tagging.known.stringList() == ["Sochi agreement"])
    field = window.tagging.editor.field
    field.setFocus()
    qtbot.keyClicks(field, "agree")
    popup = field.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.operations.edited, timeout=10_000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert sample_archive.get(doc_id).tags == ("Sochi agreement",)
    qtbot.waitUntil(lambda: chips(window) == ["Sochi agreement"])
    qtbot.waitUntil(lambda: tag_rows(window) == ["Sochi agreement (2)"])


def test_remove_tag_from_selected_results(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    everything = [hit.id for hit in window.results.hits()]
    sample_archive.tag_documents(everything[:2], add=["draft"])
    sample_archive.tag_documents(everything, add=["idlib"])
    window.results_view.setFocus()
    qtbot.keyClick(window.results_view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    menu = results_menu(window)
    next(a for a in menu.actions() if a.objectName() == "removeTag").trigger()
    dialog = window.tagging.dialog
    assert dialog.windowTitle() == "Remove Tag" and dialog.label.text().startswith("Tag to remove from the 5 selected")
    qtbot.keyClicks(dialog.field, "DRAFT")  # any case: the archive's tag is meant
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        dialog.ok.click()
    assert window.statusBar().currentMessage() == "Removed “draft” from 2 pages."
    assert {doc.tags for doc in sample_archive.get_many(everything)} == {("idlib",)}
    qtbot.waitUntil(lambda: tag_rows(window) == ["idlib (5)"])
    menu.deleteLater()


def test_the_tag_list_counts_the_tags_among_the_results_shown(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    hits = [window.results.hit(row) for row in range(window.results.rowCount())]
    sample_archive.tag_documents([hit.id for hit in hits[:3]], add=["sightings"])
    sample_archive.tag_documents([hits[4].id], add=["later"])
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.search.set_query("", at_once=True)
    window.tagging.refresh()
    qtbot.waitUntil(lambda: tag_rows(window) == ["later (1)", "sightings (3)"])
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.search.set_query(f'title:"{hits[0].title}"', at_once=True)
    qtbot.waitUntil(lambda: tag_rows(window) == ["later (0)", "sightings (1)"])
    counts = window.tagging.counts
    assert counts.index(0).data(Qt.ItemDataRole.ForegroundRole) is not None, "a tag none of the results carry is dimmed"
    assert counts.index(1).data(Qt.ItemDataRole.ForegroundRole) is None
    tip = window.tagging.counts.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 page among these results tagged sightings" in tip
