"""WARC import measured through the archive facade: records per second, from one crawl file to
searchable pages.

The WARC is generated from `benchmarks.corpus` dumps, laid out the way a crawler writes them: for
each page a request record and a 200 response (two in three served as text/plain, one in three
wrapped in simple HTML), plus an image response every tenth page and a redirect every twentieth,
each record gzipped on its own. A fresh archive then imports it with `Archive.import_paths`,
exactly as the app and the command line do. Reported: records and pages per second, wall time,
peak RSS of the main process.

Usage:
    python -m benchmarks.warc_import --count 3000 --engine tantivy --work /tmp/bench-warc
"""

from __future__ import annotations

import argparse
import html
import io
import json
import resource
import shutil
import time
from pathlib import Path


def write_warc(path: Path, count: int) -> tuple[int, int]:
    """(records, pages) written to a gzipped WARC of `count` generated pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from benchmarks.corpus import pages

    records = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "benchmarks.warc_import"}))
        records += 1
        for page in pages(count):
            request = StatusAndHeaders(f"GET /{page.number} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(page.url, "request", payload=io.BytesIO(b""),
                                                          http_headers=request))
            if page.number % 3 == 0:
                body = "".join(f"<p>{html.escape(p)}</p>" for p in page.text.split("\n\n"))
                data = f"<html><head><title>{html.escape(page.title)}</title></head><body>{body}</body></html>"
                kind = "text/html; charset=utf-8"
            else:
                data, kind = page.text, "text/plain; charset=utf-8"
            response = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(page.url, "response", payload=io.BytesIO(data.encode()),
                                                          http_headers=response))
            records += 2
            if page.number % 10 == 0:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(page.url + ".jpg", "response",
                                                              payload=io.BytesIO(b"\xff\xd8\xff" + bytes(20_000)),
                                                              http_headers=image))
                records += 1
            if page.number % 20 == 0:
                moved = StatusAndHeaders("301 Moved Permanently", [("Location", page.url)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(page.url + "?amp", "response",
                                                              payload=io.BytesIO(b""), http_headers=moved))
                records += 1
    return records, count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000, help="pages in the WARC")
    parser.add_argument("--engine", default="whoosh")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-warc"))
    args = parser.parse_args(argv)

    from indexer.archive import Archive

    args.work.mkdir(parents=True, exist_ok=True)
    warc = args.work / f"crawl-{args.count}.warc.gz"
    records, count = write_warc(warc, args.count)
    home = args.work / f"archive-{args.engine}"
    shutil.rmtree(home, ignore_errors=True)
    with Archive.open(home, engine=args.engine) as archive:
        started = time.perf_counter()
        report = archive.import_paths([warc], workers=args.workers)
        seconds = time.perf_counter() - started
        searchable = archive.engine.doc_count()
    print(json.dumps({
        "warc_mb": round(warc.stat().st_size / 1e6, 1), "records": records, "pages": count,
        "added": report.added, "failed": len(report.failed), "searchable": searchable, "engine": args.engine,
        "seconds": round(seconds, 1), "records_per_s": round(records / seconds), "pages_per_s": round(report.added / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
