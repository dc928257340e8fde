"""Kill `broadsheet import` hundreds of times at random moments and record whether anything was lost.

Each chain starts a fresh archive and imports the same folder of pages again and again, killing
the whole process group (CLI and worker pool) with SIGKILL after a random delay drawn from the
length of the import still to do (a re-run skips what is catalogued already); after every kill it checks the promises listed in
`tests/reliability/killing.py` (check passes at once, every catalogued page has its original with
the right hash, the index catches up on open). The last import of a chain runs to the end and
must leave every distinct page catalogued and indexed exactly once.

    .venv/bin/python benchmarks/kill_import.py [--trials 300] [--pages 400] [--chain 10]
        [--seed N] [--engine whoosh|tantivy] [--out kill.json]

Prints one line per trial and a summary; writes every trial to --out as JSON. Exit 1 if any
promise failed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability import killing  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=300, help="kills in all")
    parser.add_argument("--pages", type=int, default=400, help="distinct pages in the imported folder")
    parser.add_argument("--chain", type=int, default=10, help="kills into one archive before an import may finish")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write every trial here as JSON")
    parser.add_argument("--engine", default=None, help="search engine of the archives (default: the default)")
    args = parser.parse_args(argv)
    killing.ENGINE = args.engine
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="broadsheet-kill-"))
    started = time.monotonic()
    trials: list[dict] = []
    completions: list[dict] = []
    try:
        pages = work / "pages"
        distinct = killing.write_pages(pages, args.pages, seed=seed, duplicates=max(1, args.pages // 20))
        full = killing.time_full_import(work / "timing", pages)
        again = killing.time_full_import(work / "timing", pages)  # everything a duplicate: start-up and hashing
        print(f"seed {seed}; {args.pages} pages; a full import takes {full:.1f} s, a re-run of it {again:.1f} s",
              flush=True)
        chain = 0
        while len(trials) < args.trials:
            chain += 1
            if chain % 10 == 0:  # the machine's load changes: keep the delays matched to it
                shutil.rmtree(work / "timing", ignore_errors=True)
                full = killing.time_full_import(work / "timing", pages)
                again = killing.time_full_import(work / "timing", pages)
            home = work / f"archive{chain}"
            remaining = 1.0
            for _ in range(min(args.chain, args.trials - len(trials))):
                # Aim at the import still to do: a re-run skips what earlier runs catalogued.
                delay = rng.uniform(0.0, (again + (full - again) * remaining) * 1.05)
                trial = killing.kill_once(home, pages, delay)
                remaining = max(0.0, 1 - trial.catalogued_at_kill / distinct)
                record = {"chain": chain, **trial.as_json()}
                trials.append(record)
                print(f"{len(trials):4} chain {chain:3} kill at {delay:5.2f}s: catalogued {trial.catalogued_at_kill:4}, "
                      f"unindexed {trial.unindexed_at_kill:4}, orphans {trial.orphans_at_kill:3} — "
                      + ("held" if trial.held else "FAILED: " + "; ".join(trial.failures)), flush=True)
            failures = killing.complete_and_judge(home, pages, distinct)
            completions.append({"chain": chain, "failures": failures})
            print(f"     chain {chain:3} completed: " + ("held" if not failures else "FAILED: " + "; ".join(failures)),
                  flush=True)
            shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [t for t in trials if t["failures"]] + [c for c in completions if c["failures"]]
    phases = Counter(_phase(t) for t in trials)
    summary = {
        "seed": seed, "pages": args.pages, "engine": args.engine or "default", "trials": len(trials),
        "chains": len(completions),
        "failed": len(failed), "minutes": round((time.monotonic() - started) / 60, 1), "phases": dict(phases),
    }
    print(json.dumps(summary))
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "trials": trials, "completions": completions}, indent=1))
    return 1 if failed else 0


def _phase(trial: dict) -> str:
    """Where the kill landed, judged from what it left behind."""
    if trial["finished_before_kill"]:
        return "after the import ended"
    if trial["catalogued_at_kill"] == 0 and not trial["orphans_at_kill"]:
        return "before anything was catalogued"
    if trial["orphans_at_kill"]:
        return "between storing originals and cataloguing them"
    if trial["unindexed_at_kill"]:
        return "catalogued, index not yet committed"
    return "between batches (catalog and index agree)"


if __name__ == "__main__":
    sys.exit(main())
