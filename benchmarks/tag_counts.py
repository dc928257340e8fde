"""What counting tags per search costs: search times before and after tagging 1,000 pages.

Tag counts follow the search (`Archive._tag_counts`: one extra search restricted to the tagged
pages). Run it on a copy of a benchmark archive (it tags pages in it):

    cp -r /tmp/bench-import/archive-tantivy-100000 /tmp/tag100k
    .venv/bin/python benchmarks/tag_counts.py /tmp/tag100k tantivy [QUERIES.json]

QUERIES.json is the list `benchmarks/archive_search.py` writes (the first 60 are run); without it
three plain words are. Prints the median and 95th percentile of `Archive.search`, in ms.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.archive import Archive  # noqa: E402
from indexer.model import SearchRequest  # noqa: E402


def timings(archive: Archive, queries: list[str]) -> tuple[float, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        archive.search(SearchRequest(query))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> int:
    home, engine = Path(sys.argv[1]), sys.argv[2]
    listed = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    queries = ([q["query"] for q in json.loads(listed.read_text())][:60] if listed
               else ["council", "harbour", "budget"])
    with Archive.open(home, engine=engine) as archive:
        timings(archive, queries)  # warm the caches
        print("untagged: median %.1f ms, p95 %.1f ms" % timings(archive, queries))
        ids = [h.id for h in archive.search(SearchRequest("", limit=1000)).hits]
        for i in range(0, len(ids), 100):
            archive.tag_documents(ids[i:i + 100], add=[f"tag {i // 100}", "reviewed" if i % 200 == 0 else "pending"])
        timings(archive, queries)
        print(f"{len(ids):,} pages tagged, 12 tags: median %.1f ms, p95 %.1f ms" % timings(archive, queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
