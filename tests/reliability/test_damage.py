"""Damage: a deleted or corrupted index, stale locks left by crashed processes, catalogs from older
(and newer) versions, lost or altered originals. The archive says what is wrong, and rebuilds or
migrates from the originals and the catalog without losing the user's edits.

`broadsheet check` and `check --repair` are exercised through the command line's entry point.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import catalog as catalog_module
from indexer.archive import Archive, ArchiveError
from indexer.catalog import SCHEMA_VERSION, Catalog, CatalogError
from indexer.cli import main
from indexer.model import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
BODY = ("The council met on Tuesday to discuss the harbour budget, which has grown every year since the flood. "
        "Members argued for hours about the cost of new sea walls and the future of the fishing quay. ")


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def check_json(home: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = cli("check", "--home", str(home), "--json", *extra)
    assert "Traceback" not in err
    return code, json.loads(out)


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, (title, extra) in enumerate([("Harbour budget approved", "The mayor praised the vote."),
                                        ("Fishermen protest quay closure", "Boats blocked the harbour mouth."),
                                        ("Sea walls to rise by two metres", "Engineers backed the plan.")]):
        (folder / f"page{n}.txt").write_text(f"{title}\n\n{BODY * 2}{extra}\n", encoding="utf-8")
    return folder


@pytest.fixture
def home(tmp_path, pages):
    """An archive of three pages, one carrying a user's correction and a tag."""
    home = tmp_path / "archive"
    with Archive.open(home) as archive:
        archive.import_paths([pages])
        doc_id = archive.search(SearchRequest("engineers")).hits[0].id
        archive.set_fields(doc_id, outlet="Harbour Gazette", date="2021-03-04")
        archive.set_tags(doc_id, add=["sea defence"])
    return home


def _edited(home: Path) -> dict:
    with Archive.open(home) as archive:
        archive.ensure_index()
        hits = archive.search(SearchRequest('tag:"sea defence"')).hits
        assert len(hits) == 1
        doc = archive.get(hits[0].id)
        return {"outlet": doc.outlet, "date": doc.value("date"), "found_by_outlet":
                archive.search(SearchRequest("engineers", outlets=("Harbour Gazette",))).total}


KEPT = {"outlet": "Harbour Gazette", "date": "2021-03-04", "found_by_outlet": 1}


def test_a_healthy_archive_passes_check(home):
    code, report = check_json(home)
    assert code == 0 and report["healthy"] and report["documents"] == 3 and report["problems"] == []


# -- the index ---------------------------------------------------------------------------------


def _corrupt_segments(index: Path) -> None:
    for segment in index.glob("*.seg"):
        segment.chmod(0o644)
        segment.write_bytes(os.urandom(segment.stat().st_size))


def _truncate_segments(index: Path) -> None:
    for segment in index.glob("*.seg"):
        with open(segment, "r+b") as handle:
            handle.truncate(segment.stat().st_size // 3)


def _corrupt_toc(index: Path) -> None:
    for toc in index.glob("*.toc"):
        toc.write_bytes(b"\x00garbage" * 50)


def _stamp_of_another_version(index: Path) -> None:
    (index / "BROADSHEET_INDEX.json").write_text(json.dumps({"engine": "whoosh", "schema": -1}))


def _stamp_garbled(index: Path) -> None:
    (index / "BROADSHEET_INDEX.json").write_text("{not json")


@pytest.mark.parametrize("damage", [
    lambda index: shutil.rmtree(index),
    lambda index: shutil.rmtree(index.parent),
    _corrupt_segments,
    _truncate_segments,
    _corrupt_toc,
    lambda index: [p.unlink() for p in index.glob("*.seg")],
    _stamp_of_another_version,
    _stamp_garbled,
], ids=["index-folder-deleted", "whole-index-tree-deleted", "segments-overwritten", "segments-truncated",
        "toc-garbage", "segments-deleted", "other-version", "stamp-garbled"])
def test_a_damaged_index_is_detected_reported_and_rebuilt_with_edits_kept(home, damage):
    damage(home / "index" / "whoosh")
    code, report = check_json(home)
    assert code == 1 and any(p.startswith("index:") for p in report["problems"]), report
    code, repaired = check_json(home, "--repair")
    assert code == 0 and any("rebuilt the index" in r for r in repaired["repaired"]), repaired
    assert check_json(home) == (0, {"healthy": True, "documents": 3, "problems": [], "notes": [], "repaired": []})
    assert _edited(home) == KEPT


@pytest.mark.parametrize("damage", [_corrupt_segments, _corrupt_toc, lambda index: shutil.rmtree(index)],
                         ids=["segments-overwritten", "toc-garbage", "index-deleted"])
def test_searching_a_damaged_index_rebuilds_it_instead_of_crashing(home, damage):
    """The user just searches: the command line (like the app) notices and rebuilds on open."""
    damage(home / "index" / "whoosh")
    code, out, err = cli("search", "--home", str(home), "harbour", "--json")
    assert code == 0 and "Traceback" not in err, err
    assert json.loads(out)["total"] == 3
    assert _edited(home) == KEPT


def test_an_index_missing_pages_the_catalog_says_it_holds_is_rebuilt(home):
    with Archive.open(home) as archive:
        victim = archive.catalog.all_ids()[0]
        archive.engine.delete([victim])
        archive.engine.commit()
    code, report = check_json(home)
    assert code == 1 and report["problems"] == [
        "index: 1 catalogued document(s) are missing from the index (check --repair rebuilds it)"]
    assert check_json(home, "--repair")[0] == 0
    assert check_json(home)[1]["healthy"]


def test_an_index_holding_pages_the_catalog_does_not_know_is_rebuilt(home, tmp_path):
    from indexer.model import IndexDoc

    with Archive.open(home) as archive:
        archive.engine.add([IndexDoc("f" * 64, "ghost", "a page nobody imported", "", None, None, None, None)])
        archive.engine.commit()
    code, report = check_json(home)
    assert code == 1 and "1 indexed document(s) are not in the catalog" in report["problems"][0]
    assert check_json(home, "--repair")[0] == 0
    with Archive.open(home) as archive:
        assert archive.search(SearchRequest("ghost")).total == 0


# -- locks left by crashed processes -----------------------------------------------------------


def test_a_leftover_write_lock_file_does_not_block_anyone(home):
    """A crash leaves write.lock on disk; the lock itself lived in the kernel and died with it."""
    (home / "write.lock").write_text("12345")  # even with junk in it
    with Archive.open(home) as archive, archive.writing(wait=0):
        pass
    code, out, err = cli("tag", "--home", str(home), _any_id(home), "--add", "after-crash")
    assert code == 0, err


_HOLD_WHOOSH_WRITER = """
import sys, time
from pathlib import Path
from indexer.index.whoosh_engine import WhooshEngine
from indexer.model import IndexDoc
engine = WhooshEngine.open(Path(sys.argv[1]))
engine.add([IndexDoc("e" * 64, "half written", "a writer that never commits", "", None, None, None, None)])
print("holding", flush=True)
time.sleep(600)
"""


def test_a_crashed_whoosh_writer_does_not_leave_the_index_locked(home):
    """Whoosh's WRITELOCK is an fcntl lock: held while its writer lives, gone when it is killed."""
    index = home / "index" / "whoosh"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_WHOOSH_WRITER, str(index)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Archive.open(home) as archive:
            with pytest.raises(Exception, match="another process is writing to this index"):
                archive.set_tags(_any_id(home), add=["while locked"])
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert list(index.glob("*WRITELOCK*"))  # the file stays behind
    code, _, err = cli("tag", "--home", str(home), _any_id(home), "--add", "after-crash")
    assert code == 0, err
    with Archive.open(home) as archive:
        assert archive.search(SearchRequest("tag:after-crash")).total == 1
        assert archive.search(SearchRequest("half written")).total == 0  # the dead writer's work is gone
    assert check_json(home)[0] == 0


def _any_id(home: Path) -> str:
    with Archive.open(home) as archive:
        return archive.catalog.all_ids()[0]


# -- the catalog -------------------------------------------------------------------------------

# The version 1 schema exactly as Broadsheet 0.1 shipped it, frozen here so that this fixture
# keeps describing an old archive however catalog.py changes.
_V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, source_path TEXT NOT NULL, size INTEGER NOT NULL, encoding TEXT,
    imported_at TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, removed TEXT NOT NULL DEFAULT '[]',
    extracted TEXT NOT NULL DEFAULT '{}', cleaner_version TEXT, metadata_version TEXT, outlet TEXT, day TEXT,
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_unindexed ON documents(indexed) WHERE indexed = 0;
CREATE TABLE sources (doc_id TEXT NOT NULL REFERENCES documents(id), path TEXT NOT NULL, imported_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, path));
CREATE TABLE edits (doc_id TEXT NOT NULL REFERENCES documents(id), field TEXT NOT NULL, value TEXT NOT NULL,
    edited_at TEXT NOT NULL, PRIMARY KEY (doc_id, field));
CREATE TABLE tags (doc_id TEXT NOT NULL REFERENCES documents(id), tag TEXT NOT NULL, PRIMARY KEY (doc_id, tag));
CREATE TABLE outlet_aliases (alias TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE outlet_boilerplate (outlet TEXT PRIMARY KEY, lines TEXT NOT NULL, pages INTEGER NOT NULL);
PRAGMA user_version = 1;
"""
_OLD_PAGE = b"Harbour budget approved\n\n" + BODY.encode() * 2 + b"The mayor praised the vote.\n"


def _version1_archive(home: Path) -> str:
    """An archive as version 1 left it: one page, a user's corrections and a tag, an old index."""
    import hashlib

    doc_id = hashlib.sha256(_OLD_PAGE).hexdigest()
    (home / "originals" / doc_id[:2]).mkdir(parents=True)
    (home / "originals" / doc_id[:2] / doc_id).write_bytes(_OLD_PAGE)
    db = sqlite3.connect(home / "catalog.sqlite")
    db.executescript(_V1_SCHEMA)
    extracted = json.dumps({"title": ["Harbour budget approved", "cleaner", 1.0]})
    db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
               (doc_id, "text", "/old/crawl/harbour.txt", len(_OLD_PAGE), "utf-8", "2024-01-01T00:00:00+00:00",
                "Harbour budget approved", BODY * 2, "[]", extracted, "0.9", "0.0", "Harbour Gazette", "2021-03-04"))
    db.execute("INSERT INTO sources VALUES (?,?,?)", (doc_id, "/old/crawl/harbour.txt", "2024-01-01T00:00:00+00:00"))
    db.executemany("INSERT INTO edits VALUES (?,?,?,?)", [(doc_id, "outlet", "Harbour Gazette", "2024-01-02"),
                                                          (doc_id, "date", "2021-03-04", "2024-01-02")])
    db.execute("INSERT INTO tags VALUES (?,?)", (doc_id, "sea defence"))
    db.execute("INSERT INTO meta VALUES ('engine', 'whoosh')")
    db.commit()
    db.close()
    (home / "index" / "whoosh").mkdir(parents=True)
    (home / "index" / "whoosh" / "BROADSHEET_INDEX.json").write_text(json.dumps({"engine": "whoosh", "schema": 0}))
    return doc_id


def test_a_version_1_catalog_is_migrated_and_its_index_rebuilt_keeping_edits(tmp_path):
    home = tmp_path / "old"
    doc_id = _version1_archive(home)
    code, report = check_json(home)
    assert code == 1 and report["problems"] == [
        "index: the index was made by another version of Broadsheet (check --repair rebuilds it)"]
    with sqlite3.connect(home / "catalog.sqlite") as db:  # opening migrated the catalog
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    code, out, err = cli("search", "--home", str(home), "harbour", "--outlet", "Harbour Gazette", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [h["id"] for h in found["hits"]] == [doc_id] and found["hits"][0]["date"] == "2021-03-04"
    with Archive.open(home) as archive:
        doc = archive.get(doc_id)
        assert (doc.outlet, doc.value("date"), doc.tags) == ("Harbour Gazette", "2021-03-04", ("sea defence",))
        assert doc.metadata["outlet"].source == "user"
        assert archive.original(doc_id) == _OLD_PAGE
    assert check_json(home)[0] == 0


def test_an_empty_version_0_catalog_is_brought_to_the_current_schema(tmp_path):
    """Version 0: a database file with no schema yet (a crash while the very first open created it)."""
    path = tmp_path / "catalog.sqlite"
    sqlite3.connect(path).close()
    catalog = Catalog(path)
    try:
        assert catalog.count() == 0
    finally:
        catalog.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_failing_migration_leaves_the_old_catalog_untouched(tmp_path, monkeypatch):
    home = tmp_path / "old"
    _version1_archive(home)
    broken = dict(catalog_module._MIGRATIONS)
    broken[2] = "CREATE TABLE fine (x); THIS IS NOT SQL"
    monkeypatch.setattr(catalog_module, "_MIGRATIONS", broken)
    monkeypatch.setattr(catalog_module, "SCHEMA_VERSION", 2)
    with pytest.raises(CatalogError):
        Catalog(home / "catalog.sqlite")
    with sqlite3.connect(home / "catalog.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == 2
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name='fine'").fetchone()


def test_a_catalog_from_a_newer_broadsheet_is_refused_with_a_reason(home):
    with sqlite3.connect(home / "catalog.sqlite") as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    code, out, err = cli("search", "--home", str(home), "harbour")
    assert code == 1 and "written by a newer Broadsheet" in err and "Traceback" not in err
    with pytest.raises(ArchiveError, match="newer Broadsheet"):
        Archive.open(home)


def test_a_catalog_that_is_not_a_database_is_reported_not_overwritten(home):
    garbage = b"this is not an SQLite database\n" * 100
    (home / "catalog.sqlite").write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        Path(str(home / "catalog.sqlite") + suffix).unlink(missing_ok=True)
    code, out, err = cli("check", "--home", str(home))
    assert code == 1 and "cannot be read" in err and "Traceback" not in err
    assert (home / "catalog.sqlite").read_bytes() == garbage  # the evidence is kept for recovery


def _overwrite_root_page(catalog_file: Path, table: str) -> None:
    with sqlite3.connect(catalog_file) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    with open(catalog_file, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))


def test_a_catalog_with_a_damaged_documents_table_is_rebuilt_keeping_the_users_edits(home, pages):
    _overwrite_root_page(home / "catalog.sqlite", "documents")
    code, out, err = cli("search", "--home", str(home), "harbour")
    assert code == 1 and "damaged" in err and "check --repair" in err and "Traceback" not in err
    assert check_json(home)[0] == 1
    code, repaired = check_json(home, "--repair")
    assert code == 0, repaired
    assert repaired["repaired"][0].startswith("set the damaged catalog aside as catalog.damaged-")
    assert "3 described again from their originals; salvaged 2 correction(s), 1 tag(s)" in repaired["repaired"][0]
    assert list(home.glob("catalog.damaged-*.sqlite"))  # kept, for a specialist or a later salvage
    assert check_json(home) == (0, {"healthy": True, "documents": 3, "problems": [], "notes": [], "repaired": []})
    assert _edited(home) == KEPT
    with Archive.open(home) as archive:  # where each page came from, salvaged from the sources table
        assert {Path(d.source_path).parent for d in archive.get_many(archive.catalog.all_ids())} == {pages}


def test_a_catalog_overwritten_with_garbage_is_rebuilt_from_the_originals(home, pages):
    (home / "catalog.sqlite").write_bytes(os.urandom(64 * 1024))
    code, out, err = cli("check", "--home", str(home))
    assert code == 1 and "cannot be read" in err and "check --repair" in err
    code, repaired = check_json(home, "--repair")
    assert code == 0 and "3 described again from their originals; salvaged 0 correction(s)" in repaired["repaired"][0]
    with Archive.open(home) as archive:
        archive.ensure_index()
        assert archive.search(SearchRequest("harbour")).total == 3
    assert check_json(home)[0] == 0


# -- originals ---------------------------------------------------------------------------------


def _original(home: Path) -> Path:
    return next(p for p in (home / "originals").rglob("*") if p.is_file() and not p.name.startswith("."))


def test_an_altered_original_is_reported_with_the_file_to_import_again(home, pages):
    victim = _original(home)
    victim.chmod(0o644)
    victim.write_bytes(b"tampered")
    code, report = check_json(home)
    assert code == 1
    [problem] = report["problems"]
    assert "altered (its hash no longer matches)" in problem and str(pages) in problem
    code, repaired = check_json(home, "--repair")
    assert code == 1  # only the user can bring the true bytes back: by importing the page again
    assert "set 1 altered original(s) aside" in repaired["repaired"][0]
    assert list((home / "originals").rglob(".altered-*"))  # the evidence is kept
    code, _, err = cli("import", "--home", str(home), str(pages), "--json")
    assert code == 0, err
    assert check_json(home) == (0, {"healthy": True, "documents": 3, "problems": [], "notes": [], "repaired": []})
    assert _edited(home) == KEPT


def test_a_lost_original_is_restored_by_importing_the_page_again(home, pages):
    victim = _original(home)
    victim.unlink()
    code, report = check_json(home)
    assert code == 1 and "missing" in report["problems"][0]
    code, out, err = cli("import", "--home", str(home), str(pages), "--json")
    assert code == 0, err
    assert check_json(home) == (0, {"healthy": True, "documents": 3, "problems": [], "notes": [], "repaired": []})
    assert _edited(home) == KEPT


def test_leftovers_of_an_interrupted_import_are_notes_and_repair_clears_them(home, pages):
    from indexer.store import content_id

    orphan = b"A page stored before the crash\n\n" + BODY.encode() * 2
    orphan_id = content_id(orphan)
    (home / "originals" / orphan_id[:2]).mkdir(exist_ok=True)
    (home / "originals" / orphan_id[:2] / orphan_id).write_bytes(orphan)
    (home / "originals" / orphan_id[:2] / ".incoming-abc123").write_bytes(b"half a pa")
    code, report = check_json(home)
    assert code == 0 and report["healthy"] and len(report["notes"]) == 2
    code, repaired = check_json(home, "--repair")
    assert code == 0 and repaired["repaired"] == ["removed 1 partly written file(s)",
                                                  "re-catalogued 1 page(s) from stored originals",
                                                  "indexed 1 page(s) that were waiting to be indexed"]
    with Archive.open(home) as archive:
        assert archive.search(SearchRequest('"stored before the crash"')).total == 1
    assert check_json(home) == (0, {"healthy": True, "documents": 4, "problems": [], "notes": [], "repaired": []})


def test_the_next_import_clears_partly_written_files_of_a_killed_one(home, pages):
    leftover = home / "originals" / "ab" / ".incoming-x1y2z3"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half a pa")
    assert check_json(home)[1]["notes"] == ["1 partly written file(s) left by an interrupted import"]
    assert cli("import", "--home", str(home), str(pages))[0] == 0
    assert not leftover.exists()
    assert check_json(home)[1]["notes"] == []


def test_an_empty_archive_killed_while_making_its_index_passes_check_and_heals(tmp_path):
    home = tmp_path / "new"
    Archive.open(home).close()
    (home / "index" / "whoosh" / "BROADSHEET_INDEX.json").unlink()  # killed before the stamp was written
    code, report = check_json(home)
    assert code == 0 and report["notes"] == ["index: the index has no version stamp; it is made again on first use"]
    assert check_json(home, "--repair")[1]["repaired"] == ["rebuilt the index from the catalog (0 documents)"]
    assert check_json(home) == (0, {"healthy": True, "documents": 0, "problems": [], "notes": [], "repaired": []})


def test_check_prints_what_is_wrong_for_people(home):
    shutil.rmtree(home / "index")
    code, out, _ = cli("check", "--home", str(home))
    assert code == 1 and "problems found" in out and "the index is missing" in out
    code, out, _ = cli("check", "--home", str(home), "--repair")
    assert code == 0 and "repaired: rebuilt the index from the catalog (3 documents)" in out


@pytest.mark.parametrize("damage", ["segments-overwritten", "index-deleted", "meta-garbled"])
def test_a_damaged_tantivy_index_is_detected_and_rebuilt_with_edits_kept(tmp_path, pages, damage):
    pytest.importorskip("tantivy")
    home = tmp_path / "archive"
    with Archive.open(home, engine="tantivy") as archive:
        archive.import_paths([pages])
        doc_id = archive.search(SearchRequest("engineers")).hits[0].id
        archive.set_fields(doc_id, outlet="Harbour Gazette", date="2021-03-04")
        archive.set_tags(doc_id, add=["sea defence"])
    index = home / "index" / "tantivy"
    if damage == "segments-overwritten":
        for segment in index.iterdir():
            if segment.suffix in (".term", ".idx", ".store", ".fast", ".pos"):
                segment.write_bytes(os.urandom(max(64, segment.stat().st_size)))
    elif damage == "index-deleted":
        shutil.rmtree(index)
    else:
        (index / "meta.json").write_text("{ not json")
    code, report = check_json(home)
    assert code == 1 and any(p.startswith("index:") for p in report["problems"]), report
    assert check_json(home, "--repair")[0] == 0
    assert check_json(home)[0] == 0
    assert _edited(home) == KEPT
