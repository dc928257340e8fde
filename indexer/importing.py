"""The per-page work of an import — decode, clean, describe — as plain functions a process pool can run.

The archive reads and hashes files itself (to skip duplicates cheaply) and hands the rest here,
in this process for small imports and in worker processes (`indexer.page_pool`) for large ones,
so cleaning and metadata extraction run in parallel with indexing.

A page in a worker has a time limit (`DEFAULT_PAGE_TIMEOUT_S`, the import's `page_timeout`): one
that overruns it, or whose worker dies, comes back `Unfinished`, and the import keeps it with
`plain_document` — its words as plain text, without cleaning or metadata, in time linear in its
size — and says so in the report. Its original is stored byte-for-byte like any other. Pages
cleaned in the importing process itself cannot be stopped, so only small ones are
(`INLINE_MAX_BYTES`): a larger page goes to a worker even in a small import.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from indexer.catalog import NewDocument
from indexer.cleaning import CLEANER_VERSION, clean
from indexer.documents import effective_values, metadata_values, outlet_and_day
from indexer.metadata import METADATA_VERSION, extract, guess_outlet
from indexer.metadata.fingerprints import Fingerprint
from indexer.model import Page, Value
from indexer.readers import UnreadableFile, page_from_bytes
from indexer.warc import parse_source

POOL_THRESHOLD = 64  # below this many pages, starting worker processes costs more than it saves
# Seconds one page may take in a worker before it is kept as plain text (the import's
# `page_timeout`). The slowest page measured, 33 MB of HTML at the 32 MB size limit, takes 8 s on
# an idle machine (docs/RELIABILITY.md); a busy one can take several times that.
DEFAULT_PAGE_TIMEOUT_S = 30.0
# Pages up to this size are cleaned in the importing process when an import is too small for a
# pool; no page this small measured over 4 s (`benchmarks/big_pages.py`). Larger ones go to a
# worker process, where the time limit holds.
INLINE_MAX_BYTES = 1024 * 1024
PLAIN_TEXT = "plain text"  # cleaner and metadata version of a page kept as plain text


@dataclass(frozen=True, slots=True)
class Job:
    doc_id: str
    path: str
    data: bytes
    outlet_option: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    reason: str
    doc_id: str = ""


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A page whose cleaning did not finish in its worker; `reason` says why, for the report."""

    path: str
    doc_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Learned:
    """What the archive has learned, handed to every process that cleans its pages."""

    boilerplate: Mapping[str, frozenset[str]] = field(default_factory=dict)  # outlet → normalised lines
    aliases: Mapping[str, str] = field(default_factory=dict)  # casefolded alias → outlet
    fingerprints: Mapping[str, Fingerprint] = field(default_factory=dict)  # outlet → its recurring lines


_learned = Learned()


def set_context(learned: Learned) -> None:
    global _learned
    _learned = learned


def _fetched_by(crawled: str | None) -> dt.date | None:
    """The last day a crawled page can have been published: the day after its crawl (a page
    published after midnight east of the crawler is a day ahead of the crawl's UTC date). No
    date the page states past it can be its publication date."""
    try:
        return dt.date.fromisoformat(crawled[:10]) + dt.timedelta(days=1) if crawled else None
    except ValueError:
        return None


def describe_page(page: Page, doc_id: str, size: int, outlet_option: str | None = None) -> NewDocument:
    """Clean and describe one decoded page, using what the archive learned about its outlet."""
    article = clean(page)
    record = parse_source(page.path)
    if record is None:
        extracted = metadata_values(extract(page, article), outlet_option)
    else:
        # Metadata sees a WARC page's URL as the name it was saved under (site, dates in the path),
        # and never the rest of its source string: the crawl date there is no publication date.
        extracted = metadata_values(extract(replace(page, path=record.url), article, today=_fetched_by(record.crawled)),
                                    outlet_option)
        if record.url:
            extracted["url"] = Value(record.url, "warc", 1.0)  # where the crawler fetched it: no guess
    if "outlet" not in extracted and _learned.fingerprints:
        guessed = guess_outlet(page.text, _learned.fingerprints)
        if guessed is not None:
            extracted["outlet"] = guessed
    values, _ = effective_values(extracted, {}, _learned.aliases)
    outlet, day = outlet_and_day(values)
    boilerplate = _learned.boilerplate.get(outlet) if outlet else None
    if boilerplate:
        article = clean(page, boilerplate=boilerplate)
    return NewDocument(
        id=doc_id,
        kind=page.kind,
        source_path=page.path or "",
        size=size,
        encoding=page.encoding,
        title=article.title,
        body=article.body,
        removed=article.removed,
        extracted=extracted,
        cleaner_version=CLEANER_VERSION,
        metadata_version=METADATA_VERSION,
        outlet=outlet,
        day=day,
    )


def run_job(job: Job) -> NewDocument | Failure | Unfinished:
    """One page from bytes to a catalog row; any failure becomes a reason, never an exception.
    A page too large to clean in the memory there is comes back `Unfinished`, to be kept as plain text."""
    try:
        page = page_from_bytes(job.data, job.path)  # not Path(): a WARC record's URL keeps its "//"
        described = describe_page(page, job.doc_id, len(job.data), job.outlet_option)
        if page.kind == "html" and not described.body and _too_deep_for_the_parser(page.text):
            # lxml drops everything nested deeper than 255 elements: read the words as a dump instead.
            flat = Page(plain_text(page.text), "text", page.path, page.encoding)
            described = replace(describe_page(flat, job.doc_id, len(job.data), job.outlet_option), kind="html")
        return described
    except UnreadableFile as error:
        return Failure(job.path, str(error), job.doc_id)
    except RecursionError:
        return Failure(job.path, "the page is nested too deeply to be read", job.doc_id)
    except MemoryError:
        return Unfinished(job.path, job.doc_id, "cleaning it ran out of memory")
    except Exception as error:  # a bug in cleaning or metadata must not stop the import
        return Failure(job.path, f"could not be processed ({type(error).__name__}: {error})", job.doc_id)


def plain_document(data: bytes, path: str, doc_id: str, outlet_option: str | None = None) -> NewDocument | Failure:
    """A page kept without cleaning or metadata: its words as plain text, the title its markup
    names, the URL its WARC record gives and the outlet the user gave. Time linear in its size,
    and a few copies of its text in memory at most (it runs in the importing process)."""
    try:
        page = page_from_bytes(data, path)
        if page.kind == "html":
            title, body = _html_title(page.text), plain_text(page.text)
        else:
            body = _in_pieces(page.text, _text_piece)
            title, _, rest = body.partition("\n\n")
            title, body = (title, rest) if rest and len(title) <= 200 else ("", body)
        extracted: dict[str, Value] = {}
        if outlet_option:
            extracted["outlet"] = Value(outlet_option, "option", 1.0)
        record = parse_source(page.path)
        if record is not None and record.url:
            extracted["url"] = Value(record.url, "warc", 1.0)
        values, _ = effective_values(extracted, {}, _learned.aliases)
        outlet, day = outlet_and_day(values)
    except UnreadableFile as error:
        return Failure(path, str(error), doc_id)
    except Exception as error:  # noqa: BLE001 - a bug here must not stop the import either
        return Failure(path, f"could not be processed ({type(error).__name__}: {error})", doc_id)
    return NewDocument(
        id=doc_id, kind=page.kind, source_path=page.path or "", size=len(data), encoding=page.encoding,
        title=title, body=body, removed=(), extracted=extracted,
        cleaner_version=PLAIN_TEXT, metadata_version=PLAIN_TEXT, outlet=outlet, day=day,
    )


def _too_deep_for_the_parser(markup: str) -> bool:
    from lxml import etree

    parser = etree.HTMLParser(recover=True)
    try:
        etree.fromstring(markup.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        pass
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


# Every pattern below stops at the next "<" or ">", so each character is looked at a bounded
# number of times: a page of a million unclosed "<script" or "<" takes no longer than a page of words.
_HIDDEN = re.compile(r"<(script|style|template|noscript|title)\b|<!--", re.IGNORECASE)
_CLOSING = {name: re.compile(rf"</{name}[^<>]*>", re.IGNORECASE)
            for name in ("script", "style", "template", "noscript", "title")}
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|body|br|caption|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|head"
    r"|header|hr|html|li|main|nav|ol|p|pre|section|table|td|th|tr|ul)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_SPACES = re.compile(r"[^\S\n]+")
_WHITESPACE = re.compile(r"\s+")
_BREAKS = re.compile(r"[ \n]*\n[ \n]*")  # after _SPACES: one space at most between two newlines
_TITLE = re.compile(r"<title\b[^<>]*>([^<]*)<", re.IGNORECASE)


def plain_text(markup: str) -> str:
    """The words of HTML markup, a paragraph per block, without scripts, styles or comments."""
    return _in_pieces(_without_hidden(markup), _markup_piece)


def _markup_piece(markup: str) -> str:
    """As a browser shows it: line breaks in the markup are spaces; blocks make paragraphs."""
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", _WHITESPACE.sub(" ", markup)))
    return _BREAKS.sub("\n\n", _SPACES.sub(" ", html.unescape(text)))


def _text_piece(text: str) -> str:
    return _BREAKS.sub(_paragraph_or_space, _SPACES.sub(" ", text))


# A regular expression's substitution keeps every piece between two matches as a string object
# until it joins them: a page of 30 MB with a space between every two words would need ten times
# its size. Pages are worked on in pieces of about this size instead.
_PIECE = 1024 * 1024
_RUN_STARTS = re.compile(r"\S(?=\s)")


def _in_pieces(text: str, work: Callable[[str], str]) -> str:
    """work() on pieces of text cut where no tag and no run of spaces is cut in two; the runs
    at the joins become one paragraph break (if either side had one) or one space."""
    done: list[str] = []
    owed = ""  # the space or paragraph break due before the next words
    start = 0
    while start < len(text):
        end = _cut(text, start)
        piece = work(text[start:end])
        start = end
        words = piece.strip(" \n")
        if not words:
            owed = _gap(owed + piece)
            continue
        lead = piece[:piece.index(words[0])]
        if done:
            done.append(_gap(owed + lead))
        done.append(words)
        owed = _gap(piece[len(piece.rstrip(" \n")):])
    return "".join(done)


def _gap(spaces: str) -> str:
    return "\n\n" if "\n" in spaces else " " if spaces else ""


def _cut(text: str, start: int) -> int:
    """Where the piece starting at start ends: at a tag, else where a run of spaces starts."""
    at = start + _PIECE
    if at >= len(text):
        return len(text)
    tag = text.find("<", at, at + _PIECE)
    if tag >= 0:
        return tag
    run = _RUN_STARTS.search(text, at, at + _PIECE)
    if run is not None and text.rfind("<", start, run.end()) <= text.rfind(">", start, run.end()):
        return run.end()  # not inside a tag
    return min(len(text), at + _PIECE)  # a tag or a word over a megabyte long: cut it


def _without_hidden(markup: str) -> str:
    kept: list[str] = []
    position = 0
    while (hidden := _HIDDEN.search(markup, position)) is not None:
        kept.append(markup[position:hidden.start()])
        kept.append("\n")
        if hidden.group(1) is None:
            end = markup.find("-->", hidden.end())
            position = len(markup) if end < 0 else end + 3
        else:
            closing = _CLOSING[hidden.group(1).lower()].search(markup, hidden.end())
            position = len(markup) if closing is None else closing.end()
    if not kept:
        return markup
    kept.append(markup[position:])
    return "".join(kept)


def _paragraph_or_space(run: re.Match) -> str:
    """In plain text, a blank line parts paragraphs; a single line break is a space."""
    return "\n\n" if run.group().count("\n") > 1 else " "


def _html_title(markup: str) -> str:
    found = _TITLE.search(markup, 0, 1024 * 1024)
    return " ".join(html.unescape(found.group(1)).split())[:300] if found else ""


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))
