"""The five bundled seeds clean to their headline and article body, and nothing else."""

from __future__ import annotations

import re

import pytest

from indexer.cleaning import clean
from indexer.model import Page
from resources import SAMPLE_ARCHIVE


def _article(name_prefix: str):
    path = next(SAMPLE_ARCHIVE.glob(f"{name_prefix}_*.txt"))
    return clean(Page(path.read_text(encoding="utf-8"), "text", str(path)))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


# (seed, its headline, a sentence from its body, phrases that appear only in its teasers, ticker or banners)
SEEDS = [
    (
        "000",
        "Erdogan calls on Putin to restrain Syria regime in Idlib",
        "The UN says 900,000 people",
        ["Hun Sen", "garment factories", "Phnom Penh Post", "Content image"],
    ),
    (
        "001",
        "Erdogan seeks Putin to help contain Idlib violence",
        "final rebel holdout",
        ["Previous article", "Gold hits new high", "Next article", "Hardline Guards"],
    ),
    (
        "002",
        "Putin, Erdogan talk over phone, agree 'additional measures' needed in Idlib",
        "The official spoke on condition of anonymity",
        ["Latest News", "Post Your Comments", "Ariha", "fill all fields", "Fathi Ibrahim Bayoud", "confirmation code"],
    ),
    (
        "003",
        "Putin & Erdogan to ‘intensify contacts’ over Syria, but no sign of peace in Idlib yet",
        "particular circle can be squared",
        ["icon bookmark", "Share this story", "Also on rt.com", "Think your friends", "Shadow of war"],
    ),
    (
        "004",
        "Vladimir Putin and Recep Tayyip Erdogan agree on military push in Syria's Idlib",
        "latest Russian Sukhoi fighter jet",
        ["Editor's Picks", "Sign up", "Most Popular", "Abu Dhabi, UAEFriday", "MAKS-2019", "Khan Sheikhoun",
         "Pictures: Syrian regime forces"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("seed", "headline", "body_sentence", "absent"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_cleans_to_headline_and_body(seed: str, headline: str, body_sentence: str, absent: list[str]) -> None:
    article = _article(seed)
    assert article.title == headline
    assert article.text.startswith(headline)
    assert body_sentence in article.body
    for phrase in absent:
        assert phrase.lower() not in article.text.lower(), f"{phrase!r} leaked into the readable text"


def test_words_only_in_teasers_are_absent_from_seed_000() -> None:
    article = _article("000")
    assert not _words(article.text) & {"hun", "cambodia", "ppsp", "garment"}


def test_headline_is_not_repeated_in_the_body() -> None:
    for seed, headline, _, _ in SEEDS:
        article = _article(seed)
        assert headline not in article.paragraphs, seed


def test_single_line_body_of_seed_001_is_kept_whole() -> None:
    article = _article("001")
    assert len(article.body) > 2000
    assert article.body.startswith("ANKARA Turkish President Recep Tayyip Erdogan")
    assert "Iranian mayor" not in article.body


def test_removed_blocks_say_why() -> None:
    article = _article("003")
    reasons = {block.reason for block in article.removed}
    assert all(reasons)
    assert any("Share this story" in block.text for block in article.removed)
