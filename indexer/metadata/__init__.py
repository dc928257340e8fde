"""Metadata: publication date, outlet, author, URL, language and title of a page, each with its source.

Contract used by the rest of the core — keep it stable:
- `extract(page, article=None, *, today=None, use_htmldate=True) -> Metadata`: every field a
  `Value(value, source, confidence)` or None. Unknown beats wrong. Low-confidence dates are
  still returned, with their confidence: the archive applies `DATE_CONFIDENCE_THRESHOLD` and
  shows a date below it as a candidate for the user to confirm.
- `normalise_outlet(name, aliases=None) -> str`: one outlet, one name, whatever spelling or
  domain; `aliases` (alias → canonical) are the archive's user merges and win.
- `describe(page, article=None) -> dict`: the JSON shape `broadsheet meta --json` prints.
- `learn_fingerprints(pages) -> {outlet: Fingerprint}` and `guess_outlet(text, fingerprints)
  -> Value | None`: learn outlets' recurring first/last lines from `(text, outlet)` pairs of
  pages whose outlet is known, then name the outlet of a page that does not say it (source
  "fingerprint"). Pure functions; the archive decides when to learn and where to keep them.
- `learn_aliases([(url, outlet), …]) -> {alias: canonical}`: from pages already described,
  entries that give a site one name everywhere ("tagblatt.ch" → "St.Galler Tagblatt" once some
  pages name it; "Zeit Online" → "ZEIT ONLINE"). Pure; the archive may merge them into its
  alias table (user merges still win in `normalise_outlet`).
- `DATE_CONFIDENCE_THRESHOLD`: below it a found date is only a candidate, not the facet's date.
- `METADATA_VERSION`: bump when output changes.

Modules: `rules` (all vocabularies, as data), `datefind` (date strings → days), `textdates`
(which date in a text is the stamp), `htmlpage` (an HTML page's stated facts), `dates` (weighing
all date evidence), `outlets`, `people` (authors), `language`, `fingerprints`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "DATE_CONFIDENCE_THRESHOLD", "METADATA_VERSION", "Fingerprint", "describe", "extract",
    "guess_outlet", "learn_aliases", "learn_fingerprints", "normalise_outlet",
]

# 1.5: other days a page gives as its date are kept (`Metadata.other_dates`); 1.6: outlet names
# from taglines, legal forms, copyright holders and self-styled domains ("Express.co.uk").
METADATA_VERSION = "1.6"
# Set from the dev benchmark (docs/BENCHMARKS.md): the confidence above which a date is
# right often enough to file under its month without asking the user.
DATE_CONFIDENCE_THRESHOLD = 0.75

if TYPE_CHECKING:
    from indexer.metadata.extracting import describe, extract
    from indexer.metadata.fingerprints import Fingerprint, guess_outlet, learn_fingerprints
    from indexer.metadata.outlets import learn_aliases, normalise_outlet


def __getattr__(name: str) -> object:
    """The package's functions, loaded on first use: an archive's first search needs only outlet
    names (`normalise_outlet`), not the date finders and lxml that describing a page loads
    (about 50 ms). The imports are spelt out so that freezing finds every module."""
    if name in ("extract", "describe", "_page_url", "_path_hints"):
        from indexer.metadata import extracting as module
    elif name in ("Fingerprint", "guess_outlet", "learn_fingerprints"):
        from indexer.metadata import fingerprints as module
    elif name in ("learn_aliases", "normalise_outlet"):
        from indexer.metadata import outlets as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value
