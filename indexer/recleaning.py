"""Re-cleaning an archive with what it has taught us (runs under the archive's writer lock).

Pages whose outlet is known (stated by the page or given at import, never guessed) teach three
things: each outlet's recurring boilerplate lines (removed from its pages), its fingerprint (which
names the outlet of pages that do not say it) and the site's one name (a domain or other
spelling becomes an alias of the name its pages use). Every page is then cleaned and described
again from its original. User edits live apart, so none is lost.

Pages are cleaned as an import cleans them (`page_pool.open_pool`): in worker processes when
there are many, each under the time limit for one page, the pool cleaning one batch while the
one before is written (a transaction per batch, then re-indexed). A page whose cleaning overruns
the limit, whose worker dies, whose cleaning fails or whose original cannot be read keeps the
cleaning it had (a plain-text fallback never replaces a good cleaning) and is listed in the
`RecleanReport` with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from indexer import importing, page_pool
from indexer.catalog import NewDocument
from indexer.cleaning import learn_boilerplate
from indexer.documents import document_from_row
from indexer.metadata import learn_aliases, learn_fingerprints
from indexer.model import RecleanReport
from indexer.readers import UnreadableFile, page_from_bytes

if TYPE_CHECKING:
    from indexer.archive import Archive
    from indexer.page_pool import PagePool

log = logging.getLogger(__name__)

EXAMPLES_PER_OUTLET = 300  # pages read to learn one outlet: plenty for recurring lines, bounded time


def reclean(archive: Archive, progress: Callable[[int, int], None], cancelled: Callable[[], bool], *,
            workers: int | None = None, page_timeout: float | None = None) -> RecleanReport:
    from indexer.archive import BATCH

    learn_site_names(archive)
    archive.unify_outlet_spellings()  # before learning boilerplate: one outlet's pages together
    learn_outlets(archive)
    learned = archive._learned()
    importing.set_context(learned)  # pages cleaned here; the pool's workers get it when they start
    ids = archive.catalog.all_ids()
    report = RecleanReport(total=len(ids))
    pool, parallel = page_pool.open_pool(len(ids), workers, learned, page_timeout)
    try:
        sent: tuple[list[str], dict[str, dict], list] | None = None  # a batch being cleaned
        for start in range(0, len(ids), BATCH):
            if cancelled():
                report.cancelled = True
                break
            chunk = ids[start:start + BATCH]
            rows = archive.catalog.get_many(chunk)
            cleaning = (chunk, rows, [_send(archive, pool, parallel, rows[i]) for i in chunk if i in rows])
            if sent is not None:  # the pool cleans this batch while the one before is written
                _write(archive, report, *sent)
                progress(report.pages, len(ids))
            sent = cleaning
        if sent is not None and (not report.cancelled or all(_ready(c) for c in sent[2])):
            _write(archive, report, *sent)
            progress(report.pages, len(ids))
    finally:
        if pool is not None:
            pool.shutdown()  # a cancelled batch's pages still in the pool are dropped, left as they were
    if report.kept:
        log.warning("re-cleaning left %d page(s) as they were", len(report.kept))
    return report


def _send(archive: Archive, pool: PagePool | None, parallel: bool, row: dict) -> object:
    """A catalog row's page sent to be cleaned again: a future, or the answer itself."""
    source = row["source_path"] or "page.txt"  # text, not Path(): that folds a WARC URL's "//"
    try:
        data = archive.store.get(row["id"])
    except OSError as error:
        return importing.Failure(source, f"its original could not be read ({error.strerror or error})", row["id"])
    option = row["extracted"].get("outlet")
    outlet_option = option.value if option and option.source == "option" else None
    return page_pool.clean(pool, parallel, importing.Job(row["id"], source, data, outlet_option))


def _ready(cleaning: object) -> bool:
    return not isinstance(cleaning, Future) or cleaning.done()


def _write(archive: Archive, report: RecleanReport, chunk: list[str], rows: dict[str, dict], sent: list) -> None:
    """One batch in one transaction: each page cleaned again, or kept as it was (and listed)."""
    updates = []
    for cleaning in sent:
        new = page_pool.answer(cleaning)
        if isinstance(new, NewDocument):
            updates.append((new.id, new.title, new.body, new.removed, new.extracted,
                            new.cleaner_version, new.metadata_version))
        else:  # its last cleaning stays: a plain-text fallback must never replace a good cleaning
            row = rows.get(new.doc_id) or {}
            report.kept.append((row.get("source_path") or new.doc_id, new.reason))
    archive.catalog.update_cleaned(updates)
    archive._refresh_documents(chunk)
    report.pages += len(chunk)


def learn_outlets(archive: Archive) -> None:
    """Each known outlet's boilerplate lines and fingerprint, kept in the catalog."""
    aliases = archive.catalog.aliases()
    by_outlet: dict[str, list[str]] = {}
    for rows in archive.catalog.iter_rows():
        for row in rows:
            known = document_from_row(row, aliases).metadata.get("outlet")
            # A guessed outlet must not teach the guesser: only stated or given outlets do.
            if known and known.source != "fingerprint":
                examples = by_outlet.setdefault(known.value, [])
                if len(examples) < EXAMPLES_PER_OUTLET:
                    examples.append(row["id"])
    boilerplate: dict[str, tuple[frozenset[str], int]] = {}
    examples: list[tuple[str, str]] = []
    for outlet, ids in by_outlet.items():
        texts = [t for t in (_decoded(archive, i) for i in ids) if t is not None]
        boilerplate[outlet] = (learn_boilerplate(texts), len(ids))
        examples.extend((text, outlet) for text in texts)
    archive.catalog.set_boilerplate(boilerplate)
    archive.catalog.set_fingerprints(learn_fingerprints(examples))


def learn_site_names(archive: Archive) -> None:
    """Give each site one name: where some pages name a site and others give only its domain
    (or another spelling of the name), the domain and spellings become aliases of that name.
    The user's own merges are never overridden."""
    observations: list[tuple[str | None, str]] = []
    for rows in archive.catalog.iter_rows():
        for row in rows:
            outlet, url = row["extracted"].get("outlet"), row["extracted"].get("url")
            if outlet and outlet.source not in ("fingerprint", "option"):
                observations.append((url.value if url else None, outlet.value))
    existing = archive.catalog.aliases()
    for alias, name in learn_aliases(observations).items():
        # "mopo.de" → "MOPO.de" too: a spelling that differs only in case is another facet entry.
        if alias.casefold() not in existing and alias != name:
            archive.catalog.set_alias(alias.casefold(), name)


def _decoded(archive: Archive, doc_id: str) -> str | None:
    try:
        return page_from_bytes(archive.store.get(doc_id), Path("page.txt")).text
    except (OSError, UnreadableFile):
        return None
