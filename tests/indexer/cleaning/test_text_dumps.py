"""Cleaning plain-text dumps: the behaviours a librarian relies on, one page shape at a time."""

from __future__ import annotations

from indexer.cleaning import clean
from indexer.cleaning.language import stop_words
from indexer.cleaning.segments import split_dump
from indexer.model import Page

PARAGRAPHS = [
    "The town council voted on Tuesday to approve a new footbridge over the river, ending a debate that lasted two years.",
    "Residents who live on the east bank said that the old crossing was unsafe and that they had waited long enough.",
    "Work on the bridge is expected to begin in the spring and to last for about eighteen months, the mayor said.",
    "The council will publish the final drawings next week, and people can comment on them at the library until March.",
]
MENU = ["Home", "News", "Sport", "Weather", "Opinion", "Contact"]


def _dump(*blocks: list[str] | str) -> str:
    parts = [block if isinstance(block, str) else "\n".join(block) for block in blocks]
    return "\n\n".join(parts) + "\n"


def test_lines_broken_at_inline_tags_are_glued_back() -> None:
    dump = "Volkswagen showed the car at the\nLA Auto Show\non Tuesday, and it is\nstriking\n.\n"
    segments = split_dump(dump, stop_words("english"))
    assert [s.text for s in segments] == ["Volkswagen showed the car at the LA Auto Show on Tuesday, and it is striking."]


def test_menu_lines_are_not_glued_into_a_paragraph() -> None:
    segments = split_dump("New bridge approved for the town after two years of debate\n" + "\n".join(MENU))
    assert len(segments) == 1 + len(MENU)


def test_article_is_kept_and_menus_footers_removed() -> None:
    page = _dump(
        "Council approves new footbridge - Millbrook Clarion", MENU, "Council approves new footbridge",
        "By Jane Doe", *PARAGRAPHS, "Share on Facebook", "Tweet", "© 2024 Millbrook Clarion. All rights reserved.",
    )
    article = clean(Page(page, "text"))
    assert article.title == "Council approves new footbridge"
    assert list(article.paragraphs) == PARAGRAPHS
    reasons = {block.text: block.reason for block in article.removed}
    assert reasons["Share on Facebook"] and reasons["© 2024 Millbrook Clarion. All rights reserved."]


def test_a_headline_naming_a_month_is_not_a_date_line() -> None:
    article = clean(Page(_dump("Ferry timetable changes from May", *PARAGRAPHS), "text"))
    assert article.title == "Ferry timetable changes from May"


def test_readers_comments_are_cut_off() -> None:
    comments = [
        "12 comments",
        "jsmith says:",
        "I have lived by that river for forty years and I think this bridge is a waste of everybody's money.",
        "riverwatcher says:",
        "Finally! My children will be able to walk to school without taking the long road around the old mill.",
        "oldtimer says:",
        "The council should have fixed the potholes on the high street before spending money on a new bridge.",
    ]
    article = clean(Page(_dump("Council approves new footbridge", *PARAGRAPHS, *comments), "text"))
    assert list(article.paragraphs) == PARAGRAPHS


def test_teaser_list_after_the_article_is_removed() -> None:
    teasers = [
        "Library extends its opening hours", "The public library will stay open until ten in the evening during",
        "Farmers market moves to the station", "The weekly farmers market is moving to the old station square, where",
        "School choir wins regional prize", "The choir of the primary school won the regional competition on Sunday",
    ]
    article = clean(Page(_dump("Council approves new footbridge", *PARAGRAPHS, *teasers), "text"))
    assert "opening hours" not in article.text and "choir" not in article.text
    assert list(article.paragraphs) == PARAGRAPHS


def test_a_non_english_article_cleans_like_an_english_one() -> None:
    paragraphs = [
        "Der Stadtrat hat am Dienstag den Bau einer neuen Fußgängerbrücke über den Fluss beschlossen, nach zwei Jahren Streit.",
        "Die Anwohner am Ostufer sagten, dass die alte Brücke unsicher sei und sie lange genug gewartet hätten.",
        "Die Arbeiten sollen im Frühjahr beginnen und etwa achtzehn Monate dauern, sagte der Bürgermeister am Abend.",
    ]
    page = _dump("Neue Brücke beschlossen | Stadtanzeiger", ["Startseite", "Lokales", "Sport", "Wetter"],
                 "Neue Brücke beschlossen", *paragraphs, ["Teilen", "Drucken"], "Kommentare", "Schreiben Sie einen Kommentar")
    article = clean(Page(page, "text"))
    assert article.title == "Neue Brücke beschlossen"
    assert list(article.paragraphs) == paragraphs


def test_never_an_empty_article_when_the_page_has_text() -> None:
    article = clean(Page("Short note\n\nThe meeting is moved to Friday.\n", "text"))
    assert article.text.strip()
    assert "The meeting is moved to Friday." in article.text


def test_title_comes_from_the_page_title_when_the_headline_line_is_missing() -> None:
    page = _dump("Footbridge over the river approved by council - Millbrook Clarion", MENU, "Watch Live",
                 "By Jane Doe", *PARAGRAPHS)
    assert clean(Page(page, "text")).title == "Footbridge over the river approved by council"


def test_a_tagline_is_not_taken_for_the_headline() -> None:
    page = _dump("Established in 1887 - Millbrook", "Council approves new footbridge", *PARAGRAPHS)
    assert clean(Page(page, "text")).title == "Council approves new footbridge"
