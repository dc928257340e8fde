"""Which of a text's dates is its publication date (and which its last update), with a confidence.

Works on lines of plain text: a scraped text dump, or the visible text of an HTML page. Every
date found is a candidate; each is scored from what surrounds it — a label ("Published",
"Veröffentlicht", "Updated", "Stand"), a byline, its distance from the headline, whether it
stands on a line of its own — and penalised for what makes it some other date: a comment, a
copyright line, a "today" banner, a list of related stories, a date inside running prose. The
best candidate wins; its confidence says how clearly it won. Unknown beats wrong, so a page
whose dates are all doubtful gets a low confidence, for the archive to treat as undated.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass

from indexer.metadata import rules
from indexer.metadata.datefind import DateHit, find_dates

OUTWEIGHED = 0.0  # a winning score below it: more speaks against the date than for it
MAX_LINES = 4000  # a page's stamp is near its top; huge dumps are mostly comments and lists


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored date in the text."""

    day: dt.date
    line: int
    score: float
    label: str  # "published", "updated", "byline" or ""
    hit: DateHit


@dataclass(frozen=True, slots=True)
class TextDates:
    """The verdict on a text: publication and update dates with confidences and sources."""

    published: dt.date | None
    published_confidence: float
    published_source: str
    modified: dt.date | None
    candidates: tuple[Candidate, ...]
    headline: int | None = None  # index of the headline among the text's non-empty lines


def _words_regex(words: tuple[str, ...] | list[str], tail: str = "") -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_]){tail}", re.IGNORECASE)


# A label counts when it closes the text before the date (bar punctuation and a weekday).
_WEEKDAY = "|".join(sorted(rules.WEEKDAYS, key=len, reverse=True))
_LABEL_TAIL = (rf"(?:\s*(?:on|am|le|el|il|den|the|:|,|-|–|\|)\s*)*(?:(?:{_WEEKDAY})\.?,?\s*(?:den|the|le|el)?)?"
               r"[\s:|·•,(-]*$")  # "Veröffentlicht am Mittwoch, den 27. November 2019"
_PUBLISHED = _words_regex(rules.PUBLISHED_LABELS, _LABEL_TAIL)
_UPDATED = _words_regex(rules.UPDATED_LABELS, _LABEL_TAIL)
_AFTER_HEAD = r"^[\s,]*(?:(?:um|at|à|alle|a las)\s+[\d:.h]+\s*(?:uhr|h)?\s*)?(?:[^\W\d_]+\s+){0,3}?"
_PUBLISHED_AFTER = re.compile(
    _AFTER_HEAD + rf"(?:{'|'.join(re.escape(w) for w in rules.PUBLISHED_AFTER_WORDS)})(?![^\W\d_])", re.IGNORECASE)
_UPDATED_AFTER = re.compile(
    _AFTER_HEAD + rf"(?:{'|'.join(re.escape(w) for w in rules.UPDATED_AFTER_WORDS)})(?![^\W\d_])", re.IGNORECASE)
_COMMENT = _words_regex(rules.COMMENT_WORDS)
# The words that open each phrase, tried before the phrase patterns: most lines hold none of
# them, and one split of a short line is far cheaper than the patterns' word-boundary search.
_TOKEN = re.compile(r"[^\W\d_]+")


def _opening_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_TOKEN.findall(p.lower())[0] for p in phrases if _TOKEN.findall(p.lower()))


_RELATED_GATE = _opening_words(rules.RELATED_WORDS)
_COMMENT_GATE = _opening_words(rules.COMMENT_WORDS)


def _mentions(line: str, gate: frozenset[str], pattern: re.Pattern[str]) -> bool:
    return not gate.isdisjoint(_TOKEN.findall(line.lower())) and pattern.search(line) is not None
_THREAD = _words_regex(rules.THREAD_WORDS)
_RELATED = _words_regex(rules.RELATED_WORDS)
_EVENT = _words_regex(rules.EVENT_WORDS)
_TODAY = _words_regex(rules.TODAY_WORDS)
_COPYRIGHT = re.compile("|".join(re.escape(w) for w in rules.COPYRIGHT_WORDS), re.IGNORECASE)
_BYLINE = re.compile(rf"^(?:{'|'.join(re.escape(w) for w in rules.BYLINE_WORDS)})\s+\S", re.IGNORECASE)
# "By" on a line of its own, the name on the next (a scraper splits "By <a>Name</a>").
_BYLINE_ALONE = re.compile(rf"^(?:{'|'.join(re.escape(w) for w in rules.BYLINE_WORDS)})\s*:?$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d{1,2}\.?(?:\s*[A-Za-zäöüé]{3,9}\.?)?\s*(?:[-–—]|bis|to|au)\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|bis|to|au)\s*\d{1,2}[./ ]", re.IGNORECASE)
_STAMP_NOISE = re.compile(
    rf"(?:{_WEEKDAY})\.?|\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?|uhr|am|pm|a\.m\.|p\.m\.|utc|gmt|cet|cest|"
    r"mez|mesz|est|edt|[\W_]+", re.IGNORECASE)


_DIGIT = re.compile(r"\d")


_NON_WORD = re.compile(r"\W+")


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().lower()


def find_headline(lines: list[str], title: str | None = None) -> int | None:
    """Index of the headline line: the article title if known, else the repeat of the first line.

    Scraped dumps start with the `<title>` ("Headline | Outlet") and show the headline again
    above the article; the repeat is where the article, and its stamp, begin. The repeat may be
    worded a little differently ("Headline" vs "Topic: Headline"), so a line sharing most of its
    words with the title counts too.
    """
    wanted: list[str] = []
    if title:
        wanted.append(_normal(title))
    if lines:
        parts = re.split(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+", lines[0])
        wanted.append(_normal(max(parts, key=len)))
        if len(parts) > 1:
            wanted.append(_normal(" ".join(parts[:-1])))  # the title without its last suffix
    wanted = [w for w in wanted if len(w) >= 10]
    if not wanted:
        return None
    # The first line is the page's <title>; the headline is its repeat further down.
    start = 1
    limit = min(len(lines), 1500)
    normal: list[str] = []  # both passes read them; the first often stops early

    def norm(i: int) -> str:
        while len(normal) <= i - start:
            normal.append(_normal(lines[start + len(normal)]))
        return normal[i - start]

    for i in range(start, limit):
        line = norm(i)
        if len(line) < 10:
            continue
        for w in wanted:
            if line == w or (len(line) >= 20 and (line in w or w in line)):
                return i
    title_words = set(" ".join(wanted).split())
    for i in range(start, limit):
        words = norm(i).split()
        if len(words) >= 4:
            common = sum(1 for word in words if word in title_words)
            if common >= 4 and common >= 0.7 * len(words):
                return i
    return 0 if title and lines and _normal(title) in _normal(lines[0]) else None


def _context_before(lines: list[str], i: int, start: int) -> str:
    """Text just before a date: on its line, or the previous short line when it opens its line."""
    before = lines[i][:start]
    # A clock or weekday before the date ("22:00 GMT, 26 September 2020") still opens the line.
    if (before.strip() and _STAMP_NOISE.sub("", before).strip()) or i == 0:
        return before
    for j in range(i - 1, max(-1, i - 3), -1):
        if lines[j].strip():
            return lines[j] if len(lines[j]) <= 60 else ""
    return ""


def _is_stamp_line(line: str, hit: DateHit) -> bool:
    rest = line[: hit.start] + " " + line[hit.end:]
    rest = _STAMP_NOISE.sub(" ", rest)
    return len(rest.strip()) <= 40


def score_text(text: str, *, title: str | None = None, latest: dt.date | None = None,
               stamps: set[str] | frozenset[str] = frozenset(),
               aside_stamps: set[str] | frozenset[str] = frozenset()) -> TextDates:
    """Score every date in `text` and pick the publication and last-modified dates.

    `stamps` and `aside_stamps` are lines an HTML page's markup calls a date in the article,
    or a date in its comments, teasers and sidebars (see `htmlpage.HtmlFacts`).
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line][:MAX_LINES]
    headline = find_headline(lines, title)
    hits: list[tuple[int, DateHit]] = []
    for i, line in enumerate(lines):
        if _DIGIT.search(line):
            hits.extend((i, h) for h in find_dates(line[:2000], latest))
    hits = _settle_day_month_order(hits, lines)
    if not hits:
        return TextDates(None, 0.0, "", None, (), headline)

    # Only the lines a candidate can be judged by: related-story headings between the headline
    # and a date, comment headings up to three lines above one.
    last = max(i for i, _ in hits)
    related_lines = [i for i in range(headline + 1 if headline is not None else last, last)
                     if len(lines[i]) <= 60 and _mentions(lines[i], _RELATED_GATE, _RELATED)]
    comment_lines = [i for i in sorted({j for i, _ in hits for j in range(max(0, i - 3), i + 1)})
                     if len(lines[i]) <= 80 and _mentions(lines[i], _COMMENT_GATE, _COMMENT)]
    by_line: dict[int, set[dt.date]] = {}
    for i, h in hits:
        by_line.setdefault(i, set()).add(h.day)
    day_counts = Counter(h.day for _, h in hits)

    candidates: list[Candidate] = []
    for i, hit in hits:
        line = lines[i]
        before = _context_before(lines, i, hit.start)
        s = 0.0
        label = ""
        tail = before[-40:]
        pub, upd = _PUBLISHED.search(tail), _UPDATED.search(tail)
        # A label opens a stamp ("Veröffentlicht am", "By X | Updated"): with a sentence before
        # it ("… in der Sitzung vom"), the date is part of prose.
        labelled = len(before.strip()) <= 50 and (
            not (pub or upd) or len(_STAMP_NOISE.sub(" ", before[: len(before) - len(tail) + (pub or upd).start()]).strip()) <= 25
            or _BYLINE.match(before.strip()))
        if pub and upd:
            # "Update vom 3. Mai": the label closest to the date, and the longer at a tie, wins
            pub_wins = (pub.end(), len(pub.group())) > (upd.end(), len(upd.group()))
            pub, upd = (pub, None) if pub_wins else (None, upd)
        if not (pub or upd) and len(before.strip()) <= 50:
            # "Dieser Beitrag wurde am 3. Mai 2020 veröffentlicht", "zuletzt am … geändert":
            # languages that put the verb after the date label it there.
            after = line[hit.end:hit.end + 45]
            pub, upd = _PUBLISHED_AFTER.match(after), _UPDATED_AFTER.match(after)
            labelled = bool(pub or upd)
        if labelled and pub:
            s += 3.0
            label = "published"
        elif labelled and upd:
            s += 2.0
            label = "updated"
        elif any(_BYLINE.match(lines[j]) or _BYLINE_ALONE.match(lines[j]) for j in range(max(0, i - 3), i + 1)):
            s += 1.0
            label = "byline"
        stamp = _is_stamp_line(line, hit)
        if stamp:
            s += 1.5
        elif len(line) > 100:
            s -= 2.5  # a date inside running prose is an event, not a stamp
        else:
            s -= 0.5
        if hit.has_time:
            s += 0.7
        if line in stamps:
            s += 1.5
        elif line in aside_stamps:
            s -= 2.0
        if hit.form in ("ambiguous", "numeric-2digit"):
            s -= 0.7
        # Position: stamps sit just below (or just above) the headline.
        if headline is not None:
            d = i - headline
            if 0 <= d <= 15:
                s += 2.5 - 0.08 * d
            elif -5 <= d < 0:
                s += 1.0
            elif d < 0:
                s -= 1.0
            else:
                s -= min(3.0, d / 40)
        else:
            frac = i / max(1, len(lines))
            s += 1.0 if frac < 0.25 or i < 40 else -1.0
        # What makes it some other date.
        window = " ".join(lines[max(0, i - 1): i + 1])
        if _COPYRIGHT.search(line):
            s -= 2.0 if hit.has_time else 6.0  # "© dpa | 07.11.2023 08:03" is a credit beside a stamp
        in_stamp_zone = headline is not None and -5 <= i - headline <= 15
        if _THREAD.search(window) or (not in_stamp_zone and (
                _COMMENT.search(window) or any(0 <= i - c <= 3 for c in comment_lines))):
            # Beside the headline, "3 Kommentare" is a link in the article's meta line.
            s -= 4.0
        if _TODAY.search(before[-30:]):
            s -= 4.0
        if not label and _EVENT.search(before[-25:]):
            s -= 1.5
        if _RANGE_BEFORE.search(line[: hit.start]) or _RANGE_AFTER.match(line, hit.end):
            s -= 3.0  # "14. - 20. Januar 2022", "28.01.2022 – 29.01.2022": a period, not a stamp
        if headline is not None and any(headline < r < i for r in related_lines) and i - headline > 8:
            s -= 1.5
        near = set().union(*(by_line.get(j, set()) for j in range(i - 6, i + 7)))
        if len(near) >= 3 and not label:
            s -= 1.5  # a list of dated teasers or comments
        if day_counts[hit.day] > 1:
            s += min(1.0, 0.4 * (day_counts[hit.day] - 1))
        candidates.append(Candidate(hit.day, i, s, label, hit))

    _penalise_banners(candidates, headline, lines)
    _prefer_original_over_update(candidates)
    verdict = _verdict(candidates, headline, lines)
    return TextDates(verdict.published, verdict.published_confidence, verdict.published_source,
                     verdict.modified, verdict.candidates, headline)


_SLASH = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](?:\d{4}|\d{2}(?!\d))")
_AM_PM = re.compile(r"\d\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)


_CLOCK = re.compile(r"(\d{1,2})[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)
_BRITISH_ZONE = re.compile(r"\b(?:gmt|bst|ist|cet|cest)\b", re.IGNORECASE)


def _us_clock(after: str) -> bool:
    """A 12-hour clock ("10:46 PM") after the date, as the US writes it; "20:26 PM" and
    "02:00pm GMT" are British or Irish pages, which write the day first."""
    m = _CLOCK.search(after)
    return bool(m) and int(m.group(1)) <= 12 and not _BRITISH_ZONE.search(after)


def _settle_day_month_order(hits: list[tuple[int, DateHit]], lines: list[str]) -> list[tuple[int, DateHit]]:
    """Read "11/8/2023" the way the page writes its dates: month first when the page has a
    date like "11/28/2023" or a 12-hour clock, day first otherwise."""
    ambiguous = [(i, h) for i, h in hits if h.form == "ambiguous"]
    if not ambiguous:
        return hits
    month_first = day_first = 0
    for i, h in hits:
        if h.form == "numeric":
            m = _SLASH.match(lines[i], h.start)
            if m:
                first, second = int(m.group(1)), int(m.group(2))
                month_first += second > 12
                day_first += first > 12
    settled: list[tuple[int, DateHit]] = []
    for i, h in hits:
        if h.form == "ambiguous":
            us = month_first > day_first or (month_first == day_first and _us_clock(lines[i][h.end:h.end + 24]))
            if us:
                try:
                    h = DateHit(dt.date(h.day.year, h.day.day, h.day.month), h.start, h.end, h.has_time, h.form)
                except ValueError:
                    continue
        settled.append((i, h))
    return settled


_WEEKDAY_WORD = re.compile(rf"(?<![^\W\d_])(?:{_WEEKDAY})(?![^\W\d_])", re.IGNORECASE)


def _penalise_banners(candidates: list[Candidate], headline: int | None, lines: list[str]) -> None:
    """A date above the headline, later than the page's labelled or near-headline dates, is
    the day the page was scraped ("Friday 25 September 2020" in the site header)."""
    if headline is None:
        # No headline to measure from: a weekday-named date without a clock in the header,
        # later than a stamp further down, is still the header's "today".
        stamps = [c for c in candidates if c.line >= 15 and c.score > 0]
        for k, c in enumerate(candidates):
            if (c.line < 15 and not c.label and not c.hit.has_time and _WEEKDAY_WORD.search(lines[c.line])
                    and any(s.day < c.day for s in stamps)):
                candidates[k] = Candidate(c.day, c.line, c.score - 4.0, c.label, c.hit)
        return
    anchors = [c.day for c in candidates if c.line >= headline and (c.label or c.line - headline <= 15)]
    if not anchors:
        return
    latest_anchor = max(anchors)
    for k, c in enumerate(candidates):
        if c.line < headline and not c.label and c.day > latest_anchor:
            candidates[k] = Candidate(c.day, c.line, c.score - 5.0, c.label, c.hit)


def _prefer_original_over_update(candidates: list[Candidate]) -> None:
    """In a stamp block ("Oct 24, 2023 | Updated: Nov 7, 2023") the unlabelled earlier date is
    the publication: lift it above the update it sits beside."""
    updates = [c for c in candidates if c.label == "updated"]
    for k, c in enumerate(candidates):
        # Only a plausible stamp is lifted (not one already judged a comment or a credit).
        if c.label in ("", "byline") and c.score > -1.0 and any(
            abs(u.line - c.line) <= 3 and u.day >= c.day for u in updates
        ):
            top = max(u.score for u in updates if abs(u.line - c.line) <= 3)
            candidates[k] = Candidate(c.day, c.line, max(c.score, top + 0.5), "published", c.hit)


def _verdict(candidates: list[Candidate], headline: int | None, lines: list[str]) -> TextDates:
    best_by_day: dict[dt.date, Candidate] = {}
    for c in candidates:
        if c.day not in best_by_day or c.score > best_by_day[c.day].score:
            best_by_day[c.day] = c
    ranked = sorted(best_by_day.values(), key=lambda c: (-c.score, c.line))
    best = ranked[0]
    w = rules.TEXT_DATE_WEIGHTS
    z = sum(w.get(name, 0.0) * value for name, value in _features(ranked, headline, lines).items())
    confidence = round(1.0 / (1.0 + math.exp(-z)), 3)
    if best.score < OUTWEIGHED:
        # What little speaks for it is outweighed (a comment, a copyright, prose): offer it
        # to the user, never file it.
        confidence = min(confidence, 0.5)
    updated = [c for c in candidates if c.label == "updated" and c.score > 2.0]
    modified = max((c.day for c in updated), default=None)
    return TextDates(best.day, confidence, candidate_source(best), modified, tuple(ranked))


def candidate_source(c: Candidate) -> str:
    """How a stamp is named as a source: by its label, else by how strongly it stands out."""
    return {"published": "text:published-line", "updated": "text:updated-line",
            "byline": "text:byline"}.get(c.label, "text:near-headline" if c.score > 3 else "text:date")


def text_confidence(score: float) -> float:
    """A rough likelihood for a stamp that did not win (the confidence model rates only the
    winner): used to order the other days a page offers, never to file one."""
    return 1.0 / (1.0 + math.exp(-score / 2))


def _features(ranked: list[Candidate], headline: int | None, lines: list[str]) -> dict[str, float]:
    """The confidence model's inputs (weights in `rules.TEXT_DATE_WEIGHTS`): the winner's score
    and its lead over the runner-up day (alone, a date must still stand out from nothing:
    over -1.5), its label, a clock time, whether the text is crowded with dates (lists,
    comments), whether the headline was found and the date sits under (or above) it, on a line
    of its own, in an unsure or a named form; what the runner-up is (a labelled date, a strong
    one)."""
    best = ranked[0]
    second = ranked[1] if len(ranked) > 1 else None
    margin = min(best.score - (second.score if second else -1.5), 4.0)
    near = headline is not None and 0 <= best.line - headline <= 15
    return {
        "bias": 1.0, "score": best.score, "margin": margin,
        "published": float(best.label == "published"), "updated": float(best.label == "updated"),
        "byline": float(best.label == "byline"), "time": float(best.hit.has_time),
        "crowded": float(len(ranked) >= 8), "no_headline": float(headline is None),
        "near_headline": float(near), "above_headline": float(headline is not None and best.line < headline),
        "stamp": float(_is_stamp_line(lines[best.line], best.hit)),
        "unsure_form": float(best.hit.form in ("ambiguous", "numeric-2digit")),
        "named_form": float(best.hit.form == "named"), "iso_form": float(best.hit.form == "iso"),
        "second_published": float(second is not None and second.label == "published"),
        "second_strong": float(second is not None and second.score > 2),
        "dates": min(len(ranked), 20) / 20, "depth": best.line / max(1, len(lines)),
        "near_score": max(best.score, -5.0) * near,
        "labelled_margin": margin * (best.label != ""),
    }


def features(td: TextDates, lines: list[str]) -> dict[str, float]:
    """The confidence model's inputs for a verdict (for refitting `rules.TEXT_DATE_WEIGHTS`)."""
    return _features(list(td.candidates), td.headline, lines)
