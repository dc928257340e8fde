"""`broadsheet check`: verify that an archive is whole, and repair what can be repaired.

Checked: the catalog's own integrity; every catalogued original present with the right hash;
originals the catalog does not know (a crash between storing and cataloguing); the index
usable, of this version, and holding exactly the catalogued documents. Repair re-catalogues
orphaned originals, rebuilds the index and clears crash leftovers; a missing or altered original
cannot be repaired from inside the archive and is reported so the user can re-import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.readers import UnreadableFile, page_from_bytes

if TYPE_CHECKING:
    from indexer.archive import Archive


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    documents: int = 0

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {"healthy": self.healthy, "documents": self.documents, "problems": self.problems, "repaired": self.repaired}


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
    bad_originals: list[str] = []
    for done, doc_id in enumerate(ids, 1):
        if cancelled():
            break
        if not archive.store.verify(doc_id):
            exists = archive.store.path_for(doc_id).exists()
            bad_originals.append(doc_id)
            report.problems.append(
                f"original of {doc_id[:12]} is {'altered (its hash no longer matches)' if exists else 'missing'}"
                f" — re-import {archive.catalog.get(doc_id)['source_path'] or 'it'}"
            )
        if done % 500 == 0:
            progress(done, len(ids))
    progress(len(ids), len(ids))
    orphans = [i for i in archive.store.ids() if i not in catalogued]
    for doc_id in orphans:
        report.problems.append(f"original {doc_id[:12]} is stored but not catalogued (an interrupted import)")
    leftovers = list(archive.store.root.glob("*/.incoming-*"))
    if leftovers:
        report.problems.append(f"{len(leftovers)} partly written file(s) left by an interrupted import")
    index_ok = archive.index_problem is None
    if not index_ok:
        report.problems.append(f"index: {archive.index_problem}")
    else:
        indexed = archive.engine.ids()
        missing = catalogued - indexed
        extra = indexed - catalogued
        if missing:
            report.problems.append(f"index: {len(missing)} catalogued document(s) are not searchable")
        if extra:
            report.problems.append(f"index: {len(extra)} indexed document(s) are not in the catalog")
        index_ok = not missing and not extra
    if repair:
        _repair(archive, report, orphans, bool(leftovers), index_ok)
    return report


def _repair(archive: Archive, report: CheckReport, orphans: list[str], leftovers: bool, index_ok: bool) -> None:
    from indexer import importing

    with archive.writing():
        if leftovers:
            removed = archive.store.remove_leftovers()
            report.repaired.append(f"removed {removed} partly written file(s)")
        recovered = []
        for doc_id in orphans:
            data = archive.store.get(doc_id)
            try:
                page = page_from_bytes(data, Path("recovered.html" if b"<html" in data[:2048].lower() else "recovered.txt"))
            except UnreadableFile:
                continue
            recovered.append(importing.describe_page(page, doc_id, len(data)))
        if recovered:
            archive.catalog.add_documents(recovered)
            report.repaired.append(f"re-catalogued {len(recovered)} page(s) from stored originals")
        if recovered or not index_ok:
            count = archive._rebuild(archive.engine_name, lambda d, t: None, lambda: False)
            report.repaired.append(f"rebuilt the index from the catalog ({count} documents)")
