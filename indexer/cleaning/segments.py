"""Cut a text dump into segments: the paragraphs and interface lines the page was made of.

A naive scraper writes every text node on its own line, so one paragraph with a link in it
arrives as "Hello" / "world" / "!". This module glues such pieces back together when the
break looks like an inline tag (no sentence end before it, a lower-case or punctuation start
after it, a function word left dangling) and otherwise keeps lines apart, because menus,
buttons and headlines are also one line each. Each segment remembers whether a blank line
preceded it, a weak hint of a block boundary in the original HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.cleaning.rules import CONTINUATION_START, SENTENCE_END

_WORD = re.compile(r"\w+")
_OPENERS = set("“‘«([{\"„")
_LOWER_START = re.compile(r"^[\"'“‘(«]?[^\W\d_A-Z]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Segment:
    """One candidate block of a page, in reading order."""

    text: str
    gap_before: bool = True  # a blank line came before it: a weak hint of a block boundary
    lines: int = 1  # how many source lines were glued into it


def _starts_lower(line: str) -> bool:
    first = line[:2]
    return bool(_LOWER_START.match(first)) and first.lower() == first


def _dangles(text: str, stop_words: frozenset[str]) -> bool:
    """True when a text ends mid-sentence on a function word ("... as long as a") or an open quote."""
    if text[-1:] in _OPENERS:
        return True
    words = _WORD.findall(text[-40:].lower())
    return bool(words) and words[-1] in stop_words


def continues(previous: str, line: str, stop_words: frozenset[str], following: str = "") -> bool:
    """Whether `line` is the rest of `previous` (the last line so far) split off at an inline tag.

    `following` is the line after `line` (without a blank line between), or "": a short
    capitalised fragment after an unfinished sentence is a link inside it only when the text
    then goes on in lower case; otherwise it is the next item of a menu.
    """
    if SENTENCE_END.search(previous):
        return bool(CONTINUATION_START.match(line)) and len(line) <= 3
    if CONTINUATION_START.match(line) or _starts_lower(line):
        return True
    if _dangles(previous, stop_words):
        return True
    following = following.lstrip("”’»\"' ")
    if not following or not (CONTINUATION_START.match(following) or _starts_lower(following)):
        return False
    previous_words = len(_WORD.findall(previous))
    line_words = len(_WORD.findall(line))
    # A long unfinished sentence followed by a short fragment: a link or emphasis inside it.
    return previous_words >= 8 and line_words <= 5 and not previous.endswith(":")


def _lines(text: str) -> list[tuple[str, bool]]:
    """Non-blank lines, cleaned, each with whether a blank line came before it."""
    lines: list[tuple[str, bool]] = []
    gap = True
    for raw in text.splitlines():
        line = raw.strip().replace("\u200b", "").replace("\xa0", " ")
        if not line:
            gap = True
            continue
        lines.append((line, gap))
        gap = False
    return lines


def split_dump(
    text: str, stop_words: frozenset[str] = frozenset(), alone: frozenset[str] = frozenset()
) -> list[Segment]:
    """Segments of a text dump, with lines broken at inline tags glued back together.

    A line whose normalised form is in `alone` (an outlet's learned boilerplate) is never
    glued to its neighbours, so that it can be recognised and removed on its own.
    """
    segments: list[Segment] = []
    pending: list[str] = []
    pending_gap = True

    def flush() -> None:
        if pending:
            segments.append(Segment(" ".join(pending), pending_gap, len(pending)))

    lines = _lines(text)
    learned = [bool(alone) and " ".join(_WORD.findall(line.lower())) in alone for line, _ in lines]
    for index, (line, gap) in enumerate(lines):
        following = lines[index + 1][0] if index + 1 < len(lines) and not lines[index + 1][1] else ""
        if learned[index] or (index and learned[index - 1]):
            flush()
            pending = [line]
            pending_gap = gap
        elif pending and not gap and continues(pending[-1], line, stop_words, following):
            pending.append(line)
        elif pending and gap and _joins_across_gap(" ".join(pending), line, stop_words):
            pending.append(line)
        else:
            flush()
            pending = [line]
            pending_gap = gap
    flush()
    return [_tidy(segment) for segment in segments]


def _joins_across_gap(previous: str, line: str, stop_words: frozenset[str]) -> bool:
    """A blank line inside a sentence: only glue when the sentence obviously goes on."""
    if SENTENCE_END.search(previous) or len(_WORD.findall(previous)) < 6:
        return False
    return bool(CONTINUATION_START.match(line)) or (_starts_lower(line) and _dangles(previous, stop_words))


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]}’”»%…、。，])")


def _tidy(segment: Segment) -> Segment:
    if segment.lines == 1:
        return segment
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", segment.text)
    return Segment(text, segment.gap_before, segment.lines)
