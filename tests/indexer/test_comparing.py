"""Comparing two texts: what a researcher sees as shared between two outlets' versions of a story."""

from indexer.comparing import compare, sentences

AGENCY = (
    "Turkish President Recep Tayyip Erdogan on Friday urged his Russian counterpart Vladimir Putin to halt "
    "the Syrian regime's offensive in northwest Syria. Russian air strikes in the northwestern province of Idlib "
    "are bolstering a months-long Syrian government onslaught that has forced nearly one million civilians to flee. "
    "Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018."
)
# The same agency copy as another outlet ran it: a word changed, one trimmed, other quotes and case.
REWORDED = (
    "ANKARA: Turkish President Recep Tayyip Erdoğan urged his Russian counterpart Vladimir Putin to halt "
    "the Syrian regime’s offensive in northwest Syria. RUSSIAN air strikes in the northwestern province of Idlib "
    "are bolstering a Syrian government offensive that has forced nearly one million civilians to flee. "
    "Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018."
)
OTHER = (
    "Heavy snow closed the mountain passes on Tuesday. Farmers in the valley said the harvest was late this year. "
    "The council will meet again next month."
)


def test_identical_texts_share_every_sentence():
    result = compare(AGENCY, AGENCY)
    assert result.a.sentences == 3 and result.a.share == 1.0 and result.b.share == 1.0
    assert result.summary().startswith("100% of A's sentences also appear in B (3 of 3)")


def test_unrelated_texts_share_nothing():
    result = compare(AGENCY, OTHER)
    assert result.a.shared_count == 0 and result.b.shared_count == 0
    assert result.summary() == ("0% of A's sentences also appear in B (0 of 3); "
                                "0% of B's sentences appear in A (0 of 3).")


def test_a_reworded_agency_paragraph_counts_as_shared():
    result = compare(AGENCY, REWORDED)
    assert [p.shared for p in result.a.passages] == [True, True, True]
    assert [p.shared for p in result.b.passages] == [True, True, True]


def test_what_only_one_text_says_is_not_shared():
    result = compare(AGENCY + " " + OTHER, REWORDED)
    assert [p.shared for p in result.a.passages] == [True, True, True, False, False, False]
    assert result.a.share == 0.5
    assert result.summary().startswith("50% of A's sentences also appear in B (3 of 6); 100% of B's")


def test_a_sentence_one_outlet_split_in_two_still_counts_as_shared():
    joined = "The minister inspected the troops gathered at the border and promised that the soldiers would get new winter equipment before December."
    split = "The minister inspected the troops gathered at the border. He promised that the soldiers would get new winter equipment before December."
    result = compare(joined, split)
    assert result.a.share == 1.0 and result.b.share == 1.0


def test_spans_point_at_the_sentences_characters():
    text_a = "Unrelated opening line.\n\nErdogan told Putin the solution was to return to the Sochi agreement they signed in 2018."
    result = compare(text_a, AGENCY)
    spans = [(text_a[p.start:p.end], p.shared) for p in result.a.passages]
    assert spans == [("Unrelated opening line.", False),
                     ("Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018.", True)]
    shared = result.b.shared_spans()
    assert [AGENCY[start:end] for start, end in shared] == [
        "Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018."]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Putin met U.S. officials in St. Petersburg. Then he left.\nA new line starts a sentence"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Putin met U.S. officials in St. Petersburg.", "Then he left.", "A new line starts a sentence"]


def test_empty_text_has_no_sentences_and_shares_nothing():
    result = compare("", AGENCY)
    assert result.a.passages == () and result.a.share == 0.0
    assert result.b.shared_count == 0
    assert result.summary().startswith("A has no sentences; 0% of B's sentences appear in A")
    assert compare("  \n\n ", "").summary() == "A has no sentences; B has no sentences."


def test_each_shared_sentence_names_its_counterpart_on_the_other_side():
    reordered = ("Erdogan told Putin the solution was to return to the Sochi agreement they signed in 2018. "
                 + OTHER + " " + REWORDED.split(". ", 1)[0] + ".")
    result = compare(AGENCY, reordered)
    # AGENCY's first sentence is reordered's last (reworded); its third is reordered's first.
    assert [(p.shared, p.partner) for p in result.a.passages] == [(True, 4), (False, None), (True, 0)]
    assert [p.partner for p in result.b.passages] == [2, None, None, None, 0]


def test_passage_at_finds_the_sentence_under_a_position():
    text = "First sentence here. Second sentence there."
    side = compare(text, text).a
    assert [side.passage_at(i) for i in (0, 19, 20, 21, len(text) - 1, len(text))] == [0, 0, None, 1, 1, None]
