"""The tantivy engine: a Rust search library behind the same interface, for large archives.

It indexes exactly the words the Whoosh engine indexes (`index_text`: folded words split on
spaces by a whitespace tokenizer, nothing else), so every query of `indexer.query` means the
same in both engines; the shared conformance suite holds them to it. Only the id is stored:
titles and snippets come from the catalog. `outlet` is a raw fast column and `day` (yyyymmdd,
0 for undated) a fast integer column, from which filters, date sorting and facet
aggregations are computed without leaving Rust.

A writer exists only between the first add or delete and the next commit, so another process
(or a later session) can take the index lock as soon as we are done writing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

import tantivy

from indexer.index import (
    SUGGEST_FIELDS,
    Engine,
    EngineHits,
    FacetCounter,
    IndexError_,
    day_number,
    index_text,
    pick_suggestion,
)
from indexer.model import Facets, IndexDoc, SearchRequest
from indexer.query import And, DateRange, Fuzzy, MatchAll, Node, Not, Or, Phrase, Term, Wildcard

VERSION_FILE = "broadsheet-tantivy.json"
TOKENIZER = "broadsheet_words"
_FIELD_FOR = {"title": "title", "body": "body", "outlet": "outlet_text", "author": "author", "url": "url", "tag": "tag"}
_TEXT_FIELDS = ("title", "body", "boilerplate", "outlet_text", "author", "url", "tag")
# Undated documents sort last in both directions: "oldest first" sorts on this column instead.
_UNDATED_LAST = 99_999_999
# Aggregations return at most this many buckets; more outlets than this in one archive is not
# a real case, and the limit is tantivy's own guard against runaway memory.
_MAX_OUTLET_BUCKETS = 60_000
_TITLE_BOOST = 2.0  # as the Whoosh schema's field_boost
_WRITER_HEAP = 128_000_000  # split among writer threads; more did not index faster (docs/BENCHMARKS.md)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in _TEXT_FIELDS:
        # The boilerplate is only ever searched for words; positions for it would double its size.
        option = "freq" if name == "boilerplate" else "position"
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option=option)
    builder.add_text_field("outlet", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("day", indexed=True, fast=True)
    builder.add_unsigned_field("day_last", fast=True)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    # The text arrives analysed already; words are never longer than MAX_WORD_CHARS, so the
    # length filter is only a guard against tantivy's hard term-size limit.
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.remove_long(1024)).build()


class TantivyEngine(Engine):
    name = "tantivy"
    schema_version = 1
    # Class attributes so the benchmark can try others (docs/BENCHMARKS.md).
    writer_heap: ClassVar[int] = _WRITER_HEAP
    writer_threads: ClassVar[int] = 0  # 0: tantivy's choice (one per core, at most 8)

    def __init__(self, path: Path, ix: tantivy.Index, schema: tantivy.Schema) -> None:
        self.path = path
        self._ix = ix
        self._schema = schema
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.RLock()  # guards the writer; searching needs no lock

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> TantivyEngine:
        path.mkdir(parents=True, exist_ok=True)
        version_file = path / VERSION_FILE
        schema = _schema()
        try:
            if tantivy.Index.exists(str(path)):
                try:
                    stamp = json.loads(version_file.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    stamp = {}
                if stamp.get("schema_version") != cls.schema_version:
                    raise IndexError_("the index was made by another version of Broadsheet")
                ix = tantivy.Index.open(str(path))
            elif create:
                if any(path.iterdir()):
                    raise IndexError_("the index folder holds files that are not a tantivy index")
                ix = tantivy.Index(schema, path=str(path), reuse=False)
                version_file.write_text(json.dumps({"schema_version": cls.schema_version}), encoding="utf-8")
            else:
                raise IndexError_("there is no index yet")
            ix.register_tokenizer(TOKENIZER, _analyzer())
            ix.reload()
            ix.searcher()  # reads every segment's metadata: damage shows here, not mid-search
        except IndexError_:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # ValueError, OSError, or a Rust panic (a BaseException)
            raise IndexError_(f"the index cannot be read ({type(error).__name__}: {error})") from error
        return cls(path, ix, schema)

    # -- writing -------------------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._ix.writer(heap_size=self.writer_heap, num_threads=self.writer_threads)
            except ValueError as error:
                if "LockBusy" in str(error):
                    raise IndexError_("another process is writing to this index") from error
                raise IndexError_(f"the index cannot be written ({error})") from error
        return self._writer

    def add(self, docs: Sequence[IndexDoc], *, replace: bool = False) -> None:
        with self._lock:
            writer = self._get_writer()
            for doc in docs:
                if replace:
                    # Deletes apply to what was added before them, so the new version survives.
                    writer.delete_documents_by_term("id", doc.id)
                writer.add_document(self._document(doc))

    @staticmethod
    def _document(doc: IndexDoc) -> tantivy.Document:
        out = tantivy.Document()
        out.add_text("id", doc.id)
        for name, text in (
            ("title", doc.title),
            ("body", doc.body),
            ("boilerplate", doc.boilerplate),
            ("outlet_text", doc.outlet),
            ("author", doc.author),
            ("url", doc.url),
            ("tag", " ".join(doc.tags)),
        ):
            words = index_text(text)
            if words:
                out.add_text(name, words)
        if doc.outlet:
            out.add_text("outlet", doc.outlet)
        day = day_number(doc.date)
        out.add_unsigned("day", day)
        out.add_unsigned("day_last", day or _UNDATED_LAST)
        return out

    def delete(self, ids: Iterable[str]) -> None:
        with self._lock:
            writer = self._get_writer()
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)

    def commit(self) -> None:
        with self._lock:
            if self._writer is not None:
                writer, self._writer = self._writer, None
                writer.commit()
                # Lets pending merges finish and releases the index lock: the writer lives
                # only while writing.
                writer.wait_merging_threads()
            self._ix.reload()

    def clear(self) -> None:
        with self._lock:
            writer = self._get_writer()
            writer.delete_all_documents()
            self.commit()

    # -- reading -------------------------------------------------------------------------------

    def _translate(self, node: Node, original: bool) -> tantivy.Query:
        schema = self._schema
        defaults = ("title", "body", "boilerplate") if original else ("title", "body")
        Q = tantivy.Query

        def leaf(field: str | None, make) -> tantivy.Query:
            if field is not None:
                return make(_FIELD_FOR[field])
            parts = [make(f) for f in defaults]
            parts = [Q.boost_query(p, _TITLE_BOOST) if f == "title" else p for f, p in zip(defaults, parts)]
            return Q.boolean_query([(tantivy.Occur.Should, p) for p in parts])

        def phrase(f: str, words: tuple[str, ...]) -> tantivy.Query:
            if f == "boilerplate":  # no positions there (as in Whoosh): all the words, anywhere
                return Q.boolean_query([(tantivy.Occur.Must, Q.term_query(schema, f, w)) for w in words])
            return Q.phrase_query(schema, f, list(words))

        match node:
            case MatchAll():
                return Q.all_query()
            case Term(field, word):
                return leaf(field, lambda f: Q.term_query(schema, f, word))
            case Phrase(field, words):
                return leaf(field, lambda f: phrase(f, words))
            case Wildcard(field, pattern):
                # Folded words hold only \\w characters, none of them special in a regex.
                regex = pattern.replace("*", ".*").replace("?", ".")
                return leaf(field, lambda f: Q.regex_query(schema, f, regex))
            case Fuzzy(field, word, distance):
                return leaf(
                    field, lambda f: Q.fuzzy_term_query(schema, f, word, distance, transposition_cost_one=False)
                )
            case DateRange(start, end):
                low = day_number(start) if start else 1  # 0 is undated: never inside a range
                high = day_number(end) if end else None
                return Q.range_query(schema, "day", tantivy.FieldType.Unsigned, low, high)
            case And(children):
                clauses = []
                for child in children:
                    if isinstance(child, Not):
                        clauses.append((tantivy.Occur.MustNot, self._translate(child.child, original)))
                    else:
                        clauses.append((tantivy.Occur.Must, self._translate(child, original)))
                if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
                    clauses.append((tantivy.Occur.Must, Q.all_query()))
                return Q.boolean_query(clauses)
            case Or(children):
                return Q.boolean_query([(tantivy.Occur.Should, self._translate(c, original)) for c in children])
            case Not(child):
                return Q.boolean_query(
                    [(tantivy.Occur.Must, Q.all_query()), (tantivy.Occur.MustNot, self._translate(child, original))]
                )
        raise TypeError(f"unknown query node {node!r}")

    def _filters(self, request: SearchRequest) -> tuple[tantivy.Query | None, tantivy.Query | None]:
        """(outlet filter, date filter) as queries, None where the request sets none."""
        schema = self._schema
        outlet = tantivy.Query.term_set_query(schema, "outlet", list(request.outlets)) if request.outlets else None
        date = None
        if request.undated_only:
            date = tantivy.Query.term_query(schema, "day", 0)
        elif request.date_from or request.date_to:
            low = day_number(request.date_from) if request.date_from else 1
            high = day_number(request.date_to) if request.date_to else None
            date = tantivy.Query.range_query(schema, "day", tantivy.FieldType.Unsigned, low, high)
        return outlet, date

    @staticmethod
    def _restrict(query: tantivy.Query, *filters: tantivy.Query | None) -> tantivy.Query:
        active = [f for f in filters if f is not None]
        if not active:
            return query
        # Filters must not change relevance: a constant zero score keeps ranking the query's own.
        clauses = [(tantivy.Occur.Must, query)]
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in active]
        return tantivy.Query.boolean_query(clauses)

    def search(self, node: Node, request: SearchRequest) -> EngineHits:
        searcher = self._ix.searcher()
        q = self._translate(node, request.original)
        outlet_filter, date_filter = self._filters(request)
        main = self._restrict(q, outlet_filter, date_filter)
        facets = self._facets(searcher, q, outlet_filter, date_filter)

        wanted = max(request.limit, 1)  # tantivy refuses a limit of 0; the slice below honours it
        if request.sort == "relevance" and not isinstance(node, MatchAll):
            result = searcher.search(main, wanted, count=True, offset=request.offset)
            page = [(score, address) for score, address in result.hits]
        elif request.sort == "oldest":
            result = searcher.search(
                main, wanted, count=True, offset=request.offset, order_by_field="day_last", order=tantivy.Order.Asc
            )
            page = [(0.0, address) for _, address in result.hits]
        else:  # newest first: undated (day 0) fall to the end by themselves
            result = searcher.search(
                main, wanted, count=True, offset=request.offset, order_by_field="day", order=tantivy.Order.Desc
            )
            page = [(0.0, address) for _, address in result.hits]
        ranked = [(searcher.doc(address).get_first("id"), float(score)) for score, address in page[: request.limit]]
        return EngineHits(total=result.count or 0, ranked=ranked, facets=facets)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        q: tantivy.Query,
        outlet_filter: tantivy.Query | None,
        date_filter: tantivy.Query | None,
    ) -> Facets:
        """Disjunctive counts, as FacetCounter defines them, aggregated inside tantivy."""
        outlet_agg = {"terms": {"field": "outlet", "size": _MAX_OUTLET_BUCKETS, "min_doc_count": 1}}
        # Buckets of width 100 over yyyymmdd are months (and bucket 0 is the undated documents).
        month_agg = {"histogram": {"field": "day", "interval": 100, "min_doc_count": 1}}
        if outlet_filter is None and date_filter is None:
            both = searcher.aggregate(q, {"outlet": outlet_agg, "month": month_agg})
            outlet_buckets, month_buckets = both["outlet"]["buckets"], both["month"]["buckets"]
        else:
            outlet_buckets = searcher.aggregate(self._restrict(q, date_filter), {"outlet": outlet_agg})["outlet"]["buckets"]
            month_buckets = searcher.aggregate(self._restrict(q, outlet_filter), {"month": month_agg})["month"]["buckets"]
        counter = FacetCounter(SearchRequest(query=""))
        counter.outlet_counts = {b["key"]: b["doc_count"] for b in outlet_buckets if b["key"]}
        for bucket in month_buckets:
            month = int(bucket["key"]) // 100
            if month:
                counter.month_counts[month] = bucket["doc_count"]
            else:
                counter.undated = bucket["doc_count"]
        return counter.facets()

    def suggest(self, word: str) -> str | None:
        if not word:
            return None
        searcher = self._ix.searcher()
        if any(searcher.doc_freq(field, word) for field in SUGGEST_FIELDS):
            return None
        candidates: dict[str, int] = {}
        alive = tantivy.Query.all_query()  # counts only documents not deleted
        for field in SUGGEST_FIELDS:
            for term, freq in searcher.terms_with_prefix(field, word[0], filter_query=alive):
                if abs(len(term) - len(word)) <= 2:
                    candidates[term] = candidates.get(term, 0) + freq
        return pick_suggestion(word, candidates)

    def doc_count(self) -> int:
        return self._ix.searcher().num_docs

    def ids(self) -> set[str]:
        searcher = self._ix.searcher()
        return {term for term, _ in searcher.terms_with_prefix("id", "", filter_query=tantivy.Query.all_query())}

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                writer, self._writer = self._writer, None
                writer.rollback()
                writer.wait_merging_threads()


def index_exists(path: Path) -> bool:
    return path.is_dir() and tantivy.Index.exists(str(path))
