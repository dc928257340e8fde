"""Search latency as the app and the command line see it: `Archive.search` on a real archive.

Where `benchmarks.engines` times the engines on their own, this goes through the archive facade:
parse, engine search with full facets (outlet, year, month, undated), titles and metadata read
from the catalog, and a highlighted snippet per hit — what `took_ms` reports and what the window
waits for. Queries come from a file written by `benchmarks.engines` (seven kinds: common word,
rare word, two words, phrase, 4-letter prefix, word + outlet, word + date range) over the same
generated corpus, so an archive imported from `benchmarks.import_archive`'s dumps answers them.

Also reported: the first search of this process (opening the archive included, imports not), and
the wall time from spawning a fresh `broadsheet search` command to its output (everything a user
waits for on the command line), median of --first-runs.

Usage:
    python -m benchmarks.archive_search --home /tmp/bench-ops/archive-tantivy \\
        --queries /tmp/bench/queries-100000.json [--first-runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def request_for(entry: dict):
    from indexer.model import SearchRequest

    day = dt.date.fromisoformat
    return SearchRequest(query=entry["query"], outlets=tuple(entry.get("outlets", ())),
                         date_from=day(entry["date_from"]) if entry.get("date_from") else None,
                         date_to=day(entry["date_to"]) if entry.get("date_to") else None, limit=20)


def fresh_command_ms(home: Path, query: str, runs: int) -> list[float]:
    command = [str(Path(sys.executable).with_name("broadsheet")), "--home", str(home), "search", query, "--limit", "20"]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--first-runs", type=int, default=5)
    arguments = parser.parse_args(argv)
    queries = json.loads(arguments.queries.read_text())

    from indexer.archive import Archive

    started = time.perf_counter()
    archive = Archive.open(arguments.home)
    first = archive.search(request_for(queries[0]))
    first_ms = (time.perf_counter() - started) * 1000
    by_kind: dict[str, list[float]] = defaultdict(list)
    cpu_ms: list[float] = []
    found = 0
    for entry in queries:
        began, began_cpu = time.perf_counter(), time.process_time()
        result = archive.search(request_for(entry))
        by_kind[entry["kind"]].append((time.perf_counter() - began) * 1000)
        cpu_ms.append((time.process_time() - began_cpu) * 1000)
        found += result.total > 0
    documents = archive.catalog.count()
    engine = archive.engine_name
    archive.close()
    every = [ms for timings in by_kind.values() for ms in timings]
    fresh = fresh_command_ms(arguments.home, queries[0]["query"], arguments.first_runs)
    print(json.dumps({
        "engine": engine, "documents": documents, "queries": len(every), "with_hits": found,
        "wall_median_ms": round(statistics.median(every), 1), "wall_p95_ms": round(percentile(every, 0.95), 1),
        "cpu_median_ms": round(statistics.median(cpu_ms), 1), "cpu_p95_ms": round(percentile(cpu_ms, 0.95), 1),
        "first_search_after_open_ms": round(first_ms, 1), "first_hits": first.total,
        "fresh_command_median_ms": round(statistics.median(fresh), 1),
        "per_kind_median_p95_ms": {kind: [round(statistics.median(t), 1), round(percentile(t, 0.95), 1)]
                                   for kind, t in by_kind.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
