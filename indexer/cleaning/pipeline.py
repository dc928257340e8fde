"""The one entry point: `clean(page)` for text dumps and HTML alike, returning an `Article`."""

from __future__ import annotations

from dataclasses import replace

from indexer.cleaning import language
from indexer.cleaning.scoring import Judged, interface_reason, judge, normalise_line, page_stop_share, segment_words
from indexer.cleaning.segments import Segment, split_dump
from indexer.cleaning.selection import select
from indexer.model import Article, Page, RemovedBlock

LEARNED_REASON = "recurs on other pages of this outlet"


def dump_segments(text: str, stop_words: frozenset[str]) -> tuple[list[Segment], str]:
    """A dump's segments in reading order, and its <title> (its first line that is not a button)."""
    segments = split_dump(text, stop_words)
    first_line = next((s.text for s in segments if not interface_reason(s.text)), "")
    return segments, first_line


def clean(page: Page, boilerplate: frozenset[str] = frozenset()) -> Article:
    """The page's headline and body paragraphs, with every left-out block and why."""
    if page.kind == "html":
        from indexer.cleaning.html import main_content

        found = main_content(page.text)
        if found is not None:
            return _clean_main_content(page, found[0], found[1], boilerplate)
    plain = page.text
    if page.kind == "html":
        from indexer.cleaning.html import naive_dump

        plain = naive_dump(page.text)
    plain, learned_removed = _strip_learned_lines(plain, boilerplate)
    guessed = language.guess_language(plain)
    stop_words = language.stop_words(guessed) if guessed else frozenset()
    segments, page_title = dump_segments(plain, stop_words)
    cjk = guessed is None and bool(language.CJK.search(plain[:20000]))
    if not segments:
        return Article(title=page_title, paragraphs=(), removed=tuple(learned_removed))
    word_lists = [segment_words(segment) for segment in segments]
    typical = language_typical_share(word_lists, stop_words)
    judged = [
        _judge_with_boilerplate(segment, stop_words, typical, cjk, boilerplate, words)
        for segment, words in zip(segments, word_lists)
    ]
    chosen = select(judged, page_title)
    paragraphs: list[str] = []
    removed: list[RemovedBlock] = list(learned_removed)
    for index, item in enumerate(judged):
        inside = chosen.start <= index < chosen.end
        if inside and index not in chosen.dropped:
            paragraphs.append(item.segment.text)
        elif index == chosen.title_index:
            continue
        else:
            removed.append(RemovedBlock(item.segment.text, _reason(item, inside, chosen.dropped.get(index), index, chosen.start)))
    return Article(title=chosen.title, paragraphs=tuple(paragraphs), removed=tuple(removed))


def _strip_learned_lines(plain: str, boilerplate: frozenset[str]) -> tuple[str, list[RemovedBlock]]:
    """Drop the lines an outlet repeats on its pages, one by one, before segments are formed:
    a masthead line glued to a menu line would otherwise hide inside one segment."""
    if not boilerplate:
        return plain, []
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    for line in plain.splitlines():
        if line.strip() and normalise_line(line) in boilerplate:
            removed.append(RemovedBlock(line.strip(), LEARNED_REASON))
        else:
            kept.append(line)
    return "\n".join(kept), removed


def language_typical_share(word_lists: list[list[str]], stop_words: frozenset[str]) -> float:
    return page_stop_share(word_lists, stop_words) if stop_words else 0.35


def _judge_with_boilerplate(
    segment: Segment,
    stop_words: frozenset[str],
    typical: float,
    cjk: bool,
    boilerplate: frozenset[str],
    words: list[str] | None = None,
) -> Judged:
    judged = judge(segment, stop_words, typical, cjk, words)
    if boilerplate and judged.key in boilerplate:
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


def _clean_main_content(page: Page, text: str, title: str, boilerplate: frozenset[str]) -> Article:
    """An HTML page whose main content a DOM extractor found: apply our line rules and headline.

    The blocks of the page outside that content are listed as removed, found by our own
    segmentation, so the reader can still show what was left out.
    """
    from indexer.cleaning.html import html_segments

    guessed = language.guess_language(text)
    stop_words = language.stop_words(guessed) if guessed else frozenset()
    segments = split_dump(text, stop_words)
    word_lists = [segment_words(segment) for segment in segments]
    typical = language_typical_share(word_lists, stop_words)
    cjk = guessed is None and bool(language.CJK.search(text[:20000]))
    judged = [
        _judge_with_boilerplate(segment, stop_words, typical, cjk, boilerplate, words)
        for segment, words in zip(segments, word_lists)
    ]
    page_segments_, page_title = html_segments(page.text)
    title = title or _headline_from_markup(page_segments_, page_title, segments[0].text if segments else "")
    title_key = normalise_line(title)
    paragraphs: list[str] = []
    removed: list[RemovedBlock] = []
    for item in judged:
        key = normalise_line(item.segment.text)
        if item.score <= -2.0 and item.words <= 12:
            removed.append(RemovedBlock(item.segment.text, item.rule))
        elif key == title_key and not paragraphs:
            continue
        else:
            paragraphs.append(item.segment.text)
    kept = {normalise_line(p) for p in paragraphs}
    for segment in page_segments_:
        key = normalise_line(segment.text)
        if key and key not in kept and key != title_key:
            removed.append(RemovedBlock(segment.text, segment.boilerplate_markup or "outside the page's main content"))
    return Article(title=title, paragraphs=tuple(paragraphs), removed=tuple(removed))


def _headline_from_markup(segments: list[Segment], page_title: str, first_line: str) -> str:
    """The headline of an HTML page: the h1 that matches its <title>, else the <title> without site name."""
    from indexer.cleaning.selection import strip_site_name

    title_words = set(normalise_line(page_title).split())
    best, best_overlap = "", 0.0
    for segment in segments:
        if segment.tag not in ("h1", "h2") or not 2 <= len(segment.text.split()) <= 40:
            continue
        words = normalise_line(segment.text).split()
        overlap = sum(w in title_words for w in words) / max(1, len(words))
        if overlap > best_overlap + (0.1 if segment.tag == "h2" else 0.0):
            best, best_overlap = segment.text, overlap
    if best and best_overlap >= 0.6:
        return best
    return strip_site_name(page_title) if page_title else first_line
