"""Interrupted imports: SIGKILL a real `broadsheet import` at random moments, lose nothing.

A few kills run here so every test run exercises the path; `benchmarks/kill_import.py` runs
hundreds (see docs/RELIABILITY.md). The promises are spelled out in `killing.py`.
"""

from __future__ import annotations

import random

import pytest

from indexer.archive import Archive
from tests.reliability import killing

PAGES = 120
WARC_PAGES = 400


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    killing.write_pages(folder, PAGES, seed=5, duplicates=8)
    return folder


def test_killed_imports_lose_nothing_and_a_rerun_completes(pages, tmp_path):
    home = tmp_path / "archive"
    rng = random.Random()
    # Delays span the import: before the archive exists, mid-batch, around the final commit.
    delays = [rng.uniform(0.3, 1.5), rng.uniform(1.5, 3.0), rng.uniform(2.5, 5.0)]
    trials = [killing.kill_once(home, pages, delay) for delay in delays]
    failures = [(t.delay, t.failures) for t in trials if t.failures]
    assert not failures, [t.as_json() for t in trials]
    assert killing.complete_and_judge(home, pages, PAGES) == []


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crawl")
    killing.write_warc(folder / "crawl.warc.gz", WARC_PAGES, seed=6, duplicates=8)
    return folder


def test_killed_warc_imports_lose_nothing_and_a_rerun_completes(crawl, tmp_path):
    """A WARC's records go the way page files go (stored, catalogued, indexed in batches), so a
    kill part way through one file of many pages keeps the same promises."""
    home = tmp_path / "archive"
    rng = random.Random()
    # The import takes a few seconds: the first kill lands while records are read and stored,
    # the second (usually) in the re-run, among records already imported and new ones.
    trials = [killing.kill_once(home, crawl, delay) for delay in (rng.uniform(0.8, 2.5), rng.uniform(1.0, 3.0))]
    failures = [(t.delay, t.failures) for t in trials if t.failures]
    assert not failures, [t.as_json() for t in trials]
    assert killing.complete_and_judge(home, crawl, WARC_PAGES) == []


def test_a_killed_writer_leaves_no_lock_behind(pages, tmp_path):
    """write.lock is an OS lock: the kernel releases it when its process dies, whatever the file."""
    home = tmp_path / "archive"
    process = killing.start_import(home, pages)
    try:
        assert _lock_taken_by_someone_else(home), "the import never took the writer lock"
    finally:
        killing.kill_group(process)
    assert (home / "write.lock").exists()  # the lock file stays behind: it must not matter
    with Archive.open(home) as archive, archive.writing(wait=0):
        pass  # no ArchiveBusy: the dead process's lock went with it


def _lock_taken_by_someone_else(home, timeout: float = 30.0) -> bool:
    import time

    from filelock import FileLock, Timeout

    deadline = time.monotonic() + timeout
    lock = FileLock(str(home / "write.lock"))
    while time.monotonic() < deadline:
        if (home / "write.lock").exists():
            try:
                lock.acquire(timeout=0)
            except Timeout:
                return True
            lock.release()
        time.sleep(0.01)
    return False


def test_a_killed_catalog_repair_loses_no_edits_and_can_be_run_again(pages, tmp_path):
    """`check --repair` rebuilding a damaged catalog is itself killed part way; run again, it
    still finishes with every page and the user's corrections."""
    import os
    import sqlite3
    import subprocess
    import sys

    from indexer.model import SearchRequest

    home = tmp_path / "archive"
    killing.run_import(home, pages)
    with Archive.open(home) as archive:
        doc_id = archive.catalog.all_ids()[5]
        archive.set_fields(doc_id, outlet="Kept Through Repair", date="2001-02-03")
        archive.set_tags(doc_id, add=["survivor"])
    with sqlite3.connect(home / "catalog.sqlite") as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name='documents'").fetchone()[0]
    with open(home / "catalog.sqlite", "r+b") as handle:  # every page must be described again
        handle.seek((root - 1) * page_size)
        handle.write(os.urandom(page_size))
    repair = [sys.executable, "-m", "indexer", "check", "--repair", "--home", str(home)]
    process = subprocess.Popen(repair, cwd=killing.ROOT, env=killing._env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=random.uniform(1.0, 4.0))
    except subprocess.TimeoutExpired:
        pass
    killing.kill_group(process)
    done = subprocess.run(repair, cwd=killing.ROOT, env=killing._env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert killing.check_cli(home)[0] == 0
    with Archive.open(home) as archive:
        archive.ensure_index()
        assert archive.catalog.count() == PAGES
        doc = archive.get(doc_id)
        assert (doc.outlet, doc.value("date"), doc.tags) == ("Kept Through Repair", "2001-02-03", ("survivor",))
        assert archive.search(SearchRequest("tag:survivor")).total == 1


def test_a_killed_reindex_leaves_an_archive_that_opens_and_catches_up(pages, tmp_path):
    import subprocess
    import sys

    from indexer.model import SearchRequest

    home = tmp_path / "archive"
    killing.run_import(home, pages)
    reindex = [sys.executable, "-m", "indexer", "reindex", "--home", str(home)]
    process = subprocess.Popen(reindex, cwd=killing.ROOT, env=killing._env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=random.uniform(0.5, 3.0))
    except subprocess.TimeoutExpired:
        pass
    killing.kill_group(process)
    with Archive.open(home) as archive:
        archive.ensure_index()  # what the app and every command but check do on open
        assert archive.search(SearchRequest("", limit=1)).total == PAGES
        assert all(archive.store.verify(i) for i in archive.catalog.all_ids())
    assert killing.check_cli(home)[0] == 0
