"""Metadata is best effort: whatever a crawler saved, extract answers (possibly "unknown"),
never raises, and never dates a page in the future."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.metadata import describe, extract
from indexer.model import Page

TODAY = dt.date(2024, 6, 1)
_PIECES = st.sampled_from([
    "Published: ", "Updated ", "©", "Von ", "By ", "\n", "\n\n", " | ", "2019-10-19", "19.10.2019",
    "31.02.2020", "19. Oktober 2019", "Oct 19, 2019", "11/08/2023 10:00 PM", "2035-01-01", "<time datetime='x'>",
    "<script type='application/ld+json'>{\"datePublished\": 5}</script>", "<meta property='og:site_name'>",
    "<html>", "</div>", "Also on rt.com", "Logo of", "年", "月", "日", "\x00", "٢٠٢٠", "Kommentare",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.sampled_from(["text", "html"]))
def test_any_input_gives_an_answer_and_no_future_date(text, kind):
    meta = extract(Page(text, kind), today=TODAY, use_htmldate=False)
    for value in (meta.date, meta.modified):
        if value is not None:
            assert dt.date.fromisoformat(value.value) <= TODAY
            assert 0.0 <= value.confidence <= 1.0
    assert set(describe(Page(text, "text"))) >= {"date", "outlet", "sources"}


def test_huge_single_line_dump_is_handled():
    page = Page("word " * 400_000 + " Published: 19 October 2019", "text")
    extract(page, today=TODAY)  # must finish; the stamp beyond 2,000 characters of a line is ignored
