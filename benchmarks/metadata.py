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

    .venv/bin/python benchmarks/metadata.py [DATASET] [--form txt|html|both] [--show wrong|unknown|outlets]
                                            [--no-htmldate] [--json FILE]
    .venv/bin/python benchmarks/metadata.py --fit [--form ...] [--wrong-weight W]

`--fit` refits the date confidence weights of `indexer/metadata/rules.py` (scikit-learn) and
prints them with in-sample and two-fold cross-validated facet figures (five random splits;
`--splits N` for more), the two-fold figures at other thresholds, and the two-fold frontier
(right at a given wrong share, whatever the threshold).

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
    others: tuple[str, ...] = ()  # the other days offered beside the date, likeliest first


def load_page(dataset: Path, form: str, page_id: str, url: str | None = None) -> Page:
    """A page as the archive reads it; with `url`, under the name a WARC import gives it (the
    URL the crawler fetched it from) instead of a bare file name."""
    if form == "html":
        path = dataset / "html" / f"{page_id}.html.gz"
        text, encoding = decode(gzip.decompress(path.read_bytes()), "html")
        return Page(text, "html", path=url or f"{page_id}.html", encoding=encoding)
    path = dataset / "txt" / f"{page_id}.txt"
    return Page(path.read_text(encoding="utf-8"), "text", path=url or path.name, encoding="utf-8")


def run(dataset: Path, form: str, gold: dict, use_htmldate: bool = True,
        with_url: bool = False) -> tuple[list[Row], float]:
    rows: list[Row] = []
    spent = 0.0
    for page_id in sorted(gold):
        if not (dataset / form).exists():
            break
        page = load_page(dataset, form, page_id, gold[page_id].get("url") if with_url else None)
        start = time.process_time()  # CPU time: fair on a shared, busy machine
        meta = extract(page, use_htmldate=use_htmldate)
        spent += time.process_time() - start
        rows.append(Row(
            page_id, gold[page_id].get("date"),
            meta.date.value if meta.date else None, meta.date.confidence if meta.date else 0.0,
            meta.date.source if meta.date else "",
            meta.outlet.value if meta.outlet else None, meta.outlet.source if meta.outlet else "",
            host_of(gold[page_id].get("url")),
            tuple(v.value for v in meta.other_dates),
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
    missed = [r for r in rows if r.gold_date and r.date and r.date != r.gold_date]
    print(f"other days offered beside the date on {sum(1 for r in rows if r.others) / n:.1%} of pages; "
          f"the gold day among them on {sum(1 for r in missed if r.gold_date in r.others)} of the "
          f"{len(missed)} pages whose best candidate is wrong (one click away in the reader)")
    print("outlets: " + ", ".join(f"{k} {outlets[k] / n:.1%}" for k in ("usable", "bare-domain", "wrong", "missing")))
    # A domain the site writes as its name ("Express.co.uk", "SWIM.DE"): its own spelling, kept as
    # the outlet, though the judge counts it as a bare domain.
    self_styled = sum(1 for r in rows if judge_outlet(r) == "bare-domain" and r.outlet and r.outlet != r.outlet.lower())
    print(f"outlets: usable incl. self-styled domains {(outlets['usable'] + self_styled) / n:.1%} "
          f"(self-styled {self_styled / n:.1%})")
    sources = Counter(r.date_source.split(":")[0] + (":" + r.date_source.split(":")[1] if ":" in r.date_source else "")
                      for r in rows if r.date and r.confidence >= DATE_CONFIDENCE_THRESHOLD)
    print("date sources (facet): " + ", ".join(f"{k} {v}" for k, v in sources.most_common(8)))
    if show == "wrong":
        for r in rows:
            if r.date and r.confidence >= DATE_CONFIDENCE_THRESHOLD and r.date != r.gold_date:
                print(f"  WRONG {r.page_id}: gold {r.gold_date} got {r.date} ({r.date_source}, {r.confidence})")
    if show == "unknown":
        for r in rows:
            if r.gold_date and not (r.date and r.confidence >= DATE_CONFIDENCE_THRESHOLD):
                verdict = "right" if r.date == r.gold_date else "other" if r.date else "none"
                print(f"  UNKNOWN {r.page_id}: gold {r.gold_date}, best candidate {r.date} "
                      f"({verdict}; {r.date_source}, {r.confidence})")
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



# --- Refitting the date confidence models (--fit) -----------------------------------------
# Generic features only (see rules.py); labels from gold.json. Prints the weights to paste into
# rules.py with in-sample and two-fold cross-validated facet figures (five random splits).

def _text_rows(dataset: Path, gold: dict) -> list[tuple[str, list[tuple[dict, bool]]]]:
    from indexer.metadata.textdates import MAX_LINES, features, score_text

    pages = []
    for page_id in sorted(gold):
        text = load_page(dataset, "txt", page_id).text
        td = score_text(text, latest=FIT_TODAY)
        if td.published is None:
            pages.append((page_id, []))
            continue
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line][:MAX_LINES]
        pages.append((page_id, [(features(td, lines), td.published.isoformat() == gold[page_id].get("date"))]))
    return pages


def _html_rows(dataset: Path, gold: dict) -> list[tuple[str, list[tuple[dict, bool]]]]:
    from indexer.metadata import _page_url, _path_hints
    from indexer.metadata.dates import decide_html, htmldate_witness
    from indexer.metadata.htmlpage import parse_html, read_html

    pages = []
    for page_id in sorted(gold):
        page = load_page(dataset, "html", page_id)
        tree = parse_html(page.text)
        witness = htmldate_witness(tree, FIT_TODAY)
        facts = read_html(tree)
        url = _page_url(facts, _path_hints(page.path)[0])
        verdict = decide_html(facts, url.value if url else None, latest=FIT_TODAY, htmldate=witness)
        pages.append((page_id, [(f, day.isoformat() == gold[page_id].get("date")) for day, f in verdict.day_features]))
    return pages


# The weights in rules.py were fitted with these: HTML's target allows 2% wrong dates, text
# dumps' 4%, so a wrong HTML date is made to cost more.
WRONG_WEIGHT = {"txt": 1.0, "html": 1.75}
FIT_TODAY = __import__("datetime").date(2026, 11, 22)


def _fit(rows: list[tuple[dict, bool]], names: list[str], wrong_weight: float, c: float = 0.3) -> dict[str, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[f.get(n, 0.0) for n in names] for f, _ in rows])
    y = np.array([ok for _, ok in rows])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=10000)
    model.fit(x, y, sample_weight=np.where(y, 1.0, wrong_weight))
    return {n: round(float(w), 3) for n, w in zip(names, model.coef_[0])}


def _facet(pages, pick, threshold: float) -> tuple[float, float]:
    right = wrong = 0
    for _, days in pages:
        picked = pick(days)
        if picked and picked[0] >= threshold:
            right += picked[1]
            wrong += not picked[1]
    return right / max(1, len(pages)), wrong / max(1, len(pages))


def fit(dataset: Path, form: str, gold: dict, wrong_weight: float, splits: int = 5) -> None:
    import math
    import random

    from indexer.metadata import DATE_CONFIDENCE_THRESHOLD as thr
    from indexer.metadata.dates import _logit
    from indexer.metadata.textdates import OUTWEIGHED

    def sig(w, f):
        return 1.0 / (1.0 + math.exp(-sum(w.get(n, 0.0) * v for n, v in f.items())))

    pages = (_text_rows if form == "txt" else _html_rows)(dataset, gold)
    names = sorted({n for _, days in pages for f, _ in days for n in f})

    def train(part):
        ranker = _fit([r for _, days in part for r in days], names, 1.0 if form == "html" else wrong_weight)
        if form == "txt":
            return ranker, None
        second = [(_pick_features(ranker, days, sig, _logit), days[_argmax(ranker, days, sig)][1])
                  for _, days in part if days]
        return ranker, _fit(second, ["bias", "best", "runner_up", "kinds", "TM"], wrong_weight, c=1.0)

    def picker(ranker, conf):
        def pick(days):
            if not days:
                return None
            k = _argmax(ranker, days, sig)
            p = sig(ranker, days[k][0]) if conf is None else sig(conf, _pick_features(ranker, days, sig, _logit))
            if form == "txt" and days[k][0]["score"] < OUTWEIGHED:
                p = min(p, 0.5)  # as textdates._verdict does
            return p, days[k][1]
        return pick

    ranker, conf = train(pages)
    print(f"{form} ranker weights: {ranker}")
    if conf:
        print(f"{form} confidence weights: {conf}")
    inside = _facet(pages, picker(ranker, conf), thr)
    folds = []
    held_out = []  # per split, every page's confidence and verdict from the half it was not fitted on
    for seed in range(splits):
        shuffled = pages[:]
        random.Random(seed).shuffle(shuffled)
        halves = (shuffled[: len(shuffled) // 2], shuffled[len(shuffled) // 2:])
        pooled = []
        for a, b in (halves, halves[::-1]):
            pick = picker(*train(a))
            folds.append(_facet(b, pick, thr))
            pooled.extend(pick(days) or (0.0, False) for _, days in b)
        held_out.append(pooled)
    mean = [sum(f[k] for f in folds) / len(folds) for k in (0, 1)]
    print(f"{form} at {thr}: in-sample right {inside[0]:.1%} wrong {inside[1]:.1%}; two-fold x{splits}: right "
          f"{mean[0]:.1%} ({min(f[0] for f in folds):.1%}-{max(f[0] for f in folds):.1%}) wrong {mean[1]:.1%} "
          f"({min(f[1] for f in folds):.1%}-{max(f[1] for f in folds):.1%})")
    _print_held_out(form, held_out)


def _print_held_out(form: str, held_out: list[list[tuple[float, bool]]]) -> None:
    """Two-fold figures at other thresholds (to choose one per form by cross-validation), and
    the frontier: the most right a threshold could give at each wrong budget (compares feature
    sets whatever operating point their fit lands on)."""
    def share(pooled, t):
        n = len(pooled)
        return (sum(1 for p, ok in pooled if p >= t and ok) / n, sum(1 for p, ok in pooled if p >= t and not ok) / n)

    def frontier(pooled, cap):
        best = right = wrong = 0
        for p, ok in sorted(pooled, key=lambda x: -x[0]):
            if p <= 0:
                break
            right, wrong = right + ok, wrong + (not ok)
            if wrong / len(pooled) <= cap:
                best = max(best, right)
        return best / len(pooled)

    cells = []
    for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
        r, w = (sum(share(p, t)[k] for p in held_out) / len(held_out) for k in (0, 1))
        cells.append(f"{t}: {r:.1%}/{w:.1%}")
    print(f"{form} two-fold right/wrong by threshold: " + ", ".join(cells))
    print(f"{form} two-fold frontier, right at wrong <=: " + ", ".join(
        f"{cap:.1%}: {sum(frontier(p, cap) for p in held_out) / len(held_out):.1%}" for cap in (0.015, 0.02, 0.03, 0.04)))


def _argmax(ranker, days, sig) -> int:
    # Ties go to the earliest day, as in dates.decide_html (day_features are sorted by day).
    scores = [sig(ranker, f) for f, _ in days]
    return scores.index(max(scores))


def _pick_features(ranker, days, sig, logit) -> dict[str, float]:
    scores = sorted((sig(ranker, f) for f, _ in days), reverse=True)
    f = days[_argmax(ranker, days, sig)][0]
    kinds = sum(1 for k in ("S", "W", "t", "u", "U", "H", "T") if f.get(k, 0.0) > 0)
    return {"bias": 1.0, "best": logit(scores[0]), "runner_up": logit(scores[1] if len(scores) > 1 else 0.01),
            "kinds": float(kinds), "TM": f.get("TM", 0.0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--form", choices=("txt", "html", "both"), default="both")
    parser.add_argument("--show", choices=("wrong", "unknown", "outlets"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--fit", action="store_true",
                        help="refit the date confidence weights (needs scikit-learn) and cross-validate them")
    parser.add_argument("--wrong-weight", type=float,
                        help="with --fit: how much more a confidently wrong date costs than a right one "
                             f"(default per form: {WRONG_WEIGHT})")
    parser.add_argument("--splits", type=int, default=5,
                        help="with --fit: how many random two-fold splits to cross-validate over (default 5)")
    parser.add_argument("--with-url", action="store_true",
                        help="give each page its gold URL as a WARC import does (the crawl's URL)")
    parser.add_argument("--no-htmldate", action="store_true", help="leave htmldate out (to measure its worth)")
    args = parser.parse_args(argv)
    gold = json.loads((args.dataset / "gold.json").read_text(encoding="utf-8"))
    if args.fit:
        for form in (("txt", "html") if args.form == "both" else (args.form,)):
            fit(args.dataset, form, gold, args.wrong_weight or WRONG_WEIGHT[form], args.splits)
        return 0
    results = {}
    for form in (("txt", "html") if args.form == "both" else (args.form,)):
        rows, speed = run(args.dataset, form, gold, use_htmldate=not args.no_htmldate, with_url=args.with_url)
        if rows:
            results[form] = report(form, rows, speed, args.show)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
