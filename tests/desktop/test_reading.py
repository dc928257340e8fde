"""Preparing what the reader shows: removed blocks located in the original, sources in words."""

from __future__ import annotations

from desktop.reading import describe_source, locate_blocks
from indexer.model import RemovedBlock


def test_blocks_are_found_despite_changed_whitespace() -> None:
    text = "Top\n\nRelated   stories:\n  More news\nBody"
    end = text.index("news") + len("news")
    assert locate_blocks(text, (RemovedBlock("Related stories: More news", "teasers"),)) == [(5, end, "teasers")]
    assert locate_blocks(text, (RemovedBlock("not there", "x"),)) == []


def test_sources_read_as_words() -> None:
    assert describe_source("user") == "your correction"
    assert describe_source("meta:og:site_name") == "the page's og:site_name tag"
