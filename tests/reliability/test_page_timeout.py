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
