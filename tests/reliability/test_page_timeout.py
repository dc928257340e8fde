"""A page that takes too long to clean, or kills its worker, costs the import that page's cleaning only.

The cleaner stands in for a pathological page: `slow_or_crashing` (a module-level function, so
worker processes started by a fork server or spawned find it by name) sleeps far past the time
limit on a page holding `SLOW_MARK`, and dies as the out-of-memory killer would kill it on a page
holding `CRASH_MARK`. The limit in these tests is about a second: if it were not enforced, the
sleeping page alone would take `SLEEP_S` and every timing assertion here would fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import importing
from indexer.archive import Archive
from indexer.checking import check
from indexer.model import SearchRequest
from indexer.page_pool import PagePool
from indexer.store import content_id
from tests.reliability import killing

SLOW_MARK = b"SLOW-PAGE-FOR-THE-TEST"
CRASH_MARK = b"CRASHING-PAGE-FOR-THE-TEST"
SLEEP_S = 60.0
LIMIT_S = 1.0
STARTED_FILE = "BROADSHEET_TEST_SLOW_STARTED"  # environment: a file the slow page creates when it starts

_run_job = importing.run_job


def slow_or_crashing(job: importing.Job):  # noqa: ANN201 - stands in for importing.run_job
    if SLOW_MARK in job.data:
        if os.environ.get(STARTED_FILE):
            Path(os.environ[STARTED_FILE]).touch()
        time.sleep(SLEEP_S)
    if CRASH_MARK in job.data:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    return _run_job(job)


SLOW_PAGE = (b"<html><head><title>Harbour budget, every line of it</title><script>var tracker = 1;</script>"
             b"</head><body><h1>Harbour budget</h1><p>The council published the harbour budget &amp; its "
             b"annexes on Tuesday.</p><!-- " + SLOW_MARK + b" --><p>Every line of the quay repairs is listed."
             b"</p></body></html>")


def _pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"page{n:03}.txt"
        path.write_text(f"Ferry report {n}\n\nThe ferry number {n} reached the harbour of Zanzibar late, "
                        "the port authority said in a short statement.\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def slow_cleaner(monkeypatch):
    monkeypatch.setattr(importing, "run_job", slow_or_crashing)


def test_a_page_over_the_time_limit_is_kept_as_plain_text_and_the_import_goes_on(slow_cleaner, monkeypatch,
                                                                                 tmp_path):
    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)  # every page through the worker pool
    folder = tmp_path / "drop"
    _pages(folder, 12)
    slow = folder / "budget.html"
    slow.write_bytes(SLOW_PAGE)
    with Archive.open(tmp_path / "archive") as archive:
        started = time.monotonic()
        report = archive.import_paths([folder], workers=2, page_timeout=LIMIT_S)
        took = time.monotonic() - started
        assert took < SLEEP_S / 3, f"the import waited {took:.0f} s for the slow page: the limit was not enforced"
        assert report.added == 13 and report.failed == [] and not report.cancelled
        assert report.plain_text == [(str(slow), "cleaning took longer than 1 s; kept as plain text, without metadata")]
        doc_id = content_id(SLOW_PAGE)
        assert archive.store.get(doc_id) == SLOW_PAGE  # the original, byte for byte, as always
        (doc,) = archive.get_many([doc_id])
        assert doc.title == "Harbour budget, every line of it"
        assert "harbour budget & its annexes" in doc.body and "quay repairs" in doc.body
        assert "tracker" not in doc.body and "SLOW-PAGE" not in doc.body  # no script, no comment
        assert archive.search(SearchRequest("annexes")).total == 1
        assert archive.search(SearchRequest("zanzibar")).total == 12
        assert check(archive).healthy


def test_a_large_page_in_a_small_import_is_cleaned_apart_under_the_time_limit(slow_cleaner, monkeypatch, tmp_path):
    """A small import cleans its pages in its own process, except a page too large to trust there."""
    monkeypatch.setattr(importing, "INLINE_MAX_BYTES", 1000)
    folder = tmp_path / "drop"
    _pages(folder, 2)
    big = folder / "big.html"
    big.write_bytes(SLOW_PAGE.replace(b"</body>", b"<p>" + b"Quay works went on all winter. " * 60 + b"</p></body>"))
    with Archive.open(tmp_path / "archive") as archive:
        started = time.monotonic()
        report = archive.import_paths([folder], workers=1, page_timeout=LIMIT_S)
        assert time.monotonic() - started < SLEEP_S / 3
        assert report.added == 3 and [path for path, _ in report.plain_text] == [str(big)]
        assert archive.search(SearchRequest("winter")).total == 1


def test_the_command_line_takes_the_limit_and_lists_the_page_kept_as_plain_text(slow_cleaner, monkeypatch, tmp_path,
                                                                             capsys):
    from indexer.cli import main

    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)
    folder = tmp_path / "drop"
    _pages(folder, 3)
    (folder / "budget.html").write_bytes(SLOW_PAGE)
    started = time.monotonic()
    assert main(["import", "--home", str(tmp_path / "archive"), str(folder), "--page-timeout", "1.5"]) == 0
    assert time.monotonic() - started < SLEEP_S / 3
    out = capsys.readouterr().out
    assert out.startswith("Read 4 pages from 4 files: added 4 (1 as plain text); 0 already in the archive;")
    assert (f"Kept as plain text:\n  {folder / 'budget.html'}: cleaning took longer than 1.5 s; kept as plain text,"
            " without metadata\n") in out
    with pytest.raises(SystemExit) as refused:
        main(["import", str(folder), "--page-timeout", "soon"])
    assert refused.value.code == 2
    assert "not a number of seconds" in capsys.readouterr().err


def test_a_worker_that_dies_costs_only_its_page_which_is_kept(slow_cleaner, monkeypatch, tmp_path):
    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)
    folder = tmp_path / "drop"
    _pages(folder, 20)
    crash = folder / "page005.txt"
    crash.write_bytes(b"Quay closed for repairs\n\nThe quay closes for the winter. " + CRASH_MARK + b"\n")
    with Archive.open(tmp_path / "archive") as archive:
        report = archive.import_paths([folder], workers=2, page_timeout=30)
        assert report.added == 20 and report.failed == []
        assert report.plain_text == [(str(crash), "the process cleaning it stopped unexpectedly (out of memory?);"
                                                  " kept as plain text, without metadata")]
        (doc,) = archive.get_many([content_id(crash.read_bytes())])
        assert doc.title == "Quay closed for repairs" and "closes for the winter" in doc.body
        assert archive.search(SearchRequest("zanzibar")).total == 19
        assert check(archive).healthy


def test_a_page_that_runs_out_of_memory_is_kept_as_plain_text(monkeypatch, tmp_path):
    describe = importing.describe_page

    def short_of_memory(page, *args, **kwargs):  # noqa: ANN001, ANN202
        if "CRASHING-PAGE" in page.text:
            raise MemoryError
        return describe(page, *args, **kwargs)

    monkeypatch.setattr(importing, "describe_page", short_of_memory)  # in this process: a small import
    folder = tmp_path / "drop"
    _pages(folder, 2)
    heavy = folder / "heavy.txt"
    heavy.write_bytes(b"Quay closed for repairs\n\nThe quay closes for the winter. " + CRASH_MARK + b"\n")
    with Archive.open(tmp_path / "archive") as archive:
        report = archive.import_paths([folder], workers=1)
        assert report.added == 3 and report.failed == []
        assert report.plain_text == [(str(heavy), "cleaning it ran out of memory; kept as plain text, without metadata")]
        assert archive.search(SearchRequest("winter")).total == 1


def test_the_plain_text_is_made_in_pieces_the_same_as_in_one(monkeypatch):
    """The fallback works on a megabyte at a time (a substitution over 30 MB of words would need
    ten times that in memory); cut at tags and runs of spaces, the pieces join seamlessly."""
    page = (b"<html><head><title>Quay</title><style>p { color: red }</style></head><body>"
            + b"".join(b"<p>Paragraph %d:  the quay &amp; its <b>walls</b>\n were repaired.</p>\n<div> </div>" % n
                       for n in range(300)) + b"</body></html>")
    text = b"Quay report\n\n" + b"".join(b"Line %d of the  report\non the quay.\n\n" % n for n in range(300))
    whole = [importing.plain_document(data, name, "0" * 64) for data, name in ((page, "a.html"), (text, "a.txt"))]
    monkeypatch.setattr(importing, "_PIECE", 97)
    pieces = [importing.plain_document(data, name, "0" * 64) for data, name in ((page, "a.html"), (text, "a.txt"))]
    assert pieces == whole
    assert whole[0].body.split("\n\n")[:2] == ["Paragraph 0: the quay & its walls were repaired.",
                                                 "Paragraph 1: the quay & its walls were repaired."]
    assert whole[1].title == "Quay report" and whole[1].body.startswith("Line 0 of the report on the quay.\n\nLine 1")


def test_the_pool_kills_an_overrunning_worker_and_cleans_the_next_page_in_a_fresh_one():
    pool = PagePool(1, importing.Learned(), LIMIT_S, work=slow_or_crashing)
    try:
        slow = pool.submit(importing.Job("a" * 64, "slow.html", SLOW_PAGE, None))
        after = pool.submit(importing.Job("b" * 64, "after.txt", b"After\n\nThe next page, cleaned at once.\n", None))
        started = time.monotonic()
        overran = slow.result(timeout=SLEEP_S / 3)
        assert overran == importing.Unfinished("slow.html", "a" * 64, "cleaning took longer than 1 s")
        assert after.result(timeout=SLEEP_S / 3).body == "The next page, cleaned at once."
        assert time.monotonic() - started < SLEEP_S / 3
        assert pool.replaced == 1
    finally:
        pool.shutdown()


def echo(job: importing.Job) -> bytes:  # noqa: D103 - a worker's answer as large as its page
    return job.data


def test_large_pages_and_large_answers_cross_the_pipes_both_ways_at_once():
    """A worker has its next page in its pipe while it writes its answer: neither side may wait on the other."""
    pool = PagePool(2, importing.Learned(), 30, work=echo)
    try:
        pages = [bytes([65 + n]) * (8 * 1024 * 1024) for n in range(6)]
        futures = [pool.submit(importing.Job(f"{n}" * 64, f"{n}.txt", page, None)) for n, page in enumerate(pages)]
        assert [future.result(timeout=60) for future in futures] == pages
        assert pool.replaced == 0
    finally:
        pool.shutdown()


_CHILD = """
import sys
from pathlib import Path
from indexer import importing
from tests.reliability import test_page_timeout as hooks
importing.run_job = hooks.slow_or_crashing
importing.POOL_THRESHOLD = 1
from indexer.archive import Archive
with Archive.open(Path(sys.argv[1])) as archive:
    archive.import_paths([Path(sys.argv[2])], workers=2, page_timeout=60)
"""


def test_killing_an_import_while_a_page_overruns_loses_nothing_and_a_rerun_completes(tmp_path):
    """SIGKILL to the whole import (its process, fork server and workers) while the slow page is
    in its worker: the promises of `killing.py` hold, and a normal import afterwards completes."""
    folder = tmp_path / "drop"
    _pages(folder, 150)
    (folder / "budget.html").write_bytes(SLOW_PAGE)
    home = tmp_path / "archive"
    started_file = tmp_path / "slow-started"
    env = killing._env() | {STARTED_FILE: str(started_file)}
    process = subprocess.Popen([sys.executable, "-c", _CHILD, str(home), str(folder)], cwd=killing.ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not started_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started_file.exists(), "the slow page never started"
        time.sleep(0.5)  # pages after it go on meanwhile
    finally:
        killing.kill_group(process)
    trial = killing.Trial(delay=0)
    killing._judge_after_kill(home, trial)
    assert trial.failures == []
    assert killing.complete_and_judge(home, folder, 151) == []


# -- re-cleaning: the same pool and the same limit; a page that overruns keeps its last cleaning --


def _import_then_slow_down(monkeypatch, archive: Archive, folder: Path) -> None:
    """Import with the real cleaner (every page gets a good cleaning), then stand in the slow one."""
    report = archive.import_paths([folder], workers=1)
    assert report.plain_text == [] and report.failed == []
    monkeypatch.setattr(importing, "run_job", slow_or_crashing)


def _cleaning(archive: Archive, doc_id: str) -> tuple:
    """A page's cleaning as the catalog holds it (what re-cleaning replaces)."""
    return archive.catalog._db.execute("SELECT title, body, removed, extracted, metadata_version, cleaner_version"
                                       " FROM documents WHERE id = ?", (doc_id,)).fetchone()


def test_recleaning_leaves_a_page_over_the_time_limit_as_it_was_and_goes_on(monkeypatch, tmp_path):
    folder = tmp_path / "drop"
    _pages(folder, 12)
    slow = folder / "budget.html"
    slow.write_bytes(SLOW_PAGE)
    crash = folder / "quay.txt"
    crash.write_bytes(b"Quay closed for repairs\n\nThe quay closes for the winter. " + CRASH_MARK + b"\n")
    with Archive.open(tmp_path / "archive") as archive:
        _import_then_slow_down(monkeypatch, archive, folder)
        doc_id = content_id(SLOW_PAGE)
        archive.set_fields(doc_id, outlet="Harbour Herald")
        (before,) = archive.get_many([doc_id])
        cleaned_before = _cleaning(archive, doc_id)
        assert cleaned_before[-1] != importing.PLAIN_TEXT and "the harbour budget" in before.body
        monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)  # every page through the worker pool
        progress: list[tuple[int, int]] = []
        started = time.monotonic()
        report = archive.reclean(progress=lambda done, total: progress.append((done, total)), workers=2,
                                 page_timeout=LIMIT_S)
        took = time.monotonic() - started
        assert took < SLEEP_S / 3, f"re-cleaning waited {took:.0f} s for the slow page: the limit was not enforced"
        assert sorted(report.kept) == [(str(slow), "cleaning took longer than 1 s"),
                                       (str(crash), "the process cleaning it stopped unexpectedly (out of memory?)")]
        assert (report.pages, report.cleaned, report.total, report.cancelled) == (14, 12, 14, False)
        assert progress[-1] == (14, 14)
        assert report.summary() == "Cleaned 12 documents again; 2 left as they were."
        # Its good cleaning stays (never replaced by a plain-text fallback), and so does the user's edit.
        assert archive.get_many([doc_id]) == [before] and before.outlet == "Harbour Herald"
        assert _cleaning(archive, doc_id) == cleaned_before
        assert archive.search(SearchRequest("annexes")).total == 1
        assert archive.search(SearchRequest("zanzibar")).total == 12
        assert archive.store.get(doc_id) == SLOW_PAGE
        assert check(archive).healthy


def test_a_small_reclean_cleans_here_but_sends_a_large_page_to_a_worker_under_the_limit(monkeypatch, tmp_path):
    """Below POOL_THRESHOLD pages re-cleaning starts no worker for small pages (cheap), but a page
    too large to trust in this process is cleaned apart, under the limit, as in a small import."""
    monkeypatch.setattr(importing, "INLINE_MAX_BYTES", 1000)
    folder = tmp_path / "drop"
    _pages(folder, 3)
    big = folder / "big.html"
    big_page = SLOW_PAGE.replace(b"</body>", b"<p>" + b"Quay works went on all winter. " * 60 + b"</p></body>")
    big.write_bytes(big_page)
    sent: list[str] = []
    submit = PagePool.submit
    monkeypatch.setattr(PagePool, "submit", lambda pool, job: (sent.append(job.path), submit(pool, job))[1])
    with Archive.open(tmp_path / "archive") as archive:
        _import_then_slow_down(monkeypatch, archive, folder)
        (before,) = archive.get_many([content_id(big_page)])
        sent.clear()
        started = time.monotonic()
        report = archive.reclean(workers=2, page_timeout=LIMIT_S)
        assert time.monotonic() - started < SLEEP_S / 3
        assert sent == [str(big)]  # the small pages never went to a worker
        assert report.kept == [(str(big), "cleaning took longer than 1 s")] and report.cleaned == 3
        (after,) = archive.get_many([content_id(big_page)])
        assert (after.title, after.body) == (before.title, before.body)
        assert archive.search(SearchRequest("winter")).total == 1


def test_a_small_reclean_of_small_pages_starts_no_worker(monkeypatch, tmp_path):
    folder = tmp_path / "drop"
    _pages(folder, 5)
    monkeypatch.setattr(PagePool, "_start_workers", lambda *args: pytest.fail("a worker was started"))
    with Archive.open(tmp_path / "archive") as archive:
        archive.import_paths([folder])
        report = archive.reclean()
        assert (report.pages, report.kept) == (5, [])


def test_cancelling_a_pooled_reclean_keeps_the_batches_written(monkeypatch, tmp_path):
    import indexer.archive

    folder = tmp_path / "drop"
    _pages(folder, 12)
    monkeypatch.setattr(indexer.archive, "BATCH", 4)
    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)
    with Archive.open(tmp_path / "archive") as archive:
        archive.import_paths([folder], workers=1)
        done: list[int] = []
        report = archive.reclean(progress=lambda d, t: done.append(d), cancelled=lambda: bool(done), workers=2)
        assert report.cancelled and report.pages in (4, 8) and report.kept == []
        assert done[0] == 4 and report.total == 12
        assert check(archive).healthy


def test_the_command_line_reclean_takes_the_limit_and_lists_the_page_left_as_it_was(monkeypatch, tmp_path, capsys):
    from indexer.cli import main

    folder = tmp_path / "drop"
    _pages(folder, 3)
    (folder / "budget.html").write_bytes(SLOW_PAGE)
    home = tmp_path / "archive"
    assert main(["import", "--home", str(home), str(folder)]) == 0
    monkeypatch.setattr(importing, "run_job", slow_or_crashing)
    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)
    capsys.readouterr()
    started = time.monotonic()
    assert main(["reclean", "--home", str(home), "--page-timeout", "1.5"]) == 0
    assert time.monotonic() - started < SLEEP_S / 3
    out = capsys.readouterr().out
    assert out.startswith("Cleaned 3 documents again; 1 left as it was.\n")
    assert (f"Left as they were (their previous cleaning kept):\n  {folder / 'budget.html'}: cleaning took longer"
            " than 1.5 s\n") in out


# -- check --repair describes stored originals again: the same pool and limit, as plain text when over it --


def test_repairing_uncatalogued_originals_keeps_a_page_over_the_limit_as_plain_text(monkeypatch, tmp_path):
    folder = tmp_path / "drop"
    paths = _pages(folder, 3)
    monkeypatch.setattr(importing, "run_job", slow_or_crashing)
    monkeypatch.setattr(importing, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(importing, "DEFAULT_PAGE_TIMEOUT_S", LIMIT_S)
    with Archive.open(tmp_path / "archive") as archive:
        for page in [SLOW_PAGE] + [path.read_bytes() for path in paths]:  # stored, never catalogued
            archive.store.put(page)
        started = time.monotonic()
        report = check(archive, repair=True)
        assert time.monotonic() - started < SLEEP_S / 3
        assert ("re-catalogued 4 page(s) from stored originals (1 of them as plain text: their cleaning did not"
                " finish in time)") in report.repaired
        (doc,) = archive.get_many([content_id(SLOW_PAGE)])
        assert doc.title == "Harbour budget, every line of it" and "quay repairs" in doc.body
        assert archive.search(SearchRequest("zanzibar")).total == 3
        assert check(archive).healthy


def test_rebuilding_a_damaged_catalog_keeps_a_page_over_the_limit_as_plain_text(monkeypatch, tmp_path):
    from indexer.checking import rebuild_catalog

    folder = tmp_path / "drop"
    _pages(folder, 3)
    (folder / "budget.html").write_bytes(SLOW_PAGE)
    home = tmp_path / "archive"
    with Archive.open(home) as archive:
        archive.import_paths([folder])
    (home / "catalog.sqlite").write_bytes(b"this is not an SQLite database\n" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(home / "catalog.sqlite") + suffix).unlink(missing_ok=True)
    monkeypatch.setattr(importing, "run_job", slow_or_crashing)
    monkeypatch.setattr(importing, "DEFAULT_PAGE_TIMEOUT_S", LIMIT_S)
    monkeypatch.setattr(importing, "INLINE_MAX_BYTES", 100)  # a small repair: the slow page goes to a worker
    started = time.monotonic()
    (done,) = rebuild_catalog(home)
    assert time.monotonic() - started < SLEEP_S / 3
    assert "4 described again from their originals (1 of them as plain text" in done
    with Archive.open(home) as archive:
        assert archive.get_many([content_id(SLOW_PAGE)])[0].title == "Harbour budget, every line of it"
        assert archive.catalog.count() == 4
