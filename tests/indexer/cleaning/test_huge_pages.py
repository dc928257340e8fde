"""A huge HTML page (a forum dump, a book) is still cleaned, by the cheaper path, with nothing lost."""

from __future__ import annotations

from indexer.cleaning import html as html_module
from indexer.cleaning import clean, pipeline
from indexer.model import Page

PARAGRAPH = ("The harbour council argued late into the night about the sea walls, the fishing quay "
             "and the cost of dredging the channel before the winter storms arrive. ")


def _page(paragraphs: int) -> Page:
    body = "".join(f"<p>{PARAGRAPH} Paragraph {n}.</p>\n" for n in range(paragraphs))
    markup = (f"<html><head><title>Council minutes</title></head><body><nav><a href='/'>Home</a>"
              f"<a href='/news'>News</a></nav><h1>Council minutes</h1>{body}"
              "<footer>Copyright 2024 The Harbour Herald</footer></body></html>")
    return Page(markup, "html", "minutes.html", "utf-8")


def test_a_page_past_the_budget_skips_the_dom_extractor_and_keeps_its_text(monkeypatch) -> None:
    def no_extractor(_tree):
        raise AssertionError("the DOM extractor ran on a page past the budget")

    monkeypatch.setattr(pipeline, "DOM_CHECK_MAX_CHARS", 20_000)
    monkeypatch.setattr(html_module, "main_content", no_extractor)
    article = clean(_page(200))  # about 36,000 characters of visible text
    assert article.title == "Council minutes"
    assert len(article.paragraphs) >= 200 and "Paragraph 199." in article.body
    assert "Copyright 2024" not in article.body


def test_an_ordinary_page_is_still_checked_against_the_dom_extractor(monkeypatch) -> None:
    calls = []
    original = html_module.main_content
    monkeypatch.setattr(html_module, "main_content", lambda tree: calls.append(1) or original(tree))
    article = clean(_page(12))
    assert calls == [1]
    assert "Paragraph 11." in article.body


def test_both_paths_keep_the_same_words_on_a_plain_page(monkeypatch) -> None:
    checked = clean(_page(200))
    monkeypatch.setattr(pipeline, "DOM_CHECK_MAX_CHARS", 1_000)
    fast = clean(_page(200))
    assert fast.title == checked.title
    assert fast.body.split() == checked.body.split()  # the DOM path may space words differently
