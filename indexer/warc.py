"""Reading WARC files (what Heritrix, wget --warc-file, Browsertrix and Webrecorder save): the
pages among their records, one record at a time.

A WARC holds many HTTP exchanges in one file, often gigabytes, so it is streamed: one record in
memory at a time, a page's payload read only up to the page size limit. A page is a `response`
(status 200) or `resource` record served as HTML, XHTML or plain text; its original is the payload
as a browser would save it (chunked transfer and gzip, deflate or brotli content-encoding undone).
Everything else (requests, metadata, images, scripts, redirects, errors) is counted, not read.

A page from a WARC is known by a source string that names the file, the record's byte offset, the
URL it was fetched from, its content type (with the charset the server named, the evidence
decoding needs later) and its crawl date:

    /crawls/2020-02.warc.gz#1453 → https://www.rt.com/news/481945-idlib/ (text/html, crawled 2020-02-21T10:04:00Z)

The catalog keeps it as the page's source path, so re-cleaning and `show` know the page's URL and
kind long after the WARC is gone. The crawl date is provenance, never the publication date: it is
kept in this string and nowhere near metadata extraction.

warcio (Webrecorder's own library) is imported only when a WARC is read: starting the app or a
command must not pay for it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.model import PageKind

WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_TYPES: dict[str, PageKind] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_READ_BLOCK = 64 * 1024
# Compressed bytes warcio inflates at a time. Its default, 16 KB, inflates to 16 MB of a record of
# zeros (peak memory 60 MB whatever the record's size); 4 KB bounds that at 4 MB, no slower.
_COMPRESSED_BLOCK = 4096
_BROTLI_PIECE = 64 * 1024 * 1024

_SOURCE = re.compile(
    r"^(?P<warc>.+?\.warc(?:\.gz)?)#(?P<offset>\d+)(?: → (?P<url>.+?))?"
    r" \((?P<mime>[a-z0-9.+-]+/[a-z0-9.+-]+)(?:; charset=(?P<charset>[a-z0-9_.:-]+))?"
    r"(?:, crawled (?P<crawled>[^()]*))?\)$",
    re.IGNORECASE | re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-z0-9_.:-]{1,40})""", re.IGNORECASE)

# Why records are passed over, in the order the report lists them.
_SKIP_REASONS = {
    "crawl": "{n} request, metadata or other crawl record{s}",
    "revisit": "{n} revisit record{s} (the crawler found the page unchanged)",
    "type": "{n} response{s} that {are} not HTML or text (images, scripts, styles…)",
    "redirect": "{n} redirect{s}",
    "status": "{n} response{s} with another status than 200 OK (not found, errors…)",
}


def is_warc(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True, slots=True)
class RecordSource:
    """Where a page in a WARC came from, read back from its source string."""

    warc: str
    offset: int
    url: str | None
    mime: str
    crawled: str | None
    charset: str | None = None  # as the server declared it

    @property
    def kind(self) -> PageKind:
        return PAGE_TYPES.get(self.mime.lower(), "text")


def record_source(warc: str, offset: int, url: str | None, mime: str, crawled: str | None,
                  charset: str | None = None) -> str:
    """The source string of one page record (see the module docstring)."""
    where = f"{warc}#{offset}" + (f" → {url}" if url else "")
    served = mime + (f"; charset={charset}" if charset else "")
    return f"{where} ({served}" + (f", crawled {crawled}" if crawled else "") + ")"


def parse_source(source: str | None) -> RecordSource | None:
    """The parts of a page's source string, or None when the page did not come from a WARC."""
    match = _SOURCE.match(source or "")
    if not match:
        return None
    return RecordSource(match["warc"], int(match["offset"]), match["url"], match["mime"], match["crawled"],
                        match["charset"])


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One page record's payload, ready to be stored and described like a page file."""

    data: bytes
    source: str


@dataclass(frozen=True, slots=True)
class WarcProblem:
    """A record (or the rest of the file) that could not be read, and why."""

    source: str  # the WARC file, with #offset of the record when one is to blame
    reason: str


class WarcReader:
    """Streams one WARC file's page records; counts what it passes over and how far it has read."""

    def __init__(self, path: Path, shown: str, max_bytes: int) -> None:
        self.path = path
        self.shown = shown  # the WARC's path as the report prints it
        self.max_bytes = max_bytes
        self.size = 0
        self.position = 0  # bytes of the file read so far (compressed), for progress
        self.records = 0
        self.skipped: Counter[str] = Counter()
        self.cut_record = False  # a page record was cut short: the file's end needs no second word

    def pages(self) -> Iterator[WarcPage | WarcProblem | None]:
        """Each page record in file order, or a problem, or None for a record passed over (so a
        caller can stop between any two records); after damage, a last problem and the end."""
        try:
            handle = open(self.path, "rb")
        except OSError as error:
            from indexer.readers import _os_reason

            yield WarcProblem(self.shown, _os_reason(error))
            return
        with handle:
            self.size = _file_size(handle)
            yielded = yield from self._records(handle, handle)
            if yielded is None:
                return
            # The whole file was gzipped at once (`gzip crawl.warc`), not record by record as
            # crawlers do: warcio refuses it, but it is one stream of records all the same. Read
            # it again through Python's gzip; offsets are then positions in the uncompressed WARC.
            import gzip

            handle.seek(0)
            self.records, self.skipped = 0, Counter()
            yield from self._records(handle, _WholeGzip(gzip.GzipFile(fileobj=handle)), already=yielded)
        self.position = self.size

    def _records(self, handle, stream, already: int = 0) -> Generator[WarcPage | WarcProblem | None, None, int | None]:
        """Yield the pages of `stream` (pages past the first `already`); returns how many were yielded
        when the file turns out to be gzipped as one stream, else None."""
        from warcio.exceptions import ArchiveLoadFailed

        compressed_by_record = stream is handle
        try:
            records = _QuietIterator(stream)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
            yield WarcProblem(self.shown, _damage_reason(error, 0, 0))
            return None
        offset: int | None = 0
        pages = 0
        try:
            for record in records:
                offset = records.offset
                if record.format != "warc":  # warcio reads any line it cannot place as an old ARC record
                    raise ValueError("no WARC header where a record should start")
                self.records += 1
                found = self._page(record, offset)
                self.position = handle.tell()
                if found is None:
                    yield None  # a record passed over: the caller may stop or report progress here
                else:
                    pages += 1
                    if pages > already:
                        yield found
                offset = None  # the record is read: damage from here on is after it
        except Exception as error:  # warcio and zlib raise many kinds on damaged files
            if compressed_by_record and isinstance(error, ArchiveLoadFailed) and "non-chunked gzip" in str(error):
                return pages
            at = offset if offset is not None else records.offset
            yield WarcProblem(f"{self.shown}#{at}", _damage_reason(error, at, self.records))
            return None
        end = records.offset
        if self.records == 0 and self.size == 0:
            yield WarcProblem(self.shown, "empty file")
        elif self.cut_record:
            pass
        elif getattr(stream, "cut_short", False):
            yield WarcProblem(f"{self.shown}#{end}", _cut_reason(end, None))
        elif compressed_by_record and end < self.size:
            # warcio ends quietly on a gzip member cut short: what follows the last whole record is lost.
            yield WarcProblem(f"{self.shown}#{end}", _cut_reason(end, self.size))
        return None

    def _page(self, record, offset: int) -> WarcPage | WarcProblem | None:
        kind = record.rec_type
        if kind == "revisit":
            self.skipped["revisit"] += 1
            return None
        if kind not in ("response", "resource"):
            self.skipped["crawl"] += 1
            return None
        if kind == "response":
            http = record.http_headers
            if http is None or not record.rec_headers.get_header("WARC-Target-URI", "").lower().startswith("http"):
                self.skipped["crawl"] += 1  # dns: and whois: lookups are responses too
                return None
            status = (http.get_statuscode() or "").strip()
            if status != "200":
                self.skipped["redirect" if status.startswith("3") else "status"] += 1
                return None
            content_type = http.get_header("Content-Type") or ""
        else:
            content_type = record.rec_headers.get_header("Content-Type") or ""
        mime = content_type.split(";")[0].strip().lower()
        charset = _CHARSET.search(content_type)
        if mime not in PAGE_TYPES:
            self.skipped["type"] += 1
            return None
        url = _clean(record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>") or None
        crawled = _clean(record.rec_headers.get_header("WARC-Date") or "")[:40] or None
        source = record_source(self.shown, offset, url, mime, crawled, charset[1].lower() if charset else None)
        unsupported = _unsupported_encoding(record)
        if unsupported:
            return WarcProblem(source, f"the page was served compressed with “{unsupported}”, "
                                       "which Broadsheet cannot decompress")
        damage: Exception | None = None
        try:
            data = _read_payload(record, self.max_bytes)
        except Exception as error:  # zlib and brotli raise their own kinds on a damaged body
            data, damage = b"", error
        if _cut_short(record):  # raises when the WARC itself is damaged here, which ends the file
            self.cut_record = True
            return WarcProblem(source, "the WARC file ends in the middle of this record (cut short?): "
                                       "the page is incomplete and was not imported")
        if damage is not None:
            what = " ".join(str(damage).split())[:120] or type(damage).__name__
            return WarcProblem(source, f"the page's compressed content is damaged ({what}), so it cannot be read")
        if data is None:
            from indexer.readers import _megabytes

            return WarcProblem(source, f"the page is over the {_megabytes(self.max_bytes)} limit for one page "
                                       "(raise it with --max-size)")
        return WarcPage(data, source)

    def skipped_summary(self) -> str | None:
        """One line for the report: how many records were not pages, by reason."""
        if not self.skipped:
            return None
        total = sum(self.skipped.values())
        parts = []
        for key, template in _SKIP_REASONS.items():
            n = self.skipped.get(key, 0)
            if n:
                parts.append(template.format(n=f"{n:,}", s="" if n == 1 else "s", are="is" if n == 1 else "are"))
        what = "1 record that is not a page" if total == 1 else f"{total:,} records that are not pages"
        return f"passed over {what}: " + ", ".join(parts)


@cache
def _strict(reader_class):
    """warcio's reader class, made to raise on damaged compressed data. warcio itself writes the
    error to stderr and reads on as if the data had ended, which would store half a page as a
    whole one. Its first block stays lenient: data declared compressed that is not is read as is."""

    class Strict(reader_class):
        def _init_decomp(self, decomp_type):
            if (decomp_type or "").lower() != "br":
                return super()._init_decomp(decomp_type)
            self.num_block_read = 0
            self.decomp_type = "br"
            self.decompressor = _Brotli()

        def _decompress(self, data):
            if self.decompressor is not None and data and self.num_block_read > 0:
                return self.decompressor.decompress(data)
            return super()._decompress(data)

    Strict.__name__ = f"Strict{reader_class.__name__}"
    return Strict


class _Brotli:
    """A brotli decompressor with the zlib-like face warcio expects (warcio's own adapter sets an
    attribute brotli 1.2 objects refuse). One piece of input may inflate to at most
    `_BROTLI_PIECE` bytes: brotli's ratio has no practical bound, and a page is far smaller."""

    def __init__(self) -> None:
        import brotli

        self._decompressor = brotli.Decompressor()
        self.unused_data = b""  # brotli streams are never concatenated

    def decompress(self, data: bytes) -> bytes:
        out = self._decompressor.process(data, output_buffer_limit=_BROTLI_PIECE)
        if not self._decompressor.can_accept_more_data():
            raise ValueError(f"brotli data that inflates past {_BROTLI_PIECE // (1024 * 1024)} MB at once")
        return out

    @property
    def eof(self) -> bool:
        return self._decompressor.is_finished()


@cache
def _decompressors() -> frozenset[str]:
    from warcio.bufferedreaders import BufferedReader

    names = set(BufferedReader.get_supported_decompressors())
    try:
        import brotli  # noqa: F401
    except ImportError:
        names.discard("br")
    else:
        names.add("br")
    return frozenset(names)


@cache
def _make_iterator_class():
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class QuietIterator(ArchiveIterator):
        # warcio writes a warning straight to stderr for a record with a wrong length; the
        # damage shows in the report instead, and the app has no console to write to.
        INC_RECORD = ""

        def __init__(self, stream, block_size: int) -> None:
            super().__init__(stream, block_size=block_size)
            self.reader = _strict(DecompressingBufferedReader)(self.fh, block_size=block_size)

    return QuietIterator


def _content_stream(record):
    """The record's payload as served, chunking and content-encoding undone (warcio's own
    `content_stream`, with readers that raise on damage)."""
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

    http = record.http_headers
    if not http:
        return record.raw_stream
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() or None
    if encoding not in _decompressors():
        encoding = None
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        return _strict(ChunkedDataReader)(record.raw_stream, decomp_type=encoding)
    if encoding:
        return _strict(BufferedReader)(record.raw_stream, decomp_type=encoding)
    return record.raw_stream


def _QuietIterator(handle):  # noqa: N802 - reads as the class it makes
    return _make_iterator_class()(handle, block_size=_COMPRESSED_BLOCK)


def _file_size(handle) -> int:
    import os

    return os.fstat(handle.fileno()).st_size


def _clean(text: str) -> str:
    return _CONTROLS.sub("", text).strip()


def _unsupported_encoding(record) -> str | None:
    http = record.http_headers
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() if http else ""
    if encoding and encoding != "identity" and encoding not in _decompressors():
        return encoding[:40]
    return None


def _read_payload(record, max_bytes: int) -> bytes | None:
    """The decoded payload, or None when it is over max_bytes (then read no further)."""
    stream = _content_stream(record)
    parts: list[bytes] = []
    size = 0
    while True:
        block = stream.read(_READ_BLOCK)
        if not block:
            if not getattr(getattr(stream, "decompressor", None), "eof", True):
                raise ValueError("its compressed data ends before the end of the page")
            return b"".join(parts)
        size += len(block)
        if size > max_bytes:
            return None
        parts.append(block)


def _drain(record) -> None:
    """Read what decoding left of the record's block, e.g. a chunked body's trailer."""
    while record.raw_stream.read(_READ_BLOCK):
        pass


def _cut_short(record) -> bool:
    """True when the record's block ended before its declared length (the file is truncated)."""
    _drain(record)
    return getattr(record.raw_stream, "limit", 0) > 0


def _damage_reason(error: Exception, offset: int, records: int) -> str:
    what = " ".join(str(error).split())[:160] or type(error).__name__
    if records == 0 and offset == 0:
        return f"not a WARC file, or damaged at its start ({what})"
    return (f"the WARC file is damaged at this record ({what}): the pages before it were imported, "
            "nothing after it could be read")


def _cut_reason(end: int, size: int | None) -> str:
    of = f" of {size:,}" if size is not None else ""
    return (f"the WARC file is damaged or cut short after byte {end:,}{of}: "
            "the pages before it were imported, the rest could not be read")


class _WholeGzip:
    """A gzip stream for warcio that remembers being cut short: warcio takes the EOFError gzip
    raises then for the end of the file, which would hide the damage."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.cut_short = False

    def read(self, size: int = -1) -> bytes:
        try:
            # read1: a short read per piece of input, so the pages before a cut still come through.
            return self.stream.read1(size if size > 0 else 64 * 1024)
        except EOFError:
            self.cut_short = True
            return b""

    def tell(self) -> int:
        return self.stream.tell()
