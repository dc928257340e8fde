"""What an HTML page states about itself: meta tags, JSON-LD, `<time>` elements, links, and its
visible text as lines — parsed once with lxml so every extractor reads the same facts.

Broken markup is the norm in scraped pages; lxml's HTML parser recovers from it, and a page
it cannot parse at all yields empty facts rather than an error (metadata is best effort).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree, html

_STRIPPED = ("script", "style", "noscript", "template", "svg")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimeElement:
    """A `<time>` (or an element marked up as a date) and what marks it as the publication."""

    value: str  # the datetime attribute, else its text
    text: str
    published: bool  # itemprop=datePublished, pubdate, or a class saying "published"
    modified: bool


@dataclass(slots=True)
class HtmlFacts:
    """Everything the metadata extractors read from one HTML page."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property → contents
    jsonld: list[dict] = field(default_factory=list)  # every JSON-LD object, @graph flattened
    times: list[TimeElement] = field(default_factory=list)
    canonical: str | None = None
    lang: str | None = None
    title: str | None = None
    h1: str | None = None
    # The article's own heading: the <h1> or <h2> sharing most words with the page's title
    # (the first <h1> is sometimes a hidden "Navigation" or the site's logo), else the first <h1>.
    headline: str | None = None
    text: str = ""  # visible text, one text node per line (as a naive scraper saves it)
    # Text of elements the markup calls a date or byline ("post-date", "article__meta"): the
    # page's own stamp; `aside_stamps` are such elements inside comments, teasers, sidebars.
    stamps: set[str] = field(default_factory=set)
    aside_stamps: set[str] = field(default_factory=set)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value and value.strip():
                    return value.strip()
        return None


def parse_html(source: str) -> html.HtmlElement | None:
    """The page's element tree, or None if `source` is not parseable HTML. Parse once: the
    tree can go to htmldate (which copies what it prunes) and then to `read_html`."""
    source = _XML_DECLARATION.sub("", source, count=1)
    if not source.strip():
        return None
    try:
        root = html.fromstring(source)
    except (etree.ParserError, ValueError):
        return None
    return root if isinstance(root.tag, str) else None


def read_html(source: str | html.HtmlElement | None) -> HtmlFacts:
    """Collect the facts of a page (its source, or its tree from `parse_html`); empty facts if
    it is not parseable HTML. A tree is consumed: scripts, styles and comments are stripped
    from it in place once everything else has been read."""
    facts = HtmlFacts()
    root = parse_html(source) if isinstance(source, str) else source
    if root is None:
        return facts
    facts.lang = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
        content = el.get("content")
        if key and content is not None:
            facts.meta.setdefault(key.strip().lower(), []).append(content)
    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        if "canonical" in rel and el.get("href") and not facts.canonical:
            facts.canonical = el.get("href").strip()
    for el in root.iter("script"):
        if (el.get("type") or "").lower().strip() == "application/ld+json" and el.text:
            facts.jsonld.extend(_json_objects(el.text))
    facts.times = _time_elements(root)
    facts.stamps, facts.aside_stamps = _stamp_texts(root)
    title = root.find(".//title")
    if title is not None:
        facts.title = " ".join(title.text_content().split()) or None
    h1 = root.find(".//h1")
    if h1 is not None:
        facts.h1 = " ".join(h1.text_content().split()) or None
    facts.headline = _headline(root, facts)
    facts.text = _visible_text(root)
    return facts


def _json_objects(text: str) -> list[dict]:
    text = text.strip().rstrip(";")
    try:
        data = json.loads(text)
    except ValueError:
        # Sites paste JSON-LD with raw newlines inside strings; a lenient retry saves most.
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            return _salvaged(text)
    found: list[dict] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            item["@type"] = _short_types(item.get("@type"))
            found.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))
            # A page object may hold its article as its main entity ({"@type": "WebPage",
            # "mainEntity": {"@type": "NewsArticle", "datePublished": …}}). Only this key is
            # followed: other nested objects are reviews, comments or lists of other pages.
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
    return found


_SCHEMA_PREFIX = re.compile(r"^https?://schema\.org/", re.IGNORECASE)


def _short_types(types: object) -> object:
    """"https://schema.org/NewsArticle" is the type "NewsArticle" written as an IRI."""
    if isinstance(types, str):
        return _SCHEMA_PREFIX.sub("", types)
    if isinstance(types, list):
        return [_SCHEMA_PREFIX.sub("", t) if isinstance(t, str) else t for t in types]
    return types


_LD_FIELD = re.compile(r'"(@type|datePublished|dateCreated|dateModified)"\s*:\s*"([^"\n]{1,80})"')


def _salvaged(text: str) -> list[dict]:
    """The type and dates of a JSON-LD block that is not JSON (single-quoted strings, unescaped
    quotes or `//` comments somewhere in it): its date fields are plain strings, readable on
    their own. It stands as one object of every type the block names, with the first value of
    each date field (the page's own object leads a block; its parts follow)."""
    obj: dict = {"@type": []}
    for key, value in _LD_FIELD.findall(text):
        if key == "@type":
            obj["@type"].append(_short_types(value))
        else:
            obj.setdefault(key, value)
    return [obj] if obj["@type"] and len(obj) > 1 else []


_HATOM = re.compile(r"\b(?:published|updated)\b", re.IGNORECASE)


def _time_elements(root: html.HtmlElement) -> list[TimeElement]:
    found: list[TimeElement] = []
    # XPath picks the few elements that can qualify (document order) without visiting the rest.
    for el in root.xpath("//time | //*[@itemprop] | //abbr[@title and @class]"):
        if not isinstance(el.tag, str):
            continue
        itemprop = (el.get("itemprop") or "").lower()
        # hAtom microformat: <abbr class="published" title="2019-10-19T07:00:00+02:00">
        abbr = el.tag == "abbr" and _HATOM.search(el.get("class") or "") is not None
        if el.tag != "time" and not abbr and itemprop not in ("datepublished", "datemodified", "datecreated"):
            continue
        value = el.get("datetime") or el.get("content") or (el.get("title") if abbr else None) or el.text_content() or ""
        marks = " ".join(filter(None, (itemprop, el.get("class"), el.get("id")))).lower()
        published = el.get("pubdate") is not None or any(
            w in marks for w in ("datepublished", "datecreated", "publish", "pubdate", "entry-date"))
        modified = "modified" in marks or "updated" in marks
        found.append(TimeElement(value.strip(), " ".join(el.text_content().split()), published, modified))
        if len(found) >= 50:
            break
    return found


_STAMP_MARK = re.compile(r"date|time|datum|zeit|publish|posted|byline|dateline|meta|stamp|author|autor",
                         re.IGNORECASE)
_ASIDE_MARK = re.compile(r"comment|related|teaser|sidebar|widget|footer|recommend|popular|trending|"
                         r"similar|more-|reply|respons(?!ive)|kommentar|further|latest|newsticker|ticker|"
                         r"archive|calendar|event", re.IGNORECASE)


def _headline(root: html.HtmlElement, facts: HtmlFacts) -> str | None:
    titles = [facts.title] + [v[0] for key in ("og:title", "twitter:title") if (v := facts.meta.get(key))]
    title_words = set(_WORD.findall(" ".join(filter(None, titles)).lower()))
    best, best_shared = facts.h1, 0
    for el in root.iter("h1", "h2"):
        text = " ".join(el.text_content().split())
        words = set(_WORD.findall(text.lower()))
        shared = len(words & title_words)
        if words and shared > best_shared and shared >= min(2, len(words)):
            best, best_shared = text, shared
    return best


_WORD = re.compile(r"\w{3,}")


def _marks(el: html.HtmlElement) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))


def _stamp_texts(root: html.HtmlElement) -> tuple[set[str], set[str]]:
    stamps: set[str] = set()
    aside: set[str] = set()
    for el in root.xpath("//*[@class or @id or @itemprop]"):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "script", "style"):
            continue
        marks = _marks(el)
        if not marks or not _STAMP_MARK.search(marks):
            continue
        lines = [" ".join(t.split()) for t in el.itertext()]
        lines = [line for line in lines if line and any(ch.isdigit() for ch in line) and len(line) <= 120]
        if not lines or len(lines) > 8:
            continue
        hidden = any(_ASIDE_MARK.search(_marks(a)) for a in el.iterancestors() if isinstance(a.tag, str))
        (aside if hidden or _ASIDE_MARK.search(marks) else stamps).update(lines)
        if len(stamps) + len(aside) > 400:
            break
    return stamps - aside, aside


def _visible_text(root: html.HtmlElement) -> str:
    # Strips in place: read_html has taken everything else it needs from the tree by now.
    etree.strip_elements(root, *_STRIPPED, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    lines = (" ".join(t.split()) for t in root.itertext())
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
    return "\n".join(out)

