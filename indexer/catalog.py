"""The catalog: one SQLite database that is the truth for documents, their metadata and user edits.

The index is rebuilt from here (plus the originals); so is anything derived. Extracted metadata
and user edits live apart, so re-cleaning or re-extracting never overwrites what a person
corrected. The schema has a version (`PRAGMA user_version`) and migrates forward on open.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.model import RemovedBlock, Value

if TYPE_CHECKING:  # the metadata package loads lxml and more: opening an archive needs none of it
    from indexer.metadata.fingerprints import Fingerprint

SCHEMA_VERSION = 3

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source_path TEXT NOT NULL,
    size INTEGER NOT NULL,
    encoding TEXT,
    imported_at TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',
    extracted TEXT NOT NULL DEFAULT '{}',
    cleaner_version TEXT,
    metadata_version TEXT,
    outlet TEXT,
    day TEXT,
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet);
CREATE INDEX IF NOT EXISTS documents_unindexed ON documents(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS sources (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    path TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, path)
);
CREATE TABLE IF NOT EXISTS edits (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, field)
);
CREATE TABLE IF NOT EXISTS tags (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (doc_id, tag)
);
CREATE TABLE IF NOT EXISTS outlet_aliases (alias TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outlet_boilerplate (outlet TEXT PRIMARY KEY, lines TEXT NOT NULL, pages INTEGER NOT NULL);
"""

# Version 2: outlets' fingerprints (recurring edge lines), to name the outlet of pages that do not say it.
_SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS outlet_fingerprints (outlet TEXT PRIMARY KEY, lines TEXT NOT NULL, pages INTEGER NOT NULL);
"""

# Version 3: outlet names the user kept apart (by removing the rule that filed them under another
# spelling), so that finding one outlet's spellings does not file them together again.
_SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS outlets_apart (name TEXT PRIMARY KEY);
"""

_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3}


class CatalogError(RuntimeError):
    """The catalog cannot be used (damaged, or written by a newer Broadsheet)."""


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A freshly imported page, ready to be catalogued."""

    id: str
    kind: str
    source_path: str
    size: int
    encoding: str | None
    title: str
    body: str
    removed: tuple[RemovedBlock, ...]
    extracted: dict[str, Value]
    cleaner_version: str
    metadata_version: str
    outlet: str | None
    day: str | None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _values_to_json(values: dict[str, Value]) -> str:
    return json.dumps({k: [v.value, v.source, v.confidence] for k, v in values.items()}, ensure_ascii=False)


def _values_from_json(text: str) -> dict[str, Value]:
    return {k: Value(v[0], v[1], float(v[2])) for k, v in json.loads(text).items()}


def _removed_to_json(blocks: Sequence[RemovedBlock]) -> str:
    return json.dumps([[b.text, b.reason] for b in blocks], ensure_ascii=False)


def _removed_from_json(text: str) -> tuple[RemovedBlock, ...]:
    return tuple(RemovedBlock(t, r) for t, r in json.loads(text))


class Catalog:
    """Thread-safe access to catalog.sqlite (one connection, serialised)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a page reported imported survives a power cut, not only a killed process.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise CatalogError(f"the catalog {path} cannot be read: {error}; "
                               "`broadsheet check --repair` rebuilds it from the originals") from error

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CatalogError(
                f"the catalog was written by a newer Broadsheet (schema {version}; this one reads up to {SCHEMA_VERSION})"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={target}")

    def transaction(self) -> _Transaction:
        return _Transaction(self)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- meta ----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- documents -----------------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def existing(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self._lock:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in self._db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def add_documents(self, docs: Sequence[NewDocument]) -> None:
        now = _now()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO documents(id, kind, source_path, size, encoding, imported_at, title, body,"
                " removed, extracted, cleaner_version, metadata_version, outlet, day, indexed)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
                [
                    (d.id, d.kind, d.source_path, d.size, d.encoding, now, d.title, d.body, _removed_to_json(d.removed),
                     _values_to_json(d.extracted), d.cleaner_version, d.metadata_version, d.outlet, d.day)
                    for d in docs
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO sources(doc_id, path, imported_at) VALUES (?,?,?)",
                [(d.id, d.source_path, now) for d in docs],
            )

    def add_source(self, doc_id: str, path: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO sources(doc_id, path, imported_at) VALUES (?,?,?)", (doc_id, path, _now()))

    def update_cleaned(self, rows: Sequence[tuple[str, str, str, tuple[RemovedBlock, ...], dict[str, Value], str, str]]) -> None:
        """(id, title, body, removed, extracted, cleaner_version, metadata_version) for re-cleaned documents."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE documents SET title=?, body=?, removed=?, extracted=?, cleaner_version=?, metadata_version=?,"
                " indexed=0 WHERE id=?",
                [(t, b, _removed_to_json(r), _values_to_json(e), cv, mv, i) for i, t, b, r, e, cv, mv in rows],
            )

    def set_effective(self, rows: Sequence[tuple[str, str | None, str | None]]) -> None:
        """(id, outlet, day): the denormalised values facets, stats and the index use."""
        with self.transaction() as db:
            db.executemany("UPDATE documents SET outlet=?, day=?, indexed=0 WHERE id=?", [(o, d, i) for i, o, d in rows])

    def mark_indexed(self, ids: Iterable[str], indexed: bool = True) -> None:
        ids = list(ids)
        with self.transaction() as db:
            db.executemany("UPDATE documents SET indexed=? WHERE id=?", [(int(indexed), i) for i in ids])

    def mark_all_unindexed(self) -> None:
        with self._lock:
            self._db.execute("UPDATE documents SET indexed=0")

    def unindexed_ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM documents WHERE indexed=0 ORDER BY rowid")]

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def all_ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM documents ORDER BY rowid")]

    def resolve(self, prefix: str) -> list[str]:
        """Ids starting with prefix (so people can type the first few characters)."""
        prefix = prefix.strip().lower()
        if not prefix or any(c not in "0123456789abcdef" for c in prefix):
            return []
        with self._lock:
            return [r[0] for r in self._db.execute(
                "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 5", (prefix, prefix + "g"))]

    _DOC_COLUMNS = "id, kind, source_path, size, encoding, imported_at, title, body, removed, extracted"

    def get(self, doc_id: str) -> dict | None:
        docs = self.get_many([doc_id])
        return docs.get(doc_id)

    def get_many(self, ids: Sequence[str], *, with_removed: bool = True) -> dict[str, dict]:
        """Raw rows with edits and tags, keyed by id; the archive turns them into Documents."""
        out: dict[str, dict] = {}
        ids = list(ids)
        with self._lock:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id IN ({marks})", chunk):
                    out[row[0]] = {
                        "id": row[0], "kind": row[1], "source_path": row[2], "size": row[3], "encoding": row[4],
                        "imported_at": row[5], "title": row[6], "body": row[7],
                        "removed": _removed_from_json(row[8]) if with_removed else (),
                        "extracted": _values_from_json(row[9]), "edits": {}, "tags": [],
                    }
                for doc_id, field, value, edited_at in self._db.execute(
                    f"SELECT doc_id, field, value, edited_at FROM edits WHERE doc_id IN ({marks})", chunk
                ):
                    out[doc_id]["edits"][field] = value
                for doc_id, tag in self._db.execute(f"SELECT doc_id, tag FROM tags WHERE doc_id IN ({marks}) ORDER BY tag", chunk):
                    out[doc_id]["tags"].append(tag)
        return out

    def iter_rows(self, ids: Sequence[str] | None = None, batch: int = 500) -> Iterator[list[dict]]:
        """Documents in batches, in import order (all of them, or the given ids)."""
        ids = self.all_ids() if ids is None else list(ids)
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            rows = self.get_many(chunk, with_removed=True)
            yield [rows[i] for i in chunk if i in rows]

    # -- user edits, tags, outlets -------------------------------------------------------------

    def set_edit(self, doc_id: str, field: str, value: str | None) -> None:
        with self._lock:
            if value is None:
                self._db.execute("DELETE FROM edits WHERE doc_id=? AND field=?", (doc_id, field))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO edits(doc_id, field, value, edited_at) VALUES (?,?,?,?)",
                    (doc_id, field, value, _now()),
                )

    def edits_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]

    def set_tags(self, doc_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO tags(doc_id, tag) VALUES (?,?)", [(doc_id, t) for t in add])
            db.executemany("DELETE FROM tags WHERE doc_id=? AND tag=?", [(doc_id, t) for t in remove])

    def tags_by_document(self) -> dict[str, list[str]]:
        """Every tagged document's tags."""
        found: dict[str, list[str]] = {}
        with self._lock:
            for doc_id, tag in self._db.execute("SELECT doc_id, tag FROM tags ORDER BY tag"):
                found.setdefault(doc_id, []).append(tag)
        return found

    def all_tags(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT tag, COUNT(*) FROM tags GROUP BY tag ORDER BY tag"))

    def aliases(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT alias, name FROM outlet_aliases"))

    def set_alias(self, alias: str, name: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO outlet_aliases(alias, name) VALUES (?,?)", (alias, name))
            # Keep merges flat: whatever pointed at the alias now points at the new name.
            self._db.execute("UPDATE outlet_aliases SET name=? WHERE name=?", (name, alias))

    def remove_aliases(self, aliases: Iterable[str], keep_apart: bool = False) -> None:
        """Remove outlet rules; with `keep_apart`, remember the names as ones the user separated."""
        aliases = list(aliases)
        with self.transaction() as db:
            db.executemany("DELETE FROM outlet_aliases WHERE alias=?", [(a,) for a in aliases])
            if keep_apart:
                db.executemany("INSERT OR IGNORE INTO outlets_apart(name) VALUES (?)", [(a,) for a in aliases])

    def outlets_apart(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT name FROM outlets_apart")}

    def forget_apart(self, names: Iterable[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM outlets_apart WHERE name=?", [(n,) for n in names])

    def ids_with_outlet(self, names: Iterable[str]) -> list[str]:
        names = list(names)
        marks = ",".join("?" * len(names))
        with self._lock:
            return [r[0] for r in self._db.execute(f"SELECT id FROM documents WHERE outlet IN ({marks})", names)]

    def outlet_counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute(
                "SELECT outlet, COUNT(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, outlet"))

    def boilerplate(self) -> dict[str, frozenset[str]]:
        with self._lock:
            return {o: frozenset(json.loads(lines)) for o, lines in self._db.execute("SELECT outlet, lines FROM outlet_boilerplate")}

    def set_boilerplate(self, learned: dict[str, tuple[frozenset[str], int]]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM outlet_boilerplate")
            db.executemany(
                "INSERT INTO outlet_boilerplate(outlet, lines, pages) VALUES (?,?,?)",
                [(o, json.dumps(sorted(lines), ensure_ascii=False), n) for o, (lines, n) in learned.items() if lines],
            )

    def fingerprints(self) -> dict[str, Fingerprint]:
        from indexer.metadata.fingerprints import Fingerprint

        with self._lock:
            return {o: Fingerprint(o, frozenset(json.loads(lines)), pages)
                    for o, lines, pages in self._db.execute("SELECT outlet, lines, pages FROM outlet_fingerprints")}

    def set_fingerprints(self, learned: dict[str, Fingerprint]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM outlet_fingerprints")
            db.executemany(
                "INSERT INTO outlet_fingerprints(outlet, lines, pages) VALUES (?,?,?)",
                [(o, json.dumps(sorted(fp.lines), ensure_ascii=False), fp.pages) for o, fp in learned.items()],
            )

    # -- figures -------------------------------------------------------------------------------

    def stats(self) -> tuple[int, int, int]:
        """(documents, undated documents, bytes of originals)."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*), SUM(CASE WHEN day IS NULL THEN 1 ELSE 0 END), COALESCE(SUM(size), 0) FROM documents"
            ).fetchone()
        return row[0], row[1] or 0, row[2]

    def integrity_problems(self) -> list[str]:
        with self._lock:
            rows = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; re-entrant within one thread."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.catalog._lock.acquire()
        db = self.catalog._db
        self.outer = not db.in_transaction
        if self.outer:
            db.execute("BEGIN IMMEDIATE")
        return db

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self.outer:
                self.catalog._db.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.catalog._lock.release()
