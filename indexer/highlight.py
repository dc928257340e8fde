"""Highlighted snippets: the best fragments of a readable text around the words a query matched.

Engine-independent on purpose: both engines return ids, and the snippet comes from the catalog's
readable text and the parsed query, so Whoosh and tantivy highlight exactly alike. Only the hits
shown are highlighted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.text import fold_word, spans

_NON_ASCII_LETTERS = re.compile(r"[^\W\x00-\x7f]+")
_WORD_CHAR = re.compile(r"\w")


def _non_ascii_words(text: str) -> list[Span]:
    """The words of a text that hold a letter outside ASCII (few, in most news text)."""
    words: list[Span] = []
    for letters in _NON_ASCII_LETTERS.finditer(text):
        start, end = letters.start(), letters.end()
        if words and start < words[-1].end:
            continue  # another run of the same word
        while start > 0 and _WORD_CHAR.match(text, start - 1):
            start -= 1
        while end < len(text) and _WORD_CHAR.match(text, end):
            end += 1
        words.append(Span(start, end))
    return words

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def find_matches(text: str, matches: Callable[[str], bool] | None) -> list[Span]:
    """Character spans of every word in text that the query asked for."""
    if matches is None:
        return []
    fast = getattr(matches, "ascii_regex", None)
    if fast is None:
        return [Span(start, end) for start, end, word in spans(text) if matches(word)]
    found = [Span(m.start(), m.end()) for m in fast.finditer(text) if m.group().isascii()]
    if not text.isascii():
        found += [span for span in _non_ascii_words(text) if matches(fold_word(text[span.start:span.end]))]
        found.sort(key=lambda span: span.start)
    return found


def mark(text: str, found: list[Span]) -> str:
    """HTML-escape text and wrap every found span in <mark>."""
    out: list[str] = []
    cursor = 0
    for span in found:
        out.append(html.escape(text[cursor:span.start], quote=False))
        out.append(MARK_OPEN + html.escape(text[span.start:span.end], quote=False) + MARK_CLOSE)
        cursor = span.end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)


def snippet(
    text: str,
    matches: Callable[[str], bool] | None,
    *,
    fragment_chars: int = 160,
    max_fragments: int = 2,
) -> str:
    """Up to `max_fragments` windows of the text with the most distinct matched words, marked.

    Without any match, the opening of the text (so every hit shows something to read).
    """
    flat = " ".join(text.split())
    found = find_matches(flat, matches)
    if not found:
        head = flat[: fragment_chars * max_fragments]
        cut = head.rfind(" ") if len(flat) > len(head) else len(head)
        return html.escape(head[: cut if cut > 0 else len(head)], quote=False) + ("…" if len(flat) > len(head) else "")
    windows = _best_windows(flat, found, fragment_chars, max_fragments)
    parts: list[str] = []
    for start, end in windows:
        inside = [s for s in found if s.start >= start and s.end <= end]
        piece = mark(flat[start:end], [Span(s.start - start, s.end - start) for s in inside])
        parts.append(("…" if start > 0 else "") + piece + ("…" if end < len(flat) else ""))
    return " ".join(parts)


def _best_windows(text: str, found: list[Span], width: int, count: int) -> list[tuple[int, int]]:
    candidates: list[tuple[int, int, int, int]] = []  # (distinct words, hits, start, end)
    for i, anchor in enumerate(found):
        start = _word_boundary_before(text, max(0, anchor.start - width // 4))
        end = _word_boundary_after(text, min(len(text), start + width))
        inside = [s for s in found[i:] if s.end <= end]
        distinct = len({text[s.start:s.end].lower() for s in inside})
        candidates.append((distinct, len(inside), start, end))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2]))
    chosen: list[tuple[int, int]] = []
    for _, _, start, end in candidates:
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
        if len(chosen) == count:
            break
    return sorted(chosen)


def _word_boundary_before(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.rfind(" ", 0, index)
    return space + 1 if space >= 0 else 0


def _word_boundary_after(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.find(" ", index)
    return space if space >= 0 else len(text)
