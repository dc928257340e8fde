"""Tagging many pages at once, and the archive's tag list, as the window's tag tools use them."""

import pytest

from indexer.archive import Archive, ArchiveBusy
from indexer.model import SearchRequest


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, word in (("a", "zeppelin"), ("b", "marmalade"), ("c", "quasar")):
        (folder / f"{name}.txt").write_text(f"A story about the {word}\n\nThe {word} was seen over the harbour "
                                            f"on Tuesday; witnesses said the {word} looked larger.\n", encoding="utf-8")
    with Archive.open(tmp_path / "home") as opened:
        opened.import_paths([folder])
        yield opened


def ids_of(archive, query):
    return sorted(hit.id for hit in archive.search(SearchRequest(query)).hits)


def test_many_pages_are_tagged_in_one_write_and_found_by_tag(archive):
    chosen = ids_of(archive, "zeppelin OR quasar")
    docs = archive.tag_documents(chosen, add=["sightings", "to check"])
    assert [d.tags for d in docs] == [("sightings", "to check")] * 2
    assert ids_of(archive, "tag:sightings") == chosen
    assert ids_of(archive, 'tag:"to check"') == chosen
    assert archive.tag_counts() == {"sightings": 2, "to check": 2}


def test_a_tag_typed_in_another_case_keeps_the_archives_spelling(archive):
    first, second, third = ids_of(archive, "harbour")
    archive.tag_documents([first], add=["Idlib"])
    archive.tag_documents([second, third], add=["idlib", "IDLIB", " "])
    assert archive.tag_counts() == {"Idlib": 3}
    archive.tag_documents([first, second], remove=["IDLIB"])
    assert archive.tag_counts() == {"Idlib": 1}
    assert ids_of(archive, "tag:idlib") == [third]


def test_unknown_ids_are_passed_over_and_a_busy_archive_refuses(archive):
    first = ids_of(archive, "zeppelin")[0]
    assert [d.id for d in archive.tag_documents([first, "0" * 64], add=["kept"])] == [first]
    from filelock import FileLock

    other = FileLock(str(archive.home / "write.lock"))
    other.acquire()
    try:
        with pytest.raises(ArchiveBusy):
            archive.tag_documents([first], add=["lost"])
    finally:
        other.release()
    assert archive.get(first).tags == ("kept",)


def test_tagging_one_page_by_id_prefix_keeps_one_spelling_too(archive):
    first, second, _ = ids_of(archive, "harbour")
    archive.set_tags(first[:10], add=["Sea Defence"])
    assert archive.set_tags(second[:10], add=["sea defence"]).tags == ("Sea Defence",)
    assert archive.tag_counts() == {"Sea Defence": 2}
