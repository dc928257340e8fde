"""`broadsheet …`: the command line over `indexer.archive`, for people and for scripts (`--json`).

Exit status: 0 on success, 2 on bad usage or a malformed query, 1 when an import had failures,
a check found problems, or the archive could not do what was asked (busy, not found).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from indexer import __version__
from indexer.index import ENGINES
from indexer.model import SearchRequest

SUBCOMMANDS = ("import", "search", "show", "clean", "meta", "set", "tag", "merge-outlets", "outlet-rules", "stats",
               "reindex", "reclean", "export", "check")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit(2) with our wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"broadsheet: {message}\n")


def _size(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]?)b?", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"“{text}” is not a size (e.g. 32MB)")
    return int(float(match.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2)])


def _seconds(text: str) -> float:
    try:
        seconds = float(text.strip().lower().removesuffix("s"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds (e.g. 30)") from None
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds (e.g. 30)")
    return seconds


def _date(text: str) -> dt.date:
    from indexer.query import QueryError, parse_partial_date

    try:
        return parse_partial_date(text)
    except QueryError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _end_date(text: str) -> dt.date:
    from indexer.query import QueryError, parse_partial_date

    try:
        return parse_partial_date(text, end=True)
    except QueryError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    def archive_options(default: object) -> argparse.ArgumentParser:
        options = argparse.ArgumentParser(add_help=False)
        options.add_argument("--home", type=Path, default=default,
                             help="the archive folder (default: BROADSHEET_HOME or your data folder)")
        options.add_argument("--engine", choices=ENGINES, default=default, help="search engine for a new archive")
        return options

    # Accepted before or after the command; a subcommand's default must not erase a value given before it.
    common = archive_options(argparse.SUPPRESS)
    parser = _Parser(prog="broadsheet", description="Offline news-archive manager. Without a command, opens the app.",
                     parents=[archive_options(None)])
    parser.add_argument("--version", action="version", version=f"Broadsheet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help="import files and folders of pages (.txt, .text, .html, .htm, .xhtml, .warc, .warc.gz)")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--outlet", help="the outlet of every imported page (overrides what pages say)")
    p.add_argument("--max-size", type=_size, default=None, help="largest page to import (default 32MB)")
    p.add_argument("--page-timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="most seconds one page may take to clean (default 30; 0: no limit); a page that takes "
                        "longer is kept as plain text, without metadata")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", parents=[common], help="search the archive")
    _search_options(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", parents=[common], help="export search hits as csv, jsonl or readable .txt files")
    _search_options(p)
    p.add_argument("--format", choices=("csv", "jsonl", "txt"), required=True)
    p.add_argument("--out", type=Path, required=True, help="a file (csv, jsonl) or a folder (txt)")

    p = sub.add_parser("show", parents=[common], help="print a stored document")
    p.add_argument("id")
    p.add_argument("--original", action="store_true", help="the page exactly as imported")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("clean", parents=[common], help="print the readable text of pages (without importing them)")
    p.add_argument("paths", nargs="+", help="files or folders; - reads one page from standard input")
    p.add_argument("--out", type=Path, help="write one .txt per page into this folder")
    p.add_argument("--html", action="store_true", help="treat standard input as HTML")

    p = sub.add_parser("meta", parents=[common], help="print the metadata of pages (without importing them)")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = sub.add_parser("set", parents=[common], help="correct a document's metadata (\"\" means unknown)")
    p.add_argument("id")
    for name in ("title", "outlet", "date", "author", "url"):
        p.add_argument(f"--{name}")
    p.add_argument("--clear", action="append", default=[], metavar="FIELD", help="drop your correction of a field")

    p = sub.add_parser("tag", parents=[common], help="add or remove tags")
    p.add_argument("id")
    p.add_argument("--add", action="append", default=[])
    p.add_argument("--remove", action="append", default=[])

    p = sub.add_parser("merge-outlets", parents=[common], help="make several outlet names one, now and for future imports")
    p.add_argument("names", nargs="+")
    p.add_argument("--into", required=True)

    p = sub.add_parser("outlet-rules", parents=[common],
                       help="list the rules merges made (name → outlet); --remove NAME undoes one")
    p.add_argument("--remove", action="append", default=[], metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stats", parents=[common], help="counts of documents, outlets and dates")
    p.add_argument("--json", action="store_true")

    sub.add_parser("reindex", parents=[common], help="rebuild the search index (--engine switches engines)")

    p = sub.add_parser("reclean", parents=[common], help="learn each outlet's boilerplate and clean every page again")
    p.add_argument("--page-timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="most seconds one page may take to clean (default 30; 0: no limit); a page that takes "
                        "longer keeps its previous cleaning")
    p.add_argument("--json", action="store_true",
                   help='print {"pages", "cleaned", "total", "cancelled", "kept": [{"path", "reason"}]}')

    p = sub.add_parser("check", parents=[common], help="verify the archive; exit 1 when something is wrong")
    p.add_argument("--repair", action="store_true")
    p.add_argument("--json", action="store_true")
    return parser


def _search_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="*", help="words, OR, NOT/-, \"phrases\", idl*, erdogan~, title:, outlet:, date:2020")
    p.add_argument("--outlet", action="append", default=[], help="only these outlets (repeatable: any of them)")
    p.add_argument("--from", dest="date_from", type=_date)
    p.add_argument("--to", dest="date_to", type=_end_date)
    p.add_argument("--undated", action="store_true", help="only pages without a date")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--original", action="store_true", help="search whole pages, boilerplate included")


def _request(args) -> SearchRequest:
    return SearchRequest(
        query=" ".join(args.query), outlets=tuple(args.outlet), date_from=args.date_from, date_to=args.date_to,
        undated_only=args.undated, sort=args.sort, limit=max(0, getattr(args, "limit", 20)),
        offset=max(0, getattr(args, "offset", 0)), original=args.original,
    )


class _Progress:
    """Progress on stderr: a live line on a terminal, a line every few seconds otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.started = time.monotonic()
        self.shown = False
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        self.show(done, total, f"{done:,}/{total:,}")

    def pages(self, progress) -> None:  # noqa: ANN001 - an indexer.model.ImportProgress
        """An import's progress, counted in pages (and the files they come from)."""
        self.show(progress.done, progress.total, progress.text(), sep=": ")

    def show(self, done: int, total: int, text: str, sep: str = " ") -> None:
        now = time.monotonic()
        if now - self.started < 1.0 or (now - self.last < (0.2 if self.tty else 5.0) and done < total):
            return
        self.last = now
        self.shown = True
        line = f"{self.label}{sep}{text}"
        if self.tty:  # clear what a longer line before left behind
            line = "\r" + line.ljust(self.width)
            self.width = len(line) - 1
        print(line, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    import sqlite3

    from indexer.archive import ArchiveBusy, ArchiveError
    from indexer.query import QueryError

    try:
        return COMMANDS[args.command](args)
    except QueryError as error:
        print(f"broadsheet: bad query: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ArchiveBusy as error:
        print(f"broadsheet: {error}", file=sys.stderr)
        return EXIT_FAILED
    except ArchiveError as error:
        print(f"broadsheet: {error}", file=sys.stderr)
        return EXIT_FAILED
    except sqlite3.DatabaseError as error:  # the catalog was damaged after it opened
        print(f"broadsheet: the catalog is damaged ({error}); `broadsheet check --repair` rebuilds it "
              "from the originals", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("\nbroadsheet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _open(args, *, ready: bool = True):
    from indexer.archive import Archive

    archive = Archive.open(args.home, engine=args.engine)
    if ready and archive.needs_index_work():
        progress = _Progress("Indexing")
        archive.ensure_index(progress=progress, wait=30)
        progress.finish()
    return archive


def cmd_import(args) -> int:
    from indexer.readers import DEFAULT_MAX_BYTES

    with _open(args) as archive:
        progress = _Progress("Importing")
        report = archive.import_paths(args.paths, outlet=args.outlet, on_progress=progress.pages,
                                      max_bytes=args.max_size or DEFAULT_MAX_BYTES, page_timeout=args.page_timeout,
                                      wait=30)
        progress.finish()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        plain = f" ({len(report.plain_text):,} as plain text)" if report.plain_text else ""
        print(f"Read {report.reading()}: added {report.added:,}{plain}; {report.duplicates:,} already in the archive; "
              f"{len(report.skipped):,} skipped; {len(report.failed):,} failed ({report.took_ms / 1000:.1f} s).")
        for title, items in (("Kept as plain text", report.plain_text), ("Skipped", report.skipped),
                             ("Failed", report.failed)):
            if items:
                print(f"{title}:")
                for path, reason in items:
                    print(f"  {path}: {reason}")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_search(args) -> int:
    with _open(args) as archive:
        result = archive.search(_request(args))
    if args.json:
        print(json.dumps(search_json(result), ensure_ascii=False))
        return EXIT_OK
    color = sys.stdout.isatty()
    print(f"{result.total:,} result{'s' * (result.total != 1)} ({result.took_ms / 1000:.3f} s)")
    for n, hit in enumerate(result.hits, args.offset + 1):
        where = " · ".join(x for x in (hit.outlet, hit.date.isoformat() if hit.date else None) if x)
        print(f"\n{n:>3}. {hit.title or '(untitled)'}" + (f" — {where}" if where else "") + f"  [{hit.id[:10]}]")
        print("     " + _terminal_snippet(hit.snippet, color))
    if result.suggestion:
        print(f"\nDid you mean: {result.suggestion}")
    facets = result.facets
    if result.total:
        print()
        if facets.outlet:
            print("Outlets: " + ", ".join(f"{k} ({v})" for k, v in facets.outlet.items()))
        dates = ", ".join(f"{k} ({v})" for k, v in facets.year.items())
        print("Years: " + (dates or "—") + (f"; undated ({facets.undated})" if facets.undated else ""))
    return EXIT_OK


def search_json(result) -> dict:
    return {
        "query": result.query,
        "total": result.total,
        "took_ms": result.took_ms,
        "hits": [
            {"id": h.id, "title": h.title, "outlet": h.outlet, "date": h.date.isoformat() if h.date else None,
             "url": h.url, "score": h.score, "snippet": h.snippet}
            for h in result.hits
        ],
        "facets": {"outlet": result.facets.outlet, "year": result.facets.year, "month": result.facets.month,
                   "undated": result.facets.undated, "tag": result.facets.tag},
        "suggestion": result.suggestion,
    }


def _terminal_snippet(snippet: str, color: bool) -> str:
    on, off = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    return html.unescape(snippet.replace("<mark>", on).replace("</mark>", off))


def cmd_export(args) -> int:
    from indexer.exporting import export, matching_ids

    with _open(args) as archive:
        request = _request(args)
        ids = list(matching_ids(archive, request))
        progress = _Progress("Exporting")
        count = export(archive, ids, args.format, args.out, progress=progress)
        progress.finish()
    print(f"Exported {count:,} document(s) to {args.out}")
    return EXIT_OK


def cmd_show(args) -> int:
    with _open(args) as archive:
        doc = archive.get(args.id)
        if args.original:
            sys.stdout.flush()
            sys.stdout.buffer.write(archive.original(doc.id))
            sys.stdout.buffer.flush()
            return EXIT_OK
    if args.json:
        print(json.dumps({
            "id": doc.id, "title": doc.title, "text": doc.readable_text, "source_path": doc.source_path,
            "metadata": {k: {"value": v.value, "source": v.source, "confidence": v.confidence} for k, v in doc.metadata.items()},
            "date_candidate": doc.date_candidate.value if doc.date_candidate else None,
            "other_dates": [{"value": v.value, "source": v.source} for v in doc.other_dates], "tags": list(doc.tags),
        }, ensure_ascii=False))
        return EXIT_OK
    for name in ("title", "outlet", "date", "author", "url", "language"):
        value = doc.metadata.get(name)
        if value:
            print(f"{name.capitalize():>9}: {value.value}  ({value.source})")
    if doc.date_candidate:
        print(f"{'Date?':>9}: {doc.date_candidate.value}  (unconfirmed, {doc.date_candidate.source})")
    for other in doc.other_dates:
        print(f"{'Or date':>9}: {other.value}  ({other.source}; to use it: broadsheet set {doc.id[:12]} --date {other.value})")
    if doc.tags:
        print(f"{'Tags':>9}: {', '.join(doc.tags)}")
    print(f"{'Id':>9}: {doc.id}\n{'From':>9}: {doc.source_path}\n")
    print(doc.readable_text)
    return EXIT_OK


def cmd_clean(args) -> int:
    from indexer.cleaning import clean
    from indexer.model import Page
    from indexer.readers import UnreadableFile, read_page

    if args.out:
        from indexer.cleaning.batch import clean_tree

        if "-" in args.paths:
            print("broadsheet: --out cleans files and folders, not standard input", file=sys.stderr)
            return EXIT_USAGE
        progress = _Progress("Cleaning")
        report = clean_tree([Path(p) for p in args.paths], args.out, progress=progress)
        progress.finish()
        print(f"Cleaned {report.written:,} page(s) into {args.out}; {len(report.failed):,} failed.")
        for path, reason in report.failed:
            print(f"  {path}: {reason}")
        return EXIT_FAILED if report.failed else EXIT_OK
    failed = False
    for n, name in enumerate(args.paths):
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
                from indexer.readers import decode

                kind = "html" if args.html or re.match(rb"\s*<", data[:512]) else "text"
                text, encoding = decode(data, kind)
                page = Page(text, kind, None, encoding)
            else:
                page = read_page(Path(name))
        except UnreadableFile as error:
            print(f"broadsheet: {name}: {error}", file=sys.stderr)
            failed = True
            continue
        if n:
            print("\n" + "=" * 72 + "\n")
        print(clean(page).text)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_meta(args) -> int:
    from indexer.cleaning import clean
    from indexer.metadata import describe
    from indexer.readers import Found, UnreadableFile, discover, read_page

    failed = False
    for item in discover(args.paths):
        if not isinstance(item, Found):
            if item.failed:
                print(f"broadsheet: {item.path}: {item.reason}", file=sys.stderr)
                failed = True
            continue
        try:
            page = read_page(item.path)
        except UnreadableFile as error:
            print(f"broadsheet: {item.path}: {error}", file=sys.stderr)
            failed = True
            continue
        record = describe(page, clean(page))
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(record["path"])
            for key in ("title", "date", "modified", "outlet", "author", "url", "language"):
                if record.get(key):
                    print(f"  {key}: {record[key]}  ({record['sources'].get(key, '?')})")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_set(args) -> int:
    values = {name: getattr(args, name) for name in ("title", "outlet", "date", "author", "url")
              if getattr(args, name) is not None}
    for name in args.clear:
        values[name] = None
    if not values:
        print("broadsheet: nothing to set: give --outlet, --date, --title, --author, --url or --clear", file=sys.stderr)
        return EXIT_USAGE
    with _open(args) as archive:
        doc = archive.set_fields(args.id, wait=30, **values)
    print(f"{doc.id[:10]}: " + ", ".join(f"{k} = {doc.value(k) or 'unknown'}" for k in values))
    return EXIT_OK


def cmd_tag(args) -> int:
    with _open(args) as archive:
        doc = archive.set_tags(args.id, add=args.add, remove=args.remove, wait=30)
    print(f"{doc.id[:10]}: tags: {', '.join(doc.tags) or '(none)'}")
    return EXIT_OK


def cmd_merge(args) -> int:
    with _open(args) as archive:
        changed = archive.merge_outlets(args.names, args.into, wait=30)
    print(f"Merged into “{args.into}”: {changed:,} document(s) changed; future imports follow the rule.")
    return EXIT_OK


def cmd_outlet_rules(args) -> int:
    with _open(args, ready=bool(args.remove)) as archive:
        if args.remove:
            rules = archive.outlet_rules()
            unknown = [name for name in args.remove if name.strip().casefold() not in rules]
            if unknown:
                print(f"broadsheet: no outlet rule for {', '.join(map(repr, unknown))}", file=sys.stderr)
                return EXIT_USAGE
            changed = archive.remove_outlet_rules(args.remove, wait=30)
            print(f"Removed {len(args.remove):,} rule(s): {changed:,} document(s) went back to the outlet they name.")
            return EXIT_OK
        rules = archive.outlet_rules()
    if args.json:
        print(json.dumps(rules, ensure_ascii=False))
    elif not rules:
        print("No outlet rules: merge outlets with `broadsheet merge-outlets`.")
    for alias, name in ([] if args.json else rules.items()):
        print(f"{alias} → {name}")
    return EXIT_OK


def cmd_stats(args) -> int:
    with _open(args, ready=False) as archive:
        stats = archive.stats()
    if args.json:
        print(json.dumps(stats.as_json(), ensure_ascii=False))
        return EXIT_OK
    print(f"Archive: {stats.home}  (engine: {stats.engine})")
    print(f"{stats.documents:,} document(s), {stats.bytes / 1024 / 1024:.1f} MB of originals, {stats.undated:,} undated")
    for name, count in list(stats.outlets.items())[:20]:
        print(f"  {count:>7,}  {name}")
    if not stats.documents:
        print("The archive is empty. Try: broadsheet import FOLDER   (or open the app: broadsheet)")
    return EXIT_OK


def cmd_reindex(args) -> int:
    with _open(args, ready=False) as archive:
        progress = _Progress("Indexing")
        count = archive.reindex(args.engine, progress=progress, wait=30)
        progress.finish()
        print(f"Reindexed {count:,} document(s) with {archive.engine_name}.")
    return EXIT_OK


def cmd_reclean(args) -> int:
    with _open(args) as archive:
        progress = _Progress("Cleaning")
        report = archive.reclean(progress=progress, wait=30, page_timeout=args.page_timeout)
        progress.finish()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return EXIT_OK
    print(report.summary())
    if report.kept:
        print("Left as they were (their previous cleaning kept):")
        for path, reason in report.kept:
            print(f"  {path}: {reason}")
    return EXIT_OK


def cmd_check(args) -> int:
    from indexer.checking import catalog_damage, check, rebuild_catalog
    from indexer.paths import default_home

    rebuilt = []
    if args.repair and catalog_damage(args.home or default_home()):
        rebuilt = rebuild_catalog(args.home or default_home())
    with _open(args, ready=False) as archive:
        progress = _Progress("Checking")
        report = check(archive, repair=args.repair, progress=progress)
        report.repaired[:0] = rebuilt
        progress.finish()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(f"Checked {report.documents:,} document(s): " + ("healthy." if report.healthy else "problems found:"))
        for problem in report.problems:
            print(f"  - {problem}")
        for note in report.notes:
            print(f"  note: {note}")
        for fix in report.repaired:
            print(f"  repaired: {fix}")
    if args.repair and report.repaired:
        return EXIT_OK if report.repairable else EXIT_FAILED
    return EXIT_OK if report.healthy else EXIT_FAILED


COMMANDS: dict[str, Callable] = {
    "import": cmd_import, "search": cmd_search, "export": cmd_export, "show": cmd_show, "clean": cmd_clean,
    "meta": cmd_meta, "set": cmd_set, "tag": cmd_tag, "merge-outlets": cmd_merge,
    "outlet-rules": cmd_outlet_rules, "stats": cmd_stats,
    "reindex": cmd_reindex, "reclean": cmd_reclean, "check": cmd_check,
}
