"""HTML pages: cut the DOM into segments, keeping what the markup says about each block.

Block-level elements (p, h1–h6, li, td, div, …) bound segments; inline elements (a, em,
span, …) do not, so an HTML page never needs the paragraph rebuilding a dump does. Each
segment carries its tag, the share of its text inside links, and whether it sits in markup
that is boilerplate by construction (nav, header, footer, aside, forms, comment blocks), so
the scorer can weigh the same evidence it uses on dumps plus these hints.
"""

from __future__ import annotations

import re

from lxml import etree, html

from indexer.cleaning.segments import Segment

_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "option", "button", "head"}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "tr", "td", "th", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "figure", "figcaption", "form", "fieldset", "br", "hr", "address", "center", "body", "html", "caption", "label",
    "input", "textarea", "details", "summary", "menu",
}  # fmt: skip
_BOILERPLATE_TAGS = {"nav": "navigation", "footer": "page footer", "aside": "sidebar", "form": "form"}
_BOILERPLATE_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|footer|sidebar|side-bar|breadcrumbs?|share|sharing|social|"
    r"related|recommend\w*|promo|newsletter|subscribe|comments?|disqus|cookie\w*|consent|popular|trending|"
    r"advert\w*|ads?|banner|widget|tags|author-bio|byline|caption|credit|masthead|skip|modal|popup|"
    r"outbrain|taboola|teaser|more-stories|read-more|pagination|toolbar)([\s_-]|$)",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# The markup arrives decoded; hand lxml UTF-8 bytes and say so, whatever the page declares.
_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True)


def _markup_reason(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _BOILERPLATE_TAGS:
        return _BOILERPLATE_TAGS[tag]
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    if names.strip():
        found = _BOILERPLATE_NAMES.search(names)
        if found:
            return f"marked “{found.group(2).lower()}” in the page"
    return ""


class _Collector:
    """Walks the tree once, flushing a segment at every block boundary."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.tag = ""
        self.reason = ""

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.parts)).strip()
        if text:
            share = min(1.0, self.link_chars / max(1, len(text)))
            self.segments.append(Segment(text, True, 1, self.tag, share, self.reason))
        self.parts, self.link_chars = [], 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def walk(self, element: etree._Element, tag_of_block: str, reason: str, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIP:
            if tag == "" and element.tail:  # comments and processing instructions keep their tail
                self.add(element.tail, in_link)
            return
        block = tag in _BLOCK
        own_reason = reason or _markup_reason(element)
        if block:
            self.flush()
            self.tag, self.reason = tag, own_reason
        self.add(element.text, in_link or tag == "a")
        for child in element:
            self.walk(child, tag if block else tag_of_block, own_reason, in_link or tag == "a")
            if block:
                self.tag, self.reason = tag, own_reason
        if block:
            self.flush()
            self.tag, self.reason = tag_of_block, reason
        self.add(element.tail, in_link)


_DUMP_SKIP = {"script", "style", "noscript", "template"}


def naive_dump(markup: str) -> str:
    """The page as a naive scraper saves it: every text node on its own line, <title> first.

    The text-dump cleaner then works on it exactly as on a dump made elsewhere, which is
    the robust fallback for HTML when no DOM extractor finds the main content.
    """
    try:
        root = html.document_fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag not in _DUMP_SKIP:
            if element.text:
                pieces.append(element.text)
            for child in element:
                walk(child)
        if element.tail:
            pieces.append(element.tail)

    walk(root)
    lines: list[str] = []
    for line in "\n".join(pieces).splitlines():
        line = line.strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def main_content(markup: str) -> tuple[str, str] | None:
    """trafilatura's main text and title for a page, or None when it is absent or finds nothing.

    trafilatura's DOM pruning is the best there is on HTML; when it is installed the cleaner
    starts from its precision-first output and applies its own line rules and headline on top.
    It is optional: without it the cleaner's own DOM segmentation is used.
    """
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        document = trafilatura.bare_extraction(
            markup, favor_precision=True, include_comments=False, with_metadata=False, fast=True
        )
    except Exception:  # a parser failure on one odd page: fall back to our own segmentation
        return None
    if document is None or not (document.text or "").strip():
        return None
    return document.text, document.title or ""


def html_segments(markup: str) -> tuple[list[Segment], str]:
    """The page's text blocks in document order, and its <title>."""
    try:
        root = html.document_fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return [], ""
    title_element = root.find(".//title")
    title = _SPACE.sub(" ", title_element.text_content()).strip() if title_element is not None else ""
    body = root.find("body")
    collector = _Collector()
    collector.walk(body if body is not None else root, "", "", False)
    collector.flush()
    return collector.segments, title
