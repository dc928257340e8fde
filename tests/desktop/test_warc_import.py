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


def test_the_progress_window_counts_a_warcs_pages_not_files(qtbot, window, tmp_path):  # noqa: ANN001
    """The crawl is one file of 11 records, 5 of them pages: the count and the report say pages."""
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    with qtbot.waitSignal(window.operations.imported, timeout=20_000):
        drop(window, [crawl.path])
    dialog = window.operations.dialog
    qtbot.waitUntil(lambda: dialog.report.isVisible())
    assert dialog.count.text() == "5 pages from 1 of 1 file"
    assert "Read: 5 pages from 1 file" in dialog.report_text
    assert "files" not in dialog.count.text()


def test_a_page_kept_as_plain_text_is_listed_in_the_report_and_keeps_it_open():
    from desktop.import_dialog import format_report, summary
    from indexer.model import ImportReport

    report = ImportReport(added=3, pages=3, files=1, plain_text=[(
        "/crawls/big.warc#12 → https://example.org/forum (text/html)",
        "cleaning took longer than 30 s; kept as plain text, without metadata")])
    text = format_report(report)
    assert "Kept as plain text: 1 (among those added)" in text
    assert ("Kept as plain text:\n  /crawls/big.warc#12 → https://example.org/forum (text/html): cleaning took longer"
            " than 30 s; kept as plain text, without metadata") in text
    assert summary(report) == "Import finished: 3 added, 1 of them as plain text"
