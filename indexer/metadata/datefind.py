"""Finding date-looking strings in one line of text and turning them into calendar days.

This is deliberately not a general date parser: it recognises the handful of shapes news
pages print a publication stamp in ("19. Oktober 2019", "Oct 19, 2019", "2019-10-19",
"19.10.2019", "2019年10月19日"), in the languages `rules.MONTHS` knows, and checks each against
the calendar. Free-form dates ("last Tuesday") are left alone on purpose: they are never a
page's stamp. Structured values (ISO strings from meta tags) go through `parse_iso`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.metadata import rules

EARLIEST_YEAR = 1990  # web pages and their scrapes; older stamps are quoted history


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date found in a line: the day, where it sits, and how it was written."""

    day: dt.date
    start: int
    end: int
    has_time: bool
    form: str  # "named", "iso", "numeric", "numeric-2digit", "ambiguous", "cjk"


def _month_lookup() -> dict[str, int]:
    return {name: number for number, names in rules.MONTHS.items() for name in names}


_MONTH_OF = _month_lookup()
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTH_OF), key=len, reverse=True))
_NOT_LETTER = r"(?![^\W\d_])"
_TIME = re.compile(r"[\s,|·•/–-]*(?:um\s+|at\s+|à\s+|a las\s+|alle\s+|kl\.?\s+)?\d{1,2}[:.h]\d{2}(?!\d)",
                   re.IGNORECASE)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("named-dmy", re.compile(
        rf"(?<![\w.])(\d{{1,2}})(?:\.|st|nd|rd|th|er|º)?\s*(?:de\s+|of\s+)?({_MONTH}){_NOT_LETTER}"
        rf"(\.)?,?\s*(?:de\s+|del\s+)?(\d{{4}})(?!\d)", re.IGNORECASE)),
    ("named-mdy", re.compile(
        rf"(?<![^\W\d_])(?=[^\W\d_])({_MONTH}){_NOT_LETTER}(\.)?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})(?!\d)",
        re.IGNORECASE)),
    ("named-ymd", re.compile(rf"(?<!\d)(\d{{4}})\.\s*({_MONTH}){_NOT_LETTER}\s+(\d{{1,2}})\.", re.IGNORECASE)),
    ("cjk", re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")),
    ("iso", re.compile(r"(?<![\d/.-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d])")),
    ("ymd", re.compile(r"(?<![\d/.])((?:19|20)\d{2})([/.])(\d{1,2})\2(\d{1,2})(?![\d/]|\.\d)")),
    ("dmy-dot", re.compile(r"(?<![\w.])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?((?:19|20)\d{2})|(\d{2}))(?![\d:]|\.\d)")),
    ("dmy-slash", re.compile(r"(?<![\d/.])(\d{1,2})([/-])(\d{1,2})\2((?:19|20)\d{2})(?![\d/])")),
    # Two-digit years: "Publié le 02/11/23", "11/08/23 5:19pm", "14 Feb ’20", "03.Mär.19". A
    # named month takes its short year only after a dot or an apostrophe ("3. Mai 19 Uhr" is a
    # time of day).
    ("slash-2digit", re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])")),
    ("named-2digit", re.compile(
        rf"(?<![\w.])(\d{{1,2}})[.\s]\s*({_MONTH}){_NOT_LETTER}(?:\.\s*|\s*['’‘])(\d{{2}})(?![\d:])",
        re.IGNORECASE)),
)


def _day(year: int, month: int, day: int, latest: dt.date) -> dt.date | None:
    if not EARLIEST_YEAR <= year <= latest.year:
        return None
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    return found if found <= latest else None


# Cheap gates, checked before the costly patterns (this runs on every line of 100,000 pages).
# Every pattern but a two-digit-year "19.10.19" needs a four-digit year, and only years from
# 1990 on are read, so a line without "19xx"/"20xx" (or a year in other digits, "২০২০") can hold
# only that one shape.
_YEAR = re.compile(r"(?<!\d)(?:(?:19|20)\d\d|(?![0-9])\d{4})(?!\d)")
# "Oct 19, 2019": the month alternation is slow to try at every position; the shape around it
# (a letter, a day, a year) is quick to look for first.
_MDY_SHAPE = re.compile(r"[^\W\d_]\.?\s*\d{1,2}(?:st|nd|rd|th)?\s*,?\s+\d{4}(?!\d)", re.IGNORECASE)
# "14 Feb ’20", "03.Mär.19": a day, a word, a dot or apostrophe and two digits, looked for
# before the month alternation is tried.
_SHORT_NAMED_SHAPE = re.compile(r"\d[.\s]\s*[^\W\d_]{3,}(?:\.\s*|\s*['’‘])\d\d(?![\d:])")


def _select(*excluded: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(kp for kp in _PATTERNS if kp[0] not in excluded)


# Which patterns to try, by (has the "Oct 19, 2019" shape, has the "14 Feb ’20" shape, has a
# slash); a line without a four-digit year can hold only the two-digit-year shapes.
_CHOICES = {
    (mdy, named, slash): _select(*(["named-mdy"] * (not mdy) + ["named-2digit"] * (not named)
                                  + ["slash-2digit"] * (not slash)))
    for mdy in (True, False) for named in (True, False) for slash in (True, False)
}
_SHORT_YEAR = {key: tuple(kp for kp in patterns if kp[0] in ("dmy-dot", "slash-2digit", "named-2digit"))
               for key, patterns in _CHOICES.items()}


def _patterns_for(line: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    short_named = _SHORT_NAMED_SHAPE.search(line) is not None
    slash = "/" in line
    if not _YEAR.search(line):
        if not (short_named or slash or "." in line):
            return ()
        return _SHORT_YEAR[(False, short_named, slash)]
    return _CHOICES[(_MDY_SHAPE.search(line) is not None, short_named, slash)]


def find_dates(line: str, latest: dt.date | None = None) -> list[DateHit]:
    """Every calendar-valid date written in `line`, left to right, overlaps removed."""
    latest = latest or dt.date.today()
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns_for(line):
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            found, form = _interpret(kind, m, latest)
            if found is None:
                continue
            has_time = bool(_TIME.match(line, m.end()))
            taken.append((m.start(), m.end()))
            hits.append(DateHit(found, m.start(), m.end(), has_time, form))
    hits.sort(key=lambda h: h.start)
    return hits


def _interpret(kind: str, m: re.Match[str], latest: dt.date) -> tuple[dt.date | None, str]:
    g = m.groups()
    if kind == "named-dmy":
        return _day(int(g[3]), _MONTH_OF[g[1].lower()], int(g[0]), latest), "named"
    if kind == "named-mdy":
        return _day(int(g[3]), _MONTH_OF[g[0].lower()], int(g[2]), latest), "named"
    if kind == "named-ymd":
        return _day(int(g[0]), _MONTH_OF[g[1].lower()], int(g[2]), latest), "named"
    if kind == "cjk":
        return _day(int(g[0]), int(g[1]), int(g[2]), latest), "cjk"
    if kind == "iso":
        return _day(int(g[0]), int(g[1]), int(g[2]), latest), "iso"
    if kind == "ymd":
        return _day(int(g[0]), int(g[2]), int(g[3]), latest), "iso"
    if kind == "dmy-dot":
        first, second = int(g[0]), int(g[1])
        if second > 12 >= first:
            first, second = second, first  # "01.21.2020": the US order, dotted
        if g[2] is None:
            return _day(_century(int(g[3]), latest), second, first, latest), "numeric-2digit"
        return _day(int(g[2]), second, first, latest), "numeric"
    if kind == "named-2digit":
        return _day(_century(int(g[2]), latest), _MONTH_OF[g[1].lower()], int(g[0]), latest), "numeric-2digit"
    if kind == "slash-2digit":
        first, second, year = int(g[0]), int(g[1]), _century(int(g[2]), latest)
        if first > 12:
            return _day(year, second, first, latest), "numeric-2digit"
        if second > 12:
            return _day(year, first, second, latest), "numeric-2digit"
        return _day(year, second, first, latest), "ambiguous"
    # dmy-slash: 03/04/2020 is April in Europe and March in the US; only sure when one part > 12
    first, second, year = int(g[0]), int(g[2]), int(g[3])
    if first > 12:
        return _day(year, second, first, latest), "numeric"
    if second > 12:
        return _day(year, first, second, latest), "numeric"
    if first == second:
        return _day(year, first, first, latest), "numeric"
    return _day(year, second, first, latest), "ambiguous"


def _century(year: int, latest: dt.date) -> int:
    return year + (2000 if year <= latest.year % 100 else 1900)


_ISO = re.compile(r"((?:19|20)\d{2})-?(\d{2})-?(\d{2})")


def parse_iso(text: str, latest: dt.date | None = None) -> dt.date | None:
    """The calendar day of a structured value ("2019-10-19T07:00:00+02:00", "20191019").

    The day is the one written, not converted to UTC: "2019-10-19T01:00+02:00" was published
    on the 19th where it was written, and that is what the page's readers saw.
    """
    latest = latest or dt.date.today()
    text = text.strip()
    m = _ISO.match(text)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), latest)
    hits = find_dates(text[:80], latest)
    if hits and hits[0].form not in ("ambiguous",):
        return hits[0].day
    return _parse_rfc(text, latest)


def _parse_rfc(text: str, latest: dt.date) -> dt.date | None:
    # "Sat, 19 Oct 2019 07:00:00 GMT" and friends: what email.utils is for.
    from email.utils import parsedate_tz

    parsed = parsedate_tz(text)
    if not parsed:
        return None
    return _day(parsed[0], parsed[1], parsed[2], latest)
