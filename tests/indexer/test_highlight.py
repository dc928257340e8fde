"""Snippets: the best fragments around the matched words, escaped, with hits marked."""

from indexer.highlight import snippet
from indexer.query import parse, word_matcher


def test_matched_words_are_marked_and_the_rest_escaped():
    text = "Leaders <b>met</b> in Sochi. Erdoğan told Putin the Sochi deal must hold & be respected."
    out = snippet(text, word_matcher(parse("erdogan sochi")))
    assert "<mark>Erdoğan</mark>" in out
    assert "<mark>Sochi</mark>" in out
    assert "&lt;b&gt;" in out and "&amp;" in out and "<b>" not in out


def test_snippet_picks_the_passage_with_most_distinct_words():
    filler = "Nothing to see here at all. " * 40
    text = filler + "Putin alone. " + filler + "Putin and Erdogan met on Idlib. " + filler
    out = snippet(text, word_matcher(parse("putin erdogan idlib")), max_fragments=1)
    assert "<mark>Erdogan</mark>" in out and "<mark>Idlib</mark>" in out
    assert out.startswith("…") and out.endswith("…")


def test_without_a_match_the_opening_is_shown():
    assert snippet("First words of the article. More.", None).startswith("First words")
