"""How article-like each segment is, from its text alone.

The score of a segment is a number around 0: positive for prose (long, full of the page
language's function words, ending its sentences), negative for interface text (short,
capitalised, link- or menu-like, or named by a rule in `indexer.cleaning.rules`). Scores are
judged against the page itself (its typical stop-word density), so a German or Russian page
is measured by its own yardstick, not by English's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.cleaning import rules
from indexer.cleaning.segments import Segment

_WORD = re.compile(r"\w+")
_SENTENCE_MARK = re.compile(r"[.!?。！？](\s|$)|[。！？]")
_HAS_DIGIT = re.compile(r"\d")  # a date line carries a day, a year or a time, not only a month name
_CJK_PUNCT = re.compile(r"[、。，！？；：]")


def normalise_line(line: str) -> str:
    """The key under which lines are compared: lower-case words joined by single spaces."""
    return " ".join(_WORD.findall(line.lower()))


@dataclass(frozen=True, slots=True)
class Judged:
    """A segment with its evidence: a score and, when a rule named it, why it is not article."""

    segment: Segment
    words: int
    score: float
    rule: str = ""  # the reason of a rule that matched, or "" when only statistics spoke
    stop_share: float = 0.0
    ends_sentence: bool = False
    key: str = ""  # the normalised line (see `normalise_line`), computed once


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each piece of evidence moves a segment's score (hand-set, checked on the dev set)."""

    long_40: float = 1.2  # 40 words or more
    long_20: float = 0.8
    long_10: float = 0.3
    short_5: float = -0.2  # 5 to 9 words
    tiny: float = -0.6  # fewer than 5 words
    stop_words: float = 1.2  # times the stop-word density relative to the page's prose (capped at 1.3)
    stop_offset: float = -0.7
    sentence_end: float = 0.35
    several_sentences: float = 0.2
    glued_menu: float = -1.0
    capitalised: float = -0.4
    link_address: float = -0.3
    list_item: float = 0.8
    label: float = -0.2  # the floor for a short line ending with a colon


WEIGHTS = Weights()


def interface_reason(text: str, key: str | None = None) -> str:
    """The reason a line is interface text (share button, comment prompt, ...) or ""."""
    key = normalise_line(text) if key is None else key
    if len(key) > 160:
        return "icon names" if key.startswith("icon ") and key.count("icon") >= 3 else ""
    if not key:
        return "no words" if len(text) < 40 else ""
    if rules.MENU_LINE.match(text):
        return "navigation link"
    found = rules.INTERFACE_LINE.fullmatch(key)
    if found and found.lastgroup:
        return rules.INTERFACE_REASONS[int(found.lastgroup[1:])]
    if len(key.split()) <= 6 and rules.URL_LIKE.search(text):
        return "link address"
    return ""


def segment_words(segment: Segment) -> list[str]:
    """The lower-cased words of a segment (computed once per segment by the pipeline)."""
    return _WORD.findall(segment.text.lower())


def page_stop_share(word_lists: list[list[str]], stop_words: frozenset[str]) -> float:
    """The stop-word density of the page's prose: what an article paragraph looks like here."""
    shares: list[tuple[int, float]] = []
    for words in word_lists:
        if len(words) >= 15:
            shares.append((len(words), sum(w in stop_words for w in words) / len(words)))
    if not shares:
        return 0.35
    shares.sort(key=lambda item: item[1])
    # The upper half by density, weighted by length: the prose, not the long menus.
    upper = shares[len(shares) // 2 :]
    total = sum(n for n, _ in upper)
    return max(0.15, sum(n * s for n, s in upper) / total)


_COPYRIGHT_HINTS = ("©", "(c)", "right", "direitos", "derechos", "rechte", "droits", "права")


def _may_be_copyright(text: str, lower: str) -> bool:
    """A cheap test before the copyright pattern, which is slow on long paragraphs."""
    return any(hint in lower for hint in _COPYRIGHT_HINTS)


def judge(
    segment: Segment,
    stop_words: frozenset[str],
    typical_share: float,
    cjk: bool,
    lower_words: list[str] | None = None,
) -> Judged:
    """Score one segment; see the module docstring for the sign convention."""
    w = WEIGHTS
    text = segment.text
    lower = text.lower()
    if lower_words is None:
        lower_words = _WORD.findall(lower)
    key = " ".join(lower_words)
    words = len(lower_words)
    ends_sentence = bool(rules.SENTENCE_END.search(text[-8:]))
    reason = interface_reason(text, key) if words <= 12 or len(text) > 160 else ""
    if not reason and words <= 60 and _may_be_copyright(text, lower) and rules.COPYRIGHT.search(text):
        reason = "copyright or legal line"
    if not reason and words <= 14 and rules.INTERFACE_WORDS_IN_SHORT_LINE.search(text):
        reason = "subscription, sharing or site prompt"
    if not reason and "[" in text and rules.SHORTCODE.search(text):
        reason = "site widget code"
    if reason:
        return Judged(segment, words, -2.0, reason, 0.0, ends_sentence, key)
    if cjk:
        # No spaces: length in characters and CJK punctuation carry the evidence.
        units = max(words, len(text) // 3)
        share = min(1.0, len(_CJK_PUNCT.findall(text)) * 12 / max(len(text), 1))
        relative = share / 0.5
    else:
        units = words
        share = sum(w in stop_words for w in lower_words) / words if words and stop_words else 0.0
        relative = share / typical_share if stop_words else 0.8
    score = 0.0
    # Length: long runs of words are rarely interface text.
    if units >= 40:
        score += w.long_40
    elif units >= 20:
        score += w.long_20
    elif units >= 10:
        score += w.long_10
    elif units >= 5:
        score += w.short_5
    else:
        score += w.tiny
    # Function-word density against the page's own prose.
    score += min(relative, 1.3) * w.stop_words + w.stop_offset
    if ends_sentence:
        score += w.sentence_end
    sentences = len(_SENTENCE_MARK.findall(text))
    if sentences >= 2:
        score += w.several_sentences
    elif sentences == 0 and segment.lines >= 3 and not cjk:
        score += w.glued_menu  # many lines glued without a single sentence end: a menu in lower case
    if not cjk and words >= 3:
        tokens = text.split()
        capitalised = sum(token[:1].isupper() for token in tokens) / max(1, len(tokens))
        if capitalised > 0.6 and not ends_sentence:
            score += w.capitalised
    if ("http" in lower or "www." in lower) and rules.URL_LIKE.search(text):
        score += w.link_address
    if words <= 5 and text.endswith(":"):
        score = max(score, w.label)  # "Prof. Carlos:", "Ingredients:": a label of the text that follows
    if words >= 3 and rules.LIST_ITEM.match(text):
        score += w.list_item  # "1 tsp cinnamon", "• Seven positive cases": an item of the article's own list
    if words <= 20 and not ends_sentence and rules.DATED_BYLINE.search(text) and rules.DATE_WORDS.search(text):
        return Judged(segment, words, min(score, -0.5), "byline and date", share, ends_sentence, key)
    if rules.TIME_AGO.match(text) or (words <= 12 and rules.DATELINE_LEAD.match(text)) or (words <= 10 and not ends_sentence and _HAS_DIGIT.search(text) and rules.DATE_WORDS.search(text)):
        score -= 0.6
        reason_date = "date line"
        return Judged(segment, words, min(score, -0.5), reason_date, share, ends_sentence, key)
    if (
        (rules.CAPTION_PREFIX.match(text) and words <= 25)
        or (words <= 80 and rules.CAPTION_CREDIT_END.search(text[-110:]))
        or (words <= 60 and ("pictured" in lower or "photo" in lower) and rules.PICTURED.search(text))
    ):
        return Judged(segment, words, min(score, -0.5), "photo caption or credit", share, ends_sentence, key)
    return Judged(segment, words, score, "", share, ends_sentence, key)
