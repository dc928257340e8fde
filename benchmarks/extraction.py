"""Article-extraction benchmark: how well `indexer.cleaning` cleans real pages, and how fast.

Runs the cleaner over a dataset folder laid out like the dev set
(`html/<id>.html.gz` and/or `txt/<id>.txt`, plus `ground-truth.json` mapping each id to
`{"articleBody": ..., "url": ...}`) and prints, per input form, the scores defined in the
dev set's README: P, R, F1 (harmonic mean of mean page precision and mean page recall),
F1 macro (mean per-page F1, an empty output scoring 0), the share of pages with F1 >= 0.9,
and pages per second (cleaning only, one process; per core = per second of the process's
CPU time, which stays honest on a busy machine, and wall clock beside it).

    .venv/bin/python benchmarks/extraction.py [DATASET] [--form txt|html|both] [--worst N]
                                              [--by-language] [--learning] [--no-extractor]

Each form is scored twice: on the readable text Broadsheet shows (headline, then body), which
is what `clean(page).text` returns, and on the body alone, which is what the gold holds and what
the anchor extractors output (the README: a cleaner that adds the headline loses one to two
points of precision).

The cleaner is hand-written (no trained weights), so these figures need no cross-validation.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.cleaning import clean  # noqa: E402
from indexer.cleaning.evaluation import PageScore, Summary, score_page, summarise  # noqa: E402
from indexer.model import Page  # noqa: E402

DEFAULT_DATASET = Path("/work/shared/bench/extraction/scrapinghub")


def load_gold(dataset: Path) -> dict[str, str]:
    data = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: entry["articleBody"] for page_id, entry in data.items()}


def load_hosts(dataset: Path) -> dict[str, str]:
    """page id -> the host of its URL: the outlet, for the boilerplate-learning experiment."""
    data = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: urllib.parse.urlparse(entry.get("url", "")).netloc for page_id, entry in data.items()}


def load_pages(dataset: Path, form: str) -> dict[str, Page]:
    """Every page of one input form, decoded, keyed by id (reading is not timed)."""
    pages: dict[str, Page] = {}
    if form == "txt":
        for path in sorted((dataset / "txt").glob("*.txt")):
            pages[path.name.removesuffix(".txt")] = Page(path.read_text(encoding="utf-8"), "text", str(path))
    else:
        for path in sorted((dataset / "html").glob("*.html.gz")):
            text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            pages[path.name.removesuffix(".html.gz")] = Page(text, "html", str(path))
    return pages


@dataclass(frozen=True, slots=True)
class Speed:
    """Pages per second of wall-clock time, and per second of this process's CPU time (one core)."""

    wall: float
    cpu: float

    def line(self) -> str:
        return f"{self.cpu:.0f} pages/s/core (CPU time; {self.wall:.0f} pages/s wall clock)"


@dataclass(frozen=True, slots=True)
class FormResult:
    """One input form's scores: on the readable text (headline + body) and on the body alone."""

    text: Summary
    body: Summary
    speed: Speed
    scores: list[PageScore]  # per page, readable text


def run_form(dataset: Path, form: str, gold: dict[str, str]) -> FormResult:
    pages = {k: v for k, v in load_pages(dataset, form).items() if k in gold}
    clean(next(iter(pages.values())))  # warm-up: lazy imports and stop-word lists
    wall, cpu = time.perf_counter(), time.process_time()
    articles = {page_id: clean(page) for page_id, page in pages.items()}
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    text_scores = [score_page(page_id, articles[page_id].text, gold[page_id]) for page_id in pages]
    body_scores = [score_page(page_id, articles[page_id].body, gold[page_id]) for page_id in pages]
    speed = Speed(len(pages) / wall if wall else 0.0, len(pages) / cpu if cpu else 0.0)
    return FormResult(summarise(text_scores), summarise(body_scores), speed, text_scores)


def by_language(dataset: Path, gold: dict[str, str], result: FormResult) -> None:
    """English pages apart from the others (language guessed from the text dump)."""
    from indexer.cleaning.language import guess_language

    groups: dict[str, list[PageScore]] = defaultdict(list)
    for score in result.scores:
        text = (dataset / "txt" / f"{score.page_id}.txt").read_text(encoding="utf-8")
        groups["english" if guess_language(text) == "english" else "other languages"].append(score)
    for name, scores in sorted(groups.items()):
        print(f"      {name:16} {summarise(scores).line()}")


def learning_experiment(dataset: Path, gold: dict[str, str]) -> None:
    """Text dumps of outlets with two or more pages, cleaned alone and with the boilerplate
    learned from all of that outlet's pages (`learn_boilerplate(..., min_pages=2)`)."""
    from indexer.cleaning import learn_boilerplate

    outlets: dict[str, list[str]] = defaultdict(list)
    for page_id, host in load_hosts(dataset).items():
        if page_id in gold and (dataset / "txt" / f"{page_id}.txt").exists():
            outlets[host].append(page_id)
    alone: list[PageScore] = []
    learned: list[PageScore] = []
    for page_ids in outlets.values():
        if len(page_ids) < 2:
            continue
        texts = {page_id: (dataset / "txt" / f"{page_id}.txt").read_text(encoding="utf-8") for page_id in page_ids}
        boilerplate = learn_boilerplate(texts.values(), min_pages=2)
        for page_id, text in texts.items():
            alone.append(score_page(page_id, clean(Page(text, "text")).text, gold[page_id]))
            learned.append(score_page(page_id, clean(Page(text, "text"), boilerplate=boilerplate).text, gold[page_id]))
    print(f"txt   outlets with 2+ pages, alone    {summarise(alone).line()}")
    print(f"txt   same, with learned boilerplate  {summarise(learned).line()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--form", choices=["txt", "html", "both"], default="both")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages per form")
    parser.add_argument("--by-language", action="store_true", help="also score English and other pages apart")
    parser.add_argument("--learning", action="store_true", help="also run the boilerplate-learning experiment")
    parser.add_argument(
        "--no-extractor", action="store_true", help="HTML without trafilatura: only our own cleaner (as when it is absent)"
    )
    args = parser.parse_args(argv)
    if not (args.dataset / "ground-truth.json").exists():
        parser.error(f"no ground-truth.json in {args.dataset}")
    gold = load_gold(args.dataset)
    if args.no_extractor:
        from indexer.cleaning import html

        html.main_content = lambda markup: None  # what the cleaner does when trafilatura is not installed
    forms = ["txt", "html"] if args.form == "both" else [args.form]
    for form in forms:
        if not (args.dataset / form).is_dir():
            continue
        result = run_form(args.dataset, form, gold)
        print(f"{form:4}  headline+body  {result.text.line()}  {result.speed.line()}")
        print(f"{form:4}  body only      {result.body.line()}")
        if args.by_language and (args.dataset / "txt").is_dir():
            by_language(args.dataset, gold, result)
        for s in sorted(result.scores, key=lambda s: s.f1)[: args.worst]:
            print(f"      {s.f1:.3f}  P {s.precision or 0:.3f}  R {s.recall or 0:.3f}  {s.page_id}")
    if args.learning and (args.dataset / "txt").is_dir():
        learning_experiment(args.dataset, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
