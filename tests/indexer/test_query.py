"""The query syntax people expect, parsed into the tree every engine translates."""

import datetime as dt

import pytest

from indexer.query import (
    And, DateRange, Fuzzy, MatchAll, Not, Or, Phrase, QueryError, Term, Wildcard, edit_distance_within, parse,
    word_matcher,
)


def test_words_must_all_match_by_default():
    assert parse("putin erdogan") == And((Term(None, "putin"), Term(None, "erdogan")))


def test_boolean_operators_and_grouping():
    assert parse("idlib OR aleppo") == Or((Term(None, "idlib"), Term(None, "aleppo")))
    assert parse("idlib -nato") == And((Term(None, "idlib"), Not(Term(None, "nato"))))
    assert parse("idlib NOT nato") == And((Term(None, "idlib"), Not(Term(None, "nato"))))
    assert parse("(putin OR assad) AND erdogan") == And((Or((Term(None, "putin"), Term(None, "assad"))), Term(None, "erdogan")))


def test_lower_case_operators_are_words():
    assert parse("war and peace") == And((Term(None, "war"), Term(None, "and"), Term(None, "peace")))


def test_phrases_wildcards_fuzzy():
    assert parse('"sochi agreement"') == Phrase(None, ("sochi", "agreement"))
    assert parse("idl*") == Wildcard(None, "idl*")
    assert parse("idl*").prefix == "idl"
    assert parse("erd?gan").prefix is None
    assert parse("erdogan~") == Fuzzy(None, "erdogan", 2)
    assert parse("putn~1") == Fuzzy(None, "putn", 1)


def test_accents_and_case_fold_away():
    assert parse("ERDOĞAN") == Term(None, "erdogan")


def test_fields():
    assert parse("title:putin") == Term("title", "putin")
    assert parse('outlet:"Phnom Penh Post"') == Phrase("outlet", ("phnom", "penh", "post"))
    assert parse("url:rt.com") == Phrase("url", ("rt", "com"))
    assert parse("title:(putin OR erdogan)") == Or((Term("title", "putin"), Term("title", "erdogan")))


def test_dates():
    assert parse("date:2020") == DateRange(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert parse("date:2020-02") == DateRange(dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert parse("date:2020-02-28") == DateRange(dt.date(2020, 2, 28), dt.date(2020, 2, 28))
    assert parse("date:[2020-01-01 TO 2020-03-31]") == DateRange(dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert parse("date:[2019 TO *]") == DateRange(dt.date(2019, 1, 1), None)


def test_empty_query_matches_everything_and_urls_are_words():
    assert parse("") == MatchAll()
    assert parse("   ") == MatchAll()
    assert isinstance(parse("https://www.rt.com/news"), Phrase)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "Unclosed quote"),
        ("(putin OR", "needs something after"),
        ("(putin", "Unclosed parenthesis"),
        ("putin)", "Unexpected"),
        ("titel:putin", "Unknown field"),
        ("date:2020-13", "not a real date"),
        ("date:yesterday", "not a date"),
        ("date:[2021 TO 2020]", "ends before it starts"),
        ("a*", "too broad"),
        ("OR putin", "needs something before"),
        ("title:", "needs a value"),
        ("word~7", "at most 2"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query, message):
    with pytest.raises(QueryError, match=message):
        parse(query)


def test_matcher_follows_positive_words_only():
    matches = word_matcher(parse("idl* erdogan~ -nato \"sochi deal\""))
    assert matches("idlib") and matches("erdgan") and matches("sochi") and matches("deal")
    assert not matches("nato") and not matches("putin")


def test_edit_distance_counts_transpositions():
    assert edit_distance_within("erdogan", "erdgoan", 1)
    assert not edit_distance_within("erdogan", "ardugen", 2)
