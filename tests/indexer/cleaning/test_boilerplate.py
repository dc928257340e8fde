"""Learning an outlet's boilerplate from several of its pages makes cleaning its pages better."""

from __future__ import annotations

from indexer.cleaning import clean, learn_boilerplate, normalise_line
from indexer.model import Page

MASTHEAD = "The Millbrook Clarion, serving the valley since 1887, is proud to be your independent local voice."
TAGLINE = "Every story we publish is read by our editors, who care about what happens in our town."
FOOTER = "Think your friends would be interested in this story from the Clarion newsroom today?"

STORIES = [
    ("Council approves new bridge over the river",
     ["The town council voted on Tuesday to approve a new footbridge over the river, ending a debate that lasted two years.",
      "Residents who live on the east bank said that the old crossing was unsafe and that they had waited long enough.",
      "Work on the bridge is expected to begin in the spring and to last for about eighteen months, the mayor said."]),
    ("Library extends its opening hours for students",
     ["The public library will stay open until ten in the evening during the exam season, the head librarian announced.",
      "Students have asked for longer hours for several years, and a grant from the county made the change possible.",
      "The library will also lend laptops to students who do not have one at home, starting next month."]),
    ("Farmers market moves to the old station square",
     ["The weekly farmers market is moving to the old station square, where there is more room for stalls and parking.",
      "Traders said that the move would bring more visitors, although some worried that regular customers could get lost.",
      "The first market in the new place will be held on Saturday morning, with music and a raffle for children."]),
    ("School choir wins regional competition",
     ["The choir of the primary school won the regional competition on Sunday with a programme of folk songs.",
      "Their teacher said the children had practised twice a week since September and deserved every bit of the prize.",
      "The choir will now sing at the national final, which takes place in the capital in the first week of June."]),
]  # fmt: skip


def _page(title: str, paragraphs: list[str]) -> str:
    body = "\n\n".join(paragraphs)
    return f"{title} - Millbrook Clarion\n\n{MASTHEAD}\n\n{TAGLINE}\n\n{title}\n\n{body}\n\n{FOOTER}\n"


PAGES = [_page(title, paragraphs) for title, paragraphs in STORIES]


def test_recurring_lines_are_learned_and_story_lines_are_not() -> None:
    learned = learn_boilerplate(PAGES)
    assert {normalise_line(MASTHEAD), normalise_line(TAGLINE), normalise_line(FOOTER)} <= learned
    for _, paragraphs in STORIES:
        assert not {normalise_line(p) for p in paragraphs} & learned


def test_learning_removes_an_outlets_prose_like_boilerplate() -> None:
    page = Page(PAGES[0], "text")
    unlearned = clean(page)
    # Alone, the masthead and tagline read like prose next to the story: the cleaner keeps them.
    assert "serving the valley since 1887" in unlearned.body

    learned = clean(page, boilerplate=learn_boilerplate(PAGES))
    assert "serving the valley since 1887" not in learned.text
    assert "care about what happens in our town" not in learned.text
    assert "Think your friends" not in learned.text
    assert learned.title == STORIES[0][0]
    assert list(learned.paragraphs) == STORIES[0][1]
    assert any(block.reason == "recurs on other pages of this outlet" for block in learned.removed)


def test_too_few_pages_teach_nothing() -> None:
    assert learn_boilerplate(PAGES[:2]) == frozenset()
