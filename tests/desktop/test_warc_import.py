"""WARC files in the app: dropped on the window or chosen in File ▸ Import Files, their pages import."""

from __future__ import annotations

from tests.desktop.test_main_window import drop
from tests.indexer.test_warc import PAGES, write_crawl


def test_a_dropped_warc_imports_its_pages_and_the_report_says_what_was_passed_over(qtbot, window, tmp_path):  # noqa: ANN001
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        drop(window, [crawl.path])
    report = blocker.args[0]
    assert report.added == len(PAGES) and report.failed == []
    assert report.skipped[0][1].startswith("passed over 6 records that are not pages")


def test_import_files_offers_warcs_and_imports_the_chosen_one(qtbot, window, tmp_path, monkeypatch):  # noqa: ANN001
    from desktop import menus

    crawl = write_crawl(tmp_path / "crawl.warc")
    offered: list[str] = []

    def choose(parent, caption, folder, filters):  # noqa: ANN001, ANN202
        offered.append(filters)
        return [str(crawl.path)], filters.split(";;")[0]

    monkeypatch.setattr(menus.QFileDialog, "getOpenFileNames", staticmethod(choose))
    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        menus.choose_files(window)
    pages_filter = offered[0].split(";;")[0]
    assert "*.warc" in pages_filter.split() and "*.warc.gz)" in pages_filter.split()
    assert blocker.args[0].added == len(PAGES)
    assert {doc.url for doc in window.archive.get_many(blocker.args[0].added_ids)} == set(PAGES)
