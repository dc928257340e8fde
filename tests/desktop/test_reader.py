"""The reader shows imported pages as inert text and marks what the cleaner removed."""

from __future__ import annotations

from desktop.reader import ReaderPane
from desktop.reading import Loaded
from indexer.model import Document, RemovedBlock, Value

HOSTILE = ('<html><head><script>alert("x")</script><link rel="stylesheet" href="file:///etc/passwd"></head>'
           '<body><a href="javascript:alert(1)">Click</a><img src="http://tracker.example/p.gif">'
           '<h1>Talks on Idlib</h1><p>Putin and Erdogan spoke by phone.</p>'
           '<div>Share this story!</div></body></html>')


def document() -> Document:
    return Document(
        id="abc123", kind="html", source_path="/pages/idlib.html", size=len(HOSTILE), encoding="utf-8",
        imported_at="2026-01-01T00:00:00", title="Talks on Idlib", body="Putin and Erdogan spoke by phone.",
        metadata={"title": Value("Talks on Idlib", "meta:og:title"), "url": Value("javascript:alert(1)", "meta:og:url")},
        date_candidate=Value("2020-02-21", "text:published-line", 0.4),
        removed=(RemovedBlock("Share this story!", "share buttons"),),
    )


def test_an_imported_page_is_shown_as_its_source_never_rendered(qtbot) -> None:  # noqa: ANN001
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show_document(Loaded(document(), HOSTILE), "erdogan")
    assert reader.shown_text() == "Talks on Idlib\n\nPutin and Erdogan spoke by phone."
    reader.set_original_mode(True)
    assert reader.shown_text() == HOSTILE, "markup is shown as text, not interpreted"
    assert reader.text.document().toHtml().count("<img") == 0
    assert not reader.open_url.isEnabled(), "only http(s) addresses can be opened"
    assert len(reader.hits) == 1


def test_show_what_was_removed_marks_the_boilerplate_with_its_reason(qtbot) -> None:  # noqa: ANN001
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show_document(Loaded(document(), HOSTILE), "")
    reader.set_original_mode(True)
    reader.show_removed.setChecked(True)
    start = HOSTILE.index("Share this story!")
    assert reader.text.tips == [(start, start + len("Share this story!"), "share buttons")]


def test_a_low_confidence_date_can_be_confirmed_in_one_click(qtbot) -> None:  # noqa: ANN001
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show()
    reader.show_document(Loaded(document(), HOSTILE), "")
    assert reader.candidate_box.isVisible()
    with qtbot.waitSignal(reader.editRequested) as edit:
        reader.confirm_date.click()
    assert edit.args == ["abc123", {"date": "2020-02-21"}]


def test_another_day_the_page_gives_is_one_click_away(qtbot) -> None:  # noqa: ANN001
    from dataclasses import replace

    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.show()
    reader.show_document(Loaded(document(), HOSTILE), "")
    assert not reader.other_dates_box.isVisible(), "nothing else to offer"
    dated = replace(document(), metadata={**document().metadata, "date": Value("2019-11-13", "text:byline", 0.9)},
                    date_candidate=None, other_dates=(Value("2019-11-08", "json-ld", 0.3),))
    reader.show_document(Loaded(dated, HOSTILE), "")
    assert reader.other_dates_box.isVisible() and not reader.candidate_box.isVisible()
    first, second = reader.other_date_buttons
    assert first.text() == "2019-11-08 (from structured data in the page)" and not second.isVisible()
    with qtbot.waitSignal(reader.editRequested) as edit:
        first.click()
    assert edit.args == ["abc123", {"date": "2019-11-08"}]


def test_stepping_through_many_hits_many_times(qtbot) -> None:  # noqa: ANN001
    reader = ReaderPane()
    qtbot.addWidget(reader)
    body = "Putin and Erdogan spoke by phone. " * 400
    doc = Document("long", "text", "p.txt", len(body), "utf-8", "now", "Talks", body, {})
    reader.show_document(Loaded(doc, body), "erdogan")
    for _ in range(300):
        reader.step_hit(1)
    assert reader.current_hit == 300 % 400
    assert len(reader.hits) == 400
    assert reader.hit_label.text() == "hit 301 of 400"


def test_hits_of_a_long_text_are_found_later_and_stale_answers_dropped(qtbot) -> None:  # noqa: ANN001
    reader = ReaderPane()
    qtbot.addWidget(reader)
    asked: list[tuple] = []
    reader.find_hits_later = lambda text, query, key: asked.append((text, query, key))
    body = "word " * 30_000 + "erdogan"
    doc = Document("big", "text", "p.txt", len(body), "utf-8", "now", "Big", body, {})
    reader.show_document(Loaded(doc, body), "erdogan")
    assert reader.hit_label.text() == "finding hits…" and asked
    text, query, key = asked[-1]
    reader.hits_found(("another",), [(0, 4)])
    assert reader.hits == []
    reader.hits_found(key, [(text.index("erdogan"), len(text))])
    assert reader.hit_label.text() == "hit 1 of 1"
