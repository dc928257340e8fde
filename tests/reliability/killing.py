"""Kill a real `broadsheet import` at a random moment, then judge what it left behind.

Shared by the fast in-suite test (`test_interrupted.py`) and the long recorded run
(`benchmarks/kill_import.py`). The import runs as its own process group (the CLI plus its
worker pool), and the whole group gets SIGKILL: the closest a test gets to a crash or a power
switch, short of losing the disk cache. Each trial then checks the promises of issue 5:

1. right after the kill, the archive opens and `broadsheet check` passes (exit 0);
2. every page the catalog holds has its original, with the right hash (a page the catalog
   reports imported is never lost);
3. opening the archive as the app does (`ensure_index`) makes every catalogued page searchable;
4. running the same import again completes it: every distinct page catalogued once, indexed
   once, `check` healthy with nothing left to note.

A chain kills several imports into one archive (each re-run is itself killed at a random
moment) before letting one finish, so kills land in fresh imports and in re-runs alike.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_WORDS = (
    "minister talks moscow ceasefire idlib province agreed sides thursday evening president "
    "government council spokesman refugees border convoy observers humanitarian corridor statement "
    "negotiations delegation summit offensive troops civilians shelling aid agencies winter"
).split()


def write_pages(folder: Path, count: int, *, seed: int = 0, duplicates: int = 0) -> int:
    """`count` distinct news-like pages (text and HTML, in subfolders) plus byte-identical copies
    of `duplicates` of them; returns the number of distinct pages."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n in range(count):
        paragraphs = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(25, 60))).capitalize() + "." for _ in range(rng.randint(3, 8))
        ]
        title = f"Report {n} on the {rng.choice(_WORDS)} {rng.choice(_WORDS)}"
        sub = folder / f"outlet{n % 7}"
        sub.mkdir(exist_ok=True)
        if n % 3 == 0:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            path = sub / f"page{n:05}.html"
            path.write_text(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>")
        else:
            path = sub / f"page{n:05}.txt"
            path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
        written.append(path)
    copies = folder / "copies"
    copies.mkdir(exist_ok=True)
    for n, original in enumerate(rng.sample(written, duplicates)):
        (copies / f"copy{n:04}{original.suffix}").write_bytes(original.read_bytes())
    return count


def write_warc(path: Path, count: int, *, seed: int = 0, duplicates: int = 0) -> int:
    """The pages of `write_pages` as a crawler's gzipped WARC (a request and a 200 response per
    page, the copies under other URLs); returns the number of distinct pages."""
    import io
    import tempfile

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with tempfile.TemporaryDirectory() as scratch:
        distinct = write_pages(Path(scratch), count, seed=seed, duplicates=duplicates)
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for page in sorted(Path(scratch).rglob("*.*")):
                url = "https://example.org/" + page.relative_to(scratch).as_posix()
                kind = "text/html" if page.suffix == ".html" else "text/plain"
                request = StatusAndHeaders(f"GET /{page.name} HTTP/1.1", [("Host", "example.org")],
                                           is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request))
                response = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()),
                                                              http_headers=response))
    return distinct


def import_command(home: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "indexer", "import", "--home", str(home), str(folder), "--json"]


def run_import(home: Path, folder: Path, timeout: float = 600) -> dict:
    done = subprocess.run(import_command(home, folder), cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=_env())
    if done.returncode not in (0, 1):
        raise AssertionError(f"import exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


ENGINE: str | None = None  # the search engine of new archives (None: the default)


def _env() -> dict:
    env = dict(os.environ)
    env.pop("BROADSHEET_HOME", None)
    if ENGINE:
        env["BROADSHEET_ENGINE"] = ENGINE
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_import(home: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(import_command(home, folder), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@dataclass
class Trial:
    """What one kill left behind, and whether every promise held."""

    delay: float
    finished_before_kill: bool = False
    catalogued_at_kill: int = 0
    unindexed_at_kill: int = 0
    orphans_at_kill: int = 0
    notes_at_kill: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return not self.failures

    def as_json(self) -> dict:
        return {"delay": round(self.delay, 3), "finished_before_kill": self.finished_before_kill,
                "catalogued_at_kill": self.catalogued_at_kill, "unindexed_at_kill": self.unindexed_at_kill,
                "orphans_at_kill": self.orphans_at_kill, "notes_at_kill": self.notes_at_kill,
                "failures": self.failures}


def kill_once(home: Path, folder: Path, delay: float) -> Trial:
    """Start the import (into whatever state the archive is in), SIGKILL it after `delay` seconds,
    and check the promises that must hold right after a crash."""
    trial = Trial(delay)
    process = start_import(home, folder)
    try:
        process.wait(timeout=delay)
        trial.finished_before_kill = True
    except subprocess.TimeoutExpired:
        pass
    kill_group(process)
    _judge_after_kill(home, trial)
    return trial


def check_cli(home: Path) -> tuple[int, dict]:
    """`broadsheet check --json`, through the command line's own entry point."""
    import contextlib
    import io

    from indexer.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--home", str(home), "--json"])
    try:
        return code, json.loads(out.getvalue())
    except ValueError:
        return code, {"problems": [f"no JSON from check: {out.getvalue()[-1000:]}"]}


def _judge_after_kill(home: Path, trial: Trial) -> None:
    from indexer.archive import Archive

    if not (home / "catalog.sqlite").exists():
        return  # killed before the archive existed: nothing was promised yet
    code, report = check_cli(home)
    trial.notes_at_kill = report.get("notes", [])
    if code != 0:
        trial.failures.append(f"check after the kill exited {code}: {report.get('problems')}")
    with Archive.open(home, engine=ENGINE) as archive:
        ids = archive.catalog.all_ids()
        trial.catalogued_at_kill = len(ids)
        trial.unindexed_at_kill = len(archive.catalog.unindexed_ids())
        trial.orphans_at_kill = len(set(archive.store.ids()) - set(ids))
        lost = [i for i in ids if not archive.store.verify(i)]
        if lost:
            trial.failures.append(f"{len(lost)} catalogued page(s) lost their original")
        try:
            archive.ensure_index()  # what the app and every other command do on open
            searchable = archive.engine.ids()
        except Exception as error:  # noqa: BLE001 - any exception here is the finding
            trial.failures.append(f"the index did not catch up on open: {type(error).__name__}: {error}")
            return
        if set(ids) - searchable:
            trial.failures.append(f"{len(set(ids) - searchable)} catalogued page(s) not searchable after open")


def complete_and_judge(home: Path, folder: Path, distinct: int) -> list[str]:
    """Run the same import to the end; every distinct page must then be there exactly once."""
    from indexer.archive import Archive

    failures: list[str] = []
    try:
        report = run_import(home, folder)
    except Exception as error:  # noqa: BLE001
        return [f"re-running the import failed: {error}"]
    if report["failed"]:
        failures.append(f"re-run reported failures: {report['failed'][:3]}")
    with Archive.open(home, engine=ENGINE) as archive:
        ids = archive.catalog.all_ids()
        if len(ids) != distinct:
            failures.append(f"after the re-run the catalog holds {len(ids)} pages, not {distinct}")
        searchable = archive.engine.ids()
        if searchable != set(ids) or archive.engine.doc_count() != len(ids):
            failures.append(f"after the re-run the index holds {archive.engine.doc_count()} entries for {len(ids)} pages")
    code, final = check_cli(home)
    if code != 0 or final.get("notes"):
        failures.append(f"check after the re-run exited {code}: {final.get('problems')} {final.get('notes')}")
    return failures


def time_full_import(home: Path, folder: Path) -> float:
    started = time.monotonic()
    run_import(home, folder)
    return time.monotonic() - started
