"""What a large archive costs to keep: size on disk, a full reindex, and an incremental import.

Starts from an archive built by `benchmarks.import_archive` (e.g. 100,000 generated dumps with
tantivy) and, for each engine asked for, works on a copy of it (the source is never changed):

- reindex: `Archive.reindex(engine)` — rebuilding the index from the catalog, which is also how
  an archive switches engine (`broadsheet reindex --engine ...`); wall time and pages/s;
- archive size on disk: originals store, catalog (SQLite), index, in MB;
- incremental import: 1,000 new pages (generated with another seed, so none are duplicates)
  imported into the large archive through `Archive.import_paths`, as the app does; wall time,
  pages/s, CPU of the main process and of the workers;
- a search after it (median of 20 common-word queries, top 20 with snippets and facets), to show
  the grown archive still answers at once.

Each step runs in its own process so memory and imports do not mix between engines.

Usage:
    python -m benchmarks.archive_ops --source /tmp/bench-import/archive-tantivy-100000 \\
        --engines tantivy,whoosh --work /tmp/bench-ops
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def size_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def sizes(home: Path) -> dict:
    index = home / "index"
    catalog = sum(f.stat().st_size for f in home.glob("catalog.sqlite*")) / 1e6
    total = size_mb(home)
    return {"total_mb": round(total, 1), "index_mb": round(size_mb(index), 1), "catalog_mb": round(catalog, 1),
            "originals_mb": round(total - size_mb(index) - catalog, 1)}


def step_reindex(home: Path, engine: str) -> dict:
    from indexer.archive import Archive

    archive = Archive.open(home)
    started = time.perf_counter()
    count = archive.reindex(engine)
    took = time.perf_counter() - started
    archive.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"step": "reindex", "engine": engine, "pages": count, "seconds": round(took, 1),
            "pages_per_s": round(count / took, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), **sizes(home)}


def step_incremental(home: Path, folder: Path) -> dict:
    from indexer.archive import Archive
    from indexer.model import SearchRequest

    archive = Archive.open(home)
    before = archive.catalog.count()
    started = time.perf_counter()
    report = archive.import_paths([folder])
    took = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings = []
    for word in ("government", "minister", "market", "police", "election", "health", "football") * 3:
        began = time.perf_counter()
        archive.search(SearchRequest(query=word, limit=20))
        timings.append((time.perf_counter() - began) * 1000)
    engine = archive.engine_name
    after = archive.catalog.count()
    archive.close()
    return {"step": "incremental", "engine": engine, "before": before, "after": after, "added": report.added,
            "failed": len(report.failed), "seconds": round(took, 1), "pages_per_s": round(report.added / took, 1),
            "cpu_main_s": round(own.ru_utime + own.ru_stime, 1),
            "cpu_workers_s": round(children.ru_utime + children.ru_stime, 1),
            "search_median_ms_after": round(statistics.median(timings[1:]), 1), **sizes(home)}


def run_step(*args: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "benchmarks.archive_ops", "--step", *args], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, help="a large archive (left unchanged)")
    parser.add_argument("--engines", default="tantivy,whoosh")
    parser.add_argument("--work", type=Path, default=Path("/tmp/broadsheet-bench-ops"))
    parser.add_argument("--new", type=int, default=1000, help="pages in the incremental import")
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.step:
        kind, *rest = arguments.step
        result = step_reindex(Path(rest[0]), rest[1]) if kind == "reindex" else step_incremental(*map(Path, rest))
        print(json.dumps(result))
        return 0

    if arguments.source is None:
        parser.error("--source is required")
    from benchmarks.corpus import write

    arguments.work.mkdir(parents=True, exist_ok=True)
    fresh = arguments.work / f"new-{arguments.new}"
    if not (fresh / "manifest.jsonl").exists():
        shutil.rmtree(fresh, ignore_errors=True)
        write(fresh, arguments.new, seed=977)  # another seed: other texts, outlets and dates
    for engine in arguments.engines.split(","):
        home = arguments.work / f"archive-{engine}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(arguments.source, home)
        print(json.dumps({"source": str(arguments.source), **sizes(home)}), flush=True)
        print(json.dumps(run_step("reindex", str(home), engine)), flush=True)
        print(json.dumps(run_step("incremental", str(home), str(fresh))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
