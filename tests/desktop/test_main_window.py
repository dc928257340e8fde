"""The window as a librarian uses it: search, facets, reading, importing, correcting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QTextBrowser

from desktop.models import HitRole, SnippetRole
from indexer.archive import Archive

from tests.desktop.conftest import make_window


def type_query(qtbot, window, text: str) -> None:  # noqa: ANN001
    window.search_bar.field.setFocus()
    window.search_bar.field.clear()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000,
                          check_params_cb=lambda result: result.query == text):
        qtbot.keyClicks(window.search_bar.field, text)


def shown_hits(window) -> list:  # noqa: ANN001
    model = window.results
    return [model.index(row).data(HitRole) for row in range(model.rowCount())]


def test_typing_a_query_shows_highlighted_hits(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "erdogan")
    assert window.results.rowCount() == 5
    assert all("<mark>" in window.results.index(r).data(SnippetRole) for r in range(5))
    assert window.count_label.text().startswith("5 results (")
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    assert window.reader.hits, "the reader highlights the hits too"
    assert "hit 1 of" in window.reader.hit_label.text()


def test_stale_searches_are_dropped(qtbot, window) -> None:  # noqa: ANN001
    answers: list[str] = []
    window.search.resultReady.connect(lambda result: answers.append(result.query))
    window.search.set_query("putin", at_once=True)
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.search.set_query("idlib", at_once=True)
    qtbot.wait(100)
    assert answers == ["idlib"]


def test_a_malformed_query_says_what_is_wrong(qtbot, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.search.queryError, timeout=10_000):
        window.search.set_query('"unclosed phrase', at_once=True)
    assert window.search_bar.message.isVisible()
    assert "Unclosed quote" in window.search_bar.message.text()
    type_query(qtbot, window, "putin")
    assert not window.search_bar.message.isVisible()


def test_no_hits_offers_the_suggestion_as_a_link(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "erdgan")
    assert window.results.rowCount() == 0
    assert "Did you mean" in window.search_bar.message.text()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000) as blocker:
        window.search_bar.message.linkActivated.emit("suggestion")
    assert blocker.args[0].total > 0
    assert window.search_bar.text() == "erdogan"


def test_checking_an_outlet_filters_the_results(qtbot, window) -> None:  # noqa: ANN001
    facet = window.facets.sorted_outlets
    names = [facet.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(facet.rowCount())]
    assert names == ["TASS (2)", "Daily Sabah (1)"]
    view = window.facets.outlet_view
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        view.setCurrentIndex(facet.index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_Return)  # activating an outlet checks it
    assert {hit.outlet for hit in shown_hits(window)} == {"TASS"}
    assert len(shown_hits(window)) == 2
    assert [chip.text() for chip in window.chips.chips] == ["Outlet: TASS  ✕"]
    # Disjunctive counts: the other outlet stays pickable with its own count.
    names = [facet.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(facet.rowCount())]
    assert "Daily Sabah (1)" in names
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.chips.chips[0].click()
    assert len(shown_hits(window)) == 5


def test_clicking_a_year_filters_by_date_and_drills_into_months(qtbot, window) -> None:  # noqa: ANN001
    histogram = window.facets.histogram
    assert [key for key, _, _ in histogram.bars] == ["2019", "2020"]
    x = histogram._bar_rects()[1].center().x()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=QPoint(x, histogram.height() - 30))
    assert sorted(hit.date.isoformat() for hit in shown_hits(window)) == ["2020-02-21", "2020-03-05"]
    assert [label for _, label, _ in histogram.bars][:3] == ["Jan", "Feb", "Mar"], "now showing months of 2020"
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        histogram.barClicked.emit("2020-03")
    assert [hit.date.isoformat() for hit in shown_hits(window)] == ["2020-03-05"]
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.facets.all_years.click()
    assert len(shown_hits(window)) == 5


def test_the_undated_entry_and_clear_all(qtbot, window) -> None:  # noqa: ANN001
    assert window.facets.undated.text() == "Undated only (2)"
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.facets.undated.click()
    assert all(hit.date is None for hit in shown_hits(window)) and len(shown_hits(window)) == 2
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.chips.clear_button.click()
    assert len(shown_hits(window)) == 5
    assert not window.chips.isVisible()


def test_readable_and_original_toggle_switches_the_text(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "erdogan")
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    document = window.reader.loaded.document
    assert window.reader.shown_text() == document.readable_text
    window.reader.original_button.click()
    original = window.reader.shown_text()
    assert original.split() == window.reader.loaded.original.split() != document.readable_text.split()
    window.reader.show_removed.setChecked(True)
    assert window.reader.text.tips, "the boilerplate is marked, with its reasons"
    window.actions_["toggle_original"].trigger()
    assert window.reader.shown_text() == document.readable_text


def test_the_reader_steps_through_hits(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "putin")
    qtbot.waitUntil(lambda: window.reader.loaded is not None and bool(window.reader.hits))
    assert window.reader.current_hit == 0
    window.reader.next_hit.click()
    assert window.reader.current_hit == 1
    window.reader.previous_hit.click()
    window.reader.previous_hit.click()
    assert window.reader.current_hit == len(window.reader.hits) - 1


def test_editing_a_field_persists_and_the_reader_stays_on_the_document(qtbot, window,  # noqa: ANN001
                                                                        sample_archive: Archive) -> None:
    window.results_view.setCurrentIndex(window.results.index(2))
    doc_id = window.results.hit(2).id
    qtbot.waitUntil(lambda: window.reader.document_id() == doc_id)
    field = window.reader.fields["outlet"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Anadolu Agency")
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):  # the search runs again
        with qtbot.waitSignal(window.operations.edited, timeout=10_000):
            qtbot.keyClick(field, Qt.Key.Key_Return)
    saved = sample_archive.get(doc_id)
    assert saved.outlet == "Anadolu Agency"
    assert saved.metadata["outlet"].source == "user"
    assert window.reader.sources["outlet"].text() == "from your correction"
    assert window.reader.document_id() == doc_id
    assert window.results_view.currentIndex().row() == 2
    facet = window.facets.sorted_outlets
    assert "Anadolu Agency (1)" in [facet.index(r, 0).data() for r in range(facet.rowCount())]


def test_a_busy_archive_when_saving_offers_a_retry(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    from filelock import FileLock

    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    doc_id = window.reader.document_id()
    other_writer = FileLock(str(sample_archive.home / "write.lock"))
    other_writer.acquire()
    try:
        with qtbot.waitSignal(window.operations.problem, timeout=10_000):
            window.reader.editRequested.emit(doc_id, {"title": "Corrected headline"})
        assert window.message_bar.isVisible() and "busy" in window.message_bar.label.text()
        assert window.message_bar.action.text() == "Retry"
    finally:
        other_writer.release()
    with qtbot.waitSignal(window.operations.edited, timeout=10_000):
        window.message_bar.action.click()
    assert sample_archive.get(doc_id).title == "Corrected headline"


def drop(window, paths: list[Path]) -> None:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(window.width() / 2, window.height() / 2)
    # QApplication only routes drop events that come from a real drag, so deliver it directly.
    event = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.event(event)
    assert event.isAccepted()


def test_dropping_files_imports_them_with_progress_and_a_report(qtbot, window, pages: list[Path]) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        drop(window, [pages[0].parent])
        qtbot.waitUntil(lambda: window.operations.dialog is not None and window.operations.dialog.isVisible())
    assert blocker.args[0].added == 3
    dialog = window.operations.dialog
    qtbot.waitUntil(lambda: dialog.report.isVisible())
    assert "Added: 3" in dialog.report_text
    dialog.copy_button.click()
    assert "Added: 3" in QApplication.clipboard().text()
    type_query(qtbot, window, "zeppelin")
    assert window.results.rowCount() == 1


def test_dropping_the_same_files_again_reports_them_as_already_there(qtbot, window) -> None:  # noqa: ANN001
    from resources import sample_pages

    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        drop(window, sample_pages())
    assert blocker.args[0].duplicates == 5
    qtbot.waitUntil(lambda: "Already in the archive: 5" in window.operations.dialog.report_text)


def test_cancel_stops_an_import(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):
        (folder / f"p{n}.txt").write_text(f"Page {n}\n\nUnique words here: item{n} of the long list.\n")
    with qtbot.waitSignal(window.operations.imported, timeout=60_000) as blocker:
        window.import_paths([folder])
        window.operations.dialog.cancel_button.click()
    report = blocker.args[0]
    assert report.cancelled
    assert report.added < 300
    assert "cancelled" in window.operations.dialog.report_text


def test_a_busy_archive_is_explained_with_a_retry(qtbot, window, pages: list[Path], sample_archive: Archive) -> None:  # noqa: ANN001
    from filelock import FileLock

    other_writer = FileLock(str(sample_archive.home / "write.lock"))
    other_writer.acquire()
    try:
        with qtbot.waitSignal(window.operations.problem, timeout=10_000):
            window.import_paths(pages)
        dialog = window.operations.dialog
        qtbot.waitUntil(lambda: dialog.retry_button.isVisible())
        assert "busy" in dialog.report_text
    finally:
        other_writer.release()
    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        dialog.retry_button.click()
    assert blocker.args[0].added == 3


def test_first_run_offers_the_sample_archive(qtbot, empty_archive: Archive) -> None:  # noqa: ANN001
    window = make_window(qtbot, empty_archive)
    assert window.results_stack.currentWidget() is window.first_run
    with qtbot.waitSignal(window.search.resultReady, timeout=20_000,
                          check_params_cb=lambda result: result.total == 5):
        window.sample_button.click()
    assert window.results_stack.currentWidget() is window.results_view
    qtbot.waitUntil(lambda: not window.operations.dialog.isVisible())  # nothing to report: it goes away
    window.close()


def test_keyboard_shortcuts_focus_and_clear_the_search(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "putin")
    window.results_view.setFocus()
    window.actions_["find"].trigger()
    assert window.search_bar.field.hasFocus()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.actions_["clear_search"].trigger()
    assert window.search_bar.text() == ""
    assert window.results.rowCount() == 5


def test_arrow_keys_go_from_the_search_to_the_results(qtbot, window) -> None:  # noqa: ANN001
    type_query(qtbot, window, "putin")
    qtbot.keyClick(window.search_bar.field, Qt.Key.Key_Down)
    assert window.results_view.hasFocus()
    start = window.results_view.currentIndex().row()
    qtbot.keyClick(window.results_view, Qt.Key.Key_Up if start == window.results.rowCount() - 1 else Qt.Key.Key_Down)
    assert window.results_view.currentIndex().row() != start
    chosen = window.results.hit(window.results_view.currentIndex().row()).id
    qtbot.waitUntil(lambda: window.reader.document_id() == chosen)


def test_window_layout_is_remembered(qtbot, sample_archive: Archive) -> None:  # noqa: ANN001
    first = make_window(qtbot, sample_archive)
    first.resize(760, 560)
    first.splitter.setSizes([200, 260, 300])
    first.sort_box.setCurrentIndex(1)
    sizes = first.splitter.sizes()
    geometry = first.geometry()
    first.close()
    second = make_window(qtbot, sample_archive)
    assert second.geometry().size() == geometry.size()
    assert second.splitter.sizes() == sizes
    assert second.search.sort == "newest"
    second.close()


def test_exporting_all_hits_writes_a_csv(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    import csv

    type_query(qtbot, window, "erdogan")
    out = tmp_path / "hits.csv"
    with qtbot.waitSignal(window.operations.message, timeout=20_000,
                          check_params_cb=lambda text: text.startswith("Exported")):
        window.operations.export(window.search.request(), None, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["id"] for row in rows} == {hit.id for hit in shown_hits(window)}


def test_a_large_whoosh_archive_is_offered_tantivy_in_one_click(qtbot, window, monkeypatch,  # noqa: ANN001
                                                                sample_archive: Archive) -> None:
    monkeypatch.setattr("desktop.main_window.comfort_limit", lambda: 3)
    with qtbot.waitSignal(window.operations.counted, timeout=10_000):
        window.operations.count()
    assert window.message_bar.isVisible()
    assert window.message_bar.action.text() == "Switch to tantivy"
    with qtbot.waitSignal(window.operations.counted, timeout=60_000,
                          check_params_cb=lambda count, engine: engine == "tantivy"):
        window.message_bar.action.click()
    assert sample_archive.engine_name == "tantivy"
    type_query(qtbot, window, "erdogan")
    assert window.results.rowCount() == 5


def test_a_missing_index_is_rebuilt_at_start_with_progress(qtbot, _isolated_home: Path,  # noqa: ANN001
                                                           _prepared_sample_home: Path) -> None:
    import shutil

    shutil.copytree(_prepared_sample_home, _isolated_home, dirs_exist_ok=True)
    shutil.rmtree(_isolated_home / "index")
    archive = Archive.open(_isolated_home)
    assert archive.needs_index_work()
    from desktop.main_window import MainWindow

    window = MainWindow(archive)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.search.resultReady, timeout=60_000,
                          check_params_cb=lambda result: result.total == 5):
        window.start()
        assert window.operations.dialog is not None and window.operations.dialog.isVisible()
    window.close()
    archive.close()


def test_reclean_runs_with_progress_from_the_menu(qtbot, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.operations.message, timeout=60_000,
                          check_params_cb=lambda text: text.startswith("Re-cleaned")):
        window.actions_["reclean"].trigger()
        assert window.operations.dialog.isVisible()
    qtbot.waitUntil(lambda: "Cleaned 5 documents" in window.operations.dialog.report_text)


def test_f1_shows_the_search_syntax(qtbot, window) -> None:  # noqa: ANN001
    from desktop.search_bar import SyntaxHelpDialog

    assert window.actions_["syntax"].shortcut().toString() == "F1"
    window.actions_["syntax"].trigger()
    dialogs = [d for d in window.findChildren(SyntaxHelpDialog) if d.isVisible()]
    assert dialogs and "date:[2020-01-01 TO 2020-03-31]" in dialogs[0].findChild(QTextBrowser).toPlainText()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000,
                          check_params_cb=lambda result: result.query == '"phone call"'):
        dialogs[0].findChild(QTextBrowser).anchorClicked.emit(QUrl("%22phone%20call%22"))
    assert window.search_bar.text() == '"phone call"'
    dialogs[0].close()


def test_results_load_page_by_page_as_the_list_scrolls(qtbot, window, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("desktop.search.PAGE_SIZE", 2)
    window.resize(900, 300)  # room for about one row: the list must scroll to see more
    type_query(qtbot, window, "idlib")
    assert window.results.total == 5
    assert window.results.rowCount() == 2, "never all rows at once"
    for loaded in (4, 5):
        window.results_view.scrollToBottom()
        qtbot.waitUntil(lambda loaded=loaded: window.results.rowCount() == loaded)
    assert not window.results.canFetchMore(QModelIndex())
    assert len({hit.id for hit in shown_hits(window)}) == 5


def test_a_search_problem_offers_a_rebuild_and_clears_once_searching_works(qtbot, window) -> None:  # noqa: ANN001
    window.search.problem.emit("The search index needs rebuilding (the index is missing).")
    assert window.message_bar.isVisible()
    assert window.message_bar.action.text() == "Rebuild index"
    type_query(qtbot, window, "putin")
    assert not window.message_bar.isVisible()


def test_searching_works_while_an_import_runs(qtbot, window, pages: list[Path]) -> None:  # noqa: ANN001
    import threading

    hold = threading.Event()
    window.workers.start(lambda state: hold.wait(10), write=True)  # a long write ahead in the queue
    window.import_paths(pages)  # queued behind it: the archive is "importing" throughout
    try:
        assert window.workers.busy_writing()
        type_query(qtbot, window, "erdogan")
        assert window.results.rowCount() == 5
        assert window.workers.busy_writing()
    finally:
        hold.set()
    with qtbot.waitSignal(window.operations.imported, timeout=20_000):
        pass
    type_query(qtbot, window, "zeppelin")
    assert window.results.rowCount() == 1, "new documents appear when the import is done"


def test_a_date_that_is_not_a_date_is_refused_and_the_field_reverts(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.reader.loaded is not None)
    stored = window.reader.loaded.document.value("date") or ""
    field = window.reader.fields["date"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "last Tuesday")
    with qtbot.waitSignal(window.operations.problem, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "not a date" in window.message_bar.label.text()
    assert field.text() == stored


def test_the_outlet_field_suggests_the_archives_outlets(qtbot, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.operations.outletsKnown, timeout=10_000):
        window.operations.count()
    suggestions = window.reader.fields["outlet"].completer().model().stringList()
    assert suggestions == ["TASS", "Daily Sabah"]


def test_typing_runs_one_search_after_a_pause_not_one_per_key(qtbot, window) -> None:  # noqa: ANN001
    started: list[None] = []
    window.search.searching.connect(lambda: started.append(None))
    window.search_bar.field.setFocus()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000,
                          check_params_cb=lambda result: result.query == "kremlin"):
        qtbot.keyClicks(window.search_bar.field, "kremlin")
    assert len(started) == 1


def test_newest_first_orders_the_results_by_date(qtbot, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.sort_box.setCurrentIndex(1)
    dates = [hit.date for hit in shown_hits(window) if hit.date]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.sort_box.setCurrentIndex(2)
    dates = [hit.date for hit in shown_hits(window) if hit.date]
    assert dates == sorted(dates)


def test_the_results_menu_copies_a_hits_title(qtbot, window) -> None:  # noqa: ANN001
    from desktop.menus import results_menu

    qtbot.waitUntil(lambda: window.results_view.currentIndex().isValid())
    hit = window.results.hit(window.results_view.currentIndex().row())
    menu = results_menu(window)
    next(a for a in menu.actions() if a.objectName() == "copyTitle").trigger()
    assert QApplication.clipboard().text() == hit.title
    menu.deleteLater()


def test_the_window_searches_at_start_while_another_process_holds_the_archive(  # noqa: ANN001
        qtbot, sample_archive: Archive) -> None:
    """Pages left unindexed and a writer elsewhere (an import in a terminal) must not leave the window blank."""
    from filelock import FileLock

    from desktop.main_window import MainWindow

    sample_archive.catalog.mark_indexed(sorted(sample_archive.engine.ids())[:1], indexed=False)
    assert sample_archive.needs_index_work()
    other_writer = FileLock(str(sample_archive.home / "write.lock"))
    other_writer.acquire()
    try:
        window = MainWindow(sample_archive)
        qtbot.addWidget(window)
        window.show()
        problems: list[str] = []
        window.operations.problem.connect(lambda text, _retry: problems.append(text))
        with qtbot.waitSignal(window.search.resultReady, timeout=10_000) as shown:
            window.start()
        assert shown.args[0].total == 5
        assert window.results.rowCount() == 5
        # The index cannot catch up while the other writer holds the archive: the window says so.
        qtbot.waitUntil(lambda: bool(problems), timeout=10_000)
        assert "busy" in problems[0]
    finally:
        other_writer.release()
    window.close()


def test_the_status_line_counts_the_documents_and_names_the_engine(qtbot, window, sample_archive: Archive) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.operations.counted, timeout=10_000):
        window.operations.count()
    assert window.archive_label.text() == f"5 documents · {sample_archive.engine_name} engine"


def test_a_large_drop_imports_through_worker_processes_started_apart_from_the_window(  # noqa: ANN001
        qtbot, window, tmp_path: Path) -> None:
    """Enough pages for the import's process pool, started as the app starts it (a fork server on Linux)."""
    import multiprocessing

    from desktop.app import start_processes_apart
    from indexer.importing import POOL_THRESHOLD

    folder = tmp_path / "many"
    folder.mkdir()
    count = POOL_THRESHOLD + 6
    for number in range(count):
        (folder / f"page{number:03d}.txt").write_text(
            f"Harbour report {number}\n\nThe ferry number {number} reached the harbour of Zanzibar late.\n",
            encoding="utf-8")
    before = multiprocessing.get_start_method(allow_none=True)
    start_processes_apart()
    try:
        with qtbot.waitSignal(window.operations.imported, timeout=120_000) as imported:
            window.import_paths([folder])
        assert imported.args[0].added == count and not imported.args[0].failed
        type_query(qtbot, window, "zanzibar")
        assert window.search.last_result.total == count
    finally:
        multiprocessing.set_start_method(before, force=True)


def test_rows_below_the_visible_ones_are_rendered_before_scrolling_reveals_them(qtbot, window) -> None:  # noqa: ANN001
    window.resize(900, 300)  # room for about one row: the others are below the fold
    type_query(qtbot, window, "idlib")
    view = window.results_view
    delegate = view.itemDelegate()
    qtbot.wait(100)  # the list settles (the first hit selected, the scroll bar shown)
    below = [window.results.index(row) for row in range(window.results.rowCount())
             if view.visualRect(window.results.index(row)).top() >= view.viewport().height()]
    assert below, "the list must have rows out of sight for this test"
    qtbot.waitUntil(lambda: delegate.is_rendered(below[0]), timeout=5000)


def test_the_about_box_names_the_installed_versions(qtbot, window) -> None:  # noqa: ANN001
    from desktop.menus import versions

    import indexer

    shown = versions()
    assert shown["Broadsheet"] == indexer.__version__
    assert shown["tantivy"] != "not installed" and shown["Whoosh"] != "not installed"
