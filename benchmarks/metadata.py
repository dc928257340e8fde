"""Metadata benchmark: are `indexer.metadata`'s dates and outlets right, honestly unknown, or wrong?

Runs `extract` over a dataset folder laid out like the dev set (`html/<id>.html.gz` and/or
`txt/<id>.txt`, plus `gold.json` mapping each id to `{"date": "YYYY-MM-DD" | null, "url": ...}`)
and prints, per input form:

- dates, as the facet would file them (confidence >= DATE_CONFIDENCE_THRESHOLD): right, wrong
  and unknown as shares of all pages, and right among given; the same for the raw best
  candidate (what the user is offered to confirm), and the threshold sweep;
- outlets, judged against the site of each gold URL's host: usable (a name belonging to that
  site), bare domain (the site's own domain only), wrong (a name or domain of another site),
  missing;
- pages per second of `extract` alone (decoding and cleaning excluded), one process, measured
  in CPU time so that other work on the machine does not skew it.

    .venv/bin/python benchmarks/metadata.py [DATASET] [--form txt|html|both] [--show wrong|outlets]
                                            [--no-htmldate] [--json FILE]

"Belongs to the site" is a heuristic (the name shares a word, its initials or the alias table
with the host); `--show outlets` lists every name judged wrong, to be checked by eye.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, extract  # noqa: E402
from indexer.metadata.outlets import _as_domain, belongs_to_host, host_of, registrable  # noqa: E402
from indexer.model import Page  # noqa: E402
from indexer.readers import decode  # noqa: E402

DEFAULT_DATASET = Path("/work/shared/bench/dates")


@dataclass(frozen=True, slots=True)
class Row:
    page_id: str
    gold_date: str | None
    date: str | None
    confidence: float
    date_source: str
    outlet: str | None
    outlet_source: str
    host: str | None


def load_page(dataset: Path, form: str, page_id: str) -> Page:
    if form == "html":
        path = dataset / "html" / f"{page_id}.html.gz"
        text, encoding = decode(gzip.decompress(path.read_bytes()), "html")
        return Page(text, "html", path=f"{page_id}.html", encoding=encoding)
    path = dataset / "txt" / f"{page_id}.txt"
    return Page(path.read_text(encoding="utf-8"), "text", path=path.name, encoding="utf-8")


def run(dataset: Path, form: str, gold: dict, use_htmldate: bool = True) -> tuple[list[Row], float]:
    rows: list[Row] = []
    spent = 0.0
    for page_id in sorted(gold):
        if not (dataset / form).exists():
            break
        page = load_page(dataset, form, page_id)
        start = time.process_time()  # CPU time: fair on a shared, busy machine
        meta = extract(page, use_htmldate=use_htmldate)
        spent += time.process_time() - start
        rows.append(Row(
            page_id, gold[page_id].get("date"),
            meta.date.value if meta.date else None, meta.date.confidence if meta.date else 0.0,
            meta.date.source if meta.date else "",
            meta.outlet.value if meta.outlet else None, meta.outlet.source if meta.outlet else "",
            host_of(gold[page_id].get("url")),
        ))
    return rows, (len(rows) / spent if spent else 0.0)


def score_dates(rows: list[Row], threshold: float) -> dict[str, float]:
    right = wrong = unknown = 0
    for r in rows:
        given = r.date if r.date and r.confidence >= threshold else None
        if given is None:
            unknown += r.gold_date is not None
            right += r.gold_date is None
        elif given == r.gold_date:
            right += 1
        else:
            wrong += 1
    n = max(1, len(rows))
    return {"right": right / n, "wrong": wrong / n, "unknown": unknown / n,
            "right_among_given": right / max(1, right + wrong)}


def judge_outlet(r: Row) -> str:
    """usable | bare-domain | wrong | missing (see the module docstring)."""
    if not r.outlet:
        return "missing"
    if not r.host:
        return "no-gold-host"
    name = r.outlet.strip().lower()
    if _as_domain(name):
        return "bare-domain" if _site_label(name) == _site_label(r.host) else "wrong"
    if belongs_to_host(r.outlet, r.host):
        return "usable"
    # A blog on a hosting platform names itself freely ("Sprachpunkt" on someone.wordpress.com).
    return "usable" if registrable(r.host) != ".".join(r.host.split(".")[-2:]) else "wrong"


def _site_label(domain: str) -> str:
    """"uncut-news.ch" and "uncutnews.ch", "x.blogspot.de" and "x.blogspot.com": one site."""
    site = registrable(domain).split(".")
    return "".join(site[:-1]).replace("-", "") if len(site) > 1 else site[0]


def report(form: str, rows: list[Row], speed: float, show: str | None) -> dict:
    facet = score_dates(rows, DATE_CONFIDENCE_THRESHOLD)
    best = score_dates(rows, 0.0)
    outlets = Counter(judge_outlet(r) for r in rows)
    n = max(1, len(rows))
    print(f"\n== {form}: {len(rows)} pages, {speed:.0f} pages/s (extract only)")
    print(f"dates (facet, confidence >= {DATE_CONFIDENCE_THRESHOLD}): " + _fmt(facet))
    print("dates (best candidate, any confidence):     " + _fmt(best))
    sweep = ", ".join(f"{t:.2f}: {s['right']:.1%}/{s['wrong']:.1%}"
                      for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9) for s in [score_dates(rows, t)])
    print(f"  threshold sweep (right/wrong): {sweep}")
    print("outlets: " + ", ".join(f"{k} {outlets[k] / n:.1%}" for k in ("usable", "bare-domain", "wrong", "missing")))
    sources = Counter(r.date_source.split(":")[0] + (":" + r.date_source.split(":")[1] if ":" in r.date_source else "")
                      for r in rows if r.date and r.confidence >= DATE_CONFIDENCE_THRESHOLD)
    print("date sources (facet): " + ", ".join(f"{k} {v}" for k, v in sources.most_common(8)))
    if show == "wrong":
        for r in rows:
            if r.date and r.confidence >= DATE_CONFIDENCE_THRESHOLD and r.date != r.gold_date:
                print(f"  WRONG {r.page_id}: gold {r.gold_date} got {r.date} ({r.date_source}, {r.confidence})")
    if show == "outlets":
        for r in rows:
            verdict = judge_outlet(r)
            if verdict in ("wrong", "bare-domain"):
                print(f"  {verdict.upper()} {r.host}: {r.outlet!r} ({r.outlet_source})")
    return {"pages": len(rows), "pages_per_s": round(speed, 1), "facet": facet, "best": best,
            "outlets": {k: outlets[k] / n for k in ("usable", "bare-domain", "wrong", "missing")}}


def _fmt(s: dict[str, float]) -> str:
    return (f"right {s['right']:.1%}  wrong {s['wrong']:.1%}  unknown {s['unknown']:.1%}  "
            f"right among given {s['right_among_given']:.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--form", choices=("txt", "html", "both"), default="both")
    parser.add_argument("--show", choices=("wrong", "outlets"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-htmldate", action="store_true", help="leave htmldate out (to measure its worth)")
    args = parser.parse_args(argv)
    gold = json.loads((args.dataset / "gold.json").read_text(encoding="utf-8"))
    results = {}
    for form in (("txt", "html") if args.form == "both" else (args.form,)):
        rows, speed = run(args.dataset, form, gold, use_htmldate=not args.no_htmldate)
        if rows:
            results[form] = report(form, rows, speed, args.show)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
