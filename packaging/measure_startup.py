"""Time the frozen app's start: from launching the executable to its first window, and to the end
of the smoke test (window open on a fresh archive, sample pages imported, a search shown).

    python packaging/measure_startup.py dist/Broadsheet/Broadsheet [--runs 3] [--json OUT]

Runs `<executable> --smoke-test` offscreen; packaging/entry.py prints the moment the first window
is shown when BROADSHEET_STARTUP_PROBE is set. The first run comes right after the build, with
the files freshly written; `--cold` empties the OS file cache first (root on Linux only; it
slows everything else on the machine for a while, so it is never the default). The later runs
are warm. Exits non-zero when any smoke test fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FIRST_WINDOW_MARK = "first-window-shown-at"  # as packaging/entry.py prints it


def drop_page_cache() -> bool:
    """Empty the OS file cache for a true cold start where allowed (root on bare Linux)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def run_once(executable: Path, timeout: float) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), BROADSHEET_STARTUP_PROBE="1")
    started = time.time()
    result = subprocess.run([str(executable), "--smoke-test"], capture_output=True, text=True, env=env, timeout=timeout)
    ended = time.time()
    window_at = None
    for line in result.stdout.splitlines():
        if line.startswith(FIRST_WINDOW_MARK):
            window_at = float(line.split()[1])
    return {
        "status": result.returncode,
        "to_window_s": round(window_at - started, 3) if window_at else None,
        "smoke_test_s": round(ended - started, 3),
        "output": (result.stdout + result.stderr).strip()[-2000:],
    }


def _median(values) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--cold", action="store_true", help="drop the OS file cache before the first run")
    args = parser.parse_args(argv)

    cold = drop_page_cache() if args.cold else False
    runs = [run_once(args.executable, args.timeout) for _ in range(args.runs)]
    failed = [r for r in runs if r["status"] != 0]
    for number, r in enumerate(runs, 1):
        print(f"run {number}: exit {r['status']}, first window {r['to_window_s']} s, smoke test done {r['smoke_test_s']} s")
    if failed:
        print("smoke test FAILED:\n" + failed[0]["output"], file=sys.stderr)
        return 1
    last_lines = runs[0]["output"].splitlines()
    print(last_lines[-1] if last_lines else "(no output: a windowed Windows program has no stdout)")
    warm = runs[1:] or runs
    summary = {
        "first_run_is_cold": cold,
        "first_run_to_window_s": runs[0]["to_window_s"],
        "first_run_smoke_test_s": runs[0]["smoke_test_s"],
        # None where the probe's output cannot be read (a windowed Windows program has no stdout).
        "warm_median_to_window_s": _median(r["to_window_s"] for r in warm),
        "warm_median_smoke_test_s": statistics.median(r["smoke_test_s"] for r in warm),
        "runs": len(runs),
    }
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
