"""HTML pages: the page's text nodes as a dump, and (optionally) a DOM extractor's main content.

Broadsheet cleans HTML in two ways and keeps the better: its own text-dump cleaner run on the
page's text nodes (`naive_dump`, exactly what a naive scraper would have saved), and
trafilatura's precision-first main content when that package is installed (`main_content`).
The pipeline compares the two (see `indexer.cleaning.pipeline`).
"""

from __future__ import annotations

from lxml import etree, html

# The markup arrives decoded; hand lxml UTF-8 bytes and say so, whatever the page declares.
_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True)


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
