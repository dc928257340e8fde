"""The author of a page: structured data first, then a byline next to the headline.

Only a person-shaped name is accepted from a byline ("Von Heike Buchter", "By Jane Doe"): two to
four capitalised words. A wire credit ("AFP") from structured data is kept, since the page does
credit it as the author; a byline that is a sentence is not an author.
"""

from __future__ import annotations

import re

from indexer.metadata import rules
from indexer.metadata.htmlpage import HtmlFacts
from indexer.model import Value

_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:von|van|de|der|del|da|di|le|la|al|bin)?\s*[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}"
_BYLINE = re.compile(
    rf"^(?:{'|'.join(re.escape(w) for w in rules.BYLINE_WORDS)})\s*:?\s+({_NAME})\s*(?:$|[,|·(]|\s+und\s|\s+and\s)",
    re.IGNORECASE)
_BYLINE_ALONE = re.compile(rf"^(?:{'|'.join(re.escape(w) for w in rules.BYLINE_WORDS)})\s*:?$", re.IGNORECASE)
_PERSON = re.compile(rf"^{_NAME}$")
_DOMAIN_LIKE = re.compile(r"^\s*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\s*$", re.IGNORECASE)


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def structured_author(facts: HtmlFacts) -> Value | None:
    for obj in facts.jsonld:
        types = obj.get("@type")
        types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
        if types & rules.ARTICLE_TYPES:
            names = [n.strip() for n in _names(obj.get("author")) if n.strip() and "://" not in n]
            if names:
                return Value(", ".join(dict.fromkeys(names))[:200], "json-ld", 0.9)
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
        value = facts.first(key)
        # A domain or URL in the author field names the site, not a person.
        if value and "://" not in value and not _DOMAIN_LIKE.match(value) and len(value) <= 100:
            return Value(re.sub(r"^(?:by|von)\s+", "", value, flags=re.IGNORECASE), f"meta:{key}", 0.8)
    return None


def text_author(lines: list[str], headline: int | None) -> Value | None:
    """A byline within a few lines of the headline (or the top of the text)."""
    start = headline if headline is not None else 0
    window = lines[start: start + 25]
    for k, line in enumerate(window):
        m = _BYLINE.match(line)
        if m:
            return Value(m.group(1).strip(), "text:byline", 0.7)
        # Dumps split "Von <a>Heike Buchter</a>" over two lines.
        if _BYLINE_ALONE.match(line) and k + 1 < len(window) and _PERSON.match(window[k + 1]):
            return Value(window[k + 1], "text:byline", 0.65)
    return None
