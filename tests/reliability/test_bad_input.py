"""Bad input: every file in a dropped folder is imported correctly or reported with a clear reason,
and the import goes on to the next one.

Tests run as root here, so `chmod 000` would not stop a read: unreadable files are simulated
with what root cannot read either (a FIFO, which would block an `open()` forever, a folder named
like a page, symbolic links that lead nowhere or to themselves) and with a monkeypatched
`open` raising PermissionError.
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.cli import main
from indexer.model import SearchRequest
from indexer.readers import DEFAULT_MAX_BYTES, UnreadableFile, decode, read_bytes

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Talks between the two presidents went on late into the night in Moscow, officials said."


def _page(words: str = SENTENCE) -> str:
    return f"A headline about the talks\n\n{words}\n\n{words} They agreed to meet again next week.\n"


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive") as opened:
        yield opened


def _by_name(items: list[tuple[str, str]]) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in items}


def test_a_folder_of_bad_files_is_reported_file_by_file_and_the_good_pages_still_import(archive, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "empty.txt").write_bytes(b"")
    (drop / "blank.txt").write_bytes(b"  \n\t\n")
    (drop / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (drop / "noise.txt").write_bytes(os.urandom(4000))
    (drop / "zeros.txt").write_bytes(b"\x00" * 5000)
    os.mkfifo(drop / "pipe.txt")  # open() on it would block for ever
    (drop / "device.txt").symlink_to("/dev/zero")  # endless: reading it would never finish
    (drop / "folder.txt").mkdir()  # a folder named like a page: walked, not read
    (drop / "folder.txt" / "inside.txt").write_text(_page("A page inside a folder named folder.txt."))
    (drop / "dangling.txt").symlink_to(drop / "nowhere.txt")
    (drop / "self.txt").symlink_to(drop / "self.txt")
    (drop / "loop").mkdir()
    (drop / "loop" / "back").symlink_to(drop)
    (drop / "good.txt").write_text(_page())
    started = time.monotonic()
    report = archive.import_paths([drop])
    assert time.monotonic() - started < 60
    failed = _by_name(report.failed)
    assert failed == {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "photo.txt": "not a text page: the file is a PNG image",
        "noise.txt": "not a text page: binary data",
        "zeros.txt": "not a text page: binary data (many NUL bytes)",
        "pipe.txt": "not a regular file (a pipe, socket or device), so it cannot be read as a page",
        "device.txt": "not a regular file (a pipe, socket or device), so it cannot be read as a page",
        "dangling.txt": "broken symbolic link (its target does not exist)",
        "self.txt": "symbolic link loop (the link leads back to itself)",
    }
    assert _by_name(report.skipped) == {"back": "folder already visited through another link (a link loop?)"}
    assert report.added == 2  # good.txt and folder.txt/inside.txt
    titles = {doc.title for doc in archive.get_many(report.added_ids)}
    assert titles == {"A headline about the talks"}


def test_a_file_that_cannot_be_opened_is_reported_and_the_next_one_imports(archive, tmp_path, monkeypatch):
    """Permission denied, simulated: root reads through chmod 000."""
    (tmp_path / "a_locked.txt").write_text(_page("A page nobody may read, for reasons of permission."))
    (tmp_path / "b_open.txt").write_text(_page())
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("a_locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    report = archive.import_paths([tmp_path / "a_locked.txt", tmp_path / "b_open.txt"])
    assert _by_name(report.failed) == {"a_locked.txt": "permission denied (the file cannot be read)"}
    assert report.added == 1


def test_a_file_vanishing_between_listing_and_reading_is_reported(archive, tmp_path):
    gone = tmp_path / "gone.txt"
    assert _by_name(archive.import_paths([gone]).failed) == {"gone.txt": "no such file or folder"}
    with pytest.raises(UnreadableFile, match="disappeared"):
        read_bytes(gone)


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        # A few stray NULs are damage, not content.
        (b"Caf\xc3\xa9 talks\x00 resumed\x00 today.", "Café talks resumed today.", "utf-8"),
        ("Café crème, naïve façade, déjà vu.".encode("cp1252"), "Café crème, naïve façade, déjà vu.", "cp1252"),
        ("Grüße aus Köln, sagte der Sprecher am Montag.".encode("utf-16-le"), "Grüße aus Köln, sagte der Sprecher am Montag.", "utf-16-le"),
        ("Grüße aus Köln, sagte der Sprecher am Montag.".encode("utf-16-be"), "Grüße aus Köln, sagte der Sprecher am Montag.", "utf-16-be"),
        ("Переговоры продолжились в Москве поздно вечером.".encode("cp1251"), "Переговоры продолжились в Москве поздно вечером.", "cp1251"),
        # UTF-8 with one damaged byte (a truncated download): one replacement, not a page of mojibake.
        ("Erdoğan und Putin trafen sich in Moskau. ".encode() + b"\xc3(" + " Später mehr.".encode(),
         "Erdoğan und Putin trafen sich in Moskau. \ufffd( Später mehr.", "utf-8 (with replacements)"),
    ],
    ids=["stray-nuls", "cp1252", "utf16le-no-bom", "utf16be-no-bom", "cp1251", "utf8-one-bad-byte"],
)
def test_encodings_come_out_as_the_words_written(data, expected, encoding):
    assert decode(data) == (expected, encoding)


def test_mixed_encodings_in_one_file_keep_the_majority_readable():
    """Half a page pasted in UTF-8, one line in cp1252: the UTF-8 part is read as written."""
    data = ("Größere Gespräche über Idlib fanden statt. " * 20).encode() + "Café".encode("cp1252")
    text, encoding = decode(data)
    assert "Größere Gespräche über Idlib" in text and encoding == "utf-8 (with replacements)"


def test_file_names_in_any_script_and_paths_over_260_characters_import(archive, tmp_path):
    names = ["Ελληνικά.txt", "日本語の記事.txt", "עברית.txt", "العربية.html", "हिन्दी.txt", "emoji 🗞️.txt",
             "spaces and 'quotes'.txt"]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(_page(f"{SENTENCE} Page number {n}."))
    deep = tmp_path.joinpath(*(["a-rather-long-folder-name-from-a-crawler-" * 1] * 8))
    deep.mkdir(parents=True)
    long_file = deep / ("n" * 120 + ".txt")
    long_file.write_text(_page("A page stored deep in a long path."))
    assert len(str(long_file)) > 260
    report = archive.import_paths([tmp_path])
    assert report.failed == [] and report.added == len(names) + 1
    sources = {doc.source_path for doc in archive.get_many(report.added_ids)}
    assert str(long_file) in sources and str(tmp_path / "日本語の記事.txt") in sources


def test_a_200_mb_file_is_refused_before_it_is_read(archive, tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:  # sparse: instant, and no disk used
        handle.truncate(200 * 1024 * 1024)
    (tmp_path / "small.txt").write_text(_page())
    (tmp_path / "warm-up.txt").write_text(_page("The first page loads the cleaner's word lists."))
    archive.import_paths([tmp_path / "warm-up.txt"])
    tracemalloc.start()
    try:
        report = archive.import_paths([big, tmp_path / "small.txt"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _by_name(report.failed) == {
        "huge.txt": "file is 200.0 MB, over the 32.0 MB limit for one page (raise it with --max-size)"}
    assert report.added == 1
    assert peak < 20 * 1024 * 1024  # the 200 MB were never read


def test_max_size_raises_and_lowers_the_limit_from_the_command_line(tmp_path, capsys):
    page = tmp_path / "long.txt"
    page.write_text(_page(SENTENCE * 400))  # about 36 KB
    home = str(tmp_path / "archive")
    assert main(["import", "--home", home, str(page), "--max-size", "20KB", "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["added"] == 0 and "over the 20 KB limit" in refused["failed"][0]["reason"]
    assert main(["import", "--home", home, str(page), "--max-size", "1MB", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1
    assert DEFAULT_MAX_BYTES == 32 * 1024 * 1024


def test_the_200_mb_file_costs_the_cli_no_memory(tmp_path):
    """The same refusal in a separate process, measured by the kernel (peak resident memory),
    against the same command importing a tiny page: the 200 MB must add nothing like 200 MB."""
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    tiny = tmp_path / "tiny.txt"
    tiny.write_text(_page())

    def peak_kb(page: Path, home: str) -> tuple[int, dict]:
        done = subprocess.run(
            [sys.executable, "-c",
             "import resource, sys; from indexer.cli import main; code = main(sys.argv[1:]);"
             " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)",
             "import", "--home", str(tmp_path / home), str(page), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        return int(done.stderr.strip().splitlines()[-1]), json.loads(done.stdout)

    baseline, _ = peak_kb(tiny, "a")
    peak, report = peak_kb(big, "b")
    assert "over the 32.0 MB limit" in report["failed"][0]["reason"]
    assert peak - baseline < 64 * 1024, f"{(peak - baseline) // 1024} MB more than importing a tiny page"


def test_deeply_nested_html_imports_quickly_without_a_recursion_error(archive, tmp_path):
    """100,000 levels: lxml stops building the tree at depth 255, so no Python recursion runs
    away and the page imports in seconds, its original kept byte for byte; the words lxml
    dropped are read from the markup as a dump, so the page is still found."""
    nested = b"<html><head><title>Nested</title></head><body>" + b"<div>" * 100_000
    nested += SENTENCE.encode() + b"</div>" * 100_000 + b"</body></html>"
    (tmp_path / "nested.html").write_bytes(nested)
    (tmp_path / "unclosed.html").write_bytes(b"<html><body>" + b"<span><b><i>" * 40_000 + SENTENCE.encode())
    (tmp_path / "after.txt").write_text(_page())
    started = time.monotonic()
    report = archive.import_paths(sorted(tmp_path.iterdir()))
    assert time.monotonic() - started < 30
    assert report.added + len(report.failed) == 3
    assert all("Traceback" not in reason and "RecursionError" not in reason for _, reason in report.failed)
    assert report.failed == [] and report.added == 3
    for doc_id in report.added_ids:
        assert archive.store.verify(doc_id)
    found = archive.search(SearchRequest('"late into the night"', limit=10))
    assert found.total == 3


def test_malformed_html_is_read_as_well_as_it_can_be(archive, tmp_path):
    (tmp_path / "broken.html").write_text(
        "<html><head><title>Broken markup</title><body><p>" + SENTENCE + "<p><b>unclosed <i>tags "
        + SENTENCE + "</div></span></html></html><p>" + SENTENCE + "<<<>>>&&&;;<!-- never closed"
    )
    report = archive.import_paths([tmp_path / "broken.html"])
    assert report.failed == [] and report.added == 1
    assert "presidents" in archive.get(report.added_ids[0]).readable_text


def test_a_raised_limit_does_not_make_every_read_reserve_it(tmp_path):
    """read(n) allocates n bytes up front: with --max-size 2GB a 1 KB page must not cost 2 GB."""
    page = tmp_path / "small.txt"
    page.write_text(_page())
    tracemalloc.start()
    try:
        data = read_bytes(page, max_bytes=2 * 1024**3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == page.read_bytes()
    assert peak < 1024 * 1024


def test_file_names_that_are_not_utf8_import_and_are_shown_readably(tmp_path, capsys):
    """An old crawl copied onto a UTF-8 system keeps Latin-1 bytes in its names; such a name once
    made SQLite refuse the whole batch (lone surrogates), losing the good pages with it."""
    drop = os.fsencode(tmp_path / "drop")
    os.mkdir(drop)
    with open(os.path.join(drop, b"caf\xe9-latin1.txt"), "w") as handle:
        handle.write(_page())
    with open(os.path.join(drop, b"plain.txt"), "w") as handle:
        handle.write(_page("Another page, with a name in plain ASCII, about the talks in Ankara."))
    open(os.path.join(drop, b"empty-\xe8.txt"), "w").close()
    home = str(tmp_path / "archive")
    assert main(["import", "--home", home, os.fsdecode(drop), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 2
    assert report["failed"] == [{"path": str(tmp_path / "drop" / "empty-\\xe8.txt"), "reason": "empty file"}]
    with Archive.open(Path(home)) as archive:
        sources = {doc.source_path for doc in archive.get_many(archive.catalog.all_ids())}
    assert str(tmp_path / "drop" / "caf\\xe9-latin1.txt") in sources
    assert main(["check", "--home", home]) == 0


def test_folders_nested_deeper_than_python_recurses_are_reported_not_a_crash(archive, tmp_path):
    """1,200 nested folders once raised RecursionError out of discovery and stopped the import."""
    folder = tmp_path / "deep"
    folder.mkdir()
    here = os.getcwd()
    os.chdir(folder)  # relative steps keep every path short of the system's limit
    try:
        for depth in range(1, 1201):
            os.mkdir("a")
            os.chdir("a")
            if depth == 100:
                Path("reachable.txt").write_text(_page("A page a hundred folders down, about the talks."))
        Path("too-deep.txt").write_text(_page())
    finally:
        os.chdir(here)
    try:
        report = archive.import_paths([folder])
    finally:
        _remove_deep(folder)  # pytest's own clean-up of old temp folders recurses, and would fail on it
    assert report.added == 1
    [(path, reason)] = report.failed
    assert reason == "folders nested more than 200 levels deep: not searched further"


def _remove_deep(top: Path) -> None:
    """Delete a folder tree of any depth, walking down and back up without recursion."""
    here = os.getcwd()
    os.chdir(top)
    depth = 0
    try:
        while True:
            below = [entry.name for entry in os.scandir(".") if entry.is_dir(follow_symlinks=False)]
            if below:
                os.chdir(below[0])
                depth += 1
                continue
            for entry in os.scandir("."):
                os.unlink(entry.name)
            if depth == 0:
                break
            name = os.path.basename(os.getcwd())
            os.chdir("..")
            depth -= 1
            os.rmdir(name)
    finally:
        os.chdir(here)


def _crawl(path: Path, pages: int, *, extra: list[tuple[str, str, bytes]] = ()) -> list[int]:
    """A gzipped WARC of `pages` text pages (then the `extra` responses: url, type, payload);
    returns each record's byte offset."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    responses = [(f"https://example.org/{path.stem}/{n}", "text/plain", _page(f"{SENTENCE} Story {n} of {path.name}.").encode())
                 for n in range(pages)] + list(extra)
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, kind, payload in responses:
            offsets.append(out.tell())
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")))
    return offsets


def test_damaged_warcs_are_reported_one_by_one_and_keep_the_pages_before_the_damage(archive, tmp_path):
    from indexer.checking import check

    drop = tmp_path / "drop"
    drop.mkdir()
    _crawl(drop / "good.warc.gz", 3)
    offsets = _crawl(tmp_path / "cut.warc.gz", 4)
    (drop / "cut.warc.gz").write_bytes((tmp_path / "cut.warc.gz").read_bytes()[:offsets[2] + 200])  # ends in record 3
    at = _crawl(tmp_path / "corrupt.warc.gz", 4)[2]
    corrupt = bytearray((tmp_path / "corrupt.warc.gz").read_bytes())
    for i in range(at + 60, at + 90):  # scrambles the third record's compressed bytes
        corrupt[i] ^= 0x5A
    (drop / "corrupt.warc.gz").write_bytes(bytes(corrupt))
    (drop / "noise.warc.gz").write_bytes(os.urandom(5000))
    (drop / "notes.warc").write_text("My notes on the crawl: it ran for two nights.\n")
    (drop / "good.txt").write_text(_page())
    report = archive.import_paths([drop])
    failed = {Path(path.split("#")[0]).name: (path, reason) for path, reason in report.failed}
    assert set(failed) == {"cut.warc.gz", "corrupt.warc.gz", "noise.warc.gz", "notes.warc"}
    assert failed["cut.warc.gz"][0] == f"{drop / 'cut.warc.gz'}#{offsets[2]}"
    assert "cut short" in failed["cut.warc.gz"][1]
    assert failed["corrupt.warc.gz"][0] == f"{drop / 'corrupt.warc.gz'}#{at}"
    assert "damaged" in failed["corrupt.warc.gz"][1] and "the pages before it were imported" in failed["corrupt.warc.gz"][1]
    assert failed["noise.warc.gz"][1].startswith("not a WARC file")
    assert failed["notes.warc"][1].startswith("not a WARC file")
    urls = {doc.url or "" for doc in archive.get_many(report.added_ids)}  # good.txt has none
    assert {u for u in urls if "/cut" in u} == {"https://example.org/cut.warc/0", "https://example.org/cut.warc/1"}
    assert {u for u in urls if "/corrupt" in u} == {"https://example.org/corrupt.warc/0",
                                                    "https://example.org/corrupt.warc/1"}
    assert report.added == 3 + 2 + 2 + 1
    assert check(archive).problems == []


def test_a_warc_of_huge_records_is_streamed_not_held_in_memory(archive, tmp_path):
    """A 100 MB video is passed over and a 40 MB page refused without either being held in
    memory; the page after them imports."""
    crawl = tmp_path / "crawl.warc.gz"
    _crawl(crawl, 1, extra=[("https://example.org/video", "video/mp4", bytes(100 * 1024 * 1024)),
                            ("https://example.org/huge", "text/plain", b"word " * (8 * 1024 * 1024)),
                            ("https://example.org/after", "text/plain", _page("The page after the huge ones.").encode())])
    (tmp_path / "warm-up.txt").write_text(_page("The first page loads the cleaner's word lists."))
    archive.import_paths([tmp_path / "warm-up.txt"])
    tracemalloc.start()
    try:
        report = archive.import_paths([crawl], max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.added == 2
    [(where, reason)] = report.failed
    assert "https://example.org/huge" in where and "over the 1.0 MB limit for one page" in reason
    assert "1 response that is not HTML or text" in report.skipped[0][1]
    assert peak < 24 * 1024 * 1024
