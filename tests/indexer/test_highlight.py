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


from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.highlight import Span, find_matches
from indexer.text import spans

_WORDS = st.sampled_from(["putin", "Putin's", "Putin’s", "idlib", "Idlib-based", "idle", "erdogan", "ERDOGAN", "Erdoğan",
                          "x_y", "a1", "sochi", "Soçi", "straße", "café", "«idlib»", "Kelvin"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.sampled_from(["putin idl*", "erd?gan sochi", '"sochi deal" x_y', "idl* -putin", "a1"]))
def test_fast_ascii_highlighting_agrees_with_word_by_word(words, query):
    text = " ".join(words) + "."
    matcher = word_matcher(parse(query))
    slow = [Span(s, e) for s, e, w in spans(text) if matcher(w)]
    assert find_matches(text, matcher) == slow
