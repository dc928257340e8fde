"""A disk that fills up (or an archive folder that turns read-only) in the middle of an import:
the import stops with a reason instead of a traceback, keeps every page it had finished, and the
same import run again later completes it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import sqlite3

from indexer import import_run
from indexer.archive import Archive
from indexer.cli import main
from indexer.store import Store
from tests.reliability import killing


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _fail_on_call(monkeypatch, cls, name: str, call: int, error: Exception) -> None:
    real = getattr(cls, name)
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] >= call:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, failing)


def _assert_whole_and_completable(home, pages, distinct: int) -> None:
    code, report = killing.check_cli(home)
    assert code == 0, report
    with Archive.open(home) as archive:
        assert all(archive.store.verify(i) for i in archive.catalog.all_ids())


def test_a_full_disk_while_storing_originals_stops_the_import_with_a_reason(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    killing.write_pages(pages, 40, seed=9)
    home = tmp_path / "archive"
    monkeypatch.setattr(import_run, "BATCH", 8)
    with monkeypatch.context() as patch:
        _fail_on_call(patch, Store, "put_many", 3, OSError(errno.ENOSPC, "No space left on device"))
        code, out, err = _cli("import", "--home", str(home), str(pages), "--json")
    assert code == 1 and "Traceback" not in err
    assert "could not be written (No space left on device)" in err and "16 page(s) imported before that are kept" in err
    with Archive.open(home) as archive:
        assert archive.catalog.count() == 16
    _assert_whole_and_completable(home, pages, 40)
    code, out, _ = _cli("import", "--home", str(home), str(pages), "--json")
    assert code == 0 and json.loads(out)["added"] == 24
    assert killing.check_cli(home) == (0, {"healthy": True, "documents": 40, "problems": [], "notes": [], "repaired": []})


def test_a_full_disk_while_cataloguing_stops_the_import_with_a_reason(tmp_path, monkeypatch):
    from indexer.catalog import Catalog

    pages = tmp_path / "pages"
    killing.write_pages(pages, 40, seed=10)
    home = tmp_path / "archive"
    monkeypatch.setattr(import_run, "BATCH", 8)
    with monkeypatch.context() as patch:
        _fail_on_call(patch, Catalog, "add_documents", 2, sqlite3.OperationalError("database or disk is full"))
        code, out, err = _cli("import", "--home", str(home), str(pages), "--json")
    assert code == 1 and "Traceback" not in err and "database or disk is full" in err
    _assert_whole_and_completable(home, pages, 40)
    code, out, _ = _cli("import", "--home", str(home), str(pages), "--json")
    assert code == 0
    assert killing.check_cli(home) == (0, {"healthy": True, "documents": 40, "problems": [], "notes": [], "repaired": []})
