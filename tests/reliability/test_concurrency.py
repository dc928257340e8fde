"""Concurrency: two writers (two app windows, or a command-line import while the app runs) take
turns — one writes, the other waits or is told the archive is busy — and a reader never sees a
half-written state while a real import runs in another process.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.archive import Archive, ArchiveBusy
from indexer.model import SearchRequest
from tests.reliability import killing

ROOT = Path(__file__).resolve().parents[2]
PAGES = 40


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("batches")
    made = []
    for n in range(3):
        folder = base / f"batch{n}"
        killing.write_pages(folder, PAGES, seed=100 + n)
        made.append(folder)
    return made


def _start(home: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(killing.import_command(home, folder), cwd=ROOT, env=killing._env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_until_locked(home: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    from filelock import FileLock, Timeout

    lock = FileLock(str(home / "write.lock"))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if (home / "write.lock").exists():
            try:
                lock.acquire(timeout=0)
            except Timeout:
                return
            lock.release()
        time.sleep(0.005)
    raise AssertionError("the import never held the writer lock")


def test_two_imports_at_once_take_turns_and_both_complete(tmp_path, folders):
    home = tmp_path / "archive"
    first, second = _start(home, folders[0]), _start(home, folders[1])
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [err for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    assert sum(r["added"] for r in reports) == 2 * PAGES
    with Archive.open(home) as archive:
        assert archive.catalog.count() == 2 * PAGES and archive.engine.doc_count() == 2 * PAGES
    assert killing.check_cli(home)[0] == 0


def test_the_app_is_told_the_archive_is_busy_while_the_command_line_imports(tmp_path, folders):
    home = tmp_path / "archive"
    with Archive.open(home) as app:
        app.import_paths([folders[0]])
        doc_id = app.catalog.all_ids()[0]
        process = _start(home, folders[1])
        try:
            _wait_until_locked(home, process)
            with pytest.raises(ArchiveBusy, match="another Broadsheet window or command is writing"):
                app.set_fields(doc_id, outlet="Edited While Busy")
            with pytest.raises(ArchiveBusy):
                app.import_paths([folders[2]])
            # Waiting instead of failing: the edit lands once the import lets go.
            edited = app.set_fields(doc_id, outlet="Edited After Waiting", wait=120)
        finally:
            out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert edited.outlet == "Edited After Waiting"
        assert json.loads(out)["added"] == PAGES
        assert app.catalog.count() == 2 * PAGES


def test_the_command_line_waits_for_the_app_then_imports(tmp_path, folders):
    home = tmp_path / "archive"
    with Archive.open(home) as app:
        with app.writing():
            process = _start(home, folders[0])
            time.sleep(1.5)
            assert process.poll() is None  # still waiting for the lock, not failed
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert json.loads(out)["added"] == PAGES


def test_a_reader_never_sees_a_half_written_archive(tmp_path, folders):
    """While other processes import batch after batch, this one (the app) reads as fast as it can.

    Every page it can see must be whole: catalogued with its source and its original on disk,
    and every search hit must resolve to a catalogued page. Counts only grow.
    """
    home = tmp_path / "archive"
    with Archive.open(home) as reader:
        db = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
        processes = [_start(home, folder) for folder in folders[:3]]
        reads = 0
        last_total = 0
        problems: list[str] = []
        try:
            while any(p.poll() is None for p in processes) or reads < 5:
                without_source = db.execute(
                    "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.id)"
                ).fetchone()[0]
                if without_source:
                    problems.append(f"{without_source} page(s) catalogued without their source")
                ids = [r[0] for r in db.execute("SELECT id FROM documents")]
                missing = [i for i in ids if not reader.store.has(i)]
                if missing:
                    problems.append(f"{len(missing)} catalogued page(s) without an original")
                result = reader.search(SearchRequest("", limit=1000, snippets=False))
                if result.total < last_total:
                    problems.append(f"search total went down from {last_total} to {result.total}")
                last_total = result.total
                if len(result.hits) != min(result.total, 1000):
                    problems.append(f"{result.total} found but {len(result.hits)} could be shown")
                reads += 1
        finally:
            outputs = [p.communicate(timeout=300) for p in processes]
            db.close()
        assert [p.returncode for p in processes] == [0] * len(processes), [e for _, e in outputs]
        assert problems == []
        assert reader.search(SearchRequest("", limit=1)).total == 3 * PAGES
    assert reads > 5
    assert killing.check_cli(home)[0] == 0


def test_the_app_keeps_searching_while_another_process_rebuilds_the_index(tmp_path, folders):
    """`broadsheet reindex` swaps a fresh index folder in under a reader that has the old one open."""
    home = tmp_path / "archive"
    with Archive.open(home) as app:
        app.import_paths(folders[:2])
        expected = app.search(SearchRequest("ceasefire", limit=5)).total
        assert expected > 0
        for _ in range(2):
            process = subprocess.Popen([sys.executable, "-m", "indexer", "reindex", "--home", str(home)], cwd=ROOT,
                                       env=killing._env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            searches, wrong = 0, []
            while process.poll() is None or searches < 3:
                total = app.search(SearchRequest("ceasefire", limit=5)).total
                if total != expected:
                    wrong.append(total)
                searches += 1
            assert process.wait() == 0, process.stderr.read()
            assert wrong == [], f"{len(wrong)} of {searches} searches saw a partial index"
        assert app.search(SearchRequest("ceasefire", limit=5)).total == expected
