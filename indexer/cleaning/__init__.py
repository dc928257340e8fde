"""Cleaning: turn a scraped page (text dump or HTML) into its readable article.

Contract used by the rest of the core — keep it stable:
- `clean(page, boilerplate=frozenset()) -> Article`: title + paragraphs, and every removed block
  with its reason. `boilerplate` holds normalised lines learned from other pages of the same
  outlet (see `learn_boilerplate`), which are removed wherever they appear.
- `learn_boilerplate(texts) -> frozenset[str]`: lines that recur across many pages of one outlet.
- `normalise_line(line) -> str`: the key under which lines are compared.
- `CLEANER_VERSION`: bump when output changes, so archives know to re-clean.

The pipeline, one small module per step: `segments` (cut a dump into paragraphs, gluing lines
broken at inline tags) → `scoring` (how article-like each segment is, with `language`
statistics and the `rules` lexicons) → `selection` (the contiguous body run, its headline, the
reasons for the rest). HTML (`html`) is cleaned as the dump of its text nodes and, when
trafilatura is installed, weighed against its main content (`pipeline`). `batch` cleans
folders for `broadsheet clean`; `evaluation` scores against gold text for the benchmark.
"""

from __future__ import annotations

from indexer.cleaning.boilerplate import learn_boilerplate
from indexer.cleaning.pipeline import clean
from indexer.cleaning.scoring import normalise_line

CLEANER_VERSION = "1.1"

__all__ = ["CLEANER_VERSION", "clean", "learn_boilerplate", "normalise_line"]
