"""Dates and outlets on news pages the metadata rules were never fitted on (dates judged against the
day in their URL, outlets against the URL's site).

The date weights in `indexer/metadata/rules.py` were fitted on the dev set `bench/dates` (mostly
German institutional pages and blogs). Issue #8 says the targets will also be checked on news
pages we do not have. This is the nearest check we can make: the extraction benchmark's news
pages (`bench/extraction/scrapinghub`, 181 pages, mostly English) carry no gold date, but many
of their URLs do ("/2019/11/19/opinion/…"), and a news site's URL day is its publication day
(give or take a time zone). Those pages are scored like the dev set — right, wrong, unknown — in
three ways:

- **text dump**: the naive `txt/` dump alone (it does not contain the URL);
- **HTML, URL unused**: the page alone with every URL-path claim withheld (the canonical link and
  `og:url` repeat the URL, so reading them would grade the answer with itself);
- **HTML**: the page alone, as the archive reads it (the URL claim included: for reference).

    .venv/bin/python benchmarks/news_dates.py [DATASET] [--show]

Only pages whose URL names a full day count; the figures are on few pages (one page is about
two points), so read them as a check that nothing breaks on unseen news pages, not as a score
to tune against.

Outlets are judged on all the pages, HTML and text dump, exactly as `benchmarks/metadata.py`
judges the dev set (usable, bare domain — also counted with the self-styled domains a site
writes as its name, "Express.co.uk" —, wrong, missing); `--show` lists the names judged wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collections import Counter  # noqa: E402

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, dates, extract  # noqa: E402
from indexer.metadata.outlets import host_of  # noqa: E402
from indexer.model import Page  # noqa: E402
from indexer.readers import decode  # noqa: E402

DEFAULT_DATASET = Path("/work/shared/bench/extraction/scrapinghub")
TODAY = dt.date(2026, 11, 22)


def url_days(dataset: Path) -> dict[str, dt.date]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    days = {page_id: dates.url_date(entry.get("url"), TODAY) for page_id, entry in truth.items()}
    return {page_id: day for page_id, day in sorted(days.items()) if day}


def page_of(dataset: Path, form: str, page_id: str) -> Page:
    if form == "txt":
        text = (dataset / "txt" / f"{page_id}.txt").read_text(encoding="utf-8")
        return Page(text, "text", path=f"{page_id}.txt", encoding="utf-8")
    text, encoding = decode(gzip.decompress((dataset / "html" / f"{page_id}.html.gz").read_bytes()), "html")
    return Page(text, "html", path=f"{page_id}.html", encoding=encoding)


def score(dataset: Path, gold: dict[str, dt.date], form: str, use_url: bool, show: bool) -> str:
    right = wrong = unknown = best_right = 0
    for page_id, day in gold.items():
        page = page_of(dataset, form, page_id)
        if use_url:
            meta = extract(page, today=TODAY)
        else:
            with mock.patch.object(dates, "url_date", lambda url, latest: None):
                meta = extract(page, today=TODAY)
        given = meta.date.value if meta.date and meta.date.confidence >= DATE_CONFIDENCE_THRESHOLD else None
        best_right += bool(meta.date and meta.date.value == day.isoformat())
        if given is None:
            unknown += 1
        elif given == day.isoformat():
            right += 1
        else:
            wrong += 1
            if show:
                offered = ", ".join(v.value for v in meta.other_dates) or "none"
                print(f"  WRONG {page_id[:12]} url day {day} got {given} ({meta.date.source}, "
                      f"{meta.date.confidence}); other days offered: {offered}")
    n = max(1, len(gold))
    return (f"right {right / n:.1%}  wrong {wrong / n:.1%}  unknown {unknown / n:.1%}  "
            f"right among given {right / max(1, right + wrong):.1%}  (best candidate right {best_right / n:.1%})")


def score_outlets(dataset: Path, form: str, show: bool) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from metadata import Row, judge_outlet  # the dev benchmark's judge, unchanged

    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    verdicts: Counter[str] = Counter()
    for page_id, entry in sorted(truth.items()):
        meta = extract(page_of(dataset, form, page_id), today=TODAY, use_htmldate=False)
        row = Row(page_id, None, None, 0.0, "", meta.outlet.value if meta.outlet else None,
                  meta.outlet.source if meta.outlet else "", host_of(entry.get("url")))
        verdict = judge_outlet(row)
        verdicts[verdict] += 1
        verdicts["self-styled"] += verdict == "bare-domain" and row.outlet != row.outlet.lower()
        if show and verdict == "wrong":
            print(f"  WRONG {row.host}: {row.outlet!r} ({row.outlet_source})")
    n = max(1, len(truth))
    return (f"usable {verdicts['usable'] / n:.1%} (incl. self-styled domains "
            f"{(verdicts['usable'] + verdicts['self-styled']) / n:.1%}), bare domain {verdicts['bare-domain'] / n:.1%}, "
            f"wrong {verdicts['wrong'] / n:.1%}, missing {verdicts['missing'] / n:.1%} (of {len(truth)} pages)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--show", action="store_true", help="list the pages filed under another day")
    args = parser.parse_args(argv)
    gold = url_days(args.dataset)
    print(f"{len(gold)} pages whose URL names a day, of {len(json.loads((args.dataset / 'ground-truth.json').read_text()))}")
    for label, form, use_url in (("text dump", "txt", True), ("HTML, URL unused", "html", False), ("HTML", "html", True)):
        print(f"{label:>17}: {score(args.dataset, gold, form, use_url, args.show)}")
    for form in ("html", "txt"):
        print(f"outlets, {form:>4}: {score_outlets(args.dataset, form, args.show)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
