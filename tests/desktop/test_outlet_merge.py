"""Merging outlets from the window: the dialog, the facet's right-click menu, and what the archive
then holds (one outlet with the summed pages, now and for pages imported later)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.models import NameRole
from desktop.outlet_merge import MergeOutletsDialog, OutletChoiceModel, facet_menu
from indexer.archive import Archive


def facet_rows(window) -> list[str]:  # noqa: ANN001
    facet = window.facets.sorted_outlets
    return [facet.index(r, 0).data() for r in range(facet.rowCount())]


def open_dialog(qtbot, window, checked=()) -> MergeOutletsDialog:  # noqa: ANN001
    dialog = window.outlet_merging.open_dialog(checked)
    qtbot.waitUntil(lambda: dialog.outlets.rowCount() > 0)
    return dialog


def check(dialog: MergeOutletsDialog, name: str) -> None:
    row = next(r for r in range(dialog.shown.rowCount()) if dialog.shown.index(r, 0).data(NameRole) == name)
    dialog.view.setCurrentIndex(dialog.shown.index(row, 0))
    dialog.view.activated.emit(dialog.shown.index(row, 0))


def test_the_outlet_choice_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = OutletChoiceModel()
    model.set_outlets({"TASS": 2, "Daily Sabah": 1, "tass.com": 7}, checked=["tass"])
    assert model.checked() == ("TASS",)
    qtmodeltester.check(model, force_py=True)


def test_merging_from_the_archive_menu_makes_one_outlet_now_and_for_later_imports(
        qtbot, window, sample_archive: Archive, pages: list[Path]) -> None:  # noqa: ANN001
    assert facet_rows(window) == ["TASS (2)", "Daily Sabah (1)"]
    window.actions_["merge_outlets"].trigger()
    dialog = window.outlet_merging.dialog
    qtbot.waitUntil(lambda: dialog.outlets.rowCount() == 2)
    assert not dialog.merge_button.isEnabled(), "nothing checked yet"
    check(dialog, "Daily Sabah")
    check(dialog, "TASS")
    assert dialog.keep.currentText() == "TASS", "the outlet with the most pages is offered as the name to keep"
    dialog.keep.setFocus()
    dialog.keep.lineEdit().selectAll()
    qtbot.keyClicks(dialog.keep.lineEdit(), "Wire Services")
    assert dialog.merge_button.text() == "Merge into “Wire Services”"
    assert "3 pages under one name" in dialog.summary.text()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: facet_rows(window) == ["Wire Services (3)"])
    assert window.statusBar().currentMessage() == "Merged 2 outlets into Wire Services: 3 pages"
    assert not dialog.isVisible()
    assert sample_archive.stats().outlets == {"Wire Services": 3}
    # The rule holds for pages imported later under an old name.
    sample_archive.import_paths([pages[0]], outlet="Daily Sabah")
    assert sample_archive.stats().outlets == {"Wire Services": 4}


def test_the_facets_right_click_merges_the_checked_outlets(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.search.set_outlets(["TASS", "Daily Sabah"])
    view = window.facets.outlet_view
    menu = facet_menu(window, window.outlet_merging, view.visualRect(window.facets.sorted_outlets.index(0, 0)).center())
    action = next(a for a in menu.actions() if a.objectName() == "mergeOutlets")
    assert action.text() == "Merge These 2 Outlets…"
    action.trigger()
    dialog = window.outlet_merging.dialog
    qtbot.waitUntil(lambda: dialog.outlets.checked() == ("TASS", "Daily Sabah"))
    assert dialog.keep.currentText() == "TASS"
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        dialog.merge_button.click()
    qtbot.waitUntil(lambda: facet_rows(window) == ["TASS (3)"])
    # The filter on the merged-away outlet became the kept one: its pages are still shown.
    assert window.search.filters.outlets == ("TASS",)
    assert [chip.text() for chip in window.chips.chips] == ["Outlet: TASS  ✕"]
    assert window.results.rowCount() == 3
    assert window.statusBar().currentMessage() == "Merged 2 outlets into TASS: 3 pages"


def test_right_clicking_one_outlet_offers_it_for_merging(qtbot, window) -> None:  # noqa: ANN001
    view = window.facets.outlet_view
    point = view.visualRect(window.facets.sorted_outlets.index(1, 0)).center()
    menu = facet_menu(window, window.outlet_merging, point)
    action = next(a for a in menu.actions() if a.objectName() == "mergeOutlets")
    assert action.text() == "Merge Outlets…"
    action.trigger()
    dialog = window.outlet_merging.dialog
    qtbot.waitUntil(lambda: dialog.outlets.checked() == ("Daily Sabah",))
    assert not dialog.merge_button.isEnabled(), "one outlet under its own name is no merge"
    assert dialog.view.isVisible() and not dialog.filter.isVisible(), "a filter box only for long lists"


def test_a_name_typed_in_another_case_keeps_the_archives_spelling(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, window, ["Daily Sabah"])
    dialog.keep.lineEdit().selectAll()
    qtbot.keyClicks(dialog.keep.lineEdit(), "tass")
    assert dialog.chosen() == (("Daily Sabah", "TASS"), "TASS")
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        dialog.merge_button.click()
    assert sample_archive.stats().outlets == {"TASS": 3}


def test_one_outlet_can_be_renamed_to_a_new_name(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, window, ["Daily Sabah"])
    dialog.keep.lineEdit().selectAll()
    qtbot.keyClicks(dialog.keep.lineEdit(), "  Daily   Sabah English ")
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        dialog.merge_button.click()
    assert sample_archive.stats().outlets == {"TASS": 2, "Daily Sabah English": 1}
    assert window.statusBar().currentMessage() == "Renamed Daily Sabah to Daily Sabah English: 1 page"


def test_a_busy_archive_offers_a_retry_and_the_merge_then_happens(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    from filelock import FileLock

    other_writer = FileLock(str(sample_archive.home / "write.lock"))
    other_writer.acquire()
    try:
        with qtbot.waitSignal(window.operations.problem, timeout=10_000):
            window.outlet_merging.merge(("TASS", "Daily Sabah"), "TASS")
        assert window.message_bar.isVisible() and "busy" in window.message_bar.label.text()
        assert window.message_bar.action.text() == "Retry"
        assert sample_archive.stats().outlets == {"TASS": 2, "Daily Sabah": 1}
    finally:
        other_writer.release()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.message_bar.action.click()
    qtbot.waitUntil(lambda: facet_rows(window) == ["TASS (3)"])


def test_the_filter_box_narrows_a_long_list(qtbot) -> None:  # noqa: ANN001
    dialog = MergeOutletsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_outlets({f"Outlet {n}": n for n in range(1, 12)} | {"Reuters": 40, "reuters.com": 3})
    assert dialog.filter.isVisible()
    qtbot.keyClicks(dialog.filter, "reut")
    assert [dialog.shown.index(r, 0).data() for r in range(dialog.shown.rowCount())] == ["Reuters (40)", "reuters.com (3)"]


def test_enter_in_the_list_checks_an_outlet_and_never_merges(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, window, ["TASS"])
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.shown.index(1, 0))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.outlets.checked() == ("TASS", "Daily Sabah")
    assert dialog.merge_button.isEnabled() and dialog.isVisible(), "checking the second outlet did not merge them"
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.outlets.checked() == ("TASS",)
    qtbot.wait(200)
    assert sample_archive.stats().outlets == {"TASS": 2, "Daily Sabah": 1}


def test_the_outlet_rule_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    from desktop.outlet_merge import OutletRuleModel

    model = OutletRuleModel()
    model.set_rules({"daily sabah": "Wire Services", "tass": "Wire Services"}, {"Wire Services": 3})
    assert model.index(0, 0).data() == "daily sabah → Wire Services"
    qtmodeltester.check(model, force_py=True)


def test_a_merge_is_undone_from_the_outlet_rules_dialog(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.outlet_merging.merge(("TASS", "Daily Sabah"), "Wire Services")
    qtbot.waitUntil(lambda: facet_rows(window) == ["Wire Services (3)"])
    window.actions_["outlet_rules"].trigger()
    dialog = window.outlet_merging.rules_dialog
    qtbot.waitUntil(lambda: dialog.rules.rowCount() == 2)
    assert not dialog.remove_button.isEnabled(), "nothing checked yet"
    row = next(r for r in range(2) if dialog.rules.index(r, 0).data(NameRole) == "daily sabah")
    dialog.view.setCurrentIndex(dialog.rules.index(row, 0))
    dialog.view.activated.emit(dialog.rules.index(row, 0))
    assert dialog.remove_button.text() == "Remove 1 Rule"
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sorted(facet_rows(window)) == ["Daily Sabah (1)", "Wire Services (2)"])
    assert window.statusBar().currentMessage() == "Removed 1 outlet rule: 1 page back under its own name"
    assert sample_archive.outlet_rules() == {"tass": "Wire Services"}
