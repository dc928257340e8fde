"""Learning outlets' fingerprints from pages whose outlet is known, to name the outlet of others.

Pages of one outlet share boilerplate: the same first lines (masthead, menu) and last lines
(footer, newsletter box). `learn_fingerprints` keeps, for each outlet, the lines that recur on
at least `min_pages` of its pages and on no other outlet's pages; `guess_outlet` names the
outlet whose fingerprint a new page matches clearly. Both are pure functions over text, so the
archive decides when to learn (after an import, after a user edit) and where to keep the result.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from indexer.model import Value

EDGE_LINES = 30  # how many first and last lines count as the page's frame


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Lines that mark an outlet's pages, and how many pages taught them."""

    outlet: str
    lines: frozenset[str]
    pages: int


def _edge_lines(text: str) -> set[str]:
    lines = [" ".join(line.split()).casefold() for line in text.splitlines()]
    lines = [line for line in lines if 4 <= len(line) <= 200 and not re.fullmatch(r"[\W\d_]+", line)]
    return set(lines[:EDGE_LINES]) | set(lines[-EDGE_LINES:])


def learn_fingerprints(pages: Iterable[tuple[str, str]], *, min_pages: int = 2) -> dict[str, Fingerprint]:
    """Fingerprints from `(text, outlet)` pairs: lines recurring within an outlet, unique to it."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for text, outlet in pages:
        counts[outlet].update(_edge_lines(text))
        totals[outlet] += 1
    owners: Counter[str] = Counter()
    for outlet, lines in counts.items():
        owners.update(line for line, n in lines.items() if n >= min_pages)
    found: dict[str, Fingerprint] = {}
    for outlet, lines in counts.items():
        # Lines on every outlet's pages ("Share", "Menu") say nothing about any one of them.
        own = frozenset(line for line, n in lines.items() if n >= min_pages and owners[line] == 1)
        if own:
            found[outlet] = Fingerprint(outlet, own, totals[outlet])
    return found


def guess_outlet(text: str, fingerprints: Mapping[str, Fingerprint], *, min_lines: int = 2) -> Value | None:
    """The outlet whose fingerprint `text` matches on at least `min_lines` lines, if one clearly
    leads; confidence grows with the share of the fingerprint matched."""
    edges = _edge_lines(text)
    scored = sorted(((len(fp.lines & edges), fp) for fp in fingerprints.values()), key=lambda x: -x[0])
    if not scored or scored[0][0] < min_lines:
        return None
    best, fp = scored[0]
    if len(scored) > 1 and scored[1][0] * 2 > best:
        return None
    confidence = min(0.9, 0.5 + 0.4 * best / max(1, len(fp.lines)))
    return Value(fp.outlet, "fingerprint", round(confidence, 3))
