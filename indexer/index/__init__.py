"""The full-text index behind one interface, with interchangeable engines (Whoosh, tantivy).

The index is derived data: the catalog and the stored originals can rebuild it at any time, so
an engine only has to index `IndexDoc`s, answer a parsed query with ranked ids, total and facet
counts, and say when it does not match its own schema version (the archive then rebuilds it).

Facets are disjunctive, as in every multi-select faceted search: outlet counts honour the
query and the date filter but not the outlet filter (so other outlets stay pickable), and
year/month/undated counts honour the query and the outlet filter but not the date filter.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from indexer.model import Facets, IndexDoc, SearchRequest
from indexer.query import Node
from indexer.text import tokens

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"

# Beyond this many documents Whoosh stops feeling instant and the app should suggest tantivy.
# Measured on a 2-core machine (docs/BENCHMARKS.md), p95 CPU time of a search with facets and
# 20 snippets: 57 ms at 10k, 88 ms at 30k, 155 ms at 50k documents (phrases and prefixes far
# worse), crossing 100 ms near 34k; tantivy stays near 11 ms at 100k. Whoosh also indexes about
# 7 times slower and its index is 5 times larger.
WHOOSH_COMFORT_LIMIT = 30_000

# Longer "words" are base64 blobs, tracking ids and the like: nobody searches for them, and
# tantivy refuses terms beyond 64 KB. Both engines drop them, so they agree.
MAX_WORD_CHARS = 64


class IndexError_(RuntimeError):
    """The index cannot be used as it is (damaged, or of another version); rebuild it."""


class EngineUnavailable(RuntimeError):
    """The engine's library is not installed."""


@dataclass(frozen=True, slots=True)
class EngineHits:
    total: int
    ranked: list[tuple[str, float]]  # (document id, score) for offset..offset+limit
    facets: Facets


def day_number(day: dt.date | None) -> int:
    """yyyymmdd as an int, 0 for undated: the compact column engines filter, sort and facet on."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


def index_text(text: str | None) -> str:
    """The text as both engines index it: folded words, space-separated, over-long words dropped."""
    if not text:
        return ""
    return " ".join(word for word in tokens(text) if len(word) <= MAX_WORD_CHARS)


def edits_within(a: str, b: str, limit: int) -> int | None:
    """The Levenshtein distance of a and b when it is at most limit, else None.

    Plain Levenshtein (no transpositions), as Whoosh's and tantivy's fuzzy automata are configured,
    so a suggestion and a fuzzy search agree on which words are near.
    """
    if abs(len(a) - len(b)) > limit:
        return None
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None


SUGGEST_FIELDS = ("title", "body")
SUGGEST_MAX_EDITS = 2


def pick_suggestion(word: str, candidates: dict[str, int]) -> str | None:
    """The nearest candidate (fewest edits), then the most frequent, then the first alphabetically.

    Candidates are indexed words sharing the first letter of `word` with their document
    frequency: most misspellings keep the first letter, and the same rule in both engines keeps
    their suggestions identical.
    """
    best: tuple[int, int, str] | None = None
    for candidate, freq in candidates.items():
        if candidate == word or not freq:
            continue
        distance = edits_within(word, candidate, SUGGEST_MAX_EDITS)
        if distance is None:
            continue
        key = (distance, -freq, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


class FacetCounter:
    """Disjunctive facet counts over matched documents' (outlet, day) columns.

    Engines that can hand over the outlet and day of every matching document use this to
    count facets and apply the outlet/date filters in one pass.
    """

    def __init__(self, request: SearchRequest) -> None:
        self.outlets = set(request.outlets)
        self.start = day_number(request.date_from) if request.date_from else None
        self.end = day_number(request.date_to) if request.date_to else None
        self.undated_only = request.undated_only
        self.outlet_counts: dict[str, int] = {}
        self.month_counts: dict[int, int] = {}
        self.undated = 0
        self.total = 0

    @property
    def filters_dates(self) -> bool:
        return self.start is not None or self.end is not None or self.undated_only

    def date_ok(self, day: int) -> bool:
        if self.undated_only:
            return day == 0
        if self.start is not None and (day == 0 or day < self.start):
            return False
        if self.end is not None and (day == 0 or day > self.end):
            return False
        return True

    def add(self, outlet: str | None, day: int) -> bool:
        """Count one matching document; True when it passes both filters."""
        outlet_ok = not self.outlets or outlet in self.outlets
        date_ok = self.date_ok(day)
        if date_ok and outlet:
            self.outlet_counts[outlet] = self.outlet_counts.get(outlet, 0) + 1
        if outlet_ok:
            if day:
                month = day // 100
                self.month_counts[month] = self.month_counts.get(month, 0) + 1
            else:
                self.undated += 1
        if outlet_ok and date_ok:
            self.total += 1
            return True
        return False

    def facets(self) -> Facets:
        years: dict[str, int] = {}
        months: dict[str, int] = {}
        for month, count in sorted(self.month_counts.items()):
            year = str(month // 100)
            years[year] = years.get(year, 0) + count
            months[f"{month // 100:04d}-{month % 100:02d}"] = count
        outlets = dict(sorted(self.outlet_counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return Facets(outlet=outlets, year=years, month=months, undated=self.undated)


class Engine(abc.ABC):
    """A full-text engine over one folder. One writer at a time (the archive holds the lock)."""

    name: ClassVar[str]
    schema_version: ClassVar[int]

    @classmethod
    @abc.abstractmethod
    def open(cls, path: Path, *, create: bool = False) -> Engine:
        """Open the index in path; create an empty one when asked. Raise IndexError_ when unusable."""

    @abc.abstractmethod
    def add(self, docs: Sequence[IndexDoc], *, replace: bool = False) -> None:
        """Add documents (replacing any with the same id when replace is set); visible after commit."""

    @abc.abstractmethod
    def delete(self, ids: Iterable[str]) -> None: ...

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every add and delete since the last commit durable and searchable."""

    @abc.abstractmethod
    def search(self, node: Node, request: SearchRequest) -> EngineHits: ...

    @abc.abstractmethod
    def suggest(self, word: str) -> str | None:
        """The indexed word closest to a (folded) word, when it is not indexed itself."""

    @abc.abstractmethod
    def doc_count(self) -> int: ...

    @abc.abstractmethod
    def ids(self) -> set[str]: ...

    @abc.abstractmethod
    def close(self) -> None: ...


def engine_class(name: str) -> type[Engine]:
    if name == "whoosh":
        from indexer.index.whoosh_engine import WhooshEngine

        return WhooshEngine
    if name == "tantivy":
        try:
            from indexer.index.tantivy_engine import TantivyEngine
        except ImportError as error:  # the package, or its compiled part, is missing
            raise EngineUnavailable(f"The tantivy engine is not available here: {error}") from error
        return TantivyEngine
    raise ValueError(f"Unknown search engine “{name}”: choose one of {', '.join(ENGINES)}.")


def open_engine(name: str, path: Path, *, create: bool = False) -> Engine:
    return engine_class(name).open(path, create=create)
