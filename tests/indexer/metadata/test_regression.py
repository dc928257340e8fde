"""Regression gate on eight real pages (tests/data/dates, see its README): what a librarian
sees for each must not silently change. Both forms of each page are checked."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, extract
from indexer.model import Page
from indexer.readers import decode

DATA = Path(__file__).resolve().parents[2] / "data" / "dates"
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))

# page id → (date the facet files it under, or None for "undated"; outlet of the HTML or None)
EXPECTED = {
    "bbaw-flowfx_de_tmux": ("2020-01-16", "FlowFX"),
    "bbaw-ebene11_com_autocad": ("2017-01-12", None),
    "bbaw-tagesausblick_de_dow": ("2012-12-22", None),
    "bbaw-advents_shopping_de_weihnachtsmaerkte": ("2014-11-02", "Advents Shopping"),  # the site's name inside its title
    "bbaw-medef_fr_dispute": ("2017-09-01", None),
    "bbaw-xinhuanet_com_c_1125597921_htm": ("2020-02-19", None),
    "bbaw-dbjr_de_bundespraesident": ("2020-01-23", "Deutscher Bundesjugendring"),
    "bbaw-wevolver_com_vehicle": (None, None),  # an empty JavaScript shell: nothing to read
}


def _html(page_id: str) -> Page:
    text, encoding = decode(gzip.decompress((DATA / f"{page_id}.html.gz").read_bytes()), "html")
    return Page(text, "html", path=f"{page_id}.html", encoding=encoding)


def _text(page_id: str) -> Page:
    return Page((DATA / f"{page_id}.txt").read_text(encoding="utf-8"), "text", path=f"{page_id}.txt")


def _facet(meta) -> str | None:
    return meta.date.value if meta.date and meta.date.confidence >= DATE_CONFIDENCE_THRESHOLD else None


def test_every_pinned_page_is_in_the_gold():
    assert set(EXPECTED) == set(GOLD)


@pytest.mark.parametrize("page_id", sorted(EXPECTED))
def test_html_page_date_and_outlet(page_id):
    date, outlet = EXPECTED[page_id]
    meta = extract(_html(page_id))
    assert _facet(meta) == date
    assert (meta.outlet.value if meta.outlet else None) == outlet


@pytest.mark.parametrize("page_id", sorted(EXPECTED))
def test_text_dump_date(page_id):
    date, _ = EXPECTED[page_id]
    assert _facet(extract(_text(page_id))) == date


@pytest.mark.parametrize("page_id", sorted(EXPECTED))
def test_a_filed_date_is_the_gold_date(page_id):
    """Whatever changes, a date the facet files must never contradict the gold."""
    for page in (_html(page_id), _text(page_id)):
        filed = _facet(extract(page))
        assert filed is None or filed == GOLD[page_id]["date"]


def test_structured_sources_are_named():
    meta = extract(_html("bbaw-flowfx_de_tmux"))
    assert meta.date.source == "meta:article:published_time"
    assert meta.outlet.source == "og:site_name"
    assert meta.url and meta.url.value.startswith("https://flowfx.de/")
    assert meta.language and meta.language.value == "en"
    assert meta.author and meta.author.value == "Florian Posdziech"


def test_labelled_french_line_and_chinese_date_are_read():
    assert extract(_text("bbaw-medef_fr_dispute")).date.source == "text:published-line"
    assert extract(_html("bbaw-xinhuanet_com_c_1125597921_htm")).language.value == "zh"


def test_site_domain_is_not_an_author():
    meta = extract(_html("bbaw-tagesausblick_de_dow"))
    assert meta.author is None or "." not in meta.author.value
