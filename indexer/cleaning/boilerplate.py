"""Learning an outlet's boilerplate from the archive: lines that recur across its pages.

A masthead, a tagline or "Think your friends would be interested?" appears on every page
of an outlet, while a sentence of a story appears on one. Counting, per normalised line, on
how many pages of the outlet it occurs separates the two without any rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from indexer.cleaning.scoring import normalise_line

# Lines longer than this are article sentences even when syndicated to several pages.
_MAX_WORDS = 30


def learn_boilerplate(texts: Iterable[str], min_pages: int = 3, min_share: float = 0.5) -> frozenset[str]:
    """Normalised lines found on at least `min_share` of the pages (and at least `min_pages`).

    `texts` are the original pages of one outlet (dumps or HTML source alike: for HTML the
    text lines of the markup are compared). Fewer than `min_pages` pages teach nothing.
    """
    counts: Counter[str] = Counter()
    pages = 0
    for text in texts:
        pages += 1
        counts.update({key for key in map(normalise_line, text.splitlines()) if key})
    if pages < min_pages:
        return frozenset()
    needed = max(min_pages, min_share * pages)
    return frozenset(key for key, n in counts.items() if n >= needed and len(key.split()) <= _MAX_WORDS)
