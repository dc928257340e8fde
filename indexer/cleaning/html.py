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


def parse(markup: str) -> html.HtmlElement | None:
    """The page's DOM, parsed once for both `naive_dump` and `main_content`; None if unparsable."""
    try:
        return html.document_fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def naive_dump(page: str | html.HtmlElement | None) -> str:
    """The page as a naive scraper saves it: every text node on its own line, <title> first.

    The text-dump cleaner then works on it exactly as on a dump made elsewhere. Takes the
    markup or its parsed tree (which it leaves untouched).
    """
    root = parse(page) if isinstance(page, str) else page
    if root is None:
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


def main_content(page: str | html.HtmlElement | None) -> tuple[str, str] | None:
    """trafilatura's main text and title for a page, or None when it is absent or finds nothing.

    trafilatura's DOM pruning is the best there is on HTML; when it is installed the cleaner
    weighs its precision-first output against its own. It is optional. Given a parsed tree,
    trafilatura prunes that tree in place: call `naive_dump` on it first.
    """
    if page is None:
        return None
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        document = trafilatura.bare_extraction(
            page, favor_precision=True, include_comments=False, with_metadata=False, fast=True
        )
    except Exception:  # a parser failure on one odd page: fall back to our own segmentation
        return None
    if document is None or not (document.text or "").strip():
        return None
    return document.text, document.title or ""
