"""Reading WARC files (what Heritrix, wget --warc-file, Browsertrix and Webrecorder save): the
pages among their records, one record at a time.

A WARC holds many HTTP exchanges in one file, often gigabytes, so it is streamed: one record in
memory at a time, a page's payload read only up to the page size limit. A page is a `response`
(status 200) or `resource` record served as HTML, XHTML or plain text; its original is the payload
as a browser would save it (chunked transfer and gzip/deflate content-encoding undone by warcio).
Everything else (requests, metadata, images, scripts, redirects, errors) is counted, not read.

A page from a WARC is known by a source string that names the file, the record's byte offset, the
URL it was fetched from, its content type and its crawl date:

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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.model import PageKind

WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_TYPES: dict[str, PageKind] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_READ_BLOCK = 64 * 1024

_SOURCE = re.compile(
    r"^(?P<warc>.+?\.warc(?:\.gz)?)#(?P<offset>\d+)(?: → (?P<url>.+?))?"
    r" \((?P<mime>[a-z0-9.+-]+/[a-z0-9.+-]+)(?:, crawled (?P<crawled>[^()]*))?\)$",
    re.IGNORECASE | re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")

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

    @property
    def kind(self) -> PageKind:
        return PAGE_TYPES.get(self.mime.lower(), "text")


def record_source(warc: str, offset: int, url: str | None, mime: str, crawled: str | None) -> str:
    """The source string of one page record (see the module docstring)."""
    where = f"{warc}#{offset}" + (f" → {url}" if url else "")
    return f"{where} ({mime}" + (f", crawled {crawled}" if crawled else "") + ")"


def parse_source(source: str | None) -> RecordSource | None:
    """The parts of a page's source string, or None when the page did not come from a WARC."""
    match = _SOURCE.match(source or "")
    if not match:
        return None
    return RecordSource(match["warc"], int(match["offset"]), match["url"], match["mime"], match["crawled"])


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

    def pages(self) -> Iterator[WarcPage | WarcProblem]:
        """Each page record in file order, or a problem; after damage, a last problem and the end."""
        from warcio.exceptions import ArchiveLoadFailed

        try:
            handle = open(self.path, "rb")
        except OSError as error:
            from indexer.readers import _os_reason

            yield WarcProblem(self.shown, _os_reason(error))
            return
        with handle:
            try:
                self.size = _file_size(handle)
                records = _QuietIterator(handle)
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
                yield WarcProblem(self.shown, _damage_reason(error, 0, 0))
                return
            offset = 0
            try:
                for record in records:
                    offset = records.offset
                    if record.format != "warc":  # warcio reads any line it cannot place as an old ARC record
                        raise ValueError("no WARC header where a record should start")
                    self.records += 1
                    found = self._page(record, offset)
                    self.position = handle.tell()
                    if found is not None:
                        yield found
                    offset = None  # the record is read: damage from here on is after it
            except Exception as error:  # warcio and zlib raise many kinds on damaged files
                at = offset if offset is not None else records.offset
                yield WarcProblem(f"{self.shown}#{at}", _damage_reason(error, at, self.records))
                return
            finally:
                self.position = self.size
            end = records.offset
            if self.records == 0 and self.size == 0:
                yield WarcProblem(self.shown, "empty file")
            elif end < self.size:
                # warcio ends quietly on a gzip member cut short: what follows the last whole record is lost.
                yield WarcProblem(f"{self.shown}#{end}", _cut_reason(end, self.size))

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
        if mime not in PAGE_TYPES:
            self.skipped["type"] += 1
            return None
        url = _clean(record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>") or None
        crawled = _clean(record.rec_headers.get_header("WARC-Date") or "")[:40] or None
        source = record_source(self.shown, offset, url, mime, crawled)
        unsupported = _unsupported_encoding(record)
        if unsupported:
            return WarcProblem(source, f"the page was served compressed with “{unsupported}”, "
                                       "which Broadsheet cannot decompress")
        data = _read_payload(record, self.max_bytes)
        if data is None:
            from indexer.readers import _megabytes

            return WarcProblem(source, f"the page is over the {_megabytes(self.max_bytes)} limit for one page "
                                       "(raise it with --max-size)")
        if _cut_short(record):
            return WarcProblem(source, "the WARC file ends in the middle of this record (cut short?): "
                                       "the page is incomplete and was not imported")
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
        return f"passed over {total:,} record{'' if total == 1 else 's'} that {'is not a page' if total == 1 else 'are not pages'}: " + ", ".join(parts)


@cache
def _make_iterator_class():
    from warcio.archiveiterator import ArchiveIterator

    class QuietIterator(ArchiveIterator):
        # warcio writes a warning straight to stderr for a record with a wrong length; the
        # damage shows in the report instead, and the app has no console to write to.
        INC_RECORD = ""

    return QuietIterator


def _QuietIterator(handle):  # noqa: N802 - reads as the class it makes
    return _make_iterator_class()(handle)


def _file_size(handle) -> int:
    import os

    return os.fstat(handle.fileno()).st_size


def _clean(text: str) -> str:
    return _CONTROLS.sub("", text).strip()


def _unsupported_encoding(record) -> str | None:
    from warcio.bufferedreaders import BufferedReader

    http = record.http_headers
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() if http else ""
    if encoding and encoding != "identity" and encoding not in BufferedReader.get_supported_decompressors():
        return encoding[:40]
    return None


def _read_payload(record, max_bytes: int) -> bytes | None:
    """The decoded payload, or None when it is over max_bytes (then read no further)."""
    stream = record.content_stream()
    parts: list[bytes] = []
    size = 0
    while True:
        block = stream.read(_READ_BLOCK)
        if not block:
            return b"".join(parts)
        size += len(block)
        if size > max_bytes:
            return None
        parts.append(block)


def _cut_short(record) -> bool:
    """True when the record's block ended before its declared length (the file is truncated)."""
    raw = record.raw_stream
    while raw.read(_READ_BLOCK):  # what decoding left unread, e.g. a chunked body's trailer
        pass
    return getattr(raw, "limit", 0) > 0


def _damage_reason(error: Exception, offset: int, records: int) -> str:
    what = " ".join(str(error).split())[:160] or type(error).__name__
    if records == 0 and offset == 0:
        return f"not a WARC file, or damaged at its start ({what})"
    if "non-chunked gzip" in what:
        return ("the WARC was compressed as one gzip stream instead of record by record, so only its first "
                "record can be read; `warcio recompress` fixes the file, then import it again")
    return (f"the WARC file is damaged at this record ({what}): the pages before it were imported, "
            "nothing after it could be read")


def _cut_reason(end: int, size: int) -> str:
    return (f"the WARC file is damaged or cut short after byte {end:,} of {size:,}: "
            "the pages before it were imported, the rest could not be read")
