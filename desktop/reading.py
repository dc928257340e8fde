"""What the reader shows, prepared apart from the view: a document with its original text, where
the cleaner's removed blocks sit in that text, and where each metadata value came from, in words.

`load_document` runs on a read worker; the rest is plain functions the reader and tests share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.archive import Archive
from indexer.model import Document, RemovedBlock, Value

SOURCE_NAMES = {  # read after “from”
    "user": "your correction",
    "cleaner": "the page's headline",
    "option": "the outlet named at import",
    "url": "the page address",
    "path": "the file's name or folder",
    "json-ld": "structured data in the page",
    "title-element": "the page's <title>",
    "title-suffix": "the end of the page title",
    "masthead": "the page's masthead",
    "first-line": "the first line",
    "fingerprint": "pages seen from this outlet",
    "self-reference": "the text naming itself",
    "url-path": "the page address",
    "htmldate": "the page's markup (htmldate)",
    "time-element": "a dated element in the page",
    "time-unmarked": "a dated element in the page",
}


def describe_source(source: str) -> str:
    """A librarian's words for where a value came from (the raw source stays in the tooltip)."""
    if source in SOURCE_NAMES:
        return SOURCE_NAMES[source]
    if source.startswith("meta:"):
        return f"the page's {source[5:]} tag"
    if source.startswith("text:"):
        return f"the text ({source[5:].replace('-', ' ')})"
    if source.startswith("folder"):
        return "the folder name"
    return source


def other_date_caption(other: Value) -> str:
    """A button's words for another day the page gives as its date."""
    return f"{other.value} (from {describe_source(other.source)})"


def locate_blocks(text: str, blocks: tuple[RemovedBlock, ...]) -> list[tuple[int, int, str]]:
    """Where each removed block sits in the original text, as (start, end, reason).

    The cleaner may have normalised whitespace, so a block is also matched word by word.
    Blocks that cannot be found are left out rather than guessed.
    """
    found: list[tuple[int, int, str]] = []
    for block in blocks:
        needle = block.text.strip()
        if not needle:
            continue
        start = text.find(needle)
        if start >= 0:
            found.append((start, start + len(needle), block.reason))
            continue
        words = needle.split()[:200]
        match = re.search(r"\s+".join(re.escape(w) for w in words), text) if words else None
        if match:
            found.append((match.start(), match.end(), block.reason))
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A document as the reader needs it, loaded off the GUI thread."""

    document: Document
    original: str


def load_document(archive: Archive, doc_id: str) -> Loaded:
    """Read a document and its original text (runs on a read worker)."""
    document = archive.get(doc_id)
    try:
        original = archive.original_text(doc_id)
    except Exception as error:  # noqa: BLE001 - a damaged original must not hide the readable text
        original = f"(The original could not be read: {error})"
    return Loaded(document, original)
