"""The one entry point: `clean(page)` for text dumps and HTML alike, returning an `Article`."""

from __future__ import annotations

from dataclasses import replace

from indexer.cleaning import language
from indexer.cleaning.scoring import Judged, interface_reason, judge, normalise_line, page_stop_share
from indexer.cleaning.segments import Segment, split_dump
from indexer.cleaning.selection import select
from indexer.model import Article, Page, RemovedBlock

LEARNED_REASON = "recurs on other pages of this outlet"


def page_segments(page: Page, stop_words: frozenset[str]) -> tuple[list[Segment], str]:
    """The page's segments in reading order, and its <title> (the first line of a dump)."""
    if page.kind == "html":
        from indexer.cleaning.html import html_segments

        return html_segments(page.text)
    segments = split_dump(page.text, stop_words)
    first_line = next((s.text for s in segments if not interface_reason(s.text)), "")
    return segments, first_line


def clean(page: Page, boilerplate: frozenset[str] = frozenset()) -> Article:
    """The page's headline and body paragraphs, with every left-out block and why."""
    guessed = language.guess_language(page.text if page.kind == "text" else page.text[:200000])
    stop_words = language.stop_words(guessed) if guessed else frozenset()
    cjk = guessed is None and bool(language.CJK.search(page.text[:20000]))
    segments, page_title = page_segments(page, stop_words)
    if not segments:
        return Article(title=page_title, paragraphs=())
    typical = language_typical_share(segments, stop_words)
    judged = [_judge_with_boilerplate(s, stop_words, typical, cjk, boilerplate) for s in segments]
    chosen = select(judged, page_title)
    paragraphs: list[str] = []
    removed: list[RemovedBlock] = []
    for index, item in enumerate(judged):
        inside = chosen.start <= index < chosen.end
        if inside and index not in chosen.dropped:
            paragraphs.append(item.segment.text)
        elif index == chosen.title_index:
            continue
        else:
            removed.append(RemovedBlock(item.segment.text, _reason(item, inside, chosen.dropped.get(index), index, chosen.start)))
    return Article(title=chosen.title, paragraphs=tuple(paragraphs), removed=tuple(removed))


def language_typical_share(segments: list[Segment], stop_words: frozenset[str]) -> float:
    return page_stop_share(segments, stop_words) if stop_words else 0.35


def _judge_with_boilerplate(
    segment: Segment, stop_words: frozenset[str], typical: float, cjk: bool, boilerplate: frozenset[str]
) -> Judged:
    judged = judge(segment, stop_words, typical, cjk)
    if boilerplate and normalise_line(segment.text) in boilerplate:
        return replace(judged, score=-2.0, rule=LEARNED_REASON)
    return judged


def _reason(item: Judged, inside: bool, dropped: str | None, index: int, start: int) -> str:
    if dropped:
        return dropped
    if item.rule:
        return item.rule
    if index < start:
        return "before the article (masthead, menu or teaser)"
    return "after the article (teasers, comments or footer)"
