"""Cleaning: turn a scraped page (text dump or HTML) into its readable article.

Contract used by the rest of the core — keep it stable:
- `clean(page, boilerplate=frozenset()) -> Article`: title + paragraphs, and every removed block
  with its reason. `boilerplate` holds normalised lines learned from other pages of the same
  outlet (see `learn_boilerplate`), which are removed wherever they appear.
- `learn_boilerplate(texts) -> frozenset[str]`: lines that recur across many pages of one outlet.
- `normalise_line(line) -> str`: the key under which lines are compared.
- `CLEANER_VERSION`: bump when output changes, so archives know to re-clean.

This first version is deliberately simple; the cleaning issue replaces its internals.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from indexer.model import Article, Page, RemovedBlock

CLEANER_VERSION = "0.1"

_SENTENCE_END = re.compile(r"[.!?…\"”’)»]\s*$")
_WORD = re.compile(r"\w+")


def normalise_line(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def learn_boilerplate(texts: Iterable[str], min_pages: int = 3, min_share: float = 0.5) -> frozenset[str]:
    counts: Counter[str] = Counter()
    pages = 0
    for text in texts:
        pages += 1
        counts.update({normalise_line(line) for line in text.splitlines() if line.strip()})
    if pages < min_pages:
        return frozenset()
    return frozenset(key for key, n in counts.items() if key and n >= max(min_pages, min_share * pages))


def _page_lines(page: Page) -> list[str]:
    if page.kind == "html":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(page.text, "lxml")
        for tag in soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        text = soup.get_text("\n")
    else:
        text = page.text
    return [line.strip() for line in text.splitlines()]


def clean(page: Page, boilerplate: frozenset[str] = frozenset()) -> Article:
    lines = [line for line in _page_lines(page) if line]
    removed: list[RemovedBlock] = []
    title = ""
    paragraphs: list[str] = []
    for line in lines:
        words = len(_WORD.findall(line))
        if normalise_line(line) in boilerplate:
            removed.append(RemovedBlock(line, "recurs on other pages of this outlet"))
        elif not title and 3 <= words <= 30 and not _SENTENCE_END.search(line):
            title = line
        elif words >= 12 and _SENTENCE_END.search(line):
            if line != title:
                paragraphs.append(line)
        else:
            removed.append(RemovedBlock(line, "too short to be article text"))
    return Article(title=title, paragraphs=tuple(paragraphs), removed=tuple(removed))
