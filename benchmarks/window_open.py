"""Cold start of the window: from spawning the app's process to its first results on screen.

    .venv/bin/python benchmarks/window_open.py --home DIR [--runs 5] [--query WORDS]

Spawns the real app (`python -m desktop --home DIR --first-results`, offscreen, with settings in
a scratch folder) several times and reports the median wall time from spawn to the moment the
first search's hits and facet counts are painted, when the app prints a line and quits. The
app also reports start-up milestones on the system-wide monotonic clock, so the median split
(interpreter and imports, opening the archive, building the window, the first search) is shown
too. Run it once before measuring (or pass --warm) if the archive's files may not be in the OS
cache: a librarian opening the window twice a day has them cached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("imports", "archive_open", "window_imported", "window_built", "first_results")


def one_run(home: Path, python: str, query: str | None, scratch: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(scratch / "config"))
    command = [python, "-m", "desktop", "--home", str(home), "--first-results"]
    if query:
        command += ["--query", query]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("first-results"):
            break
    shown = time.monotonic()
    _, stderr = process.communicate(timeout=120)
    if not line.startswith("first-results"):
        raise SystemExit(f"the app never showed results (exit {process.returncode}):\n{stderr}")
    fields = dict(part.split("=", 1) for part in line.split()[1:])
    moments = {name: (float(fields[name]) - started) * 1000 for name in PHASES if name in fields}
    moments["wall"] = (shown - started) * 1000
    moments["hits"] = float(fields["hits"])
    return moments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True, help="an existing archive folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default=None, help="search this instead of the whole archive")
    parser.add_argument("--warm", action="store_true", help="one unrecorded run first (fills the OS cache)")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-open-bench-"))
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if arguments.warm:
        one_run(arguments.home, arguments.python, arguments.query, scratch)
    runs = []
    for n in range(arguments.runs):
        run = one_run(arguments.home, arguments.python, arguments.query, scratch)
        runs.append(run)
        split = "  ".join(f"{name} {run[name]:6.0f}" for name in PHASES if name in run)
        print(f"run {n + 1}: spawn → first results {run['wall']:6.0f} ms   ({split} ms after spawn; "
              f"{run['hits']:,.0f} hits)")
    median = statistics.median(run["wall"] for run in runs)
    split = "  ".join(f"{name} {statistics.median(run[name] for run in runs):6.0f}" for name in PHASES
                      if all(name in run for run in runs))
    print(f"median of {len(runs)}: {median:.0f} ms from spawn to first results  ({split} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
