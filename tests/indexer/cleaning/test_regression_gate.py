"""Quality gate: real pages must keep cleaning at least as well as pinned floors.

The floors sit a few points under the scores measured when they were pinned, so noise does
not fail the build but a real regression in any language or either input form does.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from indexer.cleaning import clean
from indexer.cleaning.evaluation import score_page, summarise
from indexer.model import Page

DATA = Path(__file__).resolve().parents[2] / "data" / "extraction"
GOLD: dict[str, str] = {
    page_id: entry["articleBody"]
    for page_id, entry in json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8")).items()
}

# id prefix -> (what the page is, minimum F1 for the text dump, minimum F1 for the HTML)
FLOORS = {
    "06ee193d": ("English car news, menus and teasers around it", 0.93, 0.93),
    "0ec95c72": ("Korean entertainment column", 0.92, 0.92),
    "57b4dafd": ("German company blog", 0.93, 0.93),
    "85439e26": ("Japanese blog, no spaces between words", 0.94, 0.94),
    "ad9e9e59": ("English charity blog with reader comments", 0.94, 0.94),
    "ea25dd7e": ("English science news", 0.95, 0.95),
    "ff0f958a": ("Russian diet article", 0.94, 0.94),
}


def _page_id(prefix: str) -> str:
    return next(page_id for page_id in GOLD if page_id.startswith(prefix))


def _text_page(page_id: str) -> Page:
    return Page((DATA / "txt" / f"{page_id}.txt").read_text(encoding="utf-8"), "text")


def _html_page(page_id: str) -> Page:
    return Page(gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8"), "html")


@pytest.mark.parametrize("prefix", sorted(FLOORS))
def test_text_dump_cleans_above_its_floor(prefix: str) -> None:
    page_id = _page_id(prefix)
    score = score_page(page_id, clean(_text_page(page_id)).text, GOLD[page_id])
    assert score.f1 >= FLOORS[prefix][1], f"{FLOORS[prefix][0]}: F1 {score.f1:.3f}"


@pytest.mark.parametrize("prefix", sorted(FLOORS))
def test_html_cleans_above_its_floor(prefix: str) -> None:
    page_id = _page_id(prefix)
    score = score_page(page_id, clean(_html_page(page_id)).text, GOLD[page_id])
    assert score.f1 >= FLOORS[prefix][2], f"{FLOORS[prefix][0]}: F1 {score.f1:.3f}"


def test_html_without_a_dom_extractor_still_cleans(monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura is optional: without it, the text-dump cleaner runs on the page's text nodes."""
    from indexer.cleaning import html

    monkeypatch.setattr(html, "main_content", lambda markup: None)
    scores = [score_page(page_id, clean(_html_page(page_id)).text, GOLD[page_id]) for page_id in GOLD]
    assert summarise(scores).f1 >= 0.95


def test_scoring_matches_the_benchmark_definition() -> None:
    gold = "one two three four five"
    assert score_page("x", gold, gold).f1 == 1.0
    half = score_page("x", "one two three four", gold)  # 1 of 2 gold shingles, nothing extra
    assert half.precision == 1.0 and half.recall == 0.5
    empty = score_page("x", "", gold)
    assert empty.precision is None and empty.f1 == 0.0
    assert summarise([half, empty]).precision == 1.0  # an empty output costs recall only
