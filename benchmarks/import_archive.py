"""End-to-end import measured through the archive facade: files on disk to searchable pages.

For each engine, a fresh archive imports a folder of generated scraped-style dumps
(`benchmarks.corpus`) with `Archive.import_paths`, exactly as the app and the command line do:
read, hash, store the original, clean, extract metadata (in worker processes), catalogue, index,
commit. Reported: pages per second, wall time, peak RSS of the main process and of the largest
worker, and the archive's size on disk. With --profile, the main process runs under py-spy
(when installed) and writes a flame graph, or, with --workers 1, under cProfile so the cleaning
and metadata costs show in the same profile.

Usage:
    python -m benchmarks.import_archive --count 10000 --engines whoosh,tantivy --work /tmp/bench-import
    python -m benchmarks.import_archive --count 2000 --engines tantivy --workers 1 --profile
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def dumps(work: Path, count: int) -> Path:
    folder = work / f"dumps-{count}"
    if not (folder / "manifest.jsonl").exists():
        from benchmarks.corpus import write

        shutil.rmtree(folder, ignore_errors=True)
        write(folder, count)
    return folder


def step_import(engine: str, folder: Path, home: Path, workers: int | None, profile: Path | None) -> dict:
    from indexer.archive import Archive

    shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    archive = Archive.open(home, engine=engine)
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    report = archive.import_paths([folder], workers=workers)
    took = time.perf_counter() - started
    if profile is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    archive.close()
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the cleaning workers, once reaped
    self_peak = me.ru_maxrss / 1024
    child_peak = children.ru_maxrss / 1024
    cpu_main = me.ru_utime + me.ru_stime
    cpu_workers = children.ru_utime + children.ru_stime
    return {
        "engine": engine,
        "added": report.added,
        "failed": len(report.failed),
        "skipped": len(report.skipped),
        "duplicates": report.duplicates,
        "seconds": round(took, 1),
        "pages_per_s": round(report.added / took, 1),
        # On a shared machine wall time says little; CPU seconds per page do not depend on
        # the other jobs. The main process (store, catalog, index) and the workers (cleaning,
        # metadata) run in parallel, so the slower of the two bounds an idle machine's speed.
        "cpu_main_s": round(cpu_main, 1),
        "cpu_workers_s": round(cpu_workers, 1),
        "main_ms_per_page": round(cpu_main * 1000 / max(report.added, 1), 2),
        "workers_ms_per_page": round(cpu_workers * 1000 / max(report.added, 1), 2),
        "peak_rss_main_mb": round(self_peak, 1),
        "peak_rss_worker_mb": round(child_peak, 1),
        "archive_mb": round(dir_size_mb(home), 1),
        "index_mb": round(dir_size_mb(home / "index"), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--engines", default="whoosh,tantivy")
    parser.add_argument("--work", type=Path, default=Path("/tmp/broadsheet-bench-import"))
    parser.add_argument("--workers", type=int, default=None, help="cleaning processes (default: the archive's)")
    parser.add_argument("--profile", action="store_true", help="py-spy flame graph, or cProfile with --workers 1")
    parser.add_argument("--step", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        engine, folder, home, profile = args.step
        result = step_import(engine, Path(folder), Path(home), args.workers, Path(profile) if profile != "-" else None)
        print(json.dumps(result))
        return

    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    folder = dumps(args.work, args.count)
    print(f"dumps: {args.count} in {folder} ({time.perf_counter() - t0:.0f} s)", flush=True)
    for engine in args.engines.split(","):
        home = args.work / f"archive-{engine}-{args.count}"
        command = [sys.executable, "-m", "benchmarks.import_archive", "--step", engine, str(folder), str(home)]
        cprofile = "-"
        if args.profile and args.workers == 1:
            cprofile = str(args.work / f"import-{engine}-{args.count}.prof")
        command.append(cprofile)
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        if args.profile and args.workers != 1 and shutil.which("py-spy"):
            flame = args.work / f"import-{engine}-{args.count}.svg"
            command = ["py-spy", "record", "--subprocesses", "-o", str(flame), "--", *command]
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(result), flush=True)
        if cprofile != "-":
            import pstats

            pstats.Stats(cprofile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
