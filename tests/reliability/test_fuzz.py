"""Property-based fuzzing of the three places arbitrary input enters: the query parser (whatever a
user types), the cleaner (whatever a crawler saved) and the readers (whatever bytes a file holds).

Example counts come from the profile in conftest.py: moderate by default, thousands with
HYPOTHESIS_PROFILE=thorough (the recorded long run in docs/RELIABILITY.md).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indexer import importing
from indexer.archive import Archive
from indexer.cleaning import clean
from indexer.model import Article, Page, RemovedBlock, SearchRequest
from indexer.query import MatchAll, Node, QueryError, parse
from indexer.readers import UnreadableFile, decode, kind_of, page_from_bytes
from tests.reliability.conftest import fuzz_settings

# -- the query parser --------------------------------------------------------------------------

_QUERY_PIECES = st.sampled_from([
    "idlib", "erdogan", "Putin", "talks", "AND", "OR", "NOT", "&&", "||", "-", "+", "(", ")", '"', '"putin erdogan"',
    "title:", "outlet:", "date:", "author:", "url:", "tag:", "nofield:", "date:2020", "date:2020-02", "date:2020-02-30",
    "date:[2020-01-01 TO 2020-03-31]", "date:[2020 TO", "date:[* TO 2021]", "[", "]", "idl*", "*", "?", "i?lib",
    "erdogan~", "erdogan~2", "erdogan~9", "~", "~~", ":", "::", "http://example.com/a?b=c", "Ελλάδα", "東京", "ﬁ",
    "\u0301", "\x00", "\t", "\n", "  ", "'", "\\", "a" * 300, "9999-99-99", "-date:2020", "NOT NOT", "((", "))",
])
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(_QUERY_PIECES, max_size=12).map(" ".join),
    st.lists(st.one_of(_QUERY_PIECES, st.text(max_size=5)), max_size=12).map("".join),
)


def _nodes_are_well_formed(node: Node) -> None:
    assert node is not None
    for child in getattr(node, "children", ()) or ():
        _nodes_are_well_formed(child)
    if hasattr(node, "child"):
        _nodes_are_well_formed(node.child)


@fuzz_settings(scale=3)
@given(QUERIES)
def test_any_query_parses_to_a_node_or_a_query_error(query):
    try:
        node = parse(query)
    except QueryError as error:
        assert str(error)  # a message for the user, never an empty one
        return
    _nodes_are_well_formed(node)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    texts = {
        "a.txt": "Putin and Erdogan meet\n\nPublished: March 5, 2020\n\nTalks in Moscow on Idlib went on for six hours "
                 "and ended with a ceasefire the two presidents announced together.",
        "b.txt": "Ceasefire holds in Idlib\n\nThe truce agreed in Moscow held through the first night, observers said, "
                 "although shelling was reported near the motorway.",
        "c.html": "<html><head><title>Ελλάδα και Τουρκία</title></head><body><p>Οι συνομιλίες συνεχίστηκαν στη Μόσχα "
                  "για πολλές ώρες χθες το βράδυ.</p></body></html>",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    archive = Archive.open(tmp_path_factory.mktemp("archive"))
    archive.import_paths([folder])
    archive.set_tags(archive.catalog.all_ids()[0], add=["summit"])
    yield archive
    archive.close()


REQUESTS = st.builds(
    SearchRequest,
    query=QUERIES,
    outlets=st.lists(st.sampled_from(["", "Reuters", "www.example.com", "ΕΡΤ", "x" * 100]), max_size=2).map(tuple),
    date_from=st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    date_to=st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    undated_only=st.booleans(),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    limit=st.integers(0, 50),
    offset=st.integers(0, 10),
    original=st.booleans(),
)


@fuzz_settings(scale=1)
@given(REQUESTS)
def test_searching_any_query_raises_nothing_but_a_query_error(small_archive, request_):
    try:
        result = small_archive.search(request_)
    except QueryError:
        return
    assert result.total >= len(result.hits)
    assert all(hit.id in small_archive.catalog.existing([hit.id]) for hit in result.hits)
    # The reader's highlighting takes whatever the search bar held.
    Archive.matches_in("Talks in Moscow on Idlib", request_.query)


# -- the cleaner -------------------------------------------------------------------------------

_HTML_PIECES = st.sampled_from([
    "<html>", "</html>", "<head>", "<body>", "</body>", "<title>", "</title>", "<p>", "</p>", "<div>", "</div>",
    "<div class='nav menu'>", "<article>", "</article>", "<h1>", "</h1>", "<a href='http://x'>", "</a>", "<br>",
    "<script>var x = '</p>';</script>", "<style>p{}</style>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "&amp;", "&nbsp;", "&#0;", "&#x110000;", "&bogus;", "&", "<", ">", "<table><tr><td>", "</td></tr></table>",
    "<meta charset='utf-8'>", "<meta name='author' content='\u202e'>", "<time datetime='2020-02-30'>", "</time>",
    "<svg><text>x</text></svg>", "<?xml version='1.0'?>", "<li>", "<ul>", "<pre>", "\x00", "\n\n", "\r",
    "Talks went on late into the night in Moscow, officials said.", "Share this story!", "Advertisement",
    "Published: March 5, 2020", "©", "东京", "مرحبا", "\u200b",
])
HTMLISH = st.one_of(
    st.text(max_size=500),
    st.lists(st.one_of(_HTML_PIECES, st.text(max_size=20)), max_size=60).map("".join),
)
TEXTS = st.one_of(
    st.text(max_size=800),
    st.lists(st.one_of(_HTML_PIECES, st.text(max_size=40), st.just("\n")), max_size=60).map("".join),
)


def _well_formed(article: Article) -> None:
    assert isinstance(article, Article)
    assert isinstance(article.title, str)
    assert isinstance(article.paragraphs, tuple)
    assert all(isinstance(p, str) and p.strip() for p in article.paragraphs)
    assert isinstance(article.removed, tuple) and all(isinstance(b, RemovedBlock) for b in article.removed)
    assert isinstance(article.text, str)


@fuzz_settings(scale=1)
@given(TEXTS)
def test_cleaning_any_text_gives_a_well_formed_article(text):
    _well_formed(clean(Page(text, "text")))


@fuzz_settings(scale=1)
@given(HTMLISH)
def test_cleaning_any_html_gives_a_well_formed_article(markup):
    _well_formed(clean(Page(markup, "html")))


@fuzz_settings(scale=0.5)
@given(st.one_of(HTMLISH.map(str.encode), st.binary(max_size=600)), st.sampled_from(["p.html", "p.txt"]))
def test_the_whole_per_page_import_never_raises(data, name):
    """What every import runs on every page: a catalog row, or a failure with a reason."""
    result = importing.run_job(importing.Job("0" * 64, name, data, None))
    if isinstance(result, importing.Failure):
        assert result.reason and "Traceback" not in result.reason
        # Only refusals with a reason for the librarian; a crash inside cleaning would say "could not be processed".
        assert not result.reason.startswith("could not be processed"), result.reason
    else:
        assert isinstance(result.title, str) and isinstance(result.body, str)


# -- the readers -------------------------------------------------------------------------------

ENCODED = st.tuples(
    st.text(max_size=300),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "cp1251",
                     "latin-1", "shift_jis", "gb18030", "koi8-r", "iso-8859-7"]),
).map(lambda pair: pair[0].encode(pair[1], errors="ignore"))


@fuzz_settings(scale=3)
@given(st.one_of(st.binary(max_size=2000), ENCODED), st.sampled_from(["text", "html"]))
def test_decoding_any_bytes_gives_text_or_a_reason(data, kind):
    try:
        text, encoding = decode(data, kind)
    except UnreadableFile as error:
        assert str(error)
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding
    assert "\r" not in text


@fuzz_settings(scale=1)
@given(st.text(min_size=1, max_size=300))
def test_utf8_text_always_comes_back_exactly(text):
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    assume(normalised.strip())
    data = text.encode("utf-8")
    assume(data.count(b"\x00") <= max(8, len(data) // 100))
    try:
        decoded, encoding = decode(data)
    except UnreadableFile:
        return  # e.g. control characters only: refused with a reason
    if encoding == "utf-8":
        assert decoded == normalised


@fuzz_settings(scale=1)
@given(st.binary(max_size=1000), st.sampled_from(["a.txt", "a.html", "a.htm", "a.text", "a"]))
def test_reading_a_page_from_any_bytes_gives_a_page_or_a_reason(data, name):
    from pathlib import Path

    try:
        page = page_from_bytes(data, Path(name))
    except UnreadableFile:
        return
    assert page.kind == kind_of(Path(name), data) and isinstance(page.text, str)


def test_an_empty_query_matches_everything():
    assert parse("") == MatchAll() and parse("   ") == MatchAll()


# -- WARC files --------------------------------------------------------------------------------


def _small_warc() -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n, (kind, extra) in enumerate([("text/html", []), ("text/plain", [("Content-Encoding", "gzip")]),
                                       ("text/plain", [("Transfer-Encoding", "chunked")])]):
        body = f"Headline {n}\n\nTalks went on late into the night in Moscow, officials said.\n".encode()
        if extra and extra[0][0] == "Content-Encoding":
            import gzip

            body = gzip.compress(body)
        elif extra:
            body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind), *extra], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


SMALL_WARC = _small_warc()


@fuzz_settings(scale=0.5)
@given(st.one_of(
    st.binary(max_size=2000),
    # A real WARC, cut anywhere and with a few bytes changed: the damage a disk or a download does.
    st.tuples(st.integers(0, len(SMALL_WARC)), st.lists(st.tuples(st.integers(0, len(SMALL_WARC) - 1),
                                                                  st.integers(0, 255)), max_size=4))
    .map(lambda cut: bytes(b if i not in dict(cut[1]) else dict(cut[1])[i]
                           for i, b in enumerate(SMALL_WARC[:cut[0]]))),
), st.sampled_from(["crawl.warc.gz", "crawl.warc"]))
def test_reading_any_bytes_as_a_warc_gives_pages_or_reasons(tmp_path_factory, data, name):
    """Whatever a .warc file holds, reading it yields pages and problems with reasons, never an exception."""
    from indexer.warc import WarcPage, WarcProblem, WarcReader

    path = tmp_path_factory.mktemp("warc") / name
    path.write_bytes(data)
    reader = WarcReader(path, name, 1024 * 1024)
    found = [item for item in reader.pages() if item is not None]
    for item in found:
        assert isinstance(item, (WarcPage, WarcProblem))
        if isinstance(item, WarcProblem):
            assert item.reason and item.source.startswith(name)
    assert sum(isinstance(item, WarcPage) for item in found) <= 3
