"""`broadsheet check`: verify that an archive is whole, and repair what can be repaired.

Checked: the catalog's own integrity; every catalogued original present with the right hash;
the index usable, of this version, and holding exactly the catalogued documents.

Two kinds of findings. A *problem* is damage: a lost or altered original, a catalog that fails
SQLite's integrity check, an index that is unreadable or disagrees with the catalog about pages
it claims to hold. A *note* is what an interrupted import normally leaves and the archive heals
by itself: pages catalogued but not yet indexed (indexed on the next open), originals stored
but not catalogued (the import of those pages was never reported done; importing them again
completes it) and partly written temporary files. An archive with notes only is healthy, so a
killed import never makes `check` fail.

Repair clears crash leftovers, re-catalogues stored originals the catalog lost, indexes what is
pending and rebuilds an index that is damaged. A missing or altered original cannot be repaired
from inside the archive: it is reported with the path to import it from again, and an altered one
is set aside so that importing it again restores it. A damaged catalog is rebuilt before the
archive is even opened (`catalog_damage`, `rebuild_catalog`, run by `check --repair`): from the
rows the damaged file still yields, the user's corrections first, and from the originals.
Originals described again are cleaned as an import cleans them, each under the time limit for
one page (`page_pool.open_pool`); one whose cleaning does not finish is kept as plain text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer import importing
    from indexer.archive import Archive
    from indexer.catalog import NewDocument
    from indexer.store import Store

CANNOT_REPAIR = "re-import"  # how a problem only the user can fix says so


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    documents: int = 0
    index_damaged: bool = False

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def repairable(self) -> bool:
        """Every problem is one `check` fixes on the archive it opened: the index is derived;
        a lost original is not (the user imports the page again)."""
        return all(p.startswith("index:") for p in self.problems)

    def as_json(self) -> dict:
        return {"healthy": self.healthy, "documents": self.documents, "problems": self.problems,
                "notes": self.notes, "repaired": self.repaired}


def check(
    archive: Archive,
    *,
    repair: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> CheckReport:
    report = CheckReport()
    try:
        report.problems.extend(f"catalog: {p}" for p in archive.catalog.integrity_problems())
        ids = archive.catalog.all_ids()
    except sqlite3.DatabaseError as error:
        report.problems.append(f"catalog: damaged ({error}); check --repair rebuilds it from the originals")
        return report
    report.documents = len(ids)
    catalogued = set(ids)
    altered: list[str] = []
    for done, doc_id in enumerate(ids, 1):
        if cancelled():
            break
        if not archive.store.verify(doc_id):
            exists = archive.store.path_for(doc_id).exists()
            if exists:
                altered.append(doc_id)
            row = archive.catalog.get(doc_id) or {}
            report.problems.append(
                f"original of {doc_id[:12]} is {'altered (its hash no longer matches)' if exists else 'missing'}"
                f" — {CANNOT_REPAIR} {row.get('source_path') or 'it'}"
            )
        if done % 500 == 0:
            progress(done, len(ids))
    progress(len(ids), len(ids))
    orphans = [i for i in archive.store.ids() if i not in catalogued]
    if orphans:
        report.notes.append(f"{len(orphans)} original(s) stored but not catalogued (an interrupted import; "
                            "import the same files again, or run check --repair)")
    leftovers = list(archive.store.root.glob("*/.incoming-*"))
    if leftovers:
        report.notes.append(f"{len(leftovers)} partly written file(s) left by an interrupted import")
    _check_index(archive, report, catalogued)
    if repair:
        _repair(archive, report, orphans, bool(leftovers), altered)
    return report


def _check_index(archive: Archive, report: CheckReport, catalogued: set[str]) -> None:
    if archive.index_problem is not None:
        if not catalogued:  # a crash while the very first open made the index: it holds nothing to lose
            report.notes.append(f"index: {archive.index_problem}; it is made again on first use")
        else:
            report.problems.append(f"index: {archive.index_problem} (check --repair rebuilds it)")
        report.index_damaged = True
        return
    try:
        indexed = archive.engine.ids()
    except Exception as error:  # noqa: BLE001 - an engine reading damaged files raises anything
        report.problems.append(f"index: cannot be read ({type(error).__name__}: {error}) (check --repair rebuilds it)")
        report.index_damaged = True
        return
    # Pages an import catalogued but had not yet indexed when it stopped: the next open indexes them.
    pending = set(archive.catalog.unindexed_ids())
    lost = (catalogued - indexed) - pending
    waiting = (catalogued - indexed) & pending
    # Re-read the catalog: an import running beside the check may have added and indexed pages since.
    extra = indexed - set(archive.catalog.all_ids())
    if lost:
        report.problems.append(f"index: {len(lost)} catalogued document(s) are missing from the index "
                               "(check --repair rebuilds it)")
    if extra:
        report.problems.append(f"index: {len(extra)} indexed document(s) are not in the catalog "
                               "(check --repair rebuilds it)")
    if waiting:
        report.notes.append(f"{len(waiting)} page(s) waiting to be indexed (an interrupted import; "
                            "indexed when the archive is next opened)")
    report.index_damaged = bool(lost or extra)


def _repair(archive: Archive, report: CheckReport, orphans: list[str], leftovers: bool, altered: list[str]) -> None:
    with archive.writing():
        if leftovers:
            removed = archive.store.remove_leftovers()
            report.repaired.append(f"removed {removed} partly written file(s)")
        for doc_id in altered:
            # Set the altered bytes aside (kept as evidence, never read as the original) so that
            # importing the page again stores the true original in its place.
            path = archive.store.path_for(doc_id)
            path.replace(path.with_name(f".altered-{doc_id}"))
        if altered:
            report.repaired.append(f"set {len(altered)} altered original(s) aside as .altered-<id>; "
                                   "import those pages again to restore them")
        recovered, plain = _describe_originals(archive.store, orphans, {}, archive._learned())
        if recovered:
            archive.catalog.add_documents(recovered)
            report.repaired.append(f"re-catalogued {len(recovered)} page(s) from stored originals" + _plain_text(plain))
        if report.index_damaged:
            count = archive._rebuild(archive.engine_name, lambda d, t: None, lambda: False)
            report.repaired.append(f"rebuilt the index from the catalog ({count} documents)")
        else:
            pending = archive.catalog.unindexed_ids()
            if pending:
                count = archive._index_ids(pending, lambda d, t: None, lambda: False, replace=True)
                report.repaired.append(f"indexed {count} page(s) that were waiting to be indexed")


def _describe_originals(store: Store, ids: list[str], names: dict[str, str],
                        learned: importing.Learned) -> tuple[list[NewDocument], list[str]]:
    """Catalog rows for stored originals, cleaned as an import cleans its pages (in worker
    processes when there are many, each page under `importing.DEFAULT_PAGE_TIMEOUT_S`); a page
    whose cleaning did not finish is kept as plain text, as an import keeps it. Returns the rows
    and the names of the pages kept as plain text."""
    from indexer import importing, page_pool

    def jobs() -> Iterator[importing.Job]:
        for doc_id in ids:
            data = store.get(doc_id)
            name = names.get(doc_id) or ("recovered.html" if b"<html" in data[:2048].lower() else "recovered.txt")
            yield importing.Job(doc_id, name, data, None)

    importing.set_context(learned)
    described: list[NewDocument] = []
    plain: list[str] = []
    pool, parallel = page_pool.open_pool(len(ids), None, learned, None)
    try:
        for job, result in page_pool.cleaned_in_order(jobs(), pool, parallel):
            if isinstance(result, importing.Unfinished):
                result = importing.plain_document(job.data, job.path, job.doc_id)
                if isinstance(result, importing.NewDocument):
                    plain.append(job.path)
            if isinstance(result, importing.NewDocument):
                described.append(result)
    finally:
        if pool is not None:
            pool.shutdown()
    return described, plain


def _plain_text(plain: list[str]) -> str:
    return f" ({len(plain)} of them as plain text: their cleaning did not finish in time)" if plain else ""


# -- a damaged catalog -------------------------------------------------------------------------

CATALOG = "catalog.sqlite"
_DOCUMENT_COLUMNS = ("id", "kind", "source_path", "size", "encoding", "imported_at", "title", "body", "removed",
                     "extracted", "cleaner_version", "metadata_version", "outlet", "day")
_SALVAGED_TABLES = {  # what only the catalog knows, the user's work first
    "edits": ("doc_id", "field", "value", "edited_at"),
    "tags": ("doc_id", "tag"),
    "sources": ("doc_id", "path", "imported_at"),
    "outlet_aliases": ("alias", "name"),
    "meta": ("key", "value"),
}


def catalog_damage(home: Path) -> str | None:
    """Why the catalog in home cannot be trusted (it cannot be opened, read through, or fails
    SQLite's integrity check), or None when it is sound or does not exist yet."""
    from indexer.catalog import Catalog, CatalogError

    path = Path(home) / CATALOG
    if not path.exists():
        return None
    try:
        catalog = Catalog(path)
    except CatalogError as error:
        if "newer Broadsheet" in str(error):
            return None  # not damage: this version must not touch it
        return str(error)
    try:
        problems = catalog.integrity_problems()
        for table in ("documents", *_SALVAGED_TABLES):
            catalog._db.execute(f"SELECT * FROM {table}").fetchall()
        return "; ".join(problems[:3]) if problems else None
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        catalog.close()


def rebuild_catalog(home: Path) -> list[str]:
    """Set a damaged catalog aside and build a new one from the originals, salvaging every row the
    damaged file still yields (documents as they were described, then edits, tags, sources,
    outlet merges). Pages whose row is lost are described again from their originals. Returns
    what was done, for the report. The caller holds no Archive open on home."""
    from filelock import FileLock, Timeout

    from indexer import importing
    from indexer.archive import ArchiveBusy
    from indexer.catalog import Catalog
    from indexer.store import Store

    home = Path(home)
    lock = FileLock(str(home / "write.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise ArchiveBusy("The archive is busy: another Broadsheet window or command is writing to it.") from None
    try:
        # The new catalog is built beside the damaged one and swapped in whole: a crash half way
        # leaves the damaged catalog in place, and running the repair again starts over.
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = home / f"catalog.damaged-{stamp}.sqlite"
        fresh = home / "catalog.rebuilding.sqlite"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(fresh) + suffix).unlink(missing_ok=True)
        rows, tables = _salvage(home / CATALOG)
        store = Store(home / "originals")
        catalog = Catalog(fresh)
        try:
            # Rows whose original is lost are kept too: check then names the file to import again.
            kept = {row["id"]: row for row in rows}
            with catalog.transaction() as db:
                db.executemany(
                    f"INSERT OR IGNORE INTO documents({', '.join(_DOCUMENT_COLUMNS)}, indexed)"
                    f" VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))}, 0)",
                    [tuple(row[c] for c in _DOCUMENT_COLUMNS) for row in kept.values()])
            known_paths = {row[0]: row[1] for row in tables["sources"]}
            lost = [doc_id for doc_id in store.ids() if doc_id not in kept]
            described, plain = _describe_originals(store, lost, known_paths, importing.Learned())
            catalog.add_documents(described)
            ids = set(catalog.all_ids())
            counts = {}
            with catalog.transaction() as db:
                for table, columns in _SALVAGED_TABLES.items():
                    usable = [r for r in tables[table] if table in ("outlet_aliases", "meta") or r[0] in ids]
                    db.executemany(f"INSERT OR REPLACE INTO {table}({', '.join(columns)})"
                                   f" VALUES ({', '.join('?' * len(columns))})", usable)
                    counts[table] = len(usable)
        finally:
            catalog.close()
        for suffix in ("", "-wal", "-shm"):
            damaged = Path(str(home / CATALOG) + suffix)
            if damaged.exists():
                shutil.copyfile(damaged, Path(str(aside) + suffix))
        for suffix in ("-wal", "-shm", "-journal"):  # the old log must never be replayed onto the new file
            Path(str(home / CATALOG) + suffix).unlink(missing_ok=True)
        os.replace(fresh, home / CATALOG)
    finally:
        lock.release()
    return [f"set the damaged catalog aside as {aside.name} and rebuilt it: {len(kept)} page(s) kept as they were "
            f"described, {len(described)} described again from their originals{_plain_text(plain)}; "
            f"salvaged {counts['edits']} "
            f"correction(s), {counts['tags']} tag(s), {counts['outlet_aliases']} outlet merge(s)"]


def _salvage(path: Path) -> tuple[list[dict], dict[str, list[tuple]]]:
    """Every row still readable in a damaged catalog (reading around damaged pages by rowid)."""
    rows: list[dict] = []
    tables: dict[str, list[tuple]] = {name: [] for name in _SALVAGED_TABLES}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.DatabaseError:
        return rows, tables
    try:
        for row in _readable_rows(db, "documents", _DOCUMENT_COLUMNS):
            rows.append(dict(zip(_DOCUMENT_COLUMNS, row)))
        for name, columns in _SALVAGED_TABLES.items():
            tables[name] = list(_readable_rows(db, name, columns))
    finally:
        db.close()
    rows = [r for r in rows if _plausible_document(r)]
    return rows, tables


def _readable_rows(db: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> Iterator[tuple]:
    try:
        top = db.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return  # the table's root is damaged: nothing of it can be found
    step = 256
    for start in range(0, top + 1, step):
        try:
            chunk = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE rowid BETWEEN ? AND ?",
                               (start, start + step - 1)).fetchall()
        except sqlite3.DatabaseError:
            chunk = []
            for rowid in range(start, start + step):  # narrow the damage down to single rows
                try:
                    chunk.extend(db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE rowid = ?",
                                            (rowid,)).fetchall())
                except sqlite3.DatabaseError:
                    continue
        yield from chunk


def _plausible_document(row: dict) -> bool:
    """A salvaged row is used only when it is intact enough to show and index."""
    try:
        json.loads(row["removed"])
        json.loads(row["extracted"])
    except (TypeError, ValueError):
        return False
    return isinstance(row["id"], str) and isinstance(row["title"], str) and isinstance(row["body"], str)
