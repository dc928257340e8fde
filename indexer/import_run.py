"""One import, file by file (a WARC record by record): read and hash in this process, clean and
describe in the pool, then store, catalogue and index in batches.

The order of writes is what makes a killed import safe: an original is on disk (flushed) before
its catalog row commits, and the catalog row commits before the page is indexed, so the
catalog never names a page that is not stored, and an index that missed pages catches up from
the catalog (`Archive.ensure_index`). Pages become searchable every `SEARCHABLE_EVERY` pages.

Pages go to the worker pool (`indexer.page_pool`) when the import is large enough to be worth it,
and a large page goes there even in a small import, so that the time limit for one page holds
wherever a page can be slow. A page whose cleaning did not finish there is kept as plain text.

Progress comes in two forms: `progress(done, total)` for a bar (files and WARC records), and
`on_progress(ImportProgress)` with the pages and files a person counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from indexer import importing, page_pool
from indexer.archive import BATCH, SEARCHABLE_EVERY
from indexer.catalog import NewDocument
from indexer.model import ImportProgress, ImportReport
from indexer.readers import Found, UnreadableFile, read_bytes, shown_path
from indexer.store import content_id
from indexer.warc import WarcProblem, WarcReader, is_warc

if TYPE_CHECKING:
    from indexer.archive import Archive
    from indexer.page_pool import PagePool

PROGRESS_EVERY = 16  # files (or WARC records) between progress reports (callers throttle further)
WARC_BYTES_PER_RECORD = 8 * 1024  # a first guess at a WARC's record count, before any is read


def _estimate_records(path: Path) -> int:
    try:
        return max(1, path.stat().st_size // WARC_BYTES_PER_RECORD)
    except OSError:
        return 1


def estimated_pages(found: Sequence[Found]) -> int:
    """Pages an import will read, roughly: a file is one, a WARC's records are guessed from its size."""
    return sum(_estimate_records(item.path) if is_warc(item.path) else 1 for item in found)


def _remaining(reader: WarcReader) -> int:
    """Records of a WARC still to read, judged by the bytes read so far."""
    if reader.position >= reader.size:
        return 0
    if reader.position <= 0:
        return max(1, reader.size // WARC_BYTES_PER_RECORD)
    return round(reader.records * (reader.size - reader.position) / reader.position)


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
        pool: PagePool | None,
        parallel: bool = True,
        on_progress: Callable[[ImportProgress], None] | None = None,
    ) -> None:
        self.archive = archive
        self.report = report
        self.outlet = outlet
        self.progress = progress
        self.cancelled = cancelled
        self.on_file = on_file
        self.max_bytes = max_bytes
        self.pool = pool  # every page goes there when parallel, else only pages too large to clean here
        self.parallel = parallel
        self.on_progress = on_progress
        self.waiting_bytes: dict[str, bytes] = {}  # read, not yet stored
        self.seen: set[str] = set()
        self.uncommitted: list[str] = []  # catalogued and added to the index, not yet committed there

    def run(self, found: Sequence[Found]) -> None:
        # Progress counts files, and a WARC's records: a WARC's count is estimated from its size
        # until it has been read, then exact.
        self.files_left = sum(1 for item in found if not is_warc(item.path))
        self.warc_estimates = {item.path: _estimate_records(item.path) for item in found if is_warc(item.path)}
        self.files_total = len(found)
        self.done = 0
        self.batch: list = []
        self.pending: list[list] = []
        self._report_progress()
        for item in found:
            if self.cancelled():
                self.report.cancelled = True
                break
            self.report.files += 1
            if is_warc(item.path):
                self._run_warc(item)
                if self.report.cancelled:
                    break
                continue
            if self.on_file:
                self.on_file(shown_path(item.path))
            self.report.pages += 1
            self._submit(self._read(item))
            self.files_left -= 1
            self._step()
        self.pending.append(self.batch)
        for waiting in self.pending:
            self._finish(waiting)
        self._commit()
        self._report_progress()

    def _total(self) -> int:
        return self.done + self.files_left + sum(self.warc_estimates.values())

    def _step(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self._report_progress()

    def _report_progress(self) -> None:
        total = self._total()
        self.progress(self.done, total)
        if self.on_progress is not None:
            self.on_progress(ImportProgress(pages=self.report.pages, files=self.report.files,
                                            files_total=self.files_total, warcs=len(self.warc_estimates),
                                            done=self.done, total=total))

    def _submit(self, job: importing.Job | None) -> None:
        if job is None:
            return
        self.batch.append(page_pool.clean(self.pool, self.parallel, job))
        if len(self.batch) >= BATCH:
            self.pending.append(self.batch)
            self.batch = []
            # Let the pool clean the next batch while this one is stored, catalogued and indexed.
            if len(self.pending) > 1:
                self._finish(self.pending.pop(0))

    def _run_warc(self, item: Found) -> None:
        """Each page record of a WARC on the same path as a page file; cancelling stops between records."""
        shown = shown_path(item.path)
        reader = WarcReader(item.path, shown, self.max_bytes)
        counted = 0
        records = reader.pages()
        try:
            for found in records:
                if isinstance(found, WarcProblem):
                    self.report.pages += 1
                    self.report.failed.append((found.source, found.reason))
                elif found is not None:
                    self.report.pages += 1
                    if self.on_file:
                        self.on_file(found.source)
                    self._submit(self._job(found.data, found.source))
                self.warc_estimates[item.path] = _remaining(reader)
                for _ in range(reader.records - counted):  # the records passed over on the way count too
                    self._step()
                counted = reader.records
                if self.cancelled():
                    self.report.cancelled = True
                    break
        finally:
            records.close()
        self.done += max(0, reader.records - counted)
        self.warc_estimates[item.path] = 0
        summary = reader.skipped_summary()
        if summary:
            self.report.skipped.append((shown, summary))

    def _read(self, item: Found) -> importing.Job | None:
        path = shown_path(item.path)
        try:
            data = read_bytes(item.path, self.max_bytes)
        except UnreadableFile as error:
            self.report.failed.append((path, str(error)))
            return None
        return self._job(data, path)

    def _job(self, data: bytes, path: str) -> importing.Job | None:
        """A job for new bytes; None for bytes already in the archive (a duplicate, reported)."""
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
        results = [self._kept(page_pool.answer(item)) for item in batch]
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

    def _kept(self, result: NewDocument | importing.Failure | importing.Unfinished) -> NewDocument | importing.Failure:
        """A page whose cleaning did not finish is kept as its plain text, and the report says why."""
        if not isinstance(result, importing.Unfinished):
            return result
        kept = importing.plain_document(self.waiting_bytes[result.doc_id], result.path, result.doc_id, self.outlet)
        if isinstance(kept, NewDocument):
            self.report.plain_text.append((result.path, f"{result.reason}; kept as plain text, without metadata"))
        return kept

    def _commit(self) -> None:
        self.archive._commit_index(self.uncommitted)
        self.uncommitted = []
