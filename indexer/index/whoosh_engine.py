"""The Whoosh engine: pure Python, runs everywhere, the default for new and small archives.

We use `whoosh-reloaded` (import name `whoosh`), the fork of Whoosh 2.7.4 kept working on current
Pythons (2.7.4 itself has not been released since 2016 and warns on 3.12+); the API is the same,
so either works behind this module, and nothing outside it imports Whoosh.

Choices measured in ../shared/ENGINES.md and docs/BENCHMARKS.md: memory mapping off, one
searcher kept open and reopened when the index changed, text folded once in Python and split on
spaces by the engine, only the id stored (titles and snippets come from the catalog), dates as a
sortable yyyymmdd column that filters, sorts and facets are computed from, and one pass over the
matches that both counts facets and scores the top N. One writer process (`procs=1`): on two
cores the multiprocess writer spent three times the CPU for no gain in wall time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from whoosh import collectors, fields
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer, Token, Tokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from indexer.index import (
    SUGGEST_FIELDS,
    SUGGEST_MAX_EDITS,
    Engine,
    EngineHits,
    FacetCounter,
    IndexError_,
    day_number,
    index_text,
    pick_suggestion,
)
from indexer.model import IndexDoc, SearchRequest
from indexer.query import And, DateRange, Fuzzy, MatchAll, Node, Not, Or, Phrase, Term, Wildcard

INDEX_NAME = "broadsheet"
_FIELD_FOR = {"title": "title", "body": "body", "outlet": "outlet_text", "author": "author", "url": "url", "tag": "tag"}


class SpaceWords(Tokenizer):
    """Splits pre-analysed text on spaces: `str.split` instead of a regex, no character offsets.

    The text reaching Whoosh is already `index_text` (folded words joined by single spaces), so
    a split is all the tokenizing left to do; it makes indexing about 20% cheaper in CPU than
    SpaceSeparatedTokenizer (docs/BENCHMARKS.md) and yields the same words, so indexes made
    with either read alike.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if chars or not tokenize:  # never asked for by our fields; the general tokenizer knows how
            yield from SpaceSeparatedTokenizer()(value, positions, chars, keeporiginal, removestops,
                                                 start_pos, start_char, tokenize, mode, **kwargs)
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word in enumerate(value.split(), start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            yield token


def _schema() -> fields.Schema:
    words = SpaceWords()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=words, phrase=True, field_boost=2.0),
        body=fields.TEXT(analyzer=words, phrase=True),
        boilerplate=fields.TEXT(analyzer=words, phrase=False),
        outlet=fields.ID(sortable=True),
        outlet_text=fields.TEXT(analyzer=words, phrase=True),
        author=fields.TEXT(analyzer=words, phrase=True),
        url=fields.TEXT(analyzer=words, phrase=True),
        tag=fields.TEXT(analyzer=words, phrase=True),
        day=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
    )


class WhooshEngine(Engine):
    name = "whoosh"
    schema_version = 2  # 2: split-on-space tokenizer class in the pickled schema
    # Measured in docs/BENCHMARKS.md; a class attribute so the benchmark can try others.
    writer_options: ClassVar[dict[str, object]] = {"limitmb": 128}

    def __init__(self, path: Path, ix: whoosh_index.Index) -> None:
        self.path = path
        self._ix = ix
        self._writer = None
        self._written: set[str] = set()  # ids added through the current writer
        self._searcher = None
        self._columns: tuple[object, list[str], list[int]] | None = None
        self._lock = threading.RLock()  # one searcher shared by the threads of one process

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> WhooshEngine:
        path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(path), supports_mmap=False)
        try:
            if whoosh_index.exists(storage, indexname=INDEX_NAME):
                ix = storage.open_index(indexname=INDEX_NAME)
                if set(ix.schema.names()) != set(_schema().names()):
                    raise IndexError_("the index was made by another version of Broadsheet")
            elif create:
                ix = storage.create_index(_schema(), indexname=INDEX_NAME)
            else:
                raise IndexError_("there is no index yet")
            engine = cls(path, ix)
            # Whoosh reads segments lazily: open the searcher and the columns now, so damage
            # shows as IndexError_ here (as with tantivy), not as EOFError mid-search.
            engine._column_arrays(engine._refresh())
        except IndexError_:
            raise
        except Exception as error:  # Whoosh raises many kinds on damaged files
            raise IndexError_(f"the index cannot be read ({type(error).__name__}: {error})") from error
        return engine

    # -- writing -------------------------------------------------------------------------------

    def _get_writer(self):
        if self._writer is None:
            try:
                self._writer = self._ix.writer(**self.writer_options)
            except LockError as error:
                raise IndexError_("another process is writing to this index") from error
        return self._writer

    def _flush_if_written(self, ids: Iterable[str]) -> None:
        """Commit the writer when it holds one of these ids.

        Whoosh deletes (and update_document) reach only committed documents, not those still in
        the writer; tantivy applies operations in order. Flushing first gives Whoosh the same
        meaning for the rare delete or replace of a document added in the same batch.
        """
        if self._writer is not None and not self._written.isdisjoint(ids):
            self._writer.commit()
            self._writer = None
            self._written.clear()

    def add(self, docs: Sequence[IndexDoc], *, replace: bool = False) -> None:
        if replace:
            self._flush_if_written(doc.id for doc in docs)
        writer = self._get_writer()
        for doc in docs:
            fields_ = {
                "id": doc.id,
                "title": index_text(doc.title),
                "body": index_text(doc.body),
                "boilerplate": index_text(doc.boilerplate),
                "outlet_text": index_text(doc.outlet),
                "author": index_text(doc.author),
                "url": index_text(doc.url),
                "tag": index_text(" ".join(doc.tags)),
                "day": day_number(doc.date),
            }
            if doc.outlet:
                fields_["outlet"] = doc.outlet
            if replace:
                writer.update_document(**fields_)
            else:
                writer.add_document(**fields_)
            self._written.add(doc.id)

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        self._flush_if_written(ids)
        writer = self._get_writer()
        for doc_id in ids:
            writer.delete_by_term("id", doc_id)

    def commit(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            self._written.clear()
            writer.commit()
        with self._lock:
            self._refresh()

    def clear(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
            self._written.clear()
        self.close()
        self._ix = FileStorage(str(self.path), supports_mmap=False).create_index(_schema(), indexname=INDEX_NAME)

    # -- reading -------------------------------------------------------------------------------

    def _refresh(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            # Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses segment readers by segment
            # and keeps the old segments' documents, so deleted and replaced documents would
            # still be found (tests/indexer/index/test_conformance.py catches it). Reopening
            # costs one open per commit, not per search.
            self._searcher.close()
            self._searcher = self._ix.searcher()
        return self._searcher

    def _column_arrays(self, searcher) -> tuple[list[str], list[int]]:
        reader = searcher.reader()
        if self._columns is None or self._columns[0] is not reader:
            # Segment by segment: a segment where no document had an outlet has no outlet
            # column at all, and a merged column reader would then shift every later docnum.
            outlets: list[str] = []
            days: list[int] = []
            for leaf, offset in reader.leaf_readers():
                count = leaf.doc_count_all()
                outlets[offset:] = list(leaf.column_reader("outlet")) if leaf.has_column("outlet") else [""] * count
                days[offset:] = list(leaf.column_reader("day")) if leaf.has_column("day") else [0] * count
            self._columns = (reader, outlets, days)
        return self._columns[1], self._columns[2]

    def _translate(self, node: Node, original: bool) -> wq.Query:
        defaults = ("title", "body", "boilerplate") if original else ("title", "body")

        def leaf(field: str | None, make) -> wq.Query:
            if field is None:
                return wq.Or([make(f) for f in defaults])
            return make(_FIELD_FOR[field])

        match node:
            case MatchAll():
                return wq.Every()
            case Term(field, word):
                return leaf(field, lambda f: wq.Term(f, word))
            case Phrase(field, words):
                # The boilerplate field has no positions; a phrase there is all its words.
                return leaf(field, lambda f: wq.And([wq.Term(f, w) for w in words]) if f == "boilerplate" else wq.Phrase(f, list(words)))
            case Wildcard(field, pattern):
                prefix = node.prefix
                return leaf(field, lambda f: wq.Prefix(f, prefix) if prefix is not None else wq.Wildcard(f, pattern))
            case Fuzzy(field, word, distance):
                return leaf(field, lambda f: wq.FuzzyTerm(f, word, maxdist=distance, prefixlength=0))
            case DateRange(start, end):
                low = day_number(start) if start else 1
                high = day_number(end) if end else None
                return wq.NumericRange("day", low, high)
            case And(children):
                return wq.And([self._translate(c, original) for c in children])
            case Or(children):
                return wq.Or([self._translate(c, original) for c in children])
            case Not(child):
                return wq.And([wq.Every(), wq.Not(self._translate(child, original))])
        raise TypeError(f"unknown query node {node!r}")

    def search(self, node: Node, request: SearchRequest) -> EngineHits:
        with self._lock:
            searcher = self._refresh()
            q = self._translate(node, request.original)
            outlets, days = self._column_arrays(searcher)
            counter = FacetCounter(request)
            wanted = request.offset + request.limit
            ranked: list[tuple[int, float]]
            if request.sort == "relevance" and not isinstance(node, MatchAll):
                # One pass over the matches both counts facets and scores what passes the filters.
                collector = _FacetingCollector(max(wanted, 1), counter, outlets, days)
                searcher.search_with_collector(q, collector)
                ranked = [(hit.docnum, float(hit.score)) for hit in collector.results()] if counter.total else []
            else:
                allowed = [d for d in searcher.docs_for_query(q) if counter.add(outlets[d] or None, days[d])]
                oldest = request.sort == "oldest"
                # Undated documents go last in either direction.
                allowed.sort(key=lambda d: (days[d] == 0, days[d] if oldest else -days[d], d))
                ranked = [(d, 0.0) for d in allowed[:wanted]]
            page = ranked[request.offset:wanted]
            return EngineHits(
                total=counter.total,
                ranked=[(searcher.stored_fields(d)["id"], score) for d, score in page],
                facets=counter.facets(),
            )

    def suggest(self, word: str) -> str | None:
        if not word:
            return None
        with self._lock:
            reader = self._refresh().reader()
            if any(_live_frequency(reader, field, word) for field in SUGGEST_FIELDS):
                return None
            candidates: dict[str, int] = {}
            for field in SUGGEST_FIELDS:
                # Sharing the first letter (prefix=1) is the rule both engines follow.
                for term in reader.terms_within(field, word, SUGGEST_MAX_EDITS, prefix=1):
                    candidates[term] = candidates.get(term, 0) + _live_frequency(reader, field, term)
            return pick_suggestion(word, candidates)

    def doc_count(self) -> int:
        with self._lock:
            return self._refresh().doc_count()

    def ids(self) -> set[str]:
        with self._lock:
            searcher = self._refresh()
            return {fields_["id"] for fields_ in searcher.all_stored_fields()}

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.cancel()
                self._writer = None
                self._written.clear()
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._columns = None
            self._ix.close()


def _live_frequency(reader, field: str, term: str) -> int:
    """How many documents not deleted hold the term (Whoosh's own count includes deleted ones
    until their segment is merged, and a suggestion must not offer a word nothing holds)."""
    if (field, term) not in reader:
        return 0
    if not reader.has_deletions():
        return reader.doc_frequency(field, term)
    return sum(1 for docnum in reader.postings(field, term).all_ids() if not reader.is_deleted(docnum))


class _FacetingCollector(collectors.TopCollector):
    """Top-N by score among the documents that pass the filters, counting facets over every match.

    Block-quality skipping and matcher replacement are off: both skip low-scoring documents,
    which the facet counts must still see.
    """

    def __init__(self, limit: int, counter: FacetCounter, outlets: list[str], days: list[int]) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)
        self._counter = counter
        self._outlets = outlets
        self._days = days

    def collect(self, sub_docnum: int):
        docnum = self.offset + sub_docnum
        if self._counter.add(self._outlets[docnum] or None, self._days[docnum]):
            return super().collect(sub_docnum)
        return None


def index_exists(path: Path) -> bool:
    return path.is_dir() and any(name.startswith(f"_{INDEX_NAME}_") for name in os.listdir(path))
