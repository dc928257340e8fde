"""The small typed values that cross the core's boundaries.

Readers produce a `Page`; the cleaner turns it into an `Article`; the metadata
extractor describes it with `Metadata`; the catalog stores a `Document`; the
index answers a `SearchRequest` with a `SearchResult`. Nothing here does work:
these are the shared vocabulary of `indexer` and of the desktop app above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

PageKind = Literal["text", "html"]
SortOrder = Literal["relevance", "newest", "oldest"]


@dataclass(frozen=True, slots=True)
class Page:
    """A scraped page, decoded: what every reader hands to cleaning and metadata."""

    text: str
    kind: PageKind
    path: str | None = None  # where the file came from, a hint only (folder names, URLs in names)
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A block the cleaner left out of the readable text, and why (shown in the reader)."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """The readable form of a page: its headline and body paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedBlock, ...] = ()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        """Title then body, as a reader or an export shows it."""
        if not self.title:
            return self.body
        return f"{self.title}\n\n{self.body}" if self.paragraphs else self.title


@dataclass(frozen=True, slots=True)
class Value:
    """A metadata value with where it came from and how sure we are (0..1)."""

    value: str
    source: str  # e.g. "json-ld", "meta:og:site_name", "text:published-line", "url", "option", "user"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about itself. `None` means unknown, which beats wrong."""

    title: Value | None = None
    date: Value | None = None  # publication date, ISO YYYY-MM-DD
    modified: Value | None = None  # last-modified date where stated, ISO YYYY-MM-DD
    outlet: Value | None = None
    author: Value | None = None
    url: Value | None = None
    language: Value | None = None  # ISO 639-1 code
    # Other days the page gives as its date, likeliest first, for the user to choose instead.
    other_dates: tuple[Value, ...] = ()

    def get(self, name: str) -> Value | None:
        return getattr(self, name)


METADATA_FIELDS: tuple[str, ...] = ("title", "date", "modified", "outlet", "author", "url", "language")
EDITABLE_FIELDS: tuple[str, ...] = ("title", "date", "outlet", "author", "url")


@dataclass(frozen=True, slots=True)
class Document:
    """One archived page as the catalog knows it: the truth the index is rebuilt from."""

    id: str  # sha256 of the original bytes, hex
    kind: PageKind
    source_path: str
    size: int
    encoding: str | None
    imported_at: str  # ISO timestamp
    title: str
    body: str  # readable text without the title, paragraphs separated by blank lines
    metadata: dict[str, Value]  # effective values (user edits applied)
    date_candidate: Value | None = None  # a date found but below the confidence threshold
    other_dates: tuple[Value, ...] = ()  # other days the page gives as its date, likeliest first
    tags: tuple[str, ...] = ()
    removed: tuple[RemovedBlock, ...] = ()

    def value(self, name: str) -> str | None:
        found = self.metadata.get(name)
        return found.value if found else None

    @property
    def outlet(self) -> str | None:
        return self.value("outlet")

    @property
    def date(self) -> dt.date | None:
        text = self.value("date")
        return dt.date.fromisoformat(text) if text else None

    @property
    def url(self) -> str | None:
        return self.value("url")

    @property
    def readable_text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.title else self.body


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """What the search engines index for one document."""

    id: str
    title: str
    body: str
    boilerplate: str  # what the cleaner removed: searched, with title and body, only on request
    outlet: str | None
    date: dt.date | None
    author: str | None
    url: str | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    outlets: tuple[str, ...] = ()  # any of them
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated_only: bool = False
    sort: SortOrder = "relevance"
    limit: int = 20
    offset: int = 0
    original: bool = False  # search the whole original page instead of the readable text
    snippets: bool = True


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    url: str | None
    score: float
    snippet: str = ""  # HTML-escaped text, matched words wrapped in <mark>…</mark>


@dataclass(frozen=True, slots=True)
class Facets:
    outlet: dict[str, int] = field(default_factory=dict)
    year: dict[str, int] = field(default_factory=dict)
    month: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    # Tags of the matching pages, A–Z (honouring the query and both filters); None when the
    # archive has too many tagged pages to count per search (`tag_counts.TAG_COUNT_LIMIT`).
    tag: dict[str, int] | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: Facets
    suggestion: str | None = None


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import has got: pages and files for people, `done` of `total` for a bar.

    A page file is one page; a WARC file holds many, so once WARCs are among the files the two
    counts part. `done` and `total` count files and WARC records (pages or not: a crawl's images
    take reading too), and `total` is an estimate until every WARC has been read.
    """

    pages: int  # pages read so far: page files, and the page records of WARC files
    files: int  # files opened so far (a WARC counts once, however many pages it holds)
    files_total: int  # files found
    warcs: int  # WARC files among them
    done: int
    total: int

    def text(self) -> str:
        """For people: "12 of 40 pages", or once WARCs are among the files "1,234 pages from 2 of 3 files"."""
        if not self.warcs:
            return f"{self.pages:,} of {_counted(self.files_total, 'page')}"
        return f"{_counted(self.pages, 'page')} from {self.files:,} of {_counted(self.files_total, 'file')}"


@dataclass(slots=True)
class ImportReport:
    """What an import did, file by file, for the user to read."""

    added: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # Added, but as their plain text, without cleaning or metadata: their cleaning overran the
    # time limit for one page, or the process cleaning them died (path, reason).
    plain_text: list[tuple[str, str]] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    cancelled: bool = False
    pages: int = 0  # pages read: page files, and the page records of WARC files
    files: int = 0  # files read (a WARC counts once)

    def reading(self) -> str:
        """What was read, in the units a person counts: "5 pages from 1 file"."""
        return f"{_counted(self.pages, 'page')} from {_counted(self.files, 'file')}"

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "plain_text": [{"path": p, "reason": r} for p, r in self.plain_text],
            "pages": self.pages,
            "files": self.files,
            "took_ms": round(self.took_ms, 3),
        }


@dataclass(slots=True)
class RecleanReport:
    """What re-cleaning did: the pages it went through, and those it left as they were."""

    pages: int = 0  # pages gone through (cleaned again, or kept)
    total: int = 0  # pages in the archive
    # Kept as they were cleaned before (path, reason): cleaning overran the time limit for one
    # page, its worker died, it failed, or its original could not be read.
    kept: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def cleaned(self) -> int:
        return self.pages - len(self.kept)

    def summary(self) -> str:
        """One line: "Cleaned 5 documents again; 1 left as it was."."""
        text = f"Cleaned {self.cleaned:,} document{'s' * (self.cleaned != 1)} again"
        if self.kept:
            text += f"; {len(self.kept):,} left as {'it was' if len(self.kept) == 1 else 'they were'}"
        if self.cancelled:
            text += f" (cancelled after {self.pages:,} of {self.total:,})"
        return text + "."

    def as_json(self) -> dict:
        return {"pages": self.pages, "cleaned": self.cleaned, "total": self.total, "cancelled": self.cancelled,
                "kept": [{"path": p, "reason": r} for p, r in self.kept]}
