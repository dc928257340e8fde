"""Hostile pages: entity expansion cannot blow up memory, external entities are never fetched or
read, and no page content or file name can make Broadsheet write outside the folder it was told.

The cleaner (lxml, trafilatura) and the metadata extractor (lxml, htmldate) parse with lxml's HTML
parser, which ignores a document type's entity declarations; these tests prove it end to end
through `importing.run_job`, the function every import runs on every page.

The reader widget's inertness (no scripts, no remote loads, links only after confirmation) is
the desktop engineer's to prove, in tests/desktop/ (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from indexer import importing
from indexer.archive import Archive, NotFound
from indexer.catalog import NewDocument
from indexer.cleaning.batch import output_path
from indexer.cli import main
from indexer.store import content_id

SENTENCE = "Talks between the two presidents went on late into the night in Moscow, officials said."


def _laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, levels)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [\n{"".join(entities)}\n]>\n'
            f'<html><head><title>&lol{levels - 1};</title></head>'
            f'<body><article><h1>A headline &lol{levels - 1};</h1><p>{SENTENCE} &lol{levels - 1};</p>'
            f'<p>{SENTENCE}</p><p>{SENTENCE}</p></article></body></html>').encode()


def _external(secret_file: Path) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file://{secret_file}">\n'
            f'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;\n]>\n'
            f'<html><head><title>Leak &xxe;</title><meta name="author" content="&xxe;"></head>'
            f'<body><article><h1>Headline</h1><p>{SENTENCE} &xxe;</p><p>{SENTENCE}</p>'
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret_file}" parse="text"/>'
            f'</article></body></html>').encode()


def _everything_said(doc: NewDocument) -> str:
    """Every string the page produced: title, body, removed blocks, extracted metadata."""
    parts = [doc.title, doc.body, *(b.text for b in doc.removed)]
    parts += [v.value for v in doc.extracted.values()]
    return "\n".join(parts)


def _run(data: bytes, name: str) -> tuple[NewDocument | importing.Failure, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = importing.run_job(importing.Job(content_id(data), name, data, None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, time.monotonic() - started, peak


@pytest.mark.parametrize("name", ["laughs.html", "laughs.htm", "laughs.txt"])
def test_a_billion_laughs_page_is_not_expanded(name):
    importing.run_job(importing.Job("0" * 64, "warm.html", b"<html><body><p>warm up</p></body></html>", None))
    result, took, peak = _run(_laughs(), name)
    assert isinstance(result, NewDocument), result
    said = _everything_said(result)
    assert "lollollol" not in said  # 10^9 "lol"s would be 3 GB
    assert peak < 64 * 1024 * 1024 and took < 20


def test_external_entities_and_xinclude_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    for name in ("xxe.html", "xxe.txt"):
        result, took, _ = _run(_external(secret), name)
        assert isinstance(result, NewDocument), result
        assert "TOP-SECRET-TOKEN-4242" not in _everything_said(result)
        assert took < 20  # and no network wait on the remote DTD


def test_hostile_pages_import_and_the_archive_stays_whole(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "laughs.html").write_bytes(_laughs())
    (drop / "xxe.html").write_bytes(_external(secret))
    (drop / "script.html").write_bytes(
        b"<html><body><script>document.write('<p>injected</p>')</script><p>" + SENTENCE.encode()
        + b"</p><img src=x onerror=alert(1)><iframe src='http://example.com'></iframe></body></html>")
    with Archive.open(tmp_path / "archive") as archive:
        report = archive.import_paths([drop])
        assert report.failed == [] and report.added == 3
        for doc in archive.get_many(report.added_ids):
            assert "TOP-SECRET" not in doc.readable_text and "lollollol" not in doc.readable_text
            assert "alert(1)" not in doc.readable_text and "document.write" not in doc.readable_text
            assert archive.original(doc.id) == (drop / Path(doc.source_path).name).read_bytes()


# -- nothing is written outside the folder it was told -----------------------------------------


def _all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _assert_inside(paths, folder: Path) -> None:
    for path in paths:
        assert Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder)), path


def test_clean_out_writes_only_under_its_folder_whatever_the_names(tmp_path):
    base = tmp_path / "base"
    drop = base / "drop"
    drop.mkdir(parents=True)
    outside = base / "outside"
    outside.mkdir()
    (outside / "elsewhere.html").write_text(f"<p>{SENTENCE}</p>")
    names = ["..\\..\\evil.html", "..html", "...txt", "-rf.txt", " lead.txt", "/etc".replace("/", "\\") + ".txt",
             "c:\\windows\\x.txt", "CON.txt", "page\u202egnp.txt"]
    for name in names:
        (drop / name).write_text(f"A title\n\n{SENTENCE}\n")
    (drop / "linked").symlink_to(outside)  # a folder link leading out of the dropped folder
    out = base / "clean"
    before = _all_files(base)
    code = _cli("clean", str(drop / ".." / "drop"), "--out", str(out))
    assert code == 0
    written = _all_files(base) - before
    hidden = [n for n in names if n.startswith(".")]  # skipped as hidden files, reported as such
    assert len(written) == len(names) - len(hidden) + 1
    _assert_inside(written, out)


@pytest.mark.parametrize("relative", ["../../escaped.html", "/tmp/absolute.html", "a/../../escaped.html"])
def test_output_path_cannot_leave_the_output_folder(tmp_path, relative):
    """Defence in depth: discovery never yields such paths, but output_path must not trust them
    (this was a strict xfail until the cleaning engineer fixed it in 4952089)."""
    out = tmp_path / "clean"
    assert Path(os.path.normpath(output_path(out, Path(relative)))).is_relative_to(out)


def test_export_txt_writes_only_under_its_folder_whatever_titles_and_outlets_say(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    hostile = ["../../../../tmp/evil", "/etc/passwd", "..\\..\\windows\\system32", "CON", "a\x00b", "..", ".", "~root",
               "x" * 500, "名前/../../上"]
    with Archive.open(tmp_path / "archive") as archive:
        ids = []
        for n, title in enumerate(hostile):
            (drop / f"p{n}.txt").write_text(f"Plain title {n}\n\n{SENTENCE} Number {n}.\n")
            ids += archive.import_paths([drop / f"p{n}.txt"]).added_ids
            archive.set_fields(ids[-1], title=title.replace("\x00", ""), outlet=hostile[-1 - n].replace("\x00", ""))
    out = tmp_path / "exported"
    before = _all_files(tmp_path)
    assert _cli("export", "--home", str(tmp_path / "archive"), "--format", "txt", "--out", str(out)) == 0
    written = _all_files(tmp_path) - before
    assert len(written) == len(hostile)  # one file each: none collided, none went elsewhere
    _assert_inside(written, out)
    assert all(len(p.name) <= 160 for p in written)


def test_ids_cannot_name_paths(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        for crafted in ("../../etc/passwd", "/etc/passwd", "..", "a" * 64 + "/../x"):
            with pytest.raises((NotFound, ValueError)):
                archive.original(crafted)
            with pytest.raises(ValueError):
                archive.store.path_for(crafted)


def _cli(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.parametrize("parser", ["lxml", "html.parser", "lxml-xml"])
def test_beautiful_soup_does_not_expand_entities_either(parser):
    """bs4 is a declared dependency though the core parses with lxml directly today: should a
    cleaner or extractor reach for it, none of its parsers expands the laughs or reads files."""
    bs4 = pytest.importorskip("bs4")
    tracemalloc.start()
    try:
        soup = bs4.BeautifulSoup(_laughs(), parser)
        text = soup.get_text()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "lollollol" not in text and peak < 64 * 1024 * 1024
