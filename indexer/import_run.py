"""One import, file by file: read and hash in this process, clean and describe in the pool,
then store, catalogue and index in batches.

The order of writes is what makes a killed import safe: an original is on disk (flushed) before
its catalog row commits, and the catalog row commits before the page is indexed, so the
catalog never names a page that is not stored, and an index that missed pages catches up from
the catalog (`Archive.ensure_index`). Pages become searchable every `SEARCHABLE_EVERY` pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING

from indexer import importing
from indexer.archive import BATCH, SEARCHABLE_EVERY
from indexer.catalog import NewDocument
from indexer.model import ImportReport
from indexer.readers import Found, UnreadableFile, read_bytes, shown_path
from indexer.store import content_id

if TYPE_CHECKING:
    from indexer.archive import Archive

PROGRESS_EVERY = 16  # files between progress reports (callers throttle further)


class ImportRun:
    """Imports a list of found files into an archive whose writer lock is held."""

    def __init__(
        self,
        archive: Archive,
        report: ImportReport,
        *,
        outlet: str | None,
        progress: Callable[[int, int], None],
        cancelled: Callable[[], bool],
        on_file: Callable[[str], None] | None,
        max_bytes: int,
        pool: Executor | None,
    ) -> None:
        self.archive = archive
        self.report = report
        self.outlet = outlet
        self.progress = progress
        self.cancelled = cancelled
        self.on_file = on_file
        self.max_bytes = max_bytes
        self.pool = pool
        self.waiting_bytes: dict[str, bytes] = {}  # read, not yet stored
        self.seen: set[str] = set()
        self.uncommitted: list[str] = []  # catalogued and added to the index, not yet committed there

    def run(self, found: Sequence[Found]) -> None:
        total = len(found)
        batch: list = []
        pending: list[list] = []
        done = 0
        for item in found:
            if self.cancelled():
                self.report.cancelled = True
                break
            if self.on_file:
                self.on_file(shown_path(item.path))
            job = self._read(item)
            if job is not None:
                batch.append(self.pool.submit(importing.run_job, job) if self.pool else importing.run_job(job))
            done += 1
            if len(batch) >= BATCH:
                pending.append(batch)
                batch = []
                # Let the pool clean the next batch while this one is stored, catalogued and indexed.
                if len(pending) > 1:
                    self._finish(pending.pop(0))
            if done % PROGRESS_EVERY == 0:
                self.progress(done, total)
        pending.append(batch)
        for waiting in pending:
            self._finish(waiting)
        self._commit()
        self.progress(done, total)

    def _read(self, item: Found) -> importing.Job | None:
        path = shown_path(item.path)
        try:
            data = read_bytes(item.path, self.max_bytes)
        except UnreadableFile as error:
            self.report.failed.append((path, str(error)))
            return None
        doc_id = content_id(data)
        if doc_id in self.seen or self.archive.catalog.has(doc_id):
            self.report.duplicates += 1
            if doc_id not in self.seen:
                self.archive.catalog.add_source(doc_id, path)
                if not self.archive.store.has(doc_id):  # its original was lost: these bytes bring it back
                    self.archive.store.put(data)
            return None
        self.seen.add(doc_id)
        self.waiting_bytes[doc_id] = data
        return importing.Job(doc_id, path, data, self.outlet)

    def _finish(self, batch: list) -> None:
        results = [item.result() if isinstance(item, Future) else item for item in batch]
        docs = [r for r in results if isinstance(r, NewDocument)]
        for failure in (r for r in results if isinstance(r, importing.Failure)):
            self.report.failed.append((failure.path, failure.reason))
            self.waiting_bytes.pop(failure.doc_id, None)
        if not docs:
            return
        self.archive.store.put_many([(doc.id, self.waiting_bytes.pop(doc.id)) for doc in docs])
        self.archive.catalog.add_documents(docs)  # from here on, the pages are imported
        self.report.added += len(docs)
        self.report.added_ids.extend(doc.id for doc in docs)
        self.archive._index_new(docs)
        self.uncommitted.extend(doc.id for doc in docs)
        if len(self.uncommitted) >= SEARCHABLE_EVERY:
            self._commit()

    def _commit(self) -> None:
        self.archive._commit_index(self.uncommitted)
        self.uncommitted = []
