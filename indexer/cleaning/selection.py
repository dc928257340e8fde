"""Pick the article out of judged segments: one contiguous run, its headline, and what was left out.

The article of a page is one contiguous run of prose; menus come before it, teasers, comment
forms and tickers after it. So the body is the run of segments with the largest total score
(a maximum-sum subarray, each segment weighed by its length). Before the run is chosen, the
page's structures weigh in: lists of teasers (headline + lead, repeated), related-story
boxes, repeated copies of a text, the footer's legal prose; after it, the run is cut where
readers' comments or the site's copyright notice begin. Inside the run, lines a rule names
(share buttons, date lines, captions, links to other stories) are still dropped. The headline
is the line near the body that best matches the page's `<title>` (the first line of a dump).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.cleaning import rules
from indexer.cleaning.scoring import Judged, normalise_line

_WORD = re.compile(r"\w+")
_COUNTED_RESPONSES = re.compile(r"^\d+ (responses|comments|replies|thoughts|reacties|commenti|comentários|comentarios) (to|on|zu|a|em|en|su) ", re.IGNORECASE)
_INTERVIEW_QUESTION = re.compile(r"^(q|question|frage|pergunta|pregunta|domanda|вопрос)\s*[:.)-]", re.IGNORECASE)
_WIDGET_FURNITURE = {"no words", "photo caption or credit"}
_GALLERY_COUNTER = re.compile(r"^\s*\d{1,3}(\s*(of|/)\s*\d{1,3})?\s*$")
# Bylines, times and picture credits look like headlines (short, no full stop) but are not.
_NOT_A_HEADLINE = re.compile(r"^(by|von|par|por)\s|\b\d{1,2}:\d{2}\b|^[\w. ]+/[\w. ]+$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d+[.)]|[•*–-]|#\d+)\s")


@dataclass(frozen=True, slots=True)
class Selection:
    """Indices into the judged segments: the body run and the headline, with reasons for the rest."""

    start: int
    end: int  # exclusive
    title: str
    title_index: int | None
    dropped: dict[int, str]  # index -> reason, for segments inside the run left out


def _weight(judged: Judged) -> float:
    """How much a segment's score counts in the run: long prose counts more, but a long menu
    line no more than a few short ones (menus are many short lines, prose a few long ones)."""
    if judged.score > 0:
        return 0.3 + min(len(judged.segment.text), 500) / 250
    return 0.5 + min(len(judged.segment.text), 200) / 250


def _kadane(values: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    """The maximum-sum contiguous run of values[lo:hi], as (start, end, sum)."""
    best, best_span = float("-inf"), (lo, lo)
    running, start = 0.0, lo
    for index in range(lo, hi):
        if running <= 0:
            running, start = values[index], index
        else:
            running += values[index]
        if running > best:
            best, best_span = running, (start, index + 1)
    return best_span[0], best_span[1], best


def repeated_copies(judged: list[Judged], *, captions_only: bool = False, prefer: range = range(0)) -> set[int]:
    """Indices of the extra copies of a text that occurs more than once (captions, teasers).

    The copy kept is the one in the most article-like neighbourhood: a story's lead repeated
    as a teaser at the top of its own page must survive where the story is. Of a text repeated
    on consecutive lines only the first copy is kept. With `prefer`
    (a first guess of the article run), the copy inside it is kept; `captions_only` reports
    only the consecutive repeats.
    """
    places: dict[str, list[int]] = {}
    for index, item in enumerate(judged):
        if item.words >= 4:
            places.setdefault(item.segment.text, []).append(index)
    def neighbourhood(index: int) -> float:
        around = judged[max(0, index - 3) : index] + judged[index + 1 : index + 4]
        return sum(item.score for item in around)

    extra: set[int] = set()
    for indices in places.values():
        if len(indices) < 2:
            continue
        if any(b - a == 1 for a, b in zip(indices, indices[1:])):
            # Written twice in a row: a picture's caption and alt text (the caption rules
            # catch most); as text, one copy is enough.
            extra.update(indices[1:])
            continue
        if captions_only:
            continue
        preferred = [i for i in indices if i in prefer]
        if len(preferred) >= 3 and judged[indices[0]].words <= 20:
            continue  # the same question or subheading throughout the article: all are its own
        keep = preferred[0] if preferred else max(indices, key=neighbourhood)
        extra.update(i for i in indices if i != keep)
    return extra


def best_run(
    judged: list[Judged],
    extra_copies: set[int] = frozenset(),
    teasers: set[int] = frozenset(),
    boxes: set[int] = frozenset(),
) -> tuple[int, int]:
    """The article run as [start, end): maximum weighted score, cut at comments.

    Teaser lists weigh against the run; a related-stories box weighs little, because pages
    put such boxes inside articles and the run must be able to bridge them.
    """

    def value(index: int, item: Judged) -> float:
        if index in boxes:
            return -0.5
        if item.rule in _WIDGET_FURNITURE or (item.rule == "counter or rating" and _GALLERY_COUNTER.match(item.segment.text)):
            return -0.15  # "1", "/", "4", "Photo: AP": a picture gallery's widget inside the story
        if index in teasers:
            return min(item.score, -1.0) * _weight(item)
        if index in extra_copies:
            return min(item.score, -0.3) * _weight(item)
        return item.score * _weight(item)

    values = [value(index, item) for index, item in enumerate(judged)]
    start, end, total = _kadane(values, 0, len(values))
    if total <= 0:
        return _fallback_block(judged)
    comments = _comment_section(judged, values)
    if comments is not None:
        zone, confirmed = comments
        if start < zone < end:
            end = zone
        elif zone <= start:
            # Readers' comments can outweigh a short story; prefer the story before them.
            before = _kadane(values, 0, zone)
            if before[2] > (1.0 if confirmed else 0.5 * total):
                start, end = before[0], before[1]
    # A run ends on prose: trailing short or unfinished lines are the footer's first items.
    while end - start > 1 and judged[end - 1].score < 0.3:
        end -= 1
    return start, end


def footer_prose(judged: list[Judged]) -> set[int]:
    """Disclaimers and trademark notes: prose between the footer's buttons and its copyright line.

    Found walking back from the site's copyright notice to the interface lines (social
    buttons, newsletter prompts) above it; prose that sits between the two is the footer's.
    """
    found: set[int] = set()
    for index, item in enumerate(judged):
        if item.rule != "copyright or legal line" or not rules.SITE_COPYRIGHT.search(item.segment.text):
            continue
        for back in range(index - 1, max(-1, index - 8), -1):
            if judged[back].rule and judged[back].rule != "copyright or legal line":
                found.update(range(back + 1, index))
                break
        # After the notice, up to the next interface line, it is still the footer.
        for forward in range(index + 1, min(len(judged), index + 6)):
            if judged[forward].rule:
                found.update(range(index + 1, forward))
                break
    return found


def _footer_start(judged: list[Judged], start: int, end: int, teasers: set[int]) -> int:
    """A copyright line inside the run opens the page footer; the legal prose just above it
    (disclaimers, trademark notes) belongs to the footer too, back to the last link box."""
    prose = 0
    for index in range(start, end):
        item = judged[index]
        if item.score > 0.5:
            prose += 1
        if prose < 3 or item.rule != "copyright or legal line" or not rules.SITE_COPYRIGHT.search(item.segment.text):
            continue
        for back in range(index - 1, max(start, index - 8), -1):
            if back in teasers or (judged[back].rule and judged[back].rule != "copyright or legal line"):
                return back
        return index
    return end


def _comment_section(judged: list[Judged], values: list[float]) -> tuple[int, bool] | None:
    """Where readers' comments begin, after some prose, and whether that is certain.

    A heading ("Comments", "34 responses to …", "Leave a reply") opens the zone; so does the
    first of several comment signatures ("says:", "… at 4:47 pm said:"). It is certain when
    such signatures follow.
    """
    prose = 0.0
    markers = [i for i, item in enumerate(judged) if item.words <= 16 and rules.COMMENT_MARKER.match(item.segment.text)]
    for index, item in enumerate(judged):
        if prose > 1.0 and (
            (item.words <= 12 and rules.SECTION_END.fullmatch(item.key))
            or _COUNTED_RESPONSES.match(item.segment.text)
        ):
            after = sum(1 for marker in markers if marker > index)
            return index, after >= 2
        if prose > 1.0 and index in markers and sum(1 for marker in markers if marker >= index) >= 3:
            # The author's name usually sits just before the first signature.
            return max(0, index - 1), True
        if values[index] > 0:
            prose += values[index]
    return None


def related_boxes(judged: list[Judged]) -> set[int]:
    """A "Related articles" / "Most popular" heading and the story links listed under it.

    The box ends at the first real paragraph (a finished sentence of ten words or more): pages
    put such boxes in the middle of an article too, and the article goes on after them.
    """
    found: set[int] = set()
    for index, item in enumerate(judged):
        if item.words > 6 or not rules.RELATED_HEADING.fullmatch(item.key):
            continue
        found.add(index)
        for following in range(index + 1, min(len(judged), index + 12)):
            link = judged[following]
            if link.ends_sentence and link.words >= 10 and not rules.TEASER_PREFIX.match(link.segment.text):
                break
            found.add(following)
    return found


def _headline_like(item: Judged) -> bool:
    text = item.segment.text
    if _NOT_A_HEADLINE.search(text):
        return False
    return 2 <= item.words <= 25 and not item.rule and (not item.ends_sentence or text.rstrip().endswith("?"))


def _inline_teaser(judged: list[Judged], index: int, start: int, end: int) -> bool:
    """A long headline standing alone between two paragraphs: a link to another story.

    Subheadings are short; a teaser's headline is a full clause (8+ words) without a full stop.
    """
    item = judged[index]
    if not (start < index < end - 1) or item.words < 8 or item.ends_sentence or not _headline_like(item):
        return False
    if _NUMBERED.match(item.segment.text):
        return False  # "3. Make a plate": a numbered subheading of the article itself
    text = item.segment.text.rstrip()
    return not text.endswith((":", ",", ";")) and judged[index - 1].ends_sentence and judged[index + 1].score > 0.5


def _captioned(judged: list[Judged], index: int) -> bool:
    """A short paragraph followed by a bracketed picture credit ("(Image credit: NASA)") is the caption."""
    if index + 1 >= len(judged) or judged[index].words > 40:
        return False
    following = judged[index + 1]
    text = following.segment.text.lstrip()
    return following.rule == "photo caption or credit" and following.words <= 12 and text.startswith("(")


def _lead_like(item: Judged) -> bool:
    return item.words >= 5 and not item.rule and (item.score > 0.2 or item.ends_sentence)


def teaser_lists(judged: list[Judged]) -> set[int]:
    """Segments forming a list of other stories: headline + one-paragraph lead, three times or more.

    An article with subheadings has the same shape, but its sections run to several
    paragraphs; teasers have exactly one lead each, often cut short, or carry their own
    author and date line between headline and lead.
    """
    found: set[int] = set()
    index, end = 0, len(judged)
    while index < end:
        if _teaser_headline(judged[index]):
            leads: list[Judged] = []
            with_bylines = 0  # pairs with a date line (and author) between headline and lead
            cursor = index
            while cursor < end and _teaser_headline(judged[cursor]):
                lead = cursor + 1
                if lead < end and not _lead_like(judged[lead]):
                    skipped_from, lead = lead, _skip_meta(judged, lead, end)
                    with_bylines += any(item.rule == "date line" for item in judged[skipped_from:lead])
                if lead >= end or not _lead_like(judged[lead]):
                    break
                after = lead + 1
                if after < end and not _teaser_headline(judged[after]):
                    after = _skip_meta(judged, after, end)
                if after < end and not _teaser_headline(judged[after]):
                    break
                leads.append(judged[lead])
                cursor = after
            if len(leads) >= 3 and (_teaser_leads(leads) or with_bylines * 2 > len(leads)):
                found.update(range(index, cursor))
                index = cursor
                continue
        index += 1
    return found


def _teaser_headline(item: Judged) -> bool:
    """A headline-like line without a full stop; a question, unless it is an interview's "Q:"."""
    if not _headline_like(item):
        return False
    text = item.segment.text.rstrip()
    return not item.ends_sentence or (text.endswith("?") and not _INTERVIEW_QUESTION.match(text))


def _teaser_leads(leads: list[Judged]) -> bool:
    """Teaser leads are short or cut off; an article's sections are full paragraphs."""
    cut_off = sum(not lead.ends_sentence or lead.segment.text.rstrip().endswith(("…", "...")) for lead in leads)
    average_words = sum(lead.words for lead in leads) / len(leads)
    return cut_off * 2 >= len(leads) or average_words < 35


def _skip_meta(judged: list[Judged], index: int, end: int) -> int:
    """Skip up to two short meta lines (author, time stamp, counter) between teaser parts."""
    skipped = 0
    while index < end and skipped < 2 and (
        judged[index].rule or judged[index].words <= 3 or (judged[index].words <= 6 and judged[index].score < 0)
    ):
        index += 1
        skipped += 1
    return index


def _fallback_block(judged: list[Judged]) -> tuple[int, int]:
    """No run scores above zero: keep the single most article-like segment, never nothing."""
    candidates = [i for i, item in enumerate(judged) if not item.rule]
    if not candidates:
        return (0, 0)
    best = max(candidates, key=lambda i: (judged[i].score + min(judged[i].words, 60) / 30, judged[i].words))
    return (best, best + 1)


def _overlap(candidate: str, reference: set[str]) -> float:
    words = [w.lower() for w in _WORD.findall(candidate)]
    if not words:
        return 0.0
    return sum(w in reference for w in words) / len(words)


def find_title(judged: list[Judged], start: int, end: int, page_title: str) -> tuple[str, int | None]:
    """The headline, and its segment index when it is one of the page's segments.

    In order: the line before (or just inside) the body that best matches the page's
    <title>; the <title> itself without its site name ("Headline - Site"), when it is about
    what the body says (a tagline is not); the nearest headline-like line before the body, or
    the body's first segment when it reads as a headline (pages saved without a <title>).
    """
    reference = {w.lower() for w in _WORD.findall(page_title)}
    best_index, best_score = None, 0.0
    for index in range(0, min(len(judged), start + 3)):
        item = judged[index]
        text = item.segment.text
        if index == 0 and text == page_title:
            continue
        if not 2 <= item.words <= 40 or item.rule or len(text) > 300:
            continue
        overlap = _overlap(text, reference)
        coverage = sum(w.lower() in reference for w in _WORD.findall(text)) / max(1, len(reference))
        score = overlap * 0.6 + coverage * 0.4 - abs(start - index) * 0.002
        if overlap >= 0.6 and coverage >= 0.25 and score > best_score:
            best_index, best_score = index, score
    if best_index is not None:
        return judged[best_index].segment.text, best_index
    if page_title and _about_the_body(strip_site_name(page_title), judged[start:end]):
        at_top = 0 if judged and judged[0].segment.text == page_title else None
        return strip_site_name(page_title), at_top
    # A headline is short; the standfirst between it and the body is longer, so a short
    # candidate wins over a nearer long one.
    candidates = [
        index
        for index in [start, *range(start - 1, max(-1, start - 6), -1)]
        if index < end and _headline_like(judged[index]) and judged[index].words >= 3
        and not (index == start and end - start == 1)
    ]
    if candidates:
        short = [index for index in candidates if judged[index].words <= 16]
        chosen = (short or candidates)[0]
        return judged[chosen].segment.text, chosen
    return strip_site_name(page_title), None


def _about_the_body(headline: str, body: list[Judged]) -> bool:
    """Whether most of a headline's longer words occur in the body (a tagline's do not)."""
    words = {w for w in _WORD.findall(headline.lower()) if len(w) > 2}
    if not words:
        return False
    body_words = {w for item in body for w in item.key.split()}
    return len(words & body_words) >= 0.5 * len(words)


def _title_parts(page_title: str) -> list[str]:
    return [part.strip() for part in rules.TITLE_SEPARATORS.split(page_title) if part.strip()]


def strip_site_name(page_title: str) -> str:
    """'Headline - Site' -> 'Headline': keep the longest part of a separated <title>."""
    parts = _title_parts(page_title)
    if len(parts) <= 1:
        return page_title.strip()
    return max(parts, key=lambda part: len(_WORD.findall(part)))


def select(judged: list[Judged], page_title: str) -> Selection:
    """The body run, its headline and the reasons for whatever inside the run is left out."""
    boxes = related_boxes(judged)
    teasers = (teaser_lists(judged) | footer_prose(judged)) - boxes
    # First without judging repeats, so that of a story printed twice the copy kept is the one
    # where the article is.
    first_start, first_end = best_run(judged, repeated_copies(judged, captions_only=True), teasers, boxes)
    extra_copies = repeated_copies(judged, prefer=range(first_start, first_end))
    start, end = best_run(judged, extra_copies, teasers, boxes)
    teasers |= boxes
    end = _footer_start(judged, start, end, teasers)
    title, title_index = find_title(judged, start, end, page_title)
    dropped: dict[int, str] = {}
    title_key = normalise_line(title)
    for index in range(start, end):
        item = judged[index]
        if index == title_index or item.key == title_key:
            dropped[index] = "headline (shown as the title)"
        elif item.rule:
            dropped[index] = item.rule
        elif index in extra_copies:
            dropped[index] = "repeated on the page (caption or teaser)"
        elif index in teasers:
            dropped[index] = "link to another story"
        elif (rules.TEASER_PREFIX.match(item.segment.text) or rules.TEASER_LABEL.match(item.segment.text)) and item.words <= 30:
            dropped[index] = "link to another story"
        elif _inline_teaser(judged, index, start, end):
            dropped[index] = "headline of another story"
        elif _captioned(judged, index):
            dropped[index] = "photo caption or credit"
    return Selection(start, end, title, title_index, dropped)
