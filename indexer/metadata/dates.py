"""The page's publication and last-modified dates, from every kind of evidence, weighed.

Evidence, strongest first: structured data (JSON-LD `datePublished`, `article:published_time`
and kin, `<time datetime>` marked as the publication), a labelled line in the text
("Veröffentlicht am", "Published", "Updated"), a date in the URL path, the stamp next to
the headline. For HTML, htmldate (a well-kept library built for exactly this) is consulted as
an independent witness. Agreement between independent sources raises the confidence;
disagreement lowers it, so that the archive's threshold turns doubtful dates into "undated"
candidates for the user to confirm instead of wrong facets.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from indexer.metadata import rules
from indexer.metadata.datefind import find_dates, parse_iso
from indexer.metadata.htmlpage import HtmlFacts
from indexer.metadata.textdates import OUTWEIGHED, TextDates, candidate_source, score_text, text_confidence


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source's claim about the publication date."""

    day: dt.date
    source: str
    weight: float


@dataclass(frozen=True, slots=True)
class DateVerdict:
    """The dates decided for a page, with the evidence they were decided from."""

    published: dt.date | None
    published_source: str
    confidence: float
    modified: dt.date | None
    modified_source: str
    evidence: tuple[Evidence, ...] = ()
    modified_evidence: tuple[Evidence, ...] = ()  # structured last-modified claims
    # Each day weighed and the ranker's inputs for it (for refitting `rules.HTML_DATE_WEIGHTS`).
    day_features: tuple[tuple[dt.date, dict[str, float]], ...] = ()
    # Other days the page gives as its date, likeliest first (weight: how likely, 0..1): what the
    # reader offers beside the chosen one, for the user to pick in one click.
    others: tuple[Evidence, ...] = ()


# How many other days to offer, and how likely one must be: on the dev set's HTML pages this
# offers another day on 12% of pages, and the right day on 13 of the 30 whose pick is wrong.
MAX_OTHER_DATES = 2
OTHER_DATE_MIN = 0.1


_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_SEPARATED = re.compile(
    r"(?<![\d])((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?![\d])")
# Day first, as European sites name a page after its day ("/meldungen/29-10-2021").
_URL_DAY_FIRST = re.compile(r"(?<![\d])(0[1-9]|[12]\d|3[01])[_.-](0[1-9]|1[0-2])[_.-]((?:19|20)\d{2})(?![\d])")


def url_date(url: str | None, latest: dt.date) -> dt.date | None:
    """A full day written in a URL's path ("/2019/10/19/slug", "-20191019-", "/19-10-2019"), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for pattern in (_URL_SEPARATED, _URL_DATE, _URL_DAY_FIRST):
        m = pattern.search(path)
        if m:
            ymd = (m.group(3), m.group(2), m.group(1)) if pattern is _URL_DAY_FIRST else m.groups()
            try:
                day = dt.date(int(ymd[0]), int(ymd[1]), int(ymd[2]))
            except ValueError:
                continue
            if day <= latest:
                return day
    return None


def structured_dates(facts: HtmlFacts, latest: dt.date) -> tuple[list[Evidence], list[Evidence]]:
    """Published and modified claims from JSON-LD, meta tags and `<time>` elements."""
    published: list[Evidence] = []
    modified: list[Evidence] = []
    for obj in facts.jsonld:
        types = obj.get("@type")
        types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
        if types & rules.ARTICLE_TYPES:
            weight = 0.9
        elif types & rules.PAGE_TYPES:
            weight = 0.75
        else:
            continue
        for key in ("datePublished", "dateCreated", "uploadDate"):
            day = _day_of(obj.get(key), latest)
            if day:
                published.append(Evidence(day, "json-ld", weight))
                break
        day = _day_of(obj.get("dateModified"), latest)
        if day:
            modified.append(Evidence(day, "json-ld", weight))
    for rank, name in enumerate(rules.PUBLISHED_META):
        day = _day_of(facts.first(name), latest)
        if day:
            published.append(Evidence(day, f"meta:{name}", 0.85 if rank < 20 else 0.7))
    for name in rules.MODIFIED_META:
        day = _day_of(facts.first(name), latest)
        if day:
            modified.append(Evidence(day, f"meta:{name}", 0.8))
    unmarked = False
    for t in facts.times:
        day = parse_iso(t.value, latest) if t.value else None
        if day and t.published:
            published.append(Evidence(day, "time-element", 0.75))
        elif day and t.modified:
            modified.append(Evidence(day, "time-element", 0.7))
        elif day and not unmarked:
            # The first `<time>` that says nothing of what it dates: often the article's
            # stamp, sometimes a teaser's; a weaker witness than a marked one.
            published.append(Evidence(day, "time-unmarked", 0.5))
            unmarked = True
    return published, modified


def _day_of(value: object, latest: dt.date) -> dt.date | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return parse_iso(value, latest)
    return None


# Weak meta names: often the page's generation or a site-wide date rather than the article's.
_WEAK_META = frozenset({"meta:date", "meta:dc.date", "meta:dcterms.date", "meta:release_date"})


def decide_text(text_dates: TextDates, path_url_day: dt.date | None) -> DateVerdict:
    """A text dump's dates: the scored text, supported (or contradicted) by a date in its name."""
    evidence: list[Evidence] = []
    if text_dates.published:
        evidence.append(Evidence(text_dates.published, text_dates.published_source,
                                 text_dates.published_confidence))
    if path_url_day:
        evidence.append(Evidence(path_url_day, "url-path", 0.8))
    if not evidence:
        return DateVerdict(None, "", 0.0, text_dates.modified, "text:updated-line" if text_dates.modified else "")
    best = evidence[0]
    if path_url_day:
        if text_dates.published == path_url_day:
            best = Evidence(path_url_day, best.source, min(0.97, 0.5 + best.weight))
        elif text_dates.published is None or text_dates.published_confidence < 0.5:
            best = evidence[-1]
        else:
            best = Evidence(best.day, best.source, best.weight * 0.6)
    modified = text_dates.modified if text_dates.modified and text_dates.modified >= best.day else None
    return DateVerdict(best.day, best.source, round(best.weight, 3), modified,
                       "text:updated-line" if modified else "", tuple(evidence),
                       others=_other_text_days(text_dates, path_url_day, best.day))


def _other_text_days(text_dates: TextDates, path_url_day: dt.date | None, chosen: dt.date) -> tuple[Evidence, ...]:
    """The URL's day and the text's next-best stamps (those more speaks for than against)."""
    others: list[Evidence] = []
    if path_url_day and path_url_day != chosen:
        others.append(Evidence(path_url_day, "url-path", 0.8))
    for c in text_dates.candidates:  # one per day, best first
        # An "Updated" stamp is the page's last-modified date, not another publication date.
        if c.score >= OUTWEIGHED and c.label != "updated" and c.day != chosen and all(o.day != c.day for o in others):
            others.append(Evidence(c.day, candidate_source(c), round(text_confidence(c.score), 3)))
    return tuple(others[:MAX_OTHER_DATES])


def decide_html(facts: HtmlFacts, url: str | None, *, latest: dt.date,
                htmldate: dt.date | None = None) -> DateVerdict:
    """An HTML page's dates: structured data, the visible stamp, the URL and htmldate's answer
    (`htmldate_witness`, asked before `read_html` consumed the tree), weighed."""
    published, modified = structured_dates(facts, latest)
    text_dates = score_text(facts.text, title=facts.headline or facts.h1, latest=latest,
                            stamps=facts.stamps, aside_stamps=facts.aside_stamps)
    evidence: list[Evidence] = []

    def claim(day: dt.date | None, source_name: str, strength: float = 1.0) -> None:
        if day is not None and strength > 0:
            evidence.append(Evidence(day, source_name, strength))

    # One claim per kind of source: two meta tags copying one CMS field are not two witnesses.
    strong = next((e for e in published if not e.source.startswith("time-")), None)
    if strong:
        claim(strong.day, strong.source)
    for kind in ("time-element", "time-unmarked"):
        timed = next((e for e in published if e.source == kind), None)
        if timed:
            claim(timed.day, timed.source)
    if text_dates.published:
        claim(text_dates.published, text_dates.published_source, text_dates.published_confidence)
    claim(url_date(url, latest), "url-path")
    claim(htmldate, "htmldate")
    modified_day = max((e.day for e in modified), default=None) or text_dates.modified
    modified_source = next((e.source for e in modified if e.day == modified_day), "text:updated-line")
    if not evidence:
        return DateVerdict(None, "", 0.0, modified_day, modified_source if modified_day else "")
    modified_days = {e.day for e in modified}
    text_best: dict[dt.date, float] = {}
    for c in text_dates.candidates:  # ranked best first: the first score of a day is its best
        text_best.setdefault(c.day, c.score)
    marked = _marked_days(facts.stamps, latest)
    aside = _marked_days(facts.aside_stamps, latest) - marked
    near = _near_headline_days(text_dates)
    named = {e.day for e in evidence if _kind(e) != "u"} or {e.day for e in evidence}
    features = [(day, _day_features(evidence, day, modified_days, text_best, marked, aside, near))
                for day in sorted(named)]
    scored = sorted(((_probability(f), day, f) for day, f in features), key=lambda x: (-x[0], x[1]))
    best, day, best_features = scored[0]
    confidence = _confidence(best, scored[1][0] if len(scored) > 1 else None, best_features)
    if modified_day and modified_day < day:
        modified_day = None
    source = next(e.source for e in evidence if e.day == day)
    others = tuple(Evidence(d, next(e.source for e in evidence if e.day == d), round(p, 3))
                   for p, d, _ in scored[1:] if p >= OTHER_DATE_MIN)[:MAX_OTHER_DATES]
    return DateVerdict(day, source, round(confidence, 3), modified_day,
                       modified_source if modified_day else "", tuple(evidence), tuple(modified),
                       tuple(features), others)


_STAMP_SOURCES = frozenset({"text:published-line", "text:near-headline", "text:byline"})
_KINDS = ("S", "W", "t", "u", "U", "H", "TL")


def _kind(e: Evidence) -> str:
    if e.source in _WEAK_META:
        return "W"
    if e.source.startswith(("json-ld", "meta:")):
        return "S"
    if e.source == "time-element":
        return "t"
    if e.source == "time-unmarked":
        return "u"
    if e.source.startswith("text:"):
        return "T"
    return "U" if e.source == "url-path" else "H"


def _marked_days(lines: set[str], latest: dt.date) -> set[dt.date]:
    """Days written in elements the markup calls a date or byline (of the article, or of
    comments, teasers and sidebars)."""
    days: set[dt.date] = set()
    for line in sorted(lines)[:60]:
        days.update(hit.day for hit in find_dates(line, latest) if hit.form != "ambiguous")
    return days


# Text nodes above and below the headline where the article's own stamp sits: its header
# (kicker, byline, date) rarely spans more; teaser and sidebar dates lie further away.
_NEAR_HEADLINE = (-3, 6)


def _near_headline_days(text_dates: TextDates) -> set[dt.date]:
    """Every day written within a few text nodes of the headline, whatever the text scorer made
    of it: the scorer picks one stamp, but a day it ranked lower (or that structured data and
    htmldate name) is still the article header's when it stands there."""
    if text_dates.headline is None:
        return set()
    lo, hi = _NEAR_HEADLINE
    return {c.day for c in text_dates.candidates if lo <= c.line - text_dates.headline <= hi}


def _day_features(evidence: list[Evidence], day: dt.date, modified_days: set[dt.date],
                  text_best: dict[dt.date, float], marked: set[dt.date] = frozenset(),
                  aside: set[dt.date] = frozenset(), near: set[dt.date] = frozenset()) -> dict[str, float]:
    """What speaks for `day` and what for other days. Kinds: S structured (JSON-LD, specific
    meta), W weak meta, t `<time>` marked as published, u the first unmarked `<time>`, U URL
    path, H htmldate, T the text's stamp (Tc its confidence, TL labelled or beside the
    headline); "o…" the same kinds naming another day. TM: also the structured last-modified
    day (pages tend to show that day as their date). Ts: the best score the text scorer gave
    this day anywhere, so that a day the text ranks second still counts. agree: how many
    independent kinds name it — agreement is the strongest evidence there is. M: the markup
    calls an element holding this day a date or byline (M1: and no other day), oM: it does so
    for other days. A: the day is written only in date elements the markup places in comments,
    teasers, sidebars or lists (the fit finds it speaks for the day: such a list often holds the
    page's own entry). N: the day is written within a few text nodes of the headline, oN:
    another day is."""
    own: dict[str, float] = {}
    other: dict[str, float] = {}
    for e in evidence:
        kind = _kind(e)
        side = own if e.day == day else other
        side[kind] = max(side.get(kind, 0.0), e.weight if kind == "T" else 1.0)
        if kind == "T" and e.source in _STAMP_SOURCES:
            side["TL"] = 1.0
    f: dict[str, float] = {"bias": 1.0, "TM": float(day in modified_days)}
    for kind in _KINDS:
        f[kind] = own.get(kind, 0.0)
        f["o" + kind] = other.get(kind, 0.0)
    f["T"], f["Tc"] = float("T" in own), own.get("T", 0.0)
    f["oT"], f["oTc"] = float("T" in other), other.get("T", 0.0)
    f["Ts"] = max(-6.0, min(8.0, text_best.get(day, -6.0))) / 4
    f["A"] = float(day in aside)
    f["M"] = float(day in marked)
    f["M1"] = float(marked == {day})
    f["oM"] = float(bool(marked - {day}))
    f["N"] = float(day in near)
    f["oN"] = float(bool(near - {day}))
    f["agree"] = float(sum(1 for k in ("S", "W", "t", "u", "U", "H", "T") if k in own) >= 3)
    return f


def _probability(features: dict[str, float]) -> float:
    """How likely a day is the publication date (weights in `rules.HTML_DATE_WEIGHTS`)."""
    w = rules.HTML_DATE_WEIGHTS
    z = sum(w.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def _logit(p: float) -> float:
    p = min(max(p, 0.001), 0.999)
    return math.log(p / (1.0 - p))


def _confidence(best: float, runner_up: float | None, features: dict[str, float]) -> float:
    """How likely the ranker's pick is right: its probability, how close the runner-up day
    came, how many independent kinds of source name it, and whether it is also the
    structured last-modified day (weights in `rules.HTML_CONFIDENCE_WEIGHTS`). The ranker
    scores each day on its own; this looks at the pick among the rest."""
    w = rules.HTML_CONFIDENCE_WEIGHTS
    kinds = sum(1 for k in ("S", "W", "t", "u", "U", "H", "T") if features.get(k, 0.0) > 0)
    z = (w["bias"] + w["best"] * _logit(best) + w["runner_up"] * _logit(runner_up if runner_up is not None else 0.01)
         + w["kinds"] * kinds + w["TM"] * features.get("TM", 0.0))
    return 1.0 / (1.0 + math.exp(-z))


def htmldate_witness(tree: object, latest: dt.date) -> dt.date | None:
    """htmldate's answer for a page, given its source or its lxml tree (`htmlpage.parse_html`:
    one parse instead of two; htmldate copies the tree before pruning it, and its answers on
    the dev set are the same either way)."""
    if tree is None:
        return None
    # Imported here: htmldate costs ~150 ms to import, and text dumps never need it.
    from htmldate import find_date

    try:
        # extensive_search=False: on the dev set it is as good a witness beside our own
        # evidence (docs/BENCHMARKS.md) and a fifth faster; when it finds nothing the
        # other sources decide.
        found = find_date(tree, original_date=True, extensive_search=False, max_date=latest.isoformat())
    except Exception:  # noqa: BLE001 - a third-party parser's failure is "no evidence", not a crash
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None
