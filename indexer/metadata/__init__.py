"""Metadata: publication date, outlet, author, URL, language and title of a page, each with its source.

Contract used by the rest of the core — keep it stable:
- `extract(page, article=None) -> Metadata`: every field a `Value(value, source, confidence)` or None.
  Unknown beats wrong.
- `normalise_outlet(name) -> str`: one outlet, one name, whatever spelling or domain.
- `DATE_CONFIDENCE_THRESHOLD`: below it a found date is only a candidate, not the facet's date.
- `METADATA_VERSION`: bump when output changes.

This first version is deliberately simple; the metadata issue replaces its internals.
"""

from __future__ import annotations

import re

from indexer.model import Article, Metadata, Page, Value

METADATA_VERSION = "0.1"
DATE_CONFIDENCE_THRESHOLD = 0.5

_LABELLED_DATE = re.compile(
    r"^(?:Updated|Published|Posted)(?: on)?:?\s+([A-Z][a-z]+ \d{1,2}, \d{4})", re.MULTILINE
)


def normalise_outlet(name: str, aliases=None) -> str:
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.strip()).rstrip("/")
    if aliases:
        return aliases.get(name.casefold(), name)
    return name


def extract(page: Page, article: Article | None = None) -> Metadata:
    import datetime as dt

    date = None
    match = _LABELLED_DATE.search(page.text)
    if match:
        try:
            day = dt.datetime.strptime(match.group(1), "%B %d, %Y").date()
            date = Value(day.isoformat(), "text:labelled-line", 0.9)
        except ValueError:
            date = None
    title = Value(article.title, "cleaner") if article and article.title else None
    return Metadata(title=title, date=date)
