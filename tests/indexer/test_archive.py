"""The archive facade end to end: import, search, read, correct, re-clean, reindex, export."""

import csv
import datetime as dt
import json
import shutil

import pytest

from indexer.archive import Archive, ArchiveBusy, ArchiveError, NotFound
from indexer.model import SearchRequest
from indexer.query import QueryError


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "home") as opened:
        yield opened


def _page(folder, name, title, body, *, date_line="", outlet_line=""):
    text = "\n\n".join(x for x in (outlet_line, title, date_line, body) if x)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


BODY = ("The council met on Tuesday to discuss the harbour budget, which has grown every year since the flood. "
        "Members argued for hours about the cost of new sea walls and the future of the fishing quay. ")


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    _page(folder, "a.txt", "Harbour budget approved after long debate", BODY * 3 + "The mayor praised the vote.",
          date_line="Published: March 3, 2021")
    _page(folder, "b.txt", "Fishermen protest quay closure", BODY.replace("harbour", "port") * 3,
          date_line="Updated: July 9, 2019")
    _page(folder, "c.txt", "Sea walls to rise by two metres", BODY * 2 + "Engineers backed the plan.")
    return folder


def test_import_keeps_originals_byte_for_byte_and_reports_duplicates(archive, seeds):
    report = archive.import_paths(seeds)
    assert (report.added, report.duplicates, report.failed) == (5, 0, [])
    for path in seeds:
        doc_id = __import__("hashlib").sha256(path.read_bytes()).hexdigest()
        assert archive.original(doc_id) == path.read_bytes()
    again = archive.import_paths(seeds)
    assert (again.added, again.duplicates) == (0, 5)
    assert archive.stats().documents == 5


def test_import_reports_unsupported_and_broken_files_and_goes_on(archive, pages, tmp_path):
    (pages / "notes.pdf").write_bytes(b"%PDF-1.4")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    report = archive.import_paths([pages, tmp_path / "nowhere"])
    assert report.added == 3
    assert [p for p, _ in report.skipped] == [str(pages / "notes.pdf")]
    failed = dict(report.failed)
    assert "empty" in failed[str(pages / "empty.txt")]
    assert "PNG" in failed[str(pages / "image.html")]
    assert "no such file" in failed[str(tmp_path / "nowhere")]


def test_search_highlights_and_facets_cover_all_hits(archive, pages):
    archive.import_paths([pages], outlet="Harbour Gazette")
    result = archive.search(SearchRequest("budget", limit=1))
    assert result.total == 3 and len(result.hits) == 1
    assert "<mark>budget</mark>" in result.hits[0].snippet
    facets = result.facets
    assert facets.outlet == {"Harbour Gazette": 3}
    assert sum(facets.year.values()) + facets.undated == result.total
    assert facets.year == {"2019": 1, "2021": 1} and facets.month == {"2019-07": 1, "2021-03": 1}


def test_filters_sorting_and_paging(archive, pages):
    archive.import_paths([pages], outlet="Harbour Gazette")
    newest = archive.search(SearchRequest("", sort="newest"))
    assert [h.date for h in newest.hits] == [dt.date(2021, 3, 3), dt.date(2019, 7, 9), None]
    oldest = archive.search(SearchRequest("", sort="oldest"))
    assert [h.date for h in oldest.hits] == [dt.date(2019, 7, 9), dt.date(2021, 3, 3), None]
    ranged = archive.search(SearchRequest("", date_from=dt.date(2020, 1, 1)))
    assert ranged.total == 1
    undated = archive.search(SearchRequest("", undated_only=True))
    assert undated.total == 1 and undated.hits[0].date is None
    by_outlet = archive.search(SearchRequest("budget", outlets=("harbour gazette",)))
    assert by_outlet.total == 3
    second_page = archive.search(SearchRequest("", sort="newest", limit=1, offset=1))
    assert [h.date for h in second_page.hits] == [dt.date(2019, 7, 9)]


def test_boilerplate_is_searchable_only_on_request(archive, seeds):
    archive.import_paths(seeds)
    # "garment" appears only in a related-story teaser under one seed's article.
    assert archive.search(SearchRequest("garment")).total == 0
    whole = archive.search(SearchRequest("garment", original=True))
    assert whole.total == 1
    assert "<mark>garment</mark>" in whole.hits[0].snippet


def test_no_hits_offers_a_spelling_suggestion(archive, seeds):
    archive.import_paths(seeds)
    result = archive.search(SearchRequest("idlbi offensive"))
    assert result.total == 0
    assert result.suggestion == "idlib offensive"
    assert archive.search(SearchRequest(result.suggestion)).total > 0


def test_malformed_query_raises_a_query_error(archive):
    with pytest.raises(QueryError):
        archive.search(SearchRequest('"open'))


def test_user_corrections_survive_reindex_and_reclean(archive, pages):
    archive.import_paths([pages])
    hit = archive.search(SearchRequest("engineers")).hits[0]
    doc = archive.set_fields(hit.id[:10], outlet="Coastal Courier", date="2018-05-04")
    assert doc.outlet == "Coastal Courier" and doc.metadata["date"].source == "user"
    archive.reindex()
    archive.reclean()
    again = archive.get(hit.id)
    assert (again.outlet, again.value("date")) == ("Coastal Courier", "2018-05-04")
    found = archive.search(SearchRequest("engineers", outlets=("Coastal Courier",), date_to=dt.date(2018, 12, 31)))
    assert [h.id for h in found.hits] == [hit.id]
    with pytest.raises(ArchiveError, match="not a date"):
        archive.set_fields(hit.id, date="May 4th")


def test_merging_outlets_renames_now_and_for_future_imports(archive, pages, tmp_path):
    archive.import_paths([pages / "a.txt"], outlet="harbourgazette.example")
    archive.import_paths([pages / "b.txt"], outlet="The Harbour Gazette")
    assert archive.merge_outlets(["harbourgazette.example", "the harbour gazette"], into="Harbour Gazette") == 2
    assert archive.stats().outlets == {"Harbour Gazette": 2}
    archive.import_paths([pages / "c.txt"], outlet="The Harbour Gazette")
    assert archive.stats().outlets == {"Harbour Gazette": 3}
    assert archive.search(SearchRequest("", outlets=("harbour gazette",))).total == 3


def test_a_merge_is_undone_by_removing_its_rules(archive, pages):
    archive.import_paths([pages / "a.txt"], outlet="harbourgazette.example")
    archive.import_paths([pages / "b.txt"], outlet="The Harbour Gazette")
    archive.merge_outlets(["harbourgazette.example", "The Harbour Gazette"], into="Harbour Gazette")
    assert archive.outlet_rules() == {"harbourgazette.example": "Harbour Gazette",
                                      "the harbour gazette": "Harbour Gazette"}
    assert archive.remove_outlet_rules(["HarbourGazette.example"]) == 1
    assert archive.stats().outlets == {"harbourgazette.example": 1, "Harbour Gazette": 1}
    assert archive.search(SearchRequest("", outlets=("harbourgazette.example",))).total == 1
    assert archive.remove_outlet_rules(["the harbour gazette", "no such rule"]) == 1
    assert archive.outlet_rules() == {}
    archive.import_paths([pages / "c.txt"], outlet="The Harbour Gazette")
    assert archive.stats().outlets == {"harbourgazette.example": 1, "The Harbour Gazette": 2}
    assert archive.remove_outlet_rules(["the harbour gazette"]) == 0


def test_tags_are_searchable(archive, pages):
    archive.import_paths([pages])
    doc_id = archive.search(SearchRequest("engineers")).hits[0].id
    archive.set_tags(doc_id, add=["coastal defence"])
    assert [h.id for h in archive.search(SearchRequest('tag:"coastal defence"')).hits] == [doc_id]


def test_deleted_index_is_rebuilt_from_the_catalog(tmp_path, pages):
    home = tmp_path / "home"
    with Archive.open(home) as archive:
        archive.import_paths([pages])
        archive.set_fields(archive.search(SearchRequest("engineers")).hits[0].id, outlet="Kept Edit")
    shutil.rmtree(home / "index")
    with Archive.open(home) as archive:
        assert archive.needs_index_work()
        archive.ensure_index()
        assert archive.search(SearchRequest("budget")).total == 3
        assert archive.stats().outlets == {"Kept Edit": 1}


def test_second_writer_is_told_the_archive_is_busy(tmp_path, pages):
    home = tmp_path / "home"
    with Archive.open(home) as first, Archive.open(home) as second:
        with first.writing():
            with pytest.raises(ArchiveBusy, match="busy"):
                second.import_paths([pages])
        assert second.import_paths([pages]).added == 3


def test_unknown_ids_are_reported(archive):
    with pytest.raises(NotFound):
        archive.get("0123abcd")


def test_export_in_every_format(archive, pages, tmp_path):
    from indexer.exporting import export, matching_ids

    archive.import_paths([pages])
    ids = list(matching_ids(archive, SearchRequest("budget")))
    assert len(ids) == 3
    assert export(archive, ids, "csv", tmp_path / "out.csv") == 3
    rows = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))
    assert {r["title"] for r in rows} >= {"Harbour budget approved after long debate"}
    dated = next(r for r in rows if r["title"] == "Harbour budget approved after long debate")
    assert (dated["date"], dated["date_source"]) == ("2021-03-03", "text:published-line"), "a date with its provenance"
    export(archive, ids, "jsonl", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in open(tmp_path / "out.jsonl", encoding="utf-8")]
    assert all("council met on Tuesday" in r["text"] for r in records)
    assert all(isinstance(r["other_dates"], list) for r in records)
    assert any(r["date_confidence"] and r["date_confidence"] >= 0.75 for r in records)
    export(archive, ids, "txt", tmp_path / "txt")
    files = sorted((tmp_path / "txt").iterdir())
    assert len(files) == 3 and files[0].name.startswith("2019-07-09_")
    assert files[0].read_text(encoding="utf-8").startswith("Fishermen protest quay closure")


def test_outlet_given_later_to_one_page_filters_right(archive, pages):
    # The first batch has no outlets at all; a correction then puts one page in a new segment.
    archive.import_paths([pages])
    doc_id = archive.search(SearchRequest("engineers")).hits[0].id
    archive.set_fields(doc_id, outlet="Coastal Courier")
    found = archive.search(SearchRequest("budget", outlets=("coastal courier",)))
    assert [h.id for h in found.hits] == [doc_id]
    assert found.facets.outlet == {"Coastal Courier": 1}


STORIES = [
    ("Ferry timetable changes from May", "The ferry company announced that the morning crossing will leave an hour earlier from May, after complaints from commuters who miss their trains on the mainland."),
    ("School roof repaired before winter", "Builders finished the new roof of the primary school on Friday, two weeks ahead of schedule, and the pupils will return to their classrooms on Monday morning."),
    ("Lighthouse opens to visitors", "For the first time in forty years the old lighthouse will open its doors to visitors, who can climb the spiral stairs to the lamp room every weekend this summer."),
    ("Market square gets new benches", "The council has placed twelve new oak benches around the market square, paid for by a bequest from a former shopkeeper who loved to watch the traders at work."),
]


def _outlet_page(folder, n, title, body, masthead=True):
    lines = (["Your town, your news since 1871", "Home | Local | Sport | Weather"] if masthead else [])
    lines += [title, "", body, "", body.replace("The", "Meanwhile the", 1), "",
              "Sign up for our morning briefing", "Reproduction without written permission is prohibited"]
    path = folder / f"story{n}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_reclean_learns_an_outlets_boilerplate_and_names_its_unlabelled_pages(archive, tmp_path):
    known, unknown = tmp_path / "known", tmp_path / "unknown"
    known.mkdir(), unknown.mkdir()
    for n, (title, body) in enumerate(STORIES[:3]):
        _outlet_page(known, n, title, body)
    _outlet_page(unknown, 9, *STORIES[3])
    archive.import_paths([known], outlet="Harbour Gazette")
    archive.import_paths([unknown])
    stranger = archive.search(SearchRequest("benches")).hits[0]
    assert stranger.outlet is None
    archive.reclean()
    doc = archive.get(stranger.id)
    assert doc.outlet == "Harbour Gazette" and doc.metadata["outlet"].source == "fingerprint"
    for doc in archive.get_many(archive.catalog.all_ids()):
        assert "Your town, your news" not in doc.readable_text
        assert "morning briefing" not in doc.readable_text
    assert archive.search(SearchRequest("briefing")).total == 0


def _html_page(folder, name, title, site_name=None):
    meta = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    path = folder / name
    path.write_text(
        f'<html><head><title>{title}</title>{meta}<link rel="canonical" href="https://www.courier-example.org/news/{name}">'
        f"</head><body><article><h1>{title}</h1><p>{BODY * 2}</p></article></body></html>",
        encoding="utf-8",
    )


def test_reclean_gives_a_site_one_name_across_the_archive(archive, tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    _html_page(folder, "a.html", "Harbour budget approved", "The Example Courier")
    _html_page(folder, "b.html", "Quay closure protested", "The Example Courier")
    _html_page(folder, "c.html", "Sea walls to rise")
    archive.import_paths([folder])
    assert set(archive.stats().outlets) == {"The Example Courier", "courier-example.org"}
    archive.reclean()
    assert archive.stats().outlets == {"The Example Courier": 3}


def test_a_site_that_writes_its_domain_as_its_name_is_one_outlet(archive, tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    _html_page(folder, "a.html", "Harbour budget approved", "Courier-Example.org")
    _html_page(folder, "b.html", "Quay closure protested", "Courier-Example.org")
    _html_page(folder, "c.html", "Sea walls to rise")  # named by its address only: courier-example.org
    archive.import_paths([folder])
    assert archive.stats().outlets == {"Courier-Example.org": 3}
    archive.reclean()
    assert archive.stats().outlets == {"Courier-Example.org": 3}
    assert archive.outlet_rules()["courier-example.org"] == "Courier-Example.org"


def test_switching_engine_keeps_results_and_frees_the_old_index(archive, pages):
    archive.import_paths([pages])
    before = archive.search(SearchRequest("harbour OR quay"))
    old_engine = archive.engine_name
    new_engine = "tantivy" if old_engine == "whoosh" else "whoosh"
    archive.reindex(new_engine)
    after = archive.search(SearchRequest("harbour OR quay"))
    assert archive.engine_name == new_engine and after.total == before.total == 3
    assert sorted(p.name for p in (archive.home / "index").iterdir()) == [new_engine]
    with Archive.open(archive.home) as reopened:
        assert reopened.engine_name == new_engine
        assert reopened.search(SearchRequest("harbour OR quay")).total == 3


def test_other_dates_a_page_gives_are_kept_and_follow_the_users_choice(archive, tmp_path):
    folder = tmp_path / "two-dates"
    folder.mkdir()
    _page(folder, "quay.txt", "Quay to close next spring", BODY * 3,
          date_line="Published 3 May 2020\nBy Ann Lee, 2 May 2020")
    archive.import_paths([folder])
    (doc,) = archive.get_many([archive.search(SearchRequest("quay")).hits[0].id])
    assert doc.value("date") == "2020-05-03"
    assert [other.value for other in doc.other_dates] == ["2020-05-02"]
    chosen = archive.set_fields(doc.id, date="2020-05-02")
    assert chosen.value("date") == "2020-05-02"
    assert [other.value for other in chosen.other_dates] == ["2020-05-03"], "the extracted day is now the other"


def test_one_outlet_spelled_two_ways_is_one_outlet_and_stays_apart_once_separated(archive, pages):
    archive.import_paths([pages / "a.txt"], outlet="FOCUS Online")
    archive.import_paths([pages / "b.txt"], outlet="FOCUS online")
    assert archive.stats().outlets == {"FOCUS Online": 2}, "one outlet, one name across the archive"
    assert archive.outlet_rules() == {"focus online": "FOCUS Online"}
    assert archive.remove_outlet_rules(["focus online"]) == 1
    archive.import_paths([pages / "c.txt"], outlet="FOCUS Online")
    assert archive.stats().outlets == {"FOCUS Online": 2, "FOCUS online": 1}, "the user kept them apart"
    archive.merge_outlets(["FOCUS online"], into="FOCUS Online")
    assert archive.stats().outlets == {"FOCUS Online": 3}


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_tag_counts_follow_the_search_and_its_filters(tmp_path, pages, engine):
    archive = Archive.open(tmp_path / engine, engine=engine)
    archive.import_paths([pages])
    ids = {h.title: h.id for h in archive.search(SearchRequest("")).hits}
    harbour, port = ids["Harbour budget approved after long debate"], ids["Fishermen protest quay closure"]
    archive.tag_documents([harbour, port], add=["budget watch"])
    archive.tag_documents([harbour], add=["to read", '"quoted"'])
    everything = archive.search(SearchRequest("")).facets.tag
    assert everything == {'"quoted"': 1, "budget watch": 2, "to read": 1}
    assert archive.search(SearchRequest("fishermen")).facets.tag == {"budget watch": 1}
    assert archive.search(SearchRequest("", date_to=dt.date(2020, 1, 1))).facets.tag == {"budget watch": 1}
    assert archive.search(SearchRequest("engineers")).facets.tag == {}, "the one page about engineers has no tag"
    assert archive.search(SearchRequest('tag:"to read"')).facets.tag == {'"quoted"': 1, "budget watch": 1, "to read": 1}
    assert archive.engine_name == engine
    archive.close()


def test_tag_counts_give_way_to_archive_wide_counts_past_the_limit(archive, pages, monkeypatch):
    import indexer.tag_counts as tag_counts_module

    archive.import_paths([pages])
    archive.tag_documents([h.id for h in archive.search(SearchRequest("")).hits], add=["all"])
    monkeypatch.setattr(tag_counts_module, "TAG_COUNT_LIMIT", 2)
    assert archive.search(SearchRequest("")).facets.tag is None
