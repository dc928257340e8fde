"""One behaviour for every engine: what a search finds, counts and suggests does not depend on the engine.

Every test runs on Whoosh and on tantivy over the same small archive; the expected answers are
written out by hand from the documents below, so both engines are held to the user's meaning of
a query, not merely to each other. A last set of tests compares the two engines directly on
many generated queries over a larger generated archive.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.index import ENGINES, Engine, IndexError_, open_engine
from indexer.model import IndexDoc, SearchRequest
from indexer.query import QueryError, parse


def doc(
    id: str,
    title: str,
    body: str,
    outlet: str | None,
    date: str | None,
    *,
    boilerplate: str = "",
    author: str | None = None,
    url: str | None = None,
    tags: tuple[str, ...] = (),
) -> IndexDoc:
    return IndexDoc(
        id=id,
        title=title,
        body=body,
        boilerplate=boilerplate,
        outlet=outlet,
        date=dt.date.fromisoformat(date) if date else None,
        author=author,
        url=url,
        tags=tags,
    )


DOCS = [
    doc(
        "meet",
        "Putin and Erdoğan meet on Idlib",
        "The presidents of Russia and Turkey met in Moscow to discuss the fighting in Idlib province.",
        "BBC News",
        "2020-03-05",
        boilerplate="Share this story. Related stories: football scores",
        author="Jonathan Marcus",
        url="https://www.bbc.co.uk/news/world-europe-51747592",
        tags=("syria",),
    ),
    doc(
        "truce",
        "Ceasefire agreed after Moscow talks",
        "Russia and Turkey agreed a ceasefire in northwest Syria. Erdogan said the truce would hold.",
        "Reuters",
        "2020-03-06",
        author="Tuvan Gumrukcu",
        url="https://www.reuters.com/article/us-syria-security",
        tags=("syria", "diplomacy"),
    ),
    doc("phone", "Erdogan phones Putin over Idlib", "The Turkish president called Vladimir Putin after soldiers were killed.", "Al Jazeera", "2020-02-28"),
    doc("history", "Notes on Syrian history", "A long history of the Levant, from Damascus to Aleppo.", None, None),
    doc("jet", "Turkey shoots down Russian jet", "A Russian warplane was shot down near the Syrian border, Turkey said.", "BBC News", "2015-11-24"),
    doc("cup", "Cup final ends in a draw", "The cup final ended in a draw; penalties decided it in Istanbul.", "The Guardian", "2019-05-25"),
    doc(
        "lira",
        "Lira falls",
        "The Turkish lira fell against the dollar as inflation rose.",
        "Reuters",
        "2020-02-10",
        author="Ali Küçükgöçmen",
        tags=("economy", "turkey"),
    ),
    doc("border", "Refugees at the border", "Refugees crossed the border into Greece after Turkey opened its gates.", "Reuters", None),
    doc("moscow_ru", "Переговоры в Москве", "Путин и Эрдоган обсудили Идлиб.", "TASS", "2020-03-04"),
    doc(
        "weather",
        "Weather",
        "Sunny spells and showers, ceasing by evening.",
        "The Guardian",
        "2020-02-29",
        boilerplate="Most read: ceasefire in Idlib collapses",
    ),
]
ALL = {d.id for d in DOCS}


def build(name: str, path: Path, docs: list[IndexDoc] = DOCS) -> Engine:
    engine = open_engine(name, path, create=True)
    engine.add(docs)
    engine.commit()
    return engine


@pytest.fixture(scope="module", params=ENGINES)
def archive(request, tmp_path_factory) -> Iterator[Engine]:
    """The ten documents above, indexed once per engine for the read-only tests."""
    engine = build(request.param, tmp_path_factory.mktemp(request.param))
    yield engine
    engine.close()


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


def found(engine: Engine, query: str, **options) -> set[str]:
    return {doc_id for doc_id, _ in run(engine, query, limit=100, **options).ranked}


def run(engine: Engine, query: str, **options):
    request = SearchRequest(query=query, **options)
    return engine.search(parse(query), request)


# -- the query syntax ----------------------------------------------------------------------------

SYNTAX = [
    # words, all required, accents and case folded away
    ("erdogan", {"meet", "truce", "phone"}),
    ("Erdoğan", {"meet", "truce", "phone"}),
    ("ERDOGAN", {"meet", "truce", "phone"}),
    ("idlib", {"meet", "phone"}),
    ("russia turkey", {"meet", "truce"}),
    ("russia AND turkey", {"meet", "truce"}),
    ("levant", {"history"}),
    ("Эрдоган", {"moscow_ru"}),
    ("nothingmatchesthis", set()),
    ("", ALL),
    ("!!", ALL),
    # OR, NOT, minus, groups
    ("russia OR lira", {"meet", "truce", "lira"}),
    ("turkey -russia", {"jet", "border"}),
    ("turkey NOT russia", {"jet", "border"}),
    ("NOT turkey", ALL - {"meet", "truce", "jet", "border"}),
    ("-turkey -putin", ALL - {"meet", "truce", "jet", "border", "phone"}),
    ("(lira OR cup) turkish", {"lira"}),
    ("erdogan (moscow OR killed)", {"meet", "truce", "phone"}),
    ("erdogan -(moscow OR killed)", set()),
    # lower-case or/and/not are plain words
    ("russia or lira", set()),
    # phrases
    ('"ceasefire in northwest"', {"truce"}),
    ('"cup final"', {"cup"}),
    ('"final cup"', set()),
    ('"Putin and Erdogan"', {"meet"}),
    ('"ceasefire in idlib"', set()),
    ('"idlib"', {"meet", "phone"}),
    # wildcards: prefix, inner, leading, single character, other scripts
    ("ceas*", {"truce", "weather"}),
    ("syr*", {"truce", "history", "jet"}),
    ("l?ra", {"lira"}),
    ("li?a", {"lira"}),
    ("*ira", {"lira"}),
    ("d?mascus", {"history"}),
    ("refug*s", {"border"}),
    ("идл*", {"moscow_ru"}),
    ("эрд?ган", {"moscow_ru"}),
    # fuzzy words, with the distance given or taken from the word's length
    ("erdgan~", {"meet", "truce", "phone"}),
    ("erdgan~1", {"meet", "truce", "phone"}),
    ("lyra~1", {"lira"}),
    ("lyra~0", set()),
    ("lria~1", set()),  # a swap of two letters is two edits
    ("lria~2", {"lira", "truce"}),  # and "syria", two edits away
    # fields and their aliases
    ("title:idlib", {"meet", "phone"}),
    ("body:idlib", {"meet"}),
    ("text:idlib", {"meet"}),
    ("outlet:reuters", {"truce", "lira", "border"}),
    ('outlet:"bbc news"', {"meet", "jet"}),
    ("site:guardian", {"cup", "weather"}),
    ("source:tass", {"moscow_ru"}),
    ("author:marcus", {"meet"}),
    ("by:kucukgocmen", {"lira"}),
    ("url:reuters", {"truce"}),
    ("url:51747592", {"meet"}),
    ("tag:syria", {"meet", "truce"}),
    ("tags:economy", {"lira"}),
    ("title:(putin OR lira)", {"meet", "phone", "lira"}),
    ('title:"moscow talks"', {"truce"}),
    ("title:ceas*", {"truce"}),
    ("outlet:guard*", {"cup", "weather"}),
    ("author:marcsu~2", {"meet"}),
    ("turkey -title:turkey", {"meet", "truce", "border"}),
    # dates: year, month, day, ranges, open ends
    ("date:2020", {"meet", "truce", "phone", "lira", "moscow_ru", "weather"}),
    ("date:2020-02", {"phone", "lira", "weather"}),
    ("date:2020-02-29", {"weather"}),
    ("date:[2020-02-28 TO 2020-03-05]", {"phone", "weather", "meet", "moscow_ru"}),
    ("date:[2020-02 TO 2020-02]", {"phone", "lira", "weather"}),
    ("date:[* TO 2019-12-31]", {"jet", "cup"}),
    ("date:[2020-03-05 TO *]", {"meet", "truce"}),
    ("date:>=2020-03", {"meet", "truce", "moscow_ru"}),
    ("date:>2020-03-05", {"truce"}),
    ("date:<2020", {"jet", "cup"}),
    ("date:<=2015-11-24", {"jet"}),
    ("turkey date:2015", {"jet"}),
    ("-date:2020", {"history", "jet", "cup", "border"}),
    ("date:2015 OR date:2019", {"jet", "cup"}),
]


@pytest.mark.parametrize(("query", "expected"), SYNTAX, ids=[q or "(empty)" for q, _ in SYNTAX])
def test_query_syntax_finds_what_it_says(archive, query, expected):
    assert found(archive, query) == expected


def test_whole_page_search_also_finds_words_only_in_boilerplate(archive):
    assert found(archive, "idlib", original=True) == {"meet", "phone", "weather"}
    assert found(archive, "idlib") == {"meet", "phone"}
    assert found(archive, "football") == set()
    assert found(archive, "football", original=True) == {"meet"}
    # The boilerplate keeps no word positions: a phrase there means all its words.
    assert found(archive, '"ceasefire in idlib"', original=True) == {"weather"}


def test_total_counts_every_match_not_only_the_page(archive):
    result = run(archive, "", limit=2)
    assert result.total == len(ALL)
    assert len(result.ranked) == 2


def test_relevance_puts_the_document_about_the_word_first(archive):
    # "meet" names Idlib in its title and body; "phone" only in its title.
    ranked = [doc_id for doc_id, _ in run(archive, "idlib").ranked]
    assert ranked[0] == "meet"


def test_unknown_syntax_is_a_query_error_not_an_engine_error(archive):
    with pytest.raises(QueryError):
        run(archive, "colour:red")


# -- filters -------------------------------------------------------------------------------------

FILTERS = [
    ("", {"outlets": ("Reuters",)}, {"truce", "lira", "border"}),
    ("", {"outlets": ("Reuters", "TASS")}, {"truce", "lira", "border", "moscow_ru"}),
    ("russia", {"outlets": ("BBC News",)}, {"meet"}),
    ("", {"outlets": ("No Such Outlet",)}, set()),
    ("", {"date_from": dt.date(2020, 1, 1)}, {"meet", "truce", "phone", "lira", "moscow_ru", "weather"}),
    ("", {"date_to": dt.date(2019, 12, 31)}, {"jet", "cup"}),
    ("", {"date_from": dt.date(2020, 2, 29), "date_to": dt.date(2020, 3, 4)}, {"weather", "moscow_ru"}),
    ("", {"undated_only": True}, {"history", "border"}),
    ("refugees", {"undated_only": True}, {"border"}),
    ("putin", {"date_from": dt.date(2020, 3, 1), "date_to": dt.date(2020, 3, 31)}, {"meet"}),
    ("turkey", {"outlets": ("Reuters",), "date_from": dt.date(2020, 1, 1)}, {"truce"}),
    ("", {"outlets": ("Reuters",), "undated_only": True}, {"border"}),
]


@pytest.mark.parametrize(("query", "options", "expected"), FILTERS)
def test_filters_narrow_the_results(archive, query, options, expected):
    result = run(archive, query, limit=100, **options)
    assert {doc_id for doc_id, _ in result.ranked} == expected
    assert result.total == len(expected)


# -- facets --------------------------------------------------------------------------------------


def test_facets_without_filters_count_the_whole_result(archive):
    facets = run(archive, "", limit=1).facets
    assert facets.outlet == {"Reuters": 3, "BBC News": 2, "The Guardian": 2, "Al Jazeera": 1, "TASS": 1}
    assert list(facets.outlet) == ["Reuters", "BBC News", "The Guardian", "Al Jazeera", "TASS"]  # most first
    assert facets.year == {"2015": 1, "2019": 1, "2020": 6}
    assert facets.month == {"2015-11": 1, "2019-05": 1, "2020-02": 3, "2020-03": 3}
    assert facets.undated == 2


def test_outlet_facet_ignores_the_outlet_filter_so_others_stay_pickable(archive):
    result = run(archive, "", outlets=("Reuters",))
    assert result.total == 3
    assert result.facets.outlet == {"Reuters": 3, "BBC News": 2, "The Guardian": 2, "Al Jazeera": 1, "TASS": 1}
    # ...while the date facets count only Reuters.
    assert result.facets.year == {"2020": 2}
    assert result.facets.month == {"2020-02": 1, "2020-03": 1}
    assert result.facets.undated == 1


def test_date_facets_ignore_the_date_filter_but_honour_the_query(archive):
    result = run(archive, "turkey", date_from=dt.date(2020, 1, 1))
    assert result.total == 2
    assert result.facets.outlet == {"BBC News": 1, "Reuters": 1}
    assert result.facets.year == {"2015": 1, "2020": 2}
    assert result.facets.month == {"2015-11": 1, "2020-03": 2}
    assert result.facets.undated == 1


def test_facets_with_both_filters_and_undated_only(archive):
    result = run(archive, "", outlets=("Reuters", "BBC News"), undated_only=True)
    assert result.total == 1  # border
    assert result.facets.outlet == {"Reuters": 1}  # undated documents with an outlet
    assert result.facets.year == {"2015": 1, "2020": 3}  # Reuters and BBC, any date
    assert result.facets.undated == 1


def test_facets_count_beyond_the_page_shown(archive):
    assert run(archive, "", limit=1, offset=5).facets.year == {"2015": 1, "2019": 1, "2020": 6}


# -- sorting and paging --------------------------------------------------------------------------

NEWEST = ["truce", "meet", "moscow_ru", "weather", "phone", "lira", "cup", "jet"]
UNDATED = {"history", "border"}


def ranked_ids(engine: Engine, query: str, **options) -> list[str]:
    return [doc_id for doc_id, _ in run(engine, query, **options).ranked]


def test_newest_first_puts_undated_last(archive):
    ranked = ranked_ids(archive, "", sort="newest", limit=100)
    assert ranked[:8] == NEWEST
    assert set(ranked[8:]) == UNDATED


def test_oldest_first_also_puts_undated_last(archive):
    ranked = ranked_ids(archive, "", sort="oldest", limit=100)
    assert ranked[:8] == NEWEST[::-1]
    assert set(ranked[8:]) == UNDATED


def test_date_sort_applies_to_matches_and_filters(archive):
    assert ranked_ids(archive, "turkey", sort="oldest") == ["jet", "meet", "truce", "border"]
    assert ranked_ids(archive, "", sort="newest", outlets=("Reuters",)) == ["truce", "lira", "border"]


def test_an_empty_query_lists_newest_first_even_by_relevance(archive):
    assert ranked_ids(archive, "", limit=3) == NEWEST[:3]


def test_offset_and_limit_page_through_the_results(archive):
    assert ranked_ids(archive, "", sort="newest", limit=3) == NEWEST[:3]
    assert ranked_ids(archive, "", sort="newest", limit=3, offset=3) == NEWEST[3:6]
    last = run(archive, "", sort="newest", limit=3, offset=9)
    assert len(last.ranked) == 1 and last.total == 10
    assert run(archive, "", limit=5, offset=50).ranked == []


def test_relevance_pages_join_up_to_the_whole_ranking(archive):
    whole = ranked_ids(archive, "turkey OR russia OR erdogan", limit=100)
    pages = [ranked_ids(archive, "turkey OR russia OR erdogan", limit=2, offset=o) for o in range(0, len(whole), 2)]
    assert [doc_id for page in pages for doc_id in page] == whole


def test_a_limit_of_zero_still_counts(archive):
    result = run(archive, "erdogan", limit=0)
    assert result.ranked == [] and result.total == 3
    assert result.facets.outlet == {"BBC News": 1, "Reuters": 1, "Al Jazeera": 1}


# -- suggestions ---------------------------------------------------------------------------------

SUGGESTIONS = [
    ("idlb", "idlib"),
    ("erdogn", "erdogan"),
    ("russa", "russia"),  # one edit beats two ("russian")
    ("idlib", None),  # a known word needs no suggestion
    ("zzzzqx", None),
    ("dlib", None),  # suggestions keep the first letter
]


@pytest.mark.parametrize(("word", "expected"), SUGGESTIONS)
def test_suggestions_offer_the_nearest_indexed_word(archive, word, expected):
    assert archive.suggest(word) == expected


def test_suggestion_prefers_the_more_frequent_of_equally_near_words(engine_name, tmp_path):
    docs = [doc(f"d{i}", "", "gaza", None, None) for i in range(3)] + [doc("x", "", "gaze", None, None)]
    engine = build(engine_name, tmp_path / "ix", docs)
    assert engine.suggest("gazo") == "gaza"
    engine.close()


# -- bookkeeping, writing, reopening -------------------------------------------------------------


def test_count_and_ids(archive):
    assert archive.doc_count() == len(DOCS)
    assert archive.ids() == ALL


def test_deleted_documents_disappear_everywhere(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix")
    engine.delete(["lira", "jet"])
    engine.commit()
    assert found(engine, "lira") == set()
    assert found(engine, "turkey") == {"meet", "truce", "border"}
    assert engine.doc_count() == 8
    assert engine.ids() == ALL - {"lira", "jet"}
    facets = run(engine, "").facets
    assert facets.outlet["Reuters"] == 2 and facets.outlet["BBC News"] == 1
    assert facets.year == {"2019": 1, "2020": 5}
    engine.close()


def test_changes_are_invisible_until_commit(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix")
    engine.add([doc("new", "Fresh news", "A brand new story.", "BBC News", "2021-01-01")])
    engine.delete(["lira"])
    assert found(engine, "fresh") == set() and found(engine, "lira") == {"lira"}
    engine.commit()
    assert found(engine, "fresh") == {"new"} and found(engine, "lira") == set()
    engine.close()


def test_replacing_a_document_keeps_one_copy_with_the_new_text(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix")
    edited = doc("meet", "Putin and Erdoğan agree", "Talks in the Kremlin ended with a deal.", "RT", "2020-03-05")
    engine.add([edited], replace=True)
    engine.commit()
    assert found(engine, "kremlin") == {"meet"}
    assert found(engine, "idlib") == {"phone"}
    assert engine.doc_count() == len(DOCS)
    assert run(engine, "").facets.outlet["RT"] == 1
    assert run(engine, "").facets.outlet["BBC News"] == 1
    engine.close()


def test_reopening_after_close_finds_the_same(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix")
    engine.close()
    again = open_engine(engine_name, tmp_path / "ix")
    assert again.doc_count() == len(DOCS)
    assert found(again, "erdogan") == {"meet", "truce", "phone"}
    assert run(again, "", outlets=("Reuters",)).total == 3
    again.add([doc("late", "Late story", "Written after reopening.", None, None)])
    again.commit()
    assert found(again, "reopening") == {"late"}
    again.close()


def test_opening_nothing_without_create_is_an_index_error(engine_name, tmp_path):
    with pytest.raises(IndexError_):
        open_engine(engine_name, tmp_path / "missing")


def test_a_damaged_index_is_an_index_error(engine_name, tmp_path):
    build(engine_name, tmp_path / "ix").close()
    for file in (tmp_path / "ix").iterdir():
        if file.is_file() and not file.name.endswith(".lock"):
            file.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(IndexError_):
        engine = open_engine(engine_name, tmp_path / "ix")
        run(engine, "erdogan")


def test_an_index_of_another_version_is_an_index_error(engine_name, tmp_path):
    path = tmp_path / "ix"
    build(engine_name, path).close()
    if engine_name == "tantivy":
        (path / "broadsheet-tantivy.json").write_text('{"schema_version": 0}')
    else:
        from whoosh import fields
        from whoosh.filedb.filestore import FileStorage

        FileStorage(str(path)).create_index(fields.Schema(id=fields.ID(stored=True)), indexname="broadsheet")
    with pytest.raises(IndexError_):
        open_engine(engine_name, path)


def test_one_writer_at_a_time_and_only_while_writing(engine_name, tmp_path):
    first = build(engine_name, tmp_path / "ix")
    second = open_engine(engine_name, tmp_path / "ix")
    first.add([doc("a", "Alpha", "first writer", None, None)])
    with pytest.raises(IndexError_):
        second.add([doc("b", "Beta", "second writer", None, None)])
    first.commit()  # the writer is gone with the commit...
    second.add([doc("b", "Beta", "second writer", None, None)])  # ...so another may write
    second.commit()
    assert found(second, "writer") == {"a", "b"}
    first.close()
    second.close()


def test_long_junk_words_are_not_indexed(engine_name, tmp_path):
    blob = "x" * 5000
    engine = build(engine_name, tmp_path / "ix", [doc("blob", "Attachment", f"data {blob} end", None, None)])
    assert found(engine, "data end") == {"blob"}
    assert found(engine, '"data end"') == {"blob"}  # the dropped word leaves no gap
    engine.close()


def test_documents_without_text_or_metadata_are_listed(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix", [doc("empty", "", "", None, None)])
    result = run(engine, "")
    assert [doc_id for doc_id, _ in result.ranked] == ["empty"]
    assert result.facets.undated == 1 and result.facets.outlet == {}
    engine.close()


# -- the two engines agree on generated archives and queries -------------------------------------

VOCABULARY = (
    "putin erdoğan erdogan idlib ankara moscow syria turkey russia ceasefire talks army border "
    "refugees lira economy market vote election parliament minister president police court "
    "storm rain football final cup goal année café naïve über straße"
).split()
OUTLETS = ("BBC News", "Reuters", "TASS", "Al Jazeera", "The Guardian", None)


def generated_docs(count: int, seed: int = 7) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        date = None if rng.random() < 0.15 else dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9500))
        docs.append(
            IndexDoc(
                id=f"g{i:04d}",
                title=" ".join(rng.choices(VOCABULARY, k=rng.randint(0, 5))),
                body=" ".join(rng.choices(VOCABULARY, k=rng.randint(0, 40))),
                boilerplate=" ".join(rng.choices(VOCABULARY, k=rng.randint(0, 6))),
                outlet=rng.choice(OUTLETS),
                date=date,
                author=rng.choice([None, "Ann Lee", "Jonathan Marcus"]),
                url=None,
                tags=tuple(rng.sample(("syria", "economy", "sport"), rng.randint(0, 2))),
            )
        )
    return docs


@pytest.fixture(scope="module")
def twin_engines(tmp_path_factory) -> Iterator[dict[str, Engine]]:
    docs = generated_docs(400)
    engines = {}
    for name in ENGINES:
        engine = open_engine(name, tmp_path_factory.mktemp(f"twin-{name}"), create=True)
        engine.add(docs[:300])
        engine.commit()
        engine.add(docs[300:])  # a second segment, and a few deletes and replaces across both
        engine.delete([d.id for d in docs[::37]])
        engine.add([docs[5]], replace=True)
        engine.commit()
        engines[name] = engine
    yield engines
    for engine in engines.values():
        engine.close()


_words = st.sampled_from([w for w in VOCABULARY if w.isascii()] + ["erdogan~", "ceas*", "t?lks", "par*", "storm~1"])
_field = st.sampled_from(["", "title:", "body:", "outlet:", "author:", "tag:"])
_date = st.sampled_from(["", " date:2010", " date:[2005-03 TO 2012-11-15]", " date:<2003", " -date:2020"])


@st.composite
def queries(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 4))
        word = draw(_words)
        if kind == 0:
            parts.append(draw(_field) + word)
        elif kind == 1:
            parts.append(f'"{word} {draw(_words).rstrip("~*1")}"'.replace("*", "").replace("?", "a"))
        elif kind == 2:
            parts.append(f"({word} OR {draw(_words)})")
        elif kind == 3:
            parts.append(f"-{word}")
        else:
            parts.append(word)
    return " ".join(parts) + draw(_date)


@st.composite
def requests(draw) -> SearchRequest:
    query = draw(queries())
    undated = draw(st.booleans()) and draw(st.booleans())
    date_from = None if undated else draw(st.sampled_from([None, dt.date(2004, 1, 1), dt.date(2010, 6, 15)]))
    return SearchRequest(
        query=query,
        outlets=tuple(draw(st.lists(st.sampled_from([o for o in OUTLETS if o]), max_size=2, unique=True))),
        date_from=date_from,
        date_to=None if undated else draw(st.sampled_from([None, dt.date(2015, 12, 31)])),
        undated_only=undated,
        sort=draw(st.sampled_from(["relevance", "newest", "oldest"])),
        original=draw(st.booleans()),
        limit=1000,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests())
def test_engines_agree_on_generated_queries(twin_engines, request):
    node = parse(request.query)
    whoosh, tantivy = (twin_engines[name].search(node, request) for name in ENGINES)
    assert whoosh.total == tantivy.total
    assert {i for i, _ in whoosh.ranked} == {i for i, _ in tantivy.ranked}
    assert whoosh.facets == tantivy.facets
    if request.sort != "relevance" or not request.query.strip():
        # Date order is fully determined except among documents of the same day.
        days = {d.id: d.date for d in generated_docs(400)}
        assert [days[i] for i, _ in whoosh.ranked] == [days[i] for i, _ in tantivy.ranked]


def test_engines_agree_on_bookkeeping(twin_engines):
    whoosh, tantivy = (twin_engines[name] for name in ENGINES)
    assert whoosh.doc_count() == tantivy.doc_count()
    assert whoosh.ids() == tantivy.ids()
    for word in ("erdgan", "ceasfire", "refugee", "stom", "parliment", "cafe", "strasse", "zzz"):
        assert whoosh.suggest(word) == tantivy.suggest(word), word


def test_deleting_or_replacing_within_the_same_batch_applies_in_order(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix", [])
    engine.add([doc("a", "First", "draft one", None, None), doc("b", "Second", "draft two", None, None)])
    engine.delete(["a"])
    engine.add([doc("b", "Second", "final two", None, None)], replace=True)
    engine.commit()
    assert engine.ids() == {"b"}
    assert found(engine, "draft") == set() and found(engine, "final") == {"b"}
    engine.close()


def test_a_segment_without_any_outlet_or_date_does_not_shift_the_others(engine_name, tmp_path):
    engine = build(engine_name, tmp_path / "ix", [doc("bare", "Bare", "no outlet here", None, None)])
    engine.add([doc("rich", "Rich", "an outlet here", "Reuters", "2020-01-02")])
    engine.commit()
    result = run(engine, "here", outlets=("Reuters",))
    assert [doc_id for doc_id, _ in result.ranked] == ["rich"]
    assert result.facets.outlet == {"Reuters": 1}
    assert result.facets.year == {"2020": 1}
    assert ranked_ids(engine, "here", sort="newest") == ["rich", "bare"]
    engine.close()


def test_a_truncated_index_is_an_index_error_when_opened(engine_name, tmp_path):
    build(engine_name, tmp_path / "ix").close()
    for file in (tmp_path / "ix").iterdir():
        if file.suffix in (".seg", ".term", ".idx", ".pos", ".store"):  # Whoosh's and tantivy's segment files
            data = file.read_bytes()
            file.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexError_):
        open_engine(engine_name, tmp_path / "ix")


def test_suggestions_ignore_words_only_deleted_documents_held(engine_name, tmp_path):
    docs = [doc("keep", "", "gaze", None, None), doc("gone", "", "gaza gaza", None, None)]
    engine = build(engine_name, tmp_path / "ix", docs)
    assert engine.suggest("gazo") in ("gaza", "gaze")
    engine.delete(["gone"])
    engine.commit()
    assert engine.suggest("gazo") == "gaze"
    assert engine.suggest("gaza") == "gaze"  # no longer a known word
    engine.close()
