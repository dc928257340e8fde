"""Search engines measured side by side on generated news pages: Whoosh, tantivy, and SQLite FTS5.

For each engine, over the same documents (`benchmarks.corpus`, indexed as title, body, the
page's boilerplate, outlet, date, author, url — no cleaning, so only the engine is measured):

- indexing: documents per second (batches of 1,000 per commit, as an import does), peak RSS,
  index size on disk;
- searching, in a fresh process: top 20 with facets (outlet, year, month, over the whole
  result) and a highlighted snippet per hit (`indexer.highlight.snippet` over the hit's text,
  read from a SQLite table as the catalog would serve it), for seven query kinds (single common
  word, rare word, two words, phrase, 4-letter prefix, word + outlet filter, word + date range):
  median and p95 latency per kind and overall, RSS after searching;
- first search of a fresh process: wall time from spawning Python to the first answer with
  snippets (imports, opening the index, one query).

SQLite FTS5 is a reference only (bm25 top 20, GROUP BY facets, the same snippets); it indexes the
same analysed words. Every engine runs in its own processes so their memory does not mix.

Usage:
    python -m benchmarks.engines --count 10000 --engines whoosh,tantivy,fts5 --work /tmp/bench
    python -m benchmarks.engines --count 100000 --engines tantivy,fts5 --work /tmp/bench
    python -m benchmarks.engines --count 50000 --engines whoosh --grow-from 30000 --work /tmp/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BATCH = 1000
KINDS = ("common word", "rare word", "two words", "phrase", "4-letter prefix", "word + outlet", "word + date range")


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def anon_mb() -> float:
    """Private (anonymous) resident memory in MB: RSS without the index files mapped into memory,
    which the OS can drop and reread at will."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# -- the documents, once per count ---------------------------------------------------------------


def texts_db(work: Path, count: int) -> Path:
    """A SQLite table of the generated documents: the benchmark's stand-in for the catalog."""
    path = work / f"texts-{count}.db"
    if path.exists():
        return path
    from benchmarks.corpus import pages

    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute(
        "CREATE TABLE doc (n INTEGER PRIMARY KEY, id TEXT, title TEXT, body TEXT, boilerplate TEXT,"
        " outlet TEXT, date TEXT, author TEXT, url TEXT)"
    )
    db.execute("CREATE UNIQUE INDEX doc_id ON doc(id)")
    rows = []
    for page in pages(count):
        doc_id = hashlib.sha256(page.text.encode()).hexdigest()
        rows.append(
            (page.number, doc_id, page.title, page.body, "\n".join(page.boilerplate), page.outlet,
             page.date.isoformat() if page.date else None, page.author, page.url)
        )
        if len(rows) >= 5000:
            db.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?)", rows)
            rows.clear()
    db.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.commit()
    db.close()
    tmp.rename(path)
    return path


def iter_docs(db_path: Path):
    from indexer.model import IndexDoc

    db = sqlite3.connect(db_path)
    for doc_id, title, body, boilerplate, outlet, date, author, url in db.execute(
        "SELECT id, title, body, boilerplate, outlet, date, author, url FROM doc ORDER BY n"
    ):
        yield IndexDoc(
            id=doc_id, title=title, body=body, boilerplate=boilerplate, outlet=outlet,
            date=dt.date.fromisoformat(date) if date else None, author=author, url=url,
        )
    db.close()


# -- the queries ---------------------------------------------------------------------------------


def make_queries(db_path: Path, per_kind: int, seed: int = 3) -> list[dict]:
    """per_kind queries of each kind, drawn from the documents' own words."""
    from indexer.text import tokens

    rng = random.Random(seed)
    db = sqlite3.connect(db_path)
    total = db.execute("SELECT count(*) FROM doc").fetchone()[0]
    sample_rows = db.execute("SELECT title, body FROM doc WHERE n % ? = 0", (max(1, total // 2000),)).fetchall()
    outlets = [o for (o,) in db.execute("SELECT DISTINCT outlet FROM doc WHERE outlet IS NOT NULL")]
    db.close()
    df: Counter[str] = Counter()
    bigrams: list[tuple[str, str]] = []
    for title, body in sample_rows:
        words = tokens(f"{title} {body}")
        df.update(set(words))
        for a, b in zip(words, words[1:]):
            if len(a) >= 4 and len(b) >= 4 and a.isalpha() and b.isalpha():
                bigrams.append((a, b))
    n = len(sample_rows)
    alpha = [w for w in df if w.isalpha() and len(w) >= 3]
    common = [w for w in alpha if 0.05 * n <= df[w] <= 0.3 * n]
    middle = [w for w in alpha if 0.005 * n <= df[w] < 0.05 * n]
    rare = [w for w in alpha if df[w] == 1 and len(w) >= 5]
    prefixes = sorted({w[:4] for w in middle + common if len(w) >= 6})
    queries: list[dict] = []
    for _ in range(per_kind):
        queries.append({"kind": KINDS[0], "query": rng.choice(common)})
        queries.append({"kind": KINDS[1], "query": rng.choice(rare)})
        queries.append({"kind": KINDS[2], "query": " ".join(rng.sample(middle, 2))})
        queries.append({"kind": KINDS[3], "query": '"%s %s"' % rng.choice(bigrams)})
        queries.append({"kind": KINDS[4], "query": rng.choice(prefixes) + "*"})
        queries.append({"kind": KINDS[5], "query": rng.choice(common + middle), "outlets": [rng.choice(outlets)]})
        year = rng.randint(2000, 2023)
        queries.append({"kind": KINDS[6], "query": rng.choice(common + middle), "date_from": f"{year}-01-01", "date_to": f"{year + 1}-12-31"})
    return queries


# -- engines: ours through indexer.index, and FTS5 -----------------------------------------------


class Fts5:
    """SQLite FTS5 as a reference: bm25 ranking, GROUP BY facets, the same analysed words."""

    def __init__(self, path: Path, create: bool = False) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path / "fts.db")
        if create:
            self.db.executescript(
                "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');"
                "CREATE TABLE IF NOT EXISTS meta (rowid INTEGER PRIMARY KEY, id TEXT, outlet TEXT, day INTEGER);"
                "CREATE INDEX IF NOT EXISTS meta_outlet ON meta(outlet);"
            )

    def add(self, docs) -> None:
        from indexer.index import day_number, index_text

        start = self.db.execute("SELECT coalesce(max(rowid), 0) FROM meta").fetchone()[0] + 1
        self.db.executemany(
            "INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
            [(start + i, index_text(d.title), index_text(d.body)) for i, d in enumerate(docs)],
        )
        self.db.executemany(
            "INSERT INTO meta VALUES (?,?,?,?)",
            [(start + i, d.id, d.outlet, day_number(d.date)) for i, d in enumerate(docs)],
        )

    def commit(self) -> None:
        self.db.commit()

    def search(self, spec: dict) -> list[str]:
        from indexer.index import day_number
        from indexer.text import tokens

        text = spec["query"]
        if text.startswith('"'):
            match = '"%s"' % " ".join(tokens(text))
        elif text.endswith("*"):
            match = text
        else:
            match = " ".join(f'"{w}"' for w in tokens(text))
        clauses: list[tuple[str, list]] = [("fts MATCH ?", [match])]
        if spec.get("outlets"):
            clauses.append(("m.outlet = ?", [spec["outlets"][0]]))
        if spec.get("date_from"):
            low, high = (day_number(dt.date.fromisoformat(spec[k])) for k in ("date_from", "date_to"))
            clauses.append(("m.day BETWEEN ? AND ?", [low, high]))

        def where(skip: str = "-") -> tuple[str, list]:
            kept = [c for c in clauses if not c[0].startswith(skip)]
            return " AND ".join(c[0] for c in kept), [a for c in kept for a in c[1]]

        join = "FROM fts JOIN meta m ON m.rowid = fts.rowid"
        cond, args = where()
        ids = [r[0] for r in self.db.execute(f"SELECT m.id {join} WHERE {cond} ORDER BY bm25(fts, 2.0, 1.0) LIMIT 20", args)]
        # Disjunctive facets as the engines count them: outlets without the outlet filter,
        # months without the date filter.
        cond, args = where("m.outlet")
        self.db.execute(f"SELECT m.outlet, count(*) {join} WHERE {cond} GROUP BY m.outlet", args).fetchall()
        cond, args = where("m.day")
        self.db.execute(f"SELECT m.day / 100, count(*) {join} WHERE {cond} GROUP BY m.day / 100", args).fetchall()
        return ids

    def close(self) -> None:
        self.db.close()


def open_index(engine: str, path: Path, create: bool = False):
    if engine == "fts5":
        return Fts5(path, create=create)
    from indexer.index import open_engine

    return open_engine(engine, path, create=create)


def run_query(index, engine: str, spec: dict, texts: sqlite3.Connection) -> tuple[int, float, float]:
    """One query as the app runs it: top 20, facets, a snippet per hit.

    Returns the hit count and the milliseconds spent in the engine alone (parse and search),
    wall and CPU.
    """
    from indexer.highlight import snippet
    from indexer.model import SearchRequest
    from indexer.query import parse, word_matcher

    t0 = time.perf_counter()
    c0 = time.process_time()
    node = parse(spec["query"])
    if engine == "fts5":
        ids = index.search(spec)
    else:
        request = SearchRequest(
            query=spec["query"],
            outlets=tuple(spec.get("outlets", ())),
            date_from=dt.date.fromisoformat(spec["date_from"]) if spec.get("date_from") else None,
            date_to=dt.date.fromisoformat(spec["date_to"]) if spec.get("date_to") else None,
            limit=20,
        )
        ids = [doc_id for doc_id, _ in index.search(node, request).ranked]
    engine_ms = (time.perf_counter() - t0) * 1000
    engine_cpu_ms = (time.process_time() - c0) * 1000
    matcher = word_matcher(node)
    if ids:
        marks = ",".join("?" * len(ids))
        for title, body in texts.execute(f"SELECT title, body FROM doc WHERE id IN ({marks})", ids):
            snippet(f"{title}\n\n{body}", matcher)
    return len(ids), engine_ms, engine_cpu_ms


# -- the measured steps, each in its own process --------------------------------------------------


def index_in_batches(index, docs) -> int:
    """Add documents a batch at a time, committing each batch as an archive import does."""
    count = 0
    batch: list = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == BATCH:
            index.add(batch)
            index.commit()
            count += len(batch)
            batch = []
    if batch:
        index.add(batch)
        index.commit()
        count += len(batch)
    return count


def step_index(engine: str, db_path: Path, index_path: Path) -> dict:
    shutil.rmtree(index_path, ignore_errors=True)
    index = open_index(engine, index_path, create=True)
    started = time.perf_counter()
    cpu_started = time.process_time()
    count = index_in_batches(index, iter_docs(db_path))
    took = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    index.close()
    return {"docs": count, "seconds": round(took, 1), "docs_per_s": round(count / took, 1),
            "cpu_seconds": round(cpu, 1), "docs_per_cpu_s": round(count / cpu, 1),
            "peak_rss_mb": round(rss_mb()[1], 1), "size_mb": round(dir_size_mb(index_path), 1)}


def step_grow(engine: str, db_path: Path, index_path: Path, source: str) -> dict:
    """Copy the index of the first `source` documents and add the rest, batch by batch, as an
    archive grows (far quicker than indexing everything again with Whoosh)."""
    shutil.rmtree(index_path, ignore_errors=True)
    shutil.copytree(source, index_path)
    index = open_index(engine, index_path)
    start = index.doc_count() if engine != "fts5" else 0
    started, cpu_started = time.perf_counter(), time.process_time()
    count = index_in_batches(index, itertools.islice(iter_docs(db_path), start, None))
    took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    index.close()
    return {"docs": count, "from": start, "seconds": round(took, 1), "docs_per_s": round(count / took, 1),
            "cpu_seconds": round(cpu, 1), "docs_per_cpu_s": round(count / cpu, 1),
            "peak_rss_mb": round(rss_mb()[1], 1), "size_mb": round(dir_size_mb(index_path), 1)}


def step_search(engine: str, db_path: Path, index_path: Path, queries_path: Path) -> dict:
    queries = json.loads(queries_path.read_text())
    texts = sqlite3.connect(db_path)
    started = time.perf_counter()
    index = open_index(engine, index_path)
    open_ms = (time.perf_counter() - started) * 1000
    for spec in queries[:10]:  # warm-up: the first searches load the term index
        run_query(index, engine, spec, texts)
    rss_first = rss_mb()[0]
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    engine_times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    cpu_times: list[float] = []
    engine_cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
    hits: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for spec in queries:
        t0 = time.perf_counter()
        c0 = time.process_time()
        found, engine_ms, engine_cpu_ms = run_query(index, engine, spec, texts)
        engine_cpu[spec["kind"]].append(engine_cpu_ms)
        # CPU time as well as wall time: the machine is shared, and CPU time barely notices.
        cpu_times.append((time.process_time() - c0) * 1000)
        times[spec["kind"]].append((time.perf_counter() - t0) * 1000)
        engine_times[spec["kind"]].append(engine_ms)
        hits[spec["kind"]].append(found)
    engine_every = [t for ts in engine_times.values() for t in ts]
    engine_cpu_every = [t for ts in engine_cpu.values() for t in ts]
    every = [t for ts in times.values() for t in ts]
    current, peak = rss_mb()
    return {
        "open_ms": round(open_ms, 1),
        "median_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 95), 1),
        "max_ms": round(max(every), 1),
        "cpu_median_ms": round(statistics.median(cpu_times), 1),
        "cpu_p95_ms": round(percentile(cpu_times, 95), 1),
        "engine_median_ms": round(statistics.median(engine_every), 1),
        "engine_p95_ms": round(percentile(engine_every, 95), 1),
        "engine_cpu_median_ms": round(statistics.median(engine_cpu_every), 1),
        "engine_cpu_p95_ms": round(percentile(engine_cpu_every, 95), 1),
        "by_kind": {k: {"median_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 95), 1),
                        "engine_median_ms": round(statistics.median(engine_times[k]), 1),
                        "engine_p95_ms": round(percentile(engine_times[k], 95), 1),
                        "engine_cpu_median_ms": round(statistics.median(engine_cpu[k]), 1),
                        "engine_cpu_p95_ms": round(percentile(engine_cpu[k], 95), 1),
                        "mean_hits": round(statistics.mean(hits[k]), 1)} for k, v in times.items()},
        "rss_after_warmup_mb": round(rss_first, 1),
        "rss_mb": round(current, 1),
        "rss_anon_mb": round(anon_mb(), 1),
        "peak_rss_mb": round(peak, 1),
    }


def step_first(engine: str, db_path: Path, index_path: Path, spec_json: str) -> dict:
    texts = sqlite3.connect(db_path)
    index = open_index(engine, index_path)
    run_query(index, engine, json.loads(spec_json), texts)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_ms": round((usage.ru_utime + usage.ru_stime) * 1000)}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def in_child(step: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.engines", "--step", step, *args],
                         capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1])
    if out.returncode:
        raise RuntimeError(f"step {step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--engines", default="whoosh,tantivy,fts5")
    parser.add_argument("--work", type=Path, default=Path("/tmp/broadsheet-bench"))
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--reuse-index", action="store_true", help="search an index built by an earlier run")
    parser.add_argument("--grow-from", type=int, help="start from the index of the first N documents (an earlier run's)")
    parser.add_argument("--first-runs", type=int, default=5)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        engine, db_path, index_path, *rest = args.args
        step = {"index": step_index, "search": step_search, "first": step_first, "grow": step_grow}[args.step]
        result = step(engine, Path(db_path), Path(index_path), *([Path(rest[0])] if args.step == "search" else rest))
        print(json.dumps(result))
        return

    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    db_path = texts_db(args.work, args.count)
    print(f"documents: {args.count} in {db_path} ({time.perf_counter() - t0:.0f} s)", flush=True)
    queries_path = args.work / f"queries-{args.count}.json"
    queries = make_queries(db_path, args.per_kind)
    queries_path.write_text(json.dumps(queries, ensure_ascii=False))
    results = {}
    for engine in args.engines.split(","):
        index_path = args.work / f"{engine}-{args.count}"
        result: dict = {"engine": engine, "count": args.count}
        if args.grow_from:
            source = args.work / f"{engine}-{args.grow_from}"
            result["index"] = in_child("grow", engine, str(db_path), str(index_path), str(source))
            print(engine, "grow", json.dumps(result["index"]), flush=True)
        elif not args.reuse_index:
            result["index"] = in_child("index", engine, str(db_path), str(index_path))
            print(engine, "index", json.dumps(result["index"]), flush=True)
        result["search"] = in_child("search", engine, str(db_path), str(index_path), str(queries_path))
        print(engine, "search", json.dumps(result["search"]), flush=True)
        firsts, first_cpu = [], []
        for spec in queries[: args.first_runs]:
            started = time.perf_counter()
            first_cpu.append(in_child("first", engine, str(db_path), str(index_path), json.dumps(spec))["cpu_ms"])
            firsts.append((time.perf_counter() - started) * 1000)
        result["first_search_ms"] = {"median": round(statistics.median(firsts)), "max": round(max(firsts)),
                                     "cpu_median": round(statistics.median(first_cpu))}
        print(engine, "first search of a fresh process", json.dumps(result["first_search_ms"]), flush=True)
        results[engine] = result
    out = args.work / f"results-{args.count}-{int(time.time())}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results in {out}")
    print(table(results))


def table(results: dict) -> str:
    lines = ["| docs | engine | index docs/s (per CPU-s) | index size | query median / p95 ms, wall (CPU) | engine alone median / p95 ms, wall (CPU) | first search, fresh process: wall (CPU) | RSS after queries |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for engine, r in results.items():
        idx = r.get("index", {})
        s = r["search"]
        first = r["first_search_ms"]
        lines.append(
            f"| {r['count']:,} | {engine} | {idx.get('docs_per_s', '—')} ({idx.get('docs_per_cpu_s', '—')}) | "
            f"{idx.get('size_mb', '—')} MB | {s['median_ms']} / {s['p95_ms']} ({s.get('cpu_median_ms', '—')} / {s.get('cpu_p95_ms', '—')}) | "
            f"{s['engine_median_ms']} / {s['engine_p95_ms']} ({s.get('engine_cpu_median_ms', '—')} / {s.get('engine_cpu_p95_ms', '—')}) | {first['median']} ms ({first.get('cpu_median', '—')} ms) | {s['rss_mb']} MB ({s.get('rss_anon_mb', '—')} MB private) |"
        )
    lines.append("")
    lines.append("Median / p95 ms per query kind, with snippets (engine alone in brackets):")
    lines.append("")
    lines.append("| engine | " + " | ".join(KINDS) + " |")
    lines.append("|---|" + "--:|" * len(KINDS))
    for engine, r in results.items():
        kinds = r["search"]["by_kind"]
        lines.append(f"| {engine} | " + " | ".join(
            f"{kinds[k]['median_ms']} / {kinds[k]['p95_ms']} ({kinds[k]['engine_median_ms']} / {kinds[k]['engine_p95_ms']})"
            for k in KINDS) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
