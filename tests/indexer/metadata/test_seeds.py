"""The five seed dumps: what a librarian should see for each (dates and outlets, or unknown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, describe, extract
from indexer.model import Page

SEEDS = Path(__file__).resolve().parents[3] / "resources" / "sample_archive"


def _page(prefix: str) -> Page:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return Page(path.read_text(encoding="utf-8"), "text", str(path))


def _facet_date(meta) -> str | None:
    return meta.date.value if meta.date and meta.date.confidence >= DATE_CONFIDENCE_THRESHOLD else None


def test_phnom_penh_post_is_named_by_its_logo_and_stays_undated():
    meta = extract(_page("000"))
    assert meta.outlet and meta.outlet.value == "Phnom Penh Post"
    assert _facet_date(meta) is None  # the teasers' "November 28" are other stories' dates


def test_page_that_states_nothing_is_unknown():
    meta = extract(_page("001"))
    assert meta.outlet is None  # "—AFP" credits the agency, it does not name the outlet
    assert _facet_date(meta) is None


def test_date_line_gives_the_date_and_a_tagline_is_no_outlet():
    meta = extract(_page("002"))
    assert _facet_date(meta) == "2020-02-28"
    assert meta.outlet is None or "Established" not in meta.outlet.value
    assert meta.outlet is None or meta.outlet.value != "Homs"


def test_rt_stamp_and_self_reference():
    meta = extract(_page("003"))
    assert _facet_date(meta) == "2020-02-21"
    assert meta.outlet and meta.outlet.value == "RT"
    assert meta.outlet.source == "self-reference"


def test_scrape_banner_is_not_the_date_but_the_updated_line_is():
    meta = extract(_page("004"))
    assert _facet_date(meta) == "2019-08-27"
    assert meta.date.source == "text:updated-line"
    # "told The National" is quoted speech: naming the outlet from it is optional, never another.
    assert meta.outlet is None or meta.outlet.value == "The National"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_describe_has_the_cli_shape(prefix):
    out = describe(_page(prefix))
    assert set(out) == {"path", "title", "date", "modified", "outlet", "author", "url", "language", "sources"}
    assert out["language"] == "en"
    for field, source in out["sources"].items():
        assert out[field] is not None  # a source only for what is shown
        assert isinstance(source, str) and source
