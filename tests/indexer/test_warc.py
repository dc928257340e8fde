"""Importing WARC files: each HTML or text page a crawler saved becomes a page of the archive,
with the URL it was fetched from, and everything else in the file is passed over and counted.

The WARCs are written with warcio's own writer, as crawlers write them.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.archive import Archive
from indexer.checking import check
from indexer.cli import main
from indexer.model import SearchRequest
from indexer.warc import parse_source

CRAWLED = "2023-06-01T12:00:00Z"  # the crawl, years after the stories were published

STORY = ("<html><head><title>Talks on Idlib end without a ceasefire</title>"
         '<meta property="article:published_time" content="2020-02-21T09:30:00Z"></head><body>'
         "<h1>Talks on Idlib end without a ceasefire</h1>"
         "<p>Russian and Turkish officials ended two days of talks in Moscow on Friday without agreeing a "
         "ceasefire for the Syrian province, diplomats said, as fighting went on near the border.</p>"
         "<p>The delegations will meet again next week, according to a statement from the ministry, "
         "which said the sides had exchanged maps of the front line.</p></body></html>").encode()
NOTE = ("Harbour council approves new sea walls\n\n"
        "The council voted on Tuesday to raise the harbour's sea walls by two metres after a long debate "
        "about the cost of the works and the future of the fishing quay.\n").encode()
ZIPPED = ("<html><head><title>Quay reopens to fishing boats</title></head><body>"
          "<h1>Quay reopens to fishing boats</h1><p>The fishing quay reopened on Monday after repairs "
          "that took most of the winter, the port authority said in a short statement.</p>"
          "<p>Boats queued at dawn to land their first catch in months.</p></body></html>").encode()
ARCHIVED = ("<!doctype html><html><head><title>Library extends its opening hours</title></head><body>"
            "<h1>Library extends its opening hours</h1><p>The town library will open until nine in the "
            "evening from next month, the council announced, after a petition signed by readers.</p>"
            "</body></html>").encode()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Crawl:
    path: Path
    offsets: dict[str, int]  # URL of each page record → its byte offset in the file


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _chunked(data: bytes, size: int = 100) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def write_crawl(path: Path, *, gz: bool = True) -> Crawl:
    """A small crawl: pages of every kind a page can come as, and the records that are not pages."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    offsets: dict[str, int] = {}
    dated = {"WARC-Date": CRAWLED}

    def response(url, status, headers, payload, *, page=False):
        if page:
            offsets[url] = buffer.tell()
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=_http(status, headers), warc_headers_dict=dated))

    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
    story_url = "https://news.example.com/world/2020/02/21/idlib-talks"
    writer.write_record(writer.create_warc_record(story_url, "request", payload=io.BytesIO(b""),
                                                  http_headers=StatusAndHeaders(
                                                      "GET /world/2020/02/21/idlib-talks HTTP/1.1",
                                                      [("Host", "news.example.com")], is_http_request=True)))
    response(story_url, "200 OK", [("Content-Type", "text/html; charset=utf-8")], STORY, page=True)
    response("https://harbour.example.org/notes/sea-walls.txt", "200 OK", [("Content-Type", "text/plain")], NOTE,
             page=True)
    response("https://harbour.example.org/quay", "200 OK",
             [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
             _chunked(gzip.compress(ZIPPED)), page=True)
    response("https://news.example.com/logo.png", "200 OK", [("Content-Type", "image/png")], PNG)
    response("https://news.example.com/app.js", "200 OK", [("Content-Type", "application/javascript")],
             b"console.log('hi')")
    response("https://news.example.com/gone", "404 Not Found", [("Content-Type", "text/html")],
             b"<html><body><h1>Not found</h1><p>This page does not exist any more.</p></body></html>")
    response("https://news.example.com/old", "301 Moved Permanently",
             [("Content-Type", "text/html"), ("Location", story_url)], b"<a href='/world'>moved</a>")
    # The same story under a tracking URL: the same bytes, one page.
    response(story_url + "?utm_source=feed", "200 OK", [("Content-Type", "text/html")], STORY)
    offsets["https://library.example.net/hours"] = buffer.tell()
    writer.write_record(writer.create_warc_record("https://library.example.net/hours", "resource",
                                                  payload=io.BytesIO(ARCHIVED), warc_content_type="text/html",
                                                  warc_headers_dict=dated))
    path.write_bytes(buffer.getvalue())
    return Crawl(path, offsets)


PAGES = {  # URL → the original as a browser saves it
    "https://news.example.com/world/2020/02/21/idlib-talks": STORY,
    "https://harbour.example.org/notes/sea-walls.txt": NOTE,
    "https://harbour.example.org/quay": ZIPPED,
    "https://library.example.net/hours": ARCHIVED,
}


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "home") as opened:
        yield opened


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_each_page_in_a_warc_is_imported_with_its_url_and_its_record(archive, tmp_path, gz):
    crawl = write_crawl(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    report = archive.import_paths([crawl.path])
    assert report.failed == []
    assert report.added == 4 and report.duplicates == 1
    docs = {doc.url: doc for doc in archive.get_many(report.added_ids)}
    assert set(docs) == set(PAGES)
    for url, payload in PAGES.items():
        doc = docs[url]
        assert doc.metadata["url"].source == "warc"
        assert archive.original(doc.id) == payload  # the payload as served, chunking and gzip undone
        assert doc.source_path.startswith(f"{crawl.path}#{crawl.offsets[url]} → {url} (")
        assert doc.source_path.endswith(f", crawled {CRAWLED})")
    assert docs["https://harbour.example.org/quay"].title == "Quay reopens to fishing boats"
    assert docs["https://harbour.example.org/notes/sea-walls.txt"].kind == "text"
    assert docs["https://news.example.com/world/2020/02/21/idlib-talks"].kind == "html"
    # One line says what was passed over, and why; none of it is a failure.
    [(path, reason)] = report.skipped
    assert path == str(crawl.path)
    assert reason.startswith("passed over 6 records that are not pages:")
    for part in ("2 request, metadata or other crawl records", "2 responses that are not HTML or text",
                 "1 redirect", "1 response with another status than 200 OK"):
        assert part in reason


def test_the_crawl_date_is_never_taken_for_the_publication_date(archive, tmp_path):
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    archive.import_paths([crawl.path])
    story = archive.search(SearchRequest("idlib ceasefire")).hits[0]
    assert story.date is not None and story.date.isoformat() == "2020-02-21"  # the page's own date
    for doc in archive.get_many([h.id for h in archive.search(SearchRequest("council OR library")).hits]):
        assert doc.value("date") != "2023-06-01" and not (doc.date_candidate and doc.date_candidate.value == "2023-06-01")
        assert parse_source(doc.source_path).crawled == CRAWLED  # kept as provenance


def test_a_warc_page_is_searchable_and_shown_with_its_url_and_record(tmp_path, capsys):
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    assert main(["import", str(crawl.path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"added", "duplicates", "skipped", "failed", "plain_text", "pages", "files", "took_ms"}
    assert report["added"] == 4 and report["failed"] == [] and report["plain_text"] == []
    assert (report["pages"], report["files"]) == (5, 1)  # every page record, one of them a copy
    assert main(["search", "url:harbour.example.org", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert {h["url"] for h in hits} == {"https://harbour.example.org/notes/sea-walls.txt",
                                        "https://harbour.example.org/quay"}
    quay = next(h for h in hits if h["url"].endswith("/quay"))
    assert main(["show", quay["id"]]) == 0
    shown = capsys.readouterr().out
    assert "Url: https://harbour.example.org/quay  (warc)" in shown
    assert f"From: {crawl.path}#{crawl.offsets['https://harbour.example.org/quay']} → https://harbour.example.org/quay" in shown
    assert "The fishing quay reopened on Monday" in shown
    assert main(["show", quay["id"], "--original"]) == 0
    assert capsys.readouterr().out == ZIPPED.decode()


def test_importing_the_same_warc_again_adds_nothing(archive, tmp_path):
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    archive.import_paths([crawl.path])
    again = archive.import_paths([crawl.path])
    assert again.added == 0 and again.duplicates == 5 and again.failed == []
    assert archive.catalog.count() == 4


def test_warcs_in_a_dropped_folder_are_found_beside_page_files(archive, tmp_path):
    folder = tmp_path / "crawls"
    (folder / "2023").mkdir(parents=True)
    write_crawl(folder / "2023" / "june.warc.gz")
    (folder / "notes.txt").write_text("A note kept beside the crawl\n\nThe crawl ran in June, over two nights.\n")
    report = archive.import_paths([folder])
    assert report.added == 5 and report.failed == []


def test_recleaning_keeps_a_warc_pages_url_and_kind(archive, tmp_path):
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    report = archive.import_paths([crawl.path])
    before = {doc.id: (doc.url, doc.kind, doc.title) for doc in archive.get_many(report.added_ids)}
    archive.reclean()
    after = {doc.id: (doc.url, doc.kind, doc.title) for doc in archive.get_many(report.added_ids)}
    assert after == before
    quay = next(doc for doc in archive.get_many(report.added_ids) if doc.url.endswith("/quay"))
    assert quay.metadata["url"].source == "warc"
    assert "Boats queued at dawn" in archive.original_text(quay.id)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_warc_keeps_the_pages_before_the_damage_and_says_where_it_is(archive, tmp_path, gz):
    whole = write_crawl(tmp_path / "whole.warc", gz=gz)
    quay = whole.offsets["https://harbour.example.org/quay"]
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(whole.path.read_bytes()[:quay + 300])  # cut inside the third page's record
    report = archive.import_paths([cut])
    assert {doc.url for doc in archive.get_many(report.added_ids)} == {
        "https://news.example.com/world/2020/02/21/idlib-talks", "https://harbour.example.org/notes/sea-walls.txt"}
    [(where, reason)] = report.failed
    assert where.startswith(f"{cut}#{quay}")
    assert "cut short" in reason
    assert check(archive).problems == []


def test_a_file_named_warc_that_is_not_one_is_reported(archive, tmp_path):
    (tmp_path / "notes.warc").write_text("These are my notes about the crawl, not a WARC file.\n")
    (tmp_path / "noise.warc.gz").write_bytes(gzip.compress(b"\x00\x01 not a warc at all " * 50))
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    report = archive.import_paths([tmp_path])
    reasons = {Path(path.split("#")[0]).name: reason for path, reason in report.failed}
    assert set(reasons) == {"notes.warc", "noise.warc.gz", "empty.warc.gz"}
    assert reasons["notes.warc"].startswith("not a WARC file")
    assert reasons["noise.warc.gz"].startswith("not a WARC file")
    assert reasons["empty.warc.gz"] == "empty file"
    assert report.added == 0


def test_the_page_size_limit_applies_to_each_page_not_to_the_warc(archive, tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(40):
        body = (f"Page {n} of a long crawl\n\n" + f"Paragraph {n} about the harbour and its walls. " * 60).encode()
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response", payload=io.BytesIO(body),
                                                      http_headers=_http("200 OK", [("Content-Type", "text/plain")])))
    big = ("A page far too long\n\n" + "word " * 40_000).encode()
    writer.write_record(writer.create_warc_record("https://example.org/big", "response", payload=io.BytesIO(big),
                                                  http_headers=_http("200 OK", [("Content-Type", "text/plain")])))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    report = archive.import_paths([path], max_bytes=64 * 1024)
    assert path.stat().st_size > 0 and report.added == 40
    [(where, reason)] = report.failed
    assert "https://example.org/big" in where and "over the 64 KB limit for one page" in reason


def test_cancelling_stops_between_records_and_keeps_what_was_imported(archive, tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(300):
        body = (f"Report number {n} from the harbour\n\n"
                f"The council met for the {n}th time to discuss the walls and the quay, officials said.\n").encode()
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response", payload=io.BytesIO(body),
                                                      http_headers=_http("200 OK", [("Content-Type", "text/plain")])))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    seen: list[str] = []
    report = archive.import_paths([path], on_file=seen.append, cancelled=lambda: len(seen) >= 150, workers=1)
    assert report.cancelled
    assert report.added == 150 == archive.catalog.count()  # every record read before the cancel, no more
    assert archive.search(SearchRequest("harbour")).total == 150
    rest = archive.import_paths([path])
    assert rest.added == 150 and rest.duplicates == 150


def test_progress_counts_records_and_ends_at_the_total(archive, tmp_path):
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    calls: list[tuple[int, int]] = []
    archive.import_paths([crawl.path], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (11, 11)  # every record of the file: pages and the rest


def test_progress_and_report_count_a_warcs_records_as_pages_and_the_warc_as_one_file(archive, tmp_path):
    """A crawl of 11 records (5 of them pages, one a copy) beside two page files: 7 pages from 3 files."""
    (tmp_path / "drop").mkdir()
    write_crawl(tmp_path / "drop" / "crawl.warc.gz")
    for name in ("a.txt", "b.txt"):
        (tmp_path / "drop" / name).write_text(f"Ferry report {name}\n\nThe ferry reached the harbour late.\n")
    seen = []
    report = archive.import_paths([tmp_path / "drop"], on_progress=seen.append)
    assert (seen[-1].pages, seen[-1].files, seen[-1].files_total) == (7, 3, 3)
    assert (seen[-1].done, seen[-1].total) == (13, 13)  # the bar: every record and every file
    assert seen[-1].text() == "7 pages from 3 of 3 files"
    assert seen[0].text() == "0 pages from 0 of 3 files"
    assert (report.pages, report.files, report.reading()) == (7, 3, "7 pages from 3 files")
    with Archive.open(tmp_path / "second") as second:  # page files alone: each one is a page
        seen.clear()
        second.import_paths([tmp_path / "drop" / "a.txt", tmp_path / "drop" / "b.txt"], on_progress=seen.append)
        assert seen[-1].text() == "2 of 2 pages"


def test_the_command_line_names_pages_and_the_files_they_came_from(tmp_path, capsys, monkeypatch):
    from indexer import cli
    from indexer.model import ImportProgress

    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    assert main(["import", "--home", str(tmp_path / "home"), str(crawl.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read 5 pages from 1 file: added 4; 1 already in the archive; 1 skipped; 0 failed")
    shown = cli._Progress("Importing")
    shown.started -= 10  # past the second a progress line waits for
    shown.pages(ImportProgress(pages=1234, files=2, files_total=3, warcs=1, done=2000, total=4000))
    assert capsys.readouterr().err.strip() == "Importing: 1,234 pages from 2 of 3 files"


def test_a_warc_gzipped_as_one_stream_is_read_too_and_a_cut_one_keeps_its_first_pages(archive, tmp_path):
    """`gzip crawl.warc` makes one gzip stream, not one per record as crawlers write: still a WARC."""
    plain = write_crawl(tmp_path / "crawl.warc", gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.path.read_bytes()))
    report = archive.import_paths([whole])
    assert report.added == 4 and report.duplicates == 1 and report.failed == []
    assert {doc.url for doc in archive.get_many(report.added_ids)} == set(PAGES)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(gzip.compress(plain.path.read_bytes())[:1500])
    with Archive.open(tmp_path / "second") as second:
        report = second.import_paths([cut])
        assert {doc.url for doc in second.get_many(report.added_ids)} == {
            "https://news.example.com/world/2020/02/21/idlib-talks", "https://harbour.example.org/notes/sea-walls.txt"}
        [(where, reason)] = report.failed
        assert where.startswith(f"{cut}#") and "cut short" in reason


def test_a_page_whose_gzip_body_is_damaged_is_reported_and_the_next_pages_import(archive, tmp_path):
    import random

    words = random.Random(3).choices(["harbour", "quay", "council", "walls", "boats", "winter", "repairs"], k=100_000)
    broken = bytearray(gzip.compress(ZIPPED + " ".join(words).encode()))
    broken[40_000:40_100] = bytes(100)  # well past the first block, which warcio would take for plain bytes
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body, encoding in (("https://example.org/broken", bytes(broken), "gzip"),
                                ("https://example.org/after", NOTE, None)):
        headers = [("Content-Type", "text/html")] + ([("Content-Encoding", encoding)] if encoding else [])
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=_http("200 OK", headers)))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    report = archive.import_paths([path])
    [(where, reason)] = report.failed
    assert "https://example.org/broken" in where and "compressed content is damaged" in reason
    assert [doc.url for doc in archive.get_many(report.added_ids)] == ["https://example.org/after"]


def test_cancelling_is_heard_between_records_that_are_not_pages_too(archive, tmp_path):
    """A crawl can hold long runs of images and scripts: a cancel must not wait for the next page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(200):
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}.png", "response", payload=io.BytesIO(PNG),
                                                      http_headers=_http("200 OK", [("Content-Type", "image/png")])))
    writer.write_record(writer.create_warc_record("https://example.org/last", "response", payload=io.BytesIO(NOTE),
                                                  http_headers=_http("200 OK", [("Content-Type", "text/plain")])))
    path = tmp_path / "images.warc.gz"
    path.write_bytes(buffer.getvalue())
    progress: list[int] = []
    report = archive.import_paths([path], progress=lambda done, total: progress.append(done),
                                  cancelled=lambda: len(progress) > 3)
    assert report.cancelled and report.added == 0
    assert progress[-1] < 200


def test_a_page_served_brotli_compressed_is_stored_as_a_browser_saves_it(archive, tmp_path):
    """Browser-driven crawlers (Brozzler behind warcprox) ask for br, and record what was sent."""
    import brotli

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://harbour.example.org/quay", "response", payload=io.BytesIO(brotli.compress(ZIPPED)),
        http_headers=_http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "br")])))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    report = archive.import_paths([path])
    assert report.failed == [] and report.added == 1
    assert archive.original(report.added_ids[0]) == ZIPPED


def test_the_charset_the_server_named_decodes_the_page_now_and_after_recleaning(archive, tmp_path):
    """A short KOI8-R page is mistaken for Shift JIS by detection alone; the HTTP header says what it is."""
    text = "Переговоры в Москве\n\nПереговоры в Москве продолжились поздно вечером, сообщили официальные лица.\n"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://example.ru/talks", "response", payload=io.BytesIO(text.encode("koi8-r")),
        http_headers=_http("200 OK", [("Content-Type", 'text/plain; charset="KOI8-R"')])))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    report = archive.import_paths([path])
    [doc] = archive.get_many(report.added_ids)
    assert doc.title == "Переговоры в Москве" and "поздно вечером" in doc.body
    assert "; charset=koi8-r" in doc.source_path
    assert archive.original(doc.id) == text.encode("koi8-r")
    archive.reclean()
    assert "поздно вечером" in archive.get(doc.id).body
    assert archive.search(SearchRequest("вечером")).total == 1


def test_clean_and_meta_say_a_warc_is_for_import_rather_than_misreading_it(tmp_path, capsys):
    crawl = write_crawl(tmp_path / "crawl.warc")
    assert main(["clean", str(crawl.path)]) == 1
    assert "a WARC file holds many pages, not one: `broadsheet import` reads its pages" in capsys.readouterr().err
    assert main(["meta", str(crawl.path)]) == 1
    assert "`broadsheet import` reads its pages" in capsys.readouterr().err


def test_no_date_after_the_crawl_can_be_a_pages_publication_date(archive, tmp_path):
    """Fetched on 1 June 2023, a page cannot have been published in 2025, whatever its text says."""
    page = ("<html><head><title>Ferry timetable for the summer</title></head><body>"
            "<h1>Ferry timetable for the summer</h1><p>Published 14 March 2025</p>"
            "<p>The ferry to the islands will run every hour from the first of June, the harbour "
            "office said, with extra crossings at weekends while the schools are closed.</p></body></html>").encode()
    path = tmp_path / "later.warc"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = _http("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        writer.write_record(writer.create_warc_record("https://harbour.example.org/ferry", "response",
                                                      payload=io.BytesIO(page), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": CRAWLED}))
    archive.import_paths([path])
    (doc,) = archive.get_many([archive.search(SearchRequest("ferry")).hits[0].id])
    assert doc.value("date") is None and doc.date_candidate is None, "a date past the crawl is no candidate"
