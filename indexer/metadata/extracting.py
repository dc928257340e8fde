"""Describing one page: every metadata field with its source and confidence (`extract`), and the
JSON shape `broadsheet meta --json` prints (`describe`). The package's `__init__` documents the
contract; this module does the work, and loads the date finders and lxml only when first used.
"""


from __future__ import annotations

import datetime as dt
import re

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD
from indexer.metadata import dates as _dates
from indexer.metadata import language as _language
from indexer.metadata import outlets as _outlets
from indexer.metadata import people as _people
from indexer.metadata.htmlpage import HtmlFacts, parse_html, read_html
from indexer.metadata.textdates import find_headline, score_text
from indexer.model import Article, Metadata, Page, Value

__all__ = ["describe", "extract"]

_URL_IN_PATH = re.compile(r"https?[:_]+/*[^\s]+", re.IGNORECASE)
_HOST_IN_NAME = re.compile(r"^(?:https?[_:]+)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,24})(?:[_/]|$)", re.IGNORECASE)


def extract(page: Page, article: Article | None = None, *, today: dt.date | None = None,
            use_htmldate: bool = True) -> Metadata:
    """Describe `page`: every field with its source and confidence, or None when unknown.

    `today` bounds plausible dates (a page is not published in the future); `use_htmldate`
    lets a caller in a hurry skip the htmldate witness on HTML pages (faster, but the date
    confidences were calibrated with it: wrong dates rise from ~2% to ~5% of pages).
    """
    latest = today or dt.date.today()
    if page.kind == "html":
        return _extract_html(page, article, latest, use_htmldate)
    return _extract_text(page, article, latest)


def _path_hints(path: str | None) -> tuple[str | None, str | None, str]:
    """(url, host, source) a file's path may carry: a URL spelt into its name
    ("https___www.rt.com_news_…"), a host opening its name ("www.rt.com_news_….txt"), or a
    folder named after the site ("…/www.rt.com/story.txt")."""
    if not path:
        return None, None, ""
    url = None
    url_match = _URL_IN_PATH.search(path)
    if url_match:
        url = re.sub(r"^(https?)[:_]+/*", r"\1://", url_match.group(0), flags=re.IGNORECASE)
        url = re.sub(r"\.(?:txt|html?)$", "", url, flags=re.IGNORECASE)
        if "/" not in url[len("https://"):]:
            url = url[:8] + url[8:].replace("_", "/")  # a saved name spells "/" as "_"
        return url, _outlets.host_of(url), "path"
    parts = [p for p in re.split(r"[\\/]", path) if p]
    for k, part in enumerate(reversed(parts[-4:])):
        m = _HOST_IN_NAME.match(part)
        host = _outlets.domain_of(m.group(1)) if m else None  # "notes.v2" or "story.txt" is no site
        if host:
            return None, host, "file-name" if k == 0 else "folder-name"
    return None, None, ""


def _extract_text(page: Page, article: Article | None, latest: dt.date) -> Metadata:
    text = page.text
    url, host, hint = _path_hints(page.path)
    title = article.title if article and article.title else None
    td = score_text(text, title=title, latest=latest)
    verdict = _dates.decide_text(td, _dates.url_date(url or (page.path if host else None), latest))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headline = td.headline
    return Metadata(
        title=Value(title, "cleaner") if title else _first_line_title(lines),
        date=_value(verdict.published, verdict.published_source, verdict.confidence),
        modified=_value(verdict.modified, verdict.modified_source, 0.8),
        outlet=_outlets.text_outlet(text, host=host, host_source=hint or "path"),
        author=_people.text_author(lines, headline),
        url=Value(url, "path", 0.6) if url else None,
        language=_language.detect(text),
        other_dates=_values(verdict.others),
    )


def _extract_html(page: Page, article: Article | None, latest: dt.date, use_htmldate: bool) -> Metadata:
    tree = parse_html(page.text)
    witness = _dates.htmldate_witness(tree, latest) if use_htmldate else None
    facts = read_html(tree)  # after htmldate: reading strips the tree's scripts in place
    path_url, path_host, _ = _path_hints(page.path)
    url_value = _page_url(facts, path_url)
    host = _outlets.host_of(url_value.value) if url_value else path_host
    verdict = _dates.decide_html(facts, url_value.value if url_value else None, latest=latest,
                                 htmldate=witness)
    title = (Value(article.title, "cleaner") if article and article.title
             else _first_of(facts, ("og:title", "twitter:title")) or
             (Value(facts.h1, "h1", 0.8) if facts.h1 else None) or
             (Value(facts.title, "title-element", 0.7) if facts.title else None))
    lines = [line for line in facts.text.splitlines() if line.strip()]
    author = _people.structured_author(facts) or _people.text_author(lines, find_headline(lines, facts.h1))
    language = (_language.declared(facts.lang, "html-lang")
                or _language.declared(facts.first("content-language", "og:locale", "dc.language"), "meta")
                or _language.detect(facts.text))
    return Metadata(
        title=title,
        date=_value(verdict.published, verdict.published_source, verdict.confidence),
        modified=_value(verdict.modified, verdict.modified_source, 0.8),
        outlet=_outlets.html_outlet(facts.first("og:site_name", "application-name"),
                                    _publishers(facts), facts.title, host,
                                    site_names=_site_names(facts), footer=lines[-60:],
                                    app_names=facts.meta.get("application-name", [])
                                    + facts.meta.get("apple-mobile-web-app-title", [])),
        author=author,
        url=url_value,
        language=language,
        other_dates=_values(verdict.others),
    )


def _page_url(facts: HtmlFacts, path_url: str | None) -> Value | None:
    """The page's own URL: canonical link, og:url, or a URL in the file's name.

    When the canonical link and og:url name different sites, the canonical usually points to
    where syndicated content first appeared; the page's own site is the one its site name
    belongs to, or else og:url's.
    """
    found = [(value, source) for value, source in ((facts.canonical, "canonical"), (facts.first("og:url"), "og:url"),
                                                   (path_url, "path"))
             if value and re.match(r"^https?://", value, re.IGNORECASE)]
    if not found:
        return None
    hosts = {source: _outlets.host_of(value) for value, source in found}
    canonical, og = hosts.get("canonical"), hosts.get("og:url")
    if canonical and og and _outlets.registrable(canonical) != _outlets.registrable(og):
        site = facts.first("og:site_name") or ""
        own = canonical if site and _outlets.belongs_to_host(site, canonical) else og
        found.sort(key=lambda vs: hosts[vs[1]] != own)
    value, source = found[0]
    return Value(value, source, 0.9 if source != "path" else 0.6)


def _publishers(facts: HtmlFacts) -> list[str]:
    names: list[str] = []
    for obj in facts.jsonld:
        publisher = obj.get("publisher")
        for item in publisher if isinstance(publisher, list) else [publisher]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names.append(item["name"])
    return names


def _site_names(facts: HtmlFacts) -> list[str]:
    names: list[str] = []
    for obj in facts.jsonld:
        kind = obj.get("@type")
        kinds = {k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
        if kinds & {"website", "organization", "newsmediaorganization"} and isinstance(obj.get("name"), str):
            names.append(obj["name"])
    return names


def _first_of(facts: HtmlFacts, names: tuple[str, ...]) -> Value | None:
    for name in names:
        value = facts.first(name)
        if value:
            return Value(" ".join(value.split()), f"meta:{name}", 0.85)
    return None


def _first_line_title(lines: list[str]) -> Value | None:
    return Value(lines[0][:300], "first-line", 0.4) if lines else None


def _value(day: dt.date | None, source: str, confidence: float) -> Value | None:
    return Value(day.isoformat(), source, confidence) if day else None


def _values(evidence: tuple[_dates.Evidence, ...]) -> tuple[Value, ...]:
    return tuple(Value(e.day.isoformat(), e.source, e.weight) for e in evidence)


def describe(page: Page, article: Article | None = None) -> dict:
    """The one-line JSON shape of `broadsheet meta --json` for `page`."""
    meta = extract(page, article)
    fields = ("date", "modified", "outlet", "author", "url", "language")
    out: dict = {"path": page.path or "", "title": meta.title.value if meta.title else None}
    for name in fields:
        value = meta.get(name)
        out[name] = value.value if value else None
    if meta.date and meta.date.confidence < DATE_CONFIDENCE_THRESHOLD:
        out["date"] = None  # a candidate only: the archive shows it for the user to confirm
    out["sources"] = {name: meta.get(name).source for name in ("title", *fields)
                      if meta.get(name) and (name == "title" or out[name] is not None)}
    return out
