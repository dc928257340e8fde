"""How long one very large or oddly shaped page takes to import, and how much memory it needs.

Generates each page in memory and runs it through `importing.run_job` (decode, clean, describe:
the per-page work of every import), one page per fresh process so peak memory is the page's.

    .venv/bin/python benchmarks/big_pages.py [--scale 1] [--big 32]

`--scale` multiplies the oddly shaped pages (scale 1: about 0.2–1.2 MB each); `--big` is the size
in MB of the news-like HTML page and text dump at the end (32 = the default per-page limit;
0 skips them).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Talks between the two presidents went on late into the night in Moscow, officials said. "
WORDS = "minister talks moscow ceasefire idlib province agreed sides thursday evening president government".split()

_CHILD = """
import json, random, resource, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.big_pages import make
from indexer import importing
name, scale, mb = sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
data, filename = make(name, scale, mb)
started = time.perf_counter()
result = importing.run_job(importing.Job("0" * 64, filename, data, None))
print(json.dumps({"page": name, "mb": round(len(data) / 1e6, 2), "seconds": round(time.perf_counter() - started, 1),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "result": type(result).__name__, "reason": getattr(result, "reason", "")}))
"""

SHAPES = ("news-like paragraphs", "text dump", "one giant text node", "empty <br> elements", "links", "tiny tables")


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."


def make(name: str, scale: float, mb: int = 0) -> tuple[bytes, str]:
    """The page called `name`, as bytes, and a file name saying its kind."""
    rng = random.Random(3)
    n = int(2500 * scale)
    if mb:
        n = mb * 1024 * 1024 // 500  # a paragraph is about 500 bytes
    if name == "news-like paragraphs":
        html = "".join(f"<p>{_paragraph(rng)}</p>\n" for _ in range(n))
        return f"<html><head><title>Big</title></head><body>{html}</body></html>".encode(), "page.html"
    if name == "text dump":
        return "\n\n".join(_paragraph(rng) for _ in range(n)).encode(), "page.txt"
    tail = f"<p>{SENTENCE}</p></body></html>"
    if name == "one giant text node":
        return f"<html><body><p>{SENTENCE * int(11000 * scale)}</p></body></html>".encode(), "page.html"
    if name == "empty <br> elements":
        return ("<html><body>" + "<br>" * int(50_000 * scale) + tail).encode(), "page.html"
    if name == "links":
        links = "".join(f"<a href='/x{i}'>link {i}</a> " for i in range(int(12_000 * scale)))
        return ("<html><body>" + links + tail).encode(), "page.html"
    if name == "tiny tables":
        return ("<html><body>" + "<table><tr><td>cell</td></tr></table>" * int(5000 * scale) + tail).encode(), "page.html"
    raise ValueError(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--big", type=int, default=32)
    args = parser.parse_args(argv)
    runs = [(name, args.scale, 0) for name in SHAPES]
    if args.big:
        runs += [("news-like paragraphs", 1, args.big), ("text dump", 1, args.big)]
    for name, scale, mb in runs:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), name, str(scale), str(mb)],
                              capture_output=True, text=True, cwd=ROOT)
        line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else json.dumps(
            {"page": name, "error": done.stderr.strip()[-300:]})
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
