"""The one facade over an archive: import, search, read, correct, re-clean, reindex, export, check.

The command line and the desktop app call only this. Long operations are plain methods taking
`progress(done, total)` and `cancelled()` callables. Writes take the archive's writer lock (one
writer at a time, across processes); reads never need it.

Folder layout (all under one home folder):
    originals/ab/<sha256>   the pages, byte-for-byte, read-only
    catalog.sqlite          the truth: documents, extracted metadata, user edits, tags, aliases
    index/<engine>/         the derived full-text index, rebuilt from the two above when needed
    write.lock              held by the one process that writes
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from indexer import outlet_rules
from indexer.catalog import Catalog, CatalogError, NewDocument
from indexer.documents import document_from_row, index_doc
from indexer.highlight import Span, find_matches, snippet
from indexer.index import DEFAULT_ENGINE, ENGINES, Engine, IndexError_, engine_class
from indexer.model import (EDITABLE_FIELDS, Document, Hit, ImportProgress, ImportReport, RecleanReport, SearchRequest,
                           SearchResult)
from indexer.paths import ENGINE_VARIABLE, default_home
from indexer.query import QueryError, parse, plain_words, word_matcher
from indexer.readers import DEFAULT_MAX_BYTES, Found, Passed, discover, shown_path
from indexer.store import Store
from indexer.tag_counts import tag_counts

log = logging.getLogger(__name__)

BATCH = 128  # documents per catalog transaction when re-cleaning or reindexing
SEARCHABLE_EVERY = 1000  # documents between index commits during long work

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _no_progress(done: int, total: int) -> None:
    pass


def _never() -> bool:
    return False


class ArchiveError(RuntimeError):
    """Something the user must know about the archive itself; the message says what."""


class ArchiveBusy(ArchiveError):
    """Another process is writing to the archive."""


class NotFound(ArchiveError):
    """No document has that id."""


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    outlets: dict[str, int]
    undated: int
    bytes: int
    engine: str
    home: str
    tags: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"documents": self.documents, "outlets": self.outlets, "undated": self.undated, "bytes": self.bytes,
                "engine": self.engine, "home": self.home, "tags": self.tags}


class Archive:
    """An open archive folder. Thread-safe for concurrent reads; writes are serialised by a lock."""

    def __init__(self, home: Path, catalog: Catalog, store: Store, engine_name: str) -> None:
        self.home = home
        self.catalog = catalog
        self.store = store
        self.engine_name = engine_name
        self._engine: Engine | None = None
        self.index_problem: str | None = None
        self._lock = FileLock(str(home / "write.lock"))
        self._open_engine()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, home: Path | None = None, *, engine: str | None = None) -> Archive:
        """Open (creating when new) the archive in home, or in the default folder."""
        home = Path(home) if home else default_home()
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ArchiveError(f"Cannot create the archive folder {home}: {error.strerror or error}") from error
        try:
            catalog = Catalog(home / "catalog.sqlite")
            chosen = catalog.get_meta("engine")
        except CatalogError as error:
            raise ArchiveError(str(error)) from error
        except sqlite3.DatabaseError as error:  # damage past the first pages shows only when read
            raise ArchiveError(f"the catalog {home / 'catalog.sqlite'} is damaged ({error}); "
                               "`broadsheet check --repair` rebuilds it from the originals") from error
        if chosen is None:
            chosen = engine or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
            if chosen not in ENGINES:
                raise ArchiveError(f"Unknown search engine “{chosen}”: choose one of {', '.join(ENGINES)}.")
            catalog.set_meta("engine", chosen)
        return cls(home, catalog, Store(home / "originals"), chosen)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self.catalog.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _index_dir(self, name: str | None = None) -> Path:
        return self.home / "index" / (name or self.engine_name)

    def _version_stamp(self, name: str) -> dict:
        return {"engine": name, "schema": engine_class(name).schema_version}

    def _open_engine(self) -> None:
        path = self._index_dir()
        stamp_file = path / "BROADSHEET_INDEX.json"
        try:
            cls = engine_class(self.engine_name)
            if not stamp_file.exists():
                if self.catalog.count() == 0 and not path.exists():
                    self._engine = self._create_index(path)
                    return
                raise IndexError_("the index is missing" if not path.exists() else "the index has no version stamp")
            stamp = json.loads(stamp_file.read_text())
            if stamp != self._version_stamp(self.engine_name):
                raise IndexError_("the index was made by another version of Broadsheet")
            engine = cls.open(path)
            try:
                engine.doc_count()  # Whoosh reads segments lazily: find damage now, not mid-search
            except Exception as error:  # damaged files raise anything (OSError, struct.error, EOFError…)
                try:
                    engine.close()
                except Exception:
                    pass
                raise IndexError_(f"the index cannot be read ({type(error).__name__}: {error})") from error
            self._engine = engine
            self.index_problem = None
        except (IndexError_, ValueError, OSError) as error:
            self._engine = None
            self.index_problem = str(error)
            log.warning("index unusable: %s", error)

    def _create_index(self, path: Path) -> Engine:
        engine = engine_class(self.engine_name).open(path, create=True)
        (path / "BROADSHEET_INDEX.json").write_text(json.dumps(self._version_stamp(self.engine_name)))
        return engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise ArchiveError(f"The search index needs rebuilding ({self.index_problem}); run `broadsheet reindex`.")
        return self._engine

    # -- the writer lock -----------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the archive's writer lock, or raise ArchiveBusy after waiting `wait` seconds."""
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise ArchiveBusy(
                "The archive is busy: another Broadsheet window or command is writing to it. "
                "Try again when it has finished."
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def needs_index_work(self) -> bool:
        return self._engine is None or bool(self.catalog.unindexed_ids())

    def ensure_index(self, progress: Progress = _no_progress, cancelled: Cancelled = _never, wait: float = 0.0) -> None:
        """Rebuild a missing, damaged or outdated index; index pages a crash left unindexed."""
        if not self.needs_index_work():
            return
        with self.writing(wait):
            if self._engine is None:
                self._rebuild(self.engine_name, progress, cancelled)
            else:
                self._index_ids(self.catalog.unindexed_ids(), progress, cancelled, replace=True)

    # -- importing -----------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        outlet: str | None = None,
        progress: Progress = _no_progress,
        cancelled: Cancelled = _never,
        on_file: Callable[[str], None] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        workers: int | None = None,
        wait: float = 0.0,
        page_timeout: float | None = None,
        on_progress: Callable[[ImportProgress], None] | None = None,
    ) -> ImportReport:
        """Import files and folders (recursively). Every page reported added is in the catalog.

        `page_timeout` is the most seconds one page may take to clean and describe in a worker
        process (default `importing.DEFAULT_PAGE_TIMEOUT_S`; 0 for no limit): a page that takes
        longer is kept as plain text and listed in `ImportReport.plain_text`. `progress(done, total)`
        suits a bar; `on_progress` gets the pages and files read (`ImportProgress`) at the same moments.
        """
        started = time.perf_counter()
        report = ImportReport()
        with self.writing(wait):
            self.store.remove_leftovers()  # partly written originals of a killed import (only writers make them)
            if self._engine is None:
                self._rebuild(self.engine_name, _no_progress, _never)
            found: list[Found] = []
            for item in discover(paths):
                if isinstance(item, Passed):
                    (report.failed if item.failed else report.skipped).append((shown_path(item.path), item.reason))
                else:
                    found.append(item)
            from indexer import importing
            from indexer.import_run import ImportRun, estimated_pages
            from indexer.page_pool import open_pool

            learned = self._learned()
            importing.set_context(learned)
            # Without use_pool, the pool cleans only pages too large to clean here (its workers
            # start with the first such page): the time limit holds wherever a page can be slow.
            pool, use_pool = open_pool(estimated_pages(found), workers, learned, page_timeout)  # a WARC holds many
            try:
                ImportRun(self, report, outlet=outlet, progress=progress, cancelled=cancelled, on_file=on_file,
                          max_bytes=max_bytes, pool=pool, parallel=use_pool, on_progress=on_progress).run(found)
            except (OSError, sqlite3.Error) as error:  # a full disk, a folder turned read-only
                raise ArchiveError(
                    f"The import stopped: the archive could not be written ({getattr(error, 'strerror', None) or error})."
                    f" The {report.added:,} page(s) imported before that are kept; import again to finish."
                ) from error
            finally:
                if pool is not None:
                    pool.shutdown()
            if report.added:
                # One outlet, one name: a new page may spell an outlet the archive has another way.
                # Best effort: the pages are in; a failure here must not report the import failed.
                try:
                    self.unify_outlet_spellings()
                except (sqlite3.Error, IndexError_, OSError) as error:
                    log.warning("outlet spellings were not unified after the import: %s", error)
        report.took_ms = (time.perf_counter() - started) * 1000
        return report

    def _learned(self):  # -> importing.Learned (imported late: cleaning and metadata are slow to load)
        from indexer import importing

        return importing.Learned(self.catalog.boilerplate(), self.catalog.aliases(), self.catalog.fingerprints())

    def _index_new(self, docs: Sequence[NewDocument]) -> None:
        rows = self.catalog.get_many([d.id for d in docs])
        aliases = self.catalog.aliases()
        self.engine.add([index_doc(document_from_row(rows[d.id], aliases)) for d in docs if d.id in rows])

    def _commit_index(self, ids: Sequence[str]) -> None:
        self.engine.commit()
        if ids:
            self.catalog.mark_indexed(ids)

    def _index_ids(self, ids: Sequence[str], progress: Progress, cancelled: Cancelled, *, replace: bool) -> int:
        total = len(ids)
        done = 0
        aliases = self.catalog.aliases()
        pending: list[str] = []
        for rows in self.catalog.iter_rows(ids):
            if cancelled():
                break
            docs = [document_from_row(r, aliases) for r in rows]
            self.engine.add([index_doc(d) for d in docs], replace=replace)
            pending.extend(d.id for d in docs)
            done += len(rows)
            if len(pending) >= SEARCHABLE_EVERY:
                self._commit_index(pending)
                pending = []
            progress(done, total)
        self._commit_index(pending)
        return done

    # -- searching and reading -----------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a query; raises QueryError (message for the user) on a malformed one."""
        started = time.perf_counter()
        node = parse(request.query)
        if request.outlets:
            request = _replace(request, outlets=tuple(self.canonical_outlets(request.outlets)))
        found = self.engine.search(node, request)
        rows = self.catalog.get_many([doc_id for doc_id, _ in found.ranked], with_removed=request.original)
        aliases = self.catalog.aliases()
        matcher = word_matcher(node) if request.snippets else None
        hits: list[Hit] = []
        for doc_id, score in found.ranked:
            row = rows.get(doc_id)
            if row is None:  # indexed but no longer catalogued: the index is behind, skip it
                continue
            doc = document_from_row(row, aliases)
            text = doc.body
            if request.original and matcher and not find_matches(text, matcher):
                text = "\n".join(b.text for b in doc.removed) or text
            hits.append(Hit(doc.id, doc.title, doc.outlet, doc.date, doc.url, round(score, 4),
                            snippet(text, matcher) if request.snippets else ""))
        suggestion = self._suggest(request.query, node) if found.total == 0 else None
        took = (time.perf_counter() - started) * 1000
        facets = _replace(found.facets, tag=tag_counts(self.catalog, self.engine, node, request) if found.total else {})
        return SearchResult(request.query, found.total, round(took, 3), tuple(hits), facets, suggestion)

    def _suggest(self, query: str, node) -> str | None:
        import re

        changed = query
        for word in plain_words(node):
            better = self.engine.suggest(word)
            if better and better != word:
                changed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, changed, flags=re.IGNORECASE)
        return changed if changed != query else None

    def canonical_outlets(self, names: Iterable[str]) -> list[str]:
        """The archive's own spelling of outlet names a user typed (any case, alias or domain)."""
        from indexer.metadata import normalise_outlet

        known = {name.casefold(): name for name in self.catalog.outlet_counts()}
        aliases = self.catalog.aliases()
        out = []
        for name in names:
            normal = normalise_outlet(name, aliases) or name
            out.append(known.get(normal.casefold(), known.get(name.casefold(), normal)))
        return out

    def resolve(self, doc_id: str) -> str:
        matches = self.catalog.resolve(doc_id)
        if len(matches) == 1 or doc_id in matches:
            return doc_id if doc_id in matches else matches[0]
        if not matches:
            raise NotFound(f"No document has the id “{doc_id}”.")
        raise NotFound(f"“{doc_id}” is the start of several ids; type more of it.")

    def get(self, doc_id: str) -> Document:
        doc_id = self.resolve(doc_id)
        row = self.catalog.get(doc_id)
        if row is None:
            raise NotFound(f"No document has the id “{doc_id}”.")
        return document_from_row(row, self.catalog.aliases())

    def get_many(self, ids: Sequence[str]) -> list[Document]:
        rows = self.catalog.get_many(ids)
        aliases = self.catalog.aliases()
        return [document_from_row(rows[i], aliases) for i in ids if i in rows]

    def original(self, doc_id: str) -> bytes:
        return self.store.get(self.resolve(doc_id))

    def original_text(self, doc_id: str) -> str:
        from indexer.readers import page_from_bytes

        doc = self.get(doc_id)
        return page_from_bytes(self.store.get(doc.id), Path(doc.source_path or "page.txt")).text

    @staticmethod
    def matches_in(text: str, query: str) -> list[Span]:
        """Where a query's words occur in a text, for the reader's highlighting."""
        try:
            return find_matches(text, word_matcher(parse(query)))
        except QueryError:
            return []

    def outlet_counts(self) -> tuple[int, dict[str, int]]:
        """(documents, documents per outlet, most first): what `stats` says, without its full scan
        for sizes and undated pages (a quarter of a second at 100,000 pages, under the catalog's lock)."""
        return self.catalog.count(), self.catalog.outlet_counts()

    def stats(self) -> Stats:
        documents, undated, size = self.catalog.stats()
        return Stats(documents, self.catalog.outlet_counts(), undated, size, self.engine_name, str(self.home),
                     self.catalog.all_tags())

    # -- corrections ---------------------------------------------------------------------------

    def set_fields(self, doc_id: str, wait: float = 0.0, **values: str | None) -> Document:
        """Record a user's corrections (a value of "" means "unknown", None removes the correction)."""
        doc_id = self.resolve(doc_id)
        for name, value in values.items():
            if name not in EDITABLE_FIELDS:
                raise ArchiveError(f"“{name}” cannot be edited; fields: {', '.join(EDITABLE_FIELDS)}.")
            if name == "date" and value:
                try:
                    value = dt.date.fromisoformat(value.strip()).isoformat()
                except ValueError:
                    raise ArchiveError(f"“{value}” is not a date: use YYYY-MM-DD.") from None
        with self.writing(wait):
            for name, value in values.items():
                self.catalog.set_edit(doc_id, name, value.strip() if isinstance(value, str) else None)
            self._refresh_documents([doc_id])
        return self.get(doc_id)

    def set_tags(self, doc_id: str, add: Iterable[str] = (), remove: Iterable[str] = (), wait: float = 0.0) -> Document:
        return self.tag_documents([self.resolve(doc_id)], add, remove, wait)[0]

    def tag_documents(self, ids: Sequence[str], add: Iterable[str] = (), remove: Iterable[str] = (),
                      wait: float = 0.0) -> list[Document]:
        """Add and remove tags on many documents in one write (one index commit, not one per page).
        A tag typed in another case takes the archive's spelling ("Idlib" and "idlib" stay one)."""
        wanted = [t.strip() for t in add if t.strip()]
        unwanted = [t.strip() for t in remove if t.strip()]
        with self.writing(wait):
            present = self.catalog.existing(ids)
            ids = [i for i in dict.fromkeys(ids) if i in present]
            known = {tag.casefold(): tag for tag in self.catalog.all_tags()}
            chosen: dict[str, str] = {}
            for tag in wanted:  # one spelling per tag, the archive's when it has one
                chosen.setdefault(tag.casefold(), known.get(tag.casefold(), tag))
            wanted = list(chosen.values())
            unwanted = [known.get(t.casefold(), t) for t in unwanted]
            with self.catalog.transaction():
                for doc_id in ids:
                    self.catalog.set_tags(doc_id, wanted, unwanted)
            self._refresh_documents(ids)
        return self.get_many(ids)

    def tag_counts(self) -> dict[str, int]:
        """Every tag in the archive with the number of documents carrying it, A–Z."""
        return self.catalog.all_tags()

    def merge_outlets(self, names: Iterable[str], into: str, wait: float = 0.0) -> int:
        """Make several outlet names one (now and for future imports); returns documents changed."""
        into = into.strip()
        if not into:
            raise ArchiveError("The merged outlet needs a name.")
        with self.writing(wait):
            return outlet_rules.merge(self, names, into)

    def outlet_rules(self) -> dict[str, str]:
        """Every outlet rule, A–Z: a name (case-folded) and the outlet pages naming it are filed
        under. Rules come from merges, from re-cleaning (a site's domain → the name its pages
        give) and from unified spellings; all apply to future imports."""
        return dict(sorted(self.catalog.aliases().items()))

    def remove_outlet_rules(self, aliases: Iterable[str], wait: float = 0.0) -> int:
        """Undo merges: pages naming a removed alias go back to the name they give themselves
        (unless the built-in alias table knows it). Returns how many pages changed outlet."""
        with self.writing(wait):
            return outlet_rules.remove(self, aliases)

    def unify_outlet_spellings(self) -> int:
        """File the spellings pages give one outlet apart ("FOCUS Online", "FOCUS online";
        "Salon", "salon.com") under one name, as outlet rules the user can see and remove.
        Call under the writer lock. Returns the pages that changed outlet."""
        return outlet_rules.unify_spellings(self)

    def _refresh_documents(self, ids: Sequence[str]) -> list[Document]:
        """Recompute effective values of documents and reindex them (under the writer lock)."""
        if not ids:
            return []
        aliases = self.catalog.aliases()
        rows = self.catalog.get_many(ids)
        docs = [document_from_row(rows[i], aliases) for i in ids if i in rows]
        self.catalog.set_effective([(d.id, d.outlet, d.value("date")) for d in docs])
        if self._engine is not None:
            self.engine.add([index_doc(d) for d in docs], replace=True)
            self._commit_index([d.id for d in docs])
        return docs

    # -- derived data: re-cleaning and reindexing ----------------------------------------------

    def reclean(self, progress: Progress = _no_progress, cancelled: Cancelled = _never, wait: float = 0.0, *,
                workers: int | None = None, page_timeout: float | None = None) -> RecleanReport:
        """Learn from the archive (each outlet's boilerplate, fingerprint and aliases), then clean
        every page again; user edits are kept. See `indexer.recleaning`.

        Pages are cleaned as an import's are (in worker processes when there are many), each
        under `page_timeout` (default `importing.DEFAULT_PAGE_TIMEOUT_S`; 0 for no limit): a page
        that overruns it, or whose cleaning fails, keeps the cleaning it had and is listed in
        `RecleanReport.kept`."""
        from indexer.recleaning import reclean

        with self.writing(wait):
            return reclean(self, progress, cancelled, workers=workers, page_timeout=page_timeout)

    def reindex(self, engine: str | None = None, progress: Progress = _no_progress, cancelled: Cancelled = _never,
                wait: float = 0.0) -> int:
        """Rebuild the index from the catalog, optionally switching engines."""
        target = engine or self.engine_name
        engine_class(target)  # fails early and clearly if the engine is unknown or missing
        with self.writing(wait):
            return self._rebuild(target, progress, cancelled)

    def _rebuild(self, target: str, progress: Progress, cancelled: Cancelled) -> int:
        """Build a fresh index beside the old one and swap it in only when complete."""
        fresh = self.home / "index" / f"{target}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        engine = engine_class(target).open(fresh, create=True)
        ids = self.catalog.all_ids()
        aliases = self.catalog.aliases()
        done = 0
        try:
            for rows in self.catalog.iter_rows(ids):
                if cancelled():
                    engine.close()
                    shutil.rmtree(fresh, ignore_errors=True)
                    return done
                engine.add([index_doc(document_from_row(r, aliases)) for r in rows])
                done += len(rows)
                progress(done, len(ids))
            engine.commit()
        finally:
            engine.close()
        (fresh / "BROADSHEET_INDEX.json").write_text(json.dumps(self._version_stamp(target)))
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        final = self._index_dir(target)
        old = self.home / "index" / f"{target}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        self.catalog.set_meta("engine", target)
        previous, self.engine_name = self.engine_name, target
        if previous != target:  # a switch: the other engine's index is stale now, and can be large
            shutil.rmtree(self._index_dir(previous), ignore_errors=True)
        self.catalog.mark_indexed(ids)
        self._open_engine()
        return done


def _replace(request: SearchRequest, **changes) -> SearchRequest:
    from dataclasses import replace

    return replace(request, **changes)
