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
from inside the archive: it is reported with the path to import it from again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.archive import Archive

CANNOT_REPAIR = "re-import"  # marks problems only the user can fix, by importing the page again


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
        """Every problem is one `--repair` fixes: the index is derived; lost originals and a
        damaged catalog are not (the user re-imports the page, or restores a backup)."""
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
    report.problems.extend(f"catalog: {p}" for p in archive.catalog.integrity_problems())
    ids = archive.catalog.all_ids()
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
    from indexer import importing

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
        recovered = []
        for doc_id in orphans:
            data = archive.store.get(doc_id)
            name = "recovered.html" if b"<html" in data[:2048].lower() else "recovered.txt"
            result = importing.run_job(importing.Job(doc_id, name, data, None))
            if isinstance(result, importing.NewDocument):
                recovered.append(result)
        if recovered:
            archive.catalog.add_documents(recovered)
            report.repaired.append(f"re-catalogued {len(recovered)} page(s) from stored originals")
        if report.index_damaged:
            count = archive._rebuild(archive.engine_name, lambda d, t: None, lambda: False)
            report.repaired.append(f"rebuilt the index from the catalog ({count} documents)")
        else:
            pending = archive.catalog.unindexed_ids()
            if pending:
                count = archive._index_ids(pending, lambda d, t: None, lambda: False, replace=True)
                report.repaired.append(f"indexed {count} page(s) an interrupted import had left unindexed")
