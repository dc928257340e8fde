"""Outlet names across an archive: merging names into one, the rules merges and re-cleaning leave
(an alias per name), undoing them, and filing the spellings pages give one outlet apart under one
name.

Functions over an open `Archive`, called under its writer lock; `Archive.merge_outlets`,
`outlet_rules`, `remove_outlet_rules` and `unify_outlet_spellings` are their public face. A rule
is an alias (case-folded) → outlet name in the catalog; the archive applies it when it reads a
page's values, so every rule holds for pages imported later too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.archive import Archive

SPELLING_SAMPLE = 50  # pages per outlet name read to tell which sites a spelling's pages come from


def merge(archive: Archive, names: Iterable[str], into: str) -> int:
    """File `names` (and whatever they already stand for) under `into`; returns documents changed."""
    names = [n.strip() for n in names if n.strip()]
    current = set(names) | set(archive.canonical_outlets(names))
    archive.catalog.forget_apart([name.casefold() for name in current])  # the user says: one outlet
    for name in current:
        if name != into:  # "FOCUS online" into "FOCUS Online" too: the spelling is the name
            archive.catalog.set_alias(name.casefold(), into)
    ids = archive.catalog.ids_with_outlet(sorted(current))
    archive._refresh_documents(ids)
    return len(ids)


def remove(archive: Archive, aliases: Iterable[str]) -> int:
    """Remove rules: pages naming a removed alias go back to the name they give themselves, and the
    names stay apart from then on. Returns how many pages changed outlet."""
    rules = archive.catalog.aliases()
    gone = sorted({a.strip().casefold() for a in aliases} & set(rules))
    if not gone:
        return 0
    targets = sorted({rules[a] for a in gone})
    ids = archive.catalog.ids_with_outlet(targets)
    archive.catalog.remove_aliases(gone, keep_apart=True)  # not filed together again by spelling
    docs = archive._refresh_documents(ids)
    return sum(1 for d in docs if d.outlet not in targets)


def unify_spellings(archive: Archive) -> int:
    """File the spellings of one outlet under one name as rules (`metadata.spellings`), leaving
    the names the user separated apart. Returns the pages that changed outlet."""
    from indexer.metadata.outlets import host_of
    from indexer.metadata.spellings import same_outlet_spellings

    apart = archive.catalog.outlets_apart()
    counts = {name: n for name, n in archive.catalog.outlet_counts().items() if name.casefold() not in apart}

    def sites_of(name: str) -> list[str]:
        # A sample of the pages is enough to tell two sites apart.
        rows = archive.catalog.get_many(archive.catalog.ids_with_outlet([name])[:SPELLING_SAMPLE])
        urls = (row["extracted"].get("url") for row in rows.values())
        return [host for url in urls if url and (host := host_of(url.value))]

    merges = same_outlet_spellings(counts, sites_of)
    if not merges:
        return 0
    for name, kept in merges.items():
        archive.catalog.set_alias(name.casefold(), kept)
    return len(archive._refresh_documents(archive.catalog.ids_with_outlet(sorted(merges))))
