"""The one entry point: `clean(page)` for text dumps and HTML alike, returning an `Article`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.cleaning import language
from indexer.cleaning.scoring import Judged, interface_reason, judge, normalise_line, page_stop_share, segment_words
from indexer.cleaning.segments import Segment, split_dump
from indexer.cleaning.selection import select
from indexer.model import Article, Page, RemovedBlock

LEARNED_REASON = "recurs on other pages of this outlet"

# Above this much visible text an HTML page is no article (a long feature runs to 60,000
# characters; a page past a million is a forum dump, a book or a log): our own cleaner alone
# reads it, without the DOM extractor and the comparison, which cost three times as much again.
DOM_CHECK_MAX_CHARS = 1_000_000


def dump_segments(
    text: str, stop_words: frozenset[str], boilerplate: frozenset[str] = frozenset()
) -> tuple[list[Segment], str]:
    """A dump's segments in reading order, and its <title> (its first line that is not a button)."""
    segments = split_dump(text, stop_words, boilerplate)
    first_line = next((s.text for s in segments if not interface_reason(s.text)), "")
    return segments, first_line


@dataclass(frozen=True, slots=True)
class _Cleaned:
    """A dump's article with the evidence behind it, for the HTML path to compare against."""

    article: Article
    judged: list[Judged]
    start: int
    end: int


def clean(page: Page, boilerplate: frozenset[str] = frozenset()) -> Article:
    """The page's headline and body paragraphs, with every left-out block and why."""
    if page.kind == "html":
        return _clean_html(page, boilerplate)
    return _clean_dump(page.text, boilerplate).article


def _clean_dump(plain: str, boilerplate: frozenset[str]) -> _Cleaned:
    guessed = language.guess_language(plain)
    stop_words = language.stop_words(guessed) if guessed else frozenset()
    # Learned lines stay in place as segments of their own, scored as boilerplate: removed from
    # the text they would also remove the menus and footers that bound the article.
    segments, page_title = dump_segments(plain, stop_words, boilerplate)
    cjk = guessed is None and bool(language.CJK.search(plain[:20000]))
    if not segments:
        return _Cleaned(Article(title=page_title, paragraphs=()), [], 0, 0)
    word_lists = [segment_words(segment) for segment in segments]
    typical = language_typical_share(word_lists, stop_words)
    judged = [
        _judge_with_boilerplate(segment, stop_words, typical, cjk, boilerplate, words)
        for segment, words in zip(segments, word_lists)
    ]
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
    article = Article(title=chosen.title, paragraphs=tuple(paragraphs), removed=tuple(removed))
    return _Cleaned(article, judged, chosen.start, chosen.end)


def _clean_html(page: Page, boilerplate: frozenset[str]) -> Article:
    """HTML: our own cleaner on the page's text nodes, checked against a DOM extractor's main content.

    Where trafilatura is installed its precision-first main content is the body, unless our
    own article contains it and is much longer (the extractor stopped early) or it shares
    nothing with ours while being tiny (the extractor picked the wrong block).
    """
    from indexer.cleaning.html import main_content, naive_dump, parse

    tree = parse(page.text)
    visible = naive_dump(tree)
    own = _clean_dump(visible, boilerplate)
    if len(visible) > DOM_CHECK_MAX_CHARS:
        return own.article
    found = main_content(tree)  # prunes the tree: after the dump
    if found is None:
        return own.article
    extracted = _main_content_article(found[0], own, boilerplate)
    return own.article if _extractor_missed(extracted, own.article) else extracted


def _extractor_missed(extracted: Article, own: Article) -> bool:
    from indexer.cleaning.evaluation import shingles

    # Distinct shingles: a page that prints its story twice does not make ours "longer".
    theirs, ours = set(shingles(extracted.body)), set(shingles(own.body))
    n_theirs, n_ours = len(theirs), len(ours)
    if not n_theirs:
        return bool(n_ours)
    contained = len(theirs & ours) / n_theirs
    stopped_early = contained >= 0.9 and n_ours >= 1.8 * n_theirs
    wrong_block = n_theirs < 60 and contained < 0.3 and n_ours >= 3 * n_theirs
    return stopped_early or wrong_block


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


def _main_content_article(text: str, own: _Cleaned, boilerplate: frozenset[str]) -> Article:
    """An article from a DOM extractor's main text: our line rules on it, our headline before it.

    The blocks our own cleaner left out that are not in the main text stay listed as removed,
    so the reader can still show what was left out and why.
    """
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
    title = own.article.title
    title_key = normalise_line(title)
    paragraphs: list[str] = []
    removed: list[RemovedBlock] = []
    for item in judged:
        if item.score <= -2.0 and item.words <= 12:
            removed.append(RemovedBlock(item.segment.text, item.rule))
        elif item.key == title_key and not paragraphs:
            continue
        else:
            paragraphs.append(item.segment.text)
    if not title and paragraphs:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    kept = " ".join(item.key for item in judged)
    removed.extend(block for block in own.article.removed if normalise_line(block.text) not in kept)
    return Article(title=title, paragraphs=tuple(paragraphs), removed=tuple(removed))
