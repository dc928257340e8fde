"""What a page over the time limit costs an import: its worker is stopped, and the page is kept
as plain text made in the importing process.

    .venv/bin/python benchmarks/page_timeout.py [--big 32] [--pages 200] [--timeout 2]

Part 1 runs `importing.plain_document` (the plain-text fallback, in the importing process, with no
time limit of its own) on pages of --big MB in shapes that would make a backtracking pattern take
hours, each in a fresh process: seconds and peak memory. Part 2 runs `broadsheet import` on
--pages small pages plus the news-like HTML page of --big MB (8 s to clean on an idle machine,
docs/RELIABILITY.md), once with `--page-timeout` --timeout and once with the default limit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.page_timeout import make
from indexer import importing
name, mb = sys.argv[2], int(sys.argv[3])
data, filename = make(name, mb)
started = time.perf_counter()
kept = importing.plain_document(data, filename, "0" * 64)
print(json.dumps({"page": name, "mb": round(len(data) / 1e6, 1), "seconds": round(time.perf_counter() - started, 2),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "result": type(kept).__name__, "body_chars": len(getattr(kept, "body", ""))}))
"""

UNITS = {  # shape → (the repeated unit, file name)
    "<br> elements": (b"<br>", "page.html"),
    "bare < signs": (b"a < ", "page.html"),
    "unclosed <script> tags": (b"<script>x ", "page.html"),
    "unclosed <!-- comments": (b"<!-- x ", "page.html"),
    "<title without >": (b"<title x", "page.html"),
    "entities": (b"&amp;&#233;&eacute ", "page.html"),
    "lines of spaces": (b" " * 200 + b"\n", "page.txt"),
}


def make(name: str, mb: int) -> tuple[bytes, str]:
    if name in UNITS:
        unit, filename = UNITS[name]
        return b"<html><body><p>Start of the page.</p>" + unit * (mb * 1024 * 1024 // len(unit)), filename
    sys.path.insert(0, str(ROOT))
    from benchmarks.big_pages import make as make_big

    return make_big(name, 1, mb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", type=int, default=32, help="size in MB of each page")
    parser.add_argument("--pages", type=int, default=200, help="small pages beside the big one in part 2")
    parser.add_argument("--timeout", type=float, default=2.0, help="the time limit of part 2's first import")
    args = parser.parse_args(argv)
    print("Part 1: the plain-text fallback, one page per fresh process")
    for name in ("news-like paragraphs", "text dump", *UNITS):
        done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), name, str(args.big)],
                              capture_output=True, text=True, cwd=ROOT)
        print(done.stdout.strip() or done.stderr.strip()[-500:], flush=True)
    print("Part 2: broadsheet import, small pages and one big page")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "drop"
        folder.mkdir()
        for n in range(args.pages):
            (folder / f"page{n:04}.txt").write_text(
                f"Ferry report {n}\n\nThe ferry number {n} reached the harbour late, the port said.\n")
        data, _ = make("news-like paragraphs", args.big)
        (folder / "big.html").write_bytes(data)
        for label, extra in ((f"--page-timeout {args.timeout:g}", ["--page-timeout", str(args.timeout)]),
                             ("default limit", [])):
            home = Path(scratch) / f"home-{len(extra)}"
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "indexer", "import", "--home", str(home), str(folder),
                                   "--json", *extra], capture_output=True, text=True, cwd=ROOT)
            took = time.perf_counter() - started
            report = json.loads(done.stdout)
            print(json.dumps({"run": label, "seconds": round(took, 1), "added": report["added"],
                              "plain_text": report["plain_text"], "failed": report["failed"]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
