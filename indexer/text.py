"""The one definition of a searchable word, shared by both engines, the query parser and the highlighter.

A word is a run of Unicode word characters, case-folded and stripped of accents, so that
"Erdoğan", "ERDOGAN" and "erdogan" are the same word to every part of Broadsheet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

WORD = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Some letters carry no combining mark to strip, yet people type them plainly.
_PLAIN = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"})


def fold(text: str) -> str:
    """Case-fold and strip accents from a whole text (same length semantics not guaranteed)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", decomposed).translate(_PLAIN)


def tokens(text: str) -> list[str]:
    """The searchable words of a text, in order."""
    return WORD.findall(fold(text))


def analysed(text: str) -> str:
    """The text as engines index it: its words, folded, separated by single spaces."""
    return " ".join(tokens(text))


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) for every word of the original text, for highlighting."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), fold_word(match.group())


def fold_word(word: str) -> str:
    """One word of a text as the index knows it."""
    return word.lower() if word.isascii() else "".join(WORD.findall(fold(word)))
