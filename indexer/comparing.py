"""Comparing two texts sentence by sentence: which passages two outlets share, which only one has.

A sentence counts as shared when the other text holds the same words (case-folded, accents and
punctuation dropped, as `indexer.text` defines a word), or nearly the same words: agency copy
reused with small edits (a word changed, a clause trimmed) is the same reporting to a researcher.
Two tests, either enough:

- a sentence of the other text has a word-sequence similarity of at least `SIMILAR_RATIO`
  (difflib's ratio over the word lists);
- most of the sentence's words (`COVERED`) sit in word 5-grams that the other text also has,
  which catches sentences one outlet split in two or joined into one.

Sharing is decided for each side against the other, so the two percentages may differ. Pure
functions on plain strings: no Qt, no archive; the window runs `compare` on a worker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from indexer.text import tokens

SIMILAR_RATIO = 0.8
NGRAM = 5
COVERED = 0.8
# Candidates for the similarity test are the sentences sharing the most words; words found in
# more sentences than this say nothing about which sentence matches (“the”, “said”).
COMMON_WORD_SENTENCES = 200
CANDIDATES = 5

# A sentence ends at . ! ? … (with closing quotes or brackets) before whitespace and a capital
# or a digit (an opening quote between them allowed); a line break always ends one.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_NEXT = re.compile(r"\s+[\"'“‘«(\[]?(\w)")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
# Abbreviations that end in a full stop without ending the sentence (“Mr. Putin”).
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "rep", "sen", "gov",
    "pres", "rev", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a text: its characters text[start:end], whether the other text has it, and
    the number of the other text's sentence that says it (None when not shared, or when it is
    spread over several)."""

    start: int
    end: int
    shared: bool
    partner: int | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """One text's sentences, in order, each marked shared or not."""

    passages: tuple[Passage, ...]

    @property
    def sentences(self) -> int:
        return len(self.passages)

    @property
    def shared_count(self) -> int:
        return sum(1 for p in self.passages if p.shared)

    @property
    def share(self) -> float:
        """The fraction of this text's sentences the other text also has (0 for no sentences)."""
        return self.shared_count / len(self.passages) if self.passages else 0.0

    def shared_spans(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.passages if p.shared]

    def passage_at(self, position: int) -> int | None:
        """The number of the sentence holding the character at `position`, if any does."""
        starts = [p.start for p in self.passages]
        number = bisect_right(starts, position) - 1
        if number >= 0 and position < self.passages[number].end:
            return number
        return None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two texts compared: A's sentences against B, and B's against A."""

    a: Side
    b: Side

    def summary(self, name_a: str = "A", name_b: str = "B") -> str:
        """“62% of A's sentences also appear in B (18 of 29); 75% of B's appear in A (18 of 24).”"""
        return (f"{_part(self.a, name_a, name_b, 'also appear in')}; "
                f"{_part(self.b, name_b, name_a, 'appear in')}.")


def _part(side: Side, mine: str, theirs: str, verb: str) -> str:
    if not side.passages:
        return f"{mine} has no sentences"
    # Rounded down, so that 100% means every sentence.
    return f"{int(side.share * 100)}% of {mine}'s sentences {verb} {theirs} ({side.shared_count:,} of {side.sentences:,})"


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of text, whitespace trimmed; lines without words are left out."""
    found: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end_mark in _END.finditer(text, line.start(), line.end()):
            after = _NEXT.match(text, end_mark.end(), line.end())
            if after is None or not (after.group(1).isupper() or after.group(1).isdigit()):
                continue  # “the U.S. and Russia”, “… said. and”: no new sentence
            before = _WORD_BEFORE.search(text, start, end_mark.start() + 1)
            word = before.group(1) if before else ""
            if word.casefold() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue  # “Mr. Putin”, “U.S. Officials”, “J. Smith”
            _add(text, start, end_mark.end(), found)
            start = end_mark.end()
        _add(text, start, line.end(), found)
    return found


def _add(text: str, start: int, end: int, found: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped and any(ch.isalnum() for ch in stripped):
        lead = len(piece) - len(piece.lstrip())
        found.append((start + lead, start + lead + len(stripped)))


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def _matches(mine: list[list[str]], theirs: list[list[str]]) -> list[tuple[bool, int | None]]:
    """For each of my sentences (as word lists): whether the other text has it or nearly, and
    which of its sentences is the likeliest counterpart (None when none stands out)."""
    exact: dict[tuple[str, ...], int] = {}
    for number, words in enumerate(theirs):
        exact.setdefault(tuple(words), number)
    stream = [word for words in theirs for word in words]  # across sentence ends: joined sentences
    their_grams = _grams(stream)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, words in enumerate(theirs):
        for word in set(words):
            postings[word].append(number)
    found: list[tuple[bool, int | None]] = []
    for words in mine:
        if not words:
            found.append((False, None))
            continue
        if tuple(words) in exact:
            found.append((True, exact[tuple(words)]))
            continue
        ranked = _ranked(words, postings)
        similar = next((number for number in ranked if _similar(words, theirs[number])), None)
        if similar is not None:
            found.append((True, similar))
        elif _covered(words, their_grams):
            found.append((True, ranked[0] if ranked else None))
        else:
            found.append((False, None))
    return found


def _ranked(words: list[str], postings: dict[str, list[int]]) -> list[int]:
    """The other text's sentences sharing the most of these words, best first."""
    overlap: Counter[int] = Counter()
    for word in set(words):
        numbers = postings.get(word, ())
        if len(numbers) <= COMMON_WORD_SENTENCES:
            overlap.update(numbers)
    return [number for number, _ in overlap.most_common(CANDIDATES)]


def _covered(words: list[str], their_grams: set[tuple[str, ...]]) -> bool:
    if len(words) < NGRAM:
        return False
    covered = [False] * len(words)
    for i in range(len(words) - NGRAM + 1):
        if tuple(words[i:i + NGRAM]) in their_grams:
            covered[i:i + NGRAM] = [True] * NGRAM
    return sum(covered) >= COVERED * len(words)


def _similar(words: list[str], other: list[str]) -> bool:
    matcher = SequenceMatcher(None, words, other, autojunk=False)
    # The cheap upper bounds first: most candidates fail them.
    return (matcher.real_quick_ratio() >= SIMILAR_RATIO and matcher.quick_ratio() >= SIMILAR_RATIO
            and matcher.ratio() >= SIMILAR_RATIO)


def compare(text_a: str, text_b: str) -> Comparison:
    """Split both texts into sentences and mark each one the other text shares."""
    spans_a, spans_b = sentences(text_a), sentences(text_b)
    words_a = [tokens(text_a[s:e]) for s, e in spans_a]
    words_b = [tokens(text_b[s:e]) for s, e in spans_b]
    found_a = _matches(words_a, words_b)
    found_b = _matches(words_b, words_a)
    return Comparison(
        Side(tuple(Passage(s, e, shared, partner) for (s, e), (shared, partner) in zip(spans_a, found_a, strict=True))),
        Side(tuple(Passage(s, e, shared, partner) for (s, e), (shared, partner) in zip(spans_b, found_b, strict=True))),
    )


__all__ = ["Comparison", "Passage", "Side", "compare", "sentences"]
