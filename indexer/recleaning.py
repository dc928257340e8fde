"""Re-cleaning an archive with what it has taught us (runs under the archive's writer lock).

Pages whose outlet is known (stated by the page or given at import, never guessed) teach three
things: each outlet's recurring boilerplate lines (removed from its pages), its fingerprint (which
names the outlet of pages that do not say it) and the site's one name (a domain or other
spelling becomes an alias of the name its pages use). Every page is then cleaned and described
again from its original. User edits live apart, so none is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from indexer import importing
from indexer.catalog import NewDocument
from indexer.cleaning import learn_boilerplate
from indexer.documents import document_from_row
from indexer.metadata import learn_aliases, learn_fingerprints
from indexer.readers import UnreadableFile, page_from_bytes

if TYPE_CHECKING:
    from indexer.archive import Archive

EXAMPLES_PER_OUTLET = 300  # pages read to learn one outlet: plenty for recurring lines, bounded time


def reclean(archive: Archive, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    from indexer.archive import BATCH

    learn_site_names(archive)
    archive.unify_outlet_spellings()  # before learning boilerplate: one outlet's pages together
    learn_outlets(archive)
    importing.set_context(archive._learned())
    ids = archive.catalog.all_ids()
    done = 0
    for start in range(0, len(ids), BATCH):
        if cancelled():
            break
        chunk = ids[start:start + BATCH]
        rows = archive.catalog.get_many(chunk)
        updates = []
        for doc_id in chunk:
            new = _redescribe(archive, rows[doc_id])
            if new is not None:
                updates.append((doc_id, new.title, new.body, new.removed, new.extracted,
                                new.cleaner_version, new.metadata_version))
        archive.catalog.update_cleaned(updates)
        archive._refresh_documents(chunk)
        done += len(chunk)
        progress(done, len(ids))
    return done


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


def _redescribe(archive: Archive, row: dict) -> NewDocument | None:
    try:
        data = archive.store.get(row["id"])
        page = page_from_bytes(data, row["source_path"] or "page.txt")  # text: Path() folds a WARC URL's "//"
    except (OSError, UnreadableFile):
        return None
    option = row["extracted"].get("outlet")
    outlet_option = option.value if option and option.source == "option" else None
    return importing.describe_page(page, row["id"], len(data), outlet_option)
