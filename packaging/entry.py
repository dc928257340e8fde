"""The script both frozen executables run: `Broadsheet` (windowed) and `broadsheet-cli` (console).

PyInstaller builds the two from this one script and one set of libraries (packaging/
broadsheet.spec). They differ only in the executable's subsystem: on Windows a windowed
program has no console and no stdout, so it always opens the window; the console twin serves
`broadsheet-cli import …`, `broadsheet-cli stats --json` and the like, and anything else it is
given opens the window too, as `broadsheet` does when run from source.

`--check-bundle` (first argument, either executable) verifies the frozen build itself: every
engine, parser and data file the app needs is inside, and worker processes start. CI runs it on
each platform before anything ships (packaging/check_frozen.sh, .github/workflows/release.yml).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

CLI_EXECUTABLE = "broadsheet-cli"
# Set by packaging/measure_startup.py: print when the first window is shown (cold-start timing).
PROBE_VARIABLE = "BROADSHEET_STARTUP_PROBE"
FIRST_WINDOW_MARK = "first-window-shown-at"


def main() -> int:
    # First thing, before any import of ours: the import's process pool starts workers by
    # running this executable again, and freeze_support() turns those runs into workers.
    multiprocessing.freeze_support()
    _give_missing_streams_a_sink()
    # macOS before 10.9 passed a process serial number to apps started from Finder.
    argv = [arg for arg in sys.argv[1:] if not arg.startswith("-psn_")]
    if argv[:1] == ["--check-bundle"]:
        return check_bundle()
    if os.environ.get(PROBE_VARIABLE):
        _report_first_window()
    from desktop import launch

    if Path(sys.executable).stem.lower() == CLI_EXECUTABLE:
        return launch.main(argv)
    return launch.gui_main(argv)


def _give_missing_streams_a_sink() -> None:
    """A windowed Windows program starts with sys.stdout/stderr set to None, and the first
    library that writes a warning there would crash the app; send such output nowhere instead."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the app


def _report_first_window() -> None:
    """Print the wall-clock time at which the app first shows a window, for the startup benchmark.

    The window is the desktop package's business, so this watches from outside: it wraps the
    function that creates the QApplication and filters that application's events.
    """
    from PySide6.QtCore import QEvent, QObject

    from desktop import app as desktop_app

    create = getattr(desktop_app, "make_application", None)
    if create is None:  # the desktop package changed shape: no timing, but the app still runs
        return

    class FirstShow(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Show and getattr(watched, "isWindow", lambda: False)():
                print(f"{FIRST_WINDOW_MARK} {time.time():.6f}", flush=True)
                watched_app.removeEventFilter(self)
            return False

    watched_app = None
    probe = FirstShow()

    def make_application(*args, **kwargs):
        nonlocal watched_app
        application = create(*args, **kwargs)
        if watched_app is None:
            watched_app = application
            application.installEventFilter(probe)
        return application

    desktop_app.make_application = make_application


# -- the bundle check ------------------------------------------------------------------------------

_HTML_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Gazette</title>
<meta property="og:site_name" content="The Gazette">
<meta property="article:published_time" content="2024-03-12T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after eight months of repairs to its
northern span, the city council said in a statement.</p>
<p>Engineers replaced the corroded cables and resurfaced the deck, and the council said that the
work had finished two weeks ahead of schedule and within its budget.</p></article>
<footer>Copyright The Gazette. All rights reserved.</footer></body></html>"""


def _worker_ping(word: str) -> str:
    """Runs in a worker process: proves the frozen executable can serve as one."""
    from indexer.cleaning import language

    return f"{os.getpid()}:{len(language.stop_words(word))}"


def check_bundle() -> int:
    """Exercise what the frozen app needs; print one line per check; 0 when all passed."""
    import tempfile

    failures = 0

    def check(name, action):
        nonlocal failures
        started = time.perf_counter()
        try:
            detail = action()
        except Exception as error:  # report every missing piece, not only the first
            failures += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            return
        print(f"ok   {name} ({(time.perf_counter() - started) * 1000:.0f} ms){': ' + detail if detail else ''}",
              flush=True)  # fmt: skip

    def resources():
        import resources as res

        pages = res.sample_pages()
        assert len(pages) >= 1, "the sample archive is empty"
        icons = sorted(p.name for p in res.ICONS.iterdir())
        for wanted in ("broadsheet-256.png", "broadsheet.ico", "broadsheet.svg"):
            assert wanted in icons, f"{wanted} missing from {res.ICONS}"
        return f"{len(pages)} sample pages, {len(icons)} icon files"

    def indexer_data():
        import indexer

        folder = Path(indexer.__file__).parent
        data = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
        return f"{len(data)} data files under indexer/"

    def optional_data():
        """Packages that read data files at run time: bundled without them they fail quietly."""
        import importlib.util

        found = []
        if importlib.util.find_spec("stop_words"):
            from stop_words import get_stop_words

            assert len(get_stop_words("english")) > 50, "stop-words lists are missing"
            found.append("stop-words")
        if importlib.util.find_spec("dateparser"):
            import dateparser

            assert dateparser.parse("12 March 2024", languages=["en"]) is not None, "dateparser data missing"
            found.append("dateparser")
        if importlib.util.find_spec("htmldate"):
            from htmldate import find_date

            assert find_date(_HTML_PAGE) == "2024-03-12", "htmldate cannot read a plain date"
            found.append("htmldate")
        if importlib.util.find_spec("trafilatura"):
            import justext
            import trafilatura

            # settings.cfg, justext's stop lists and courlan's language data all take part here.
            assert len(justext.get_stoplist("English")) > 50, "justext stop lists are missing"
            text = trafilatura.extract(_HTML_PAGE, url="https://gazette.example/news/bridge", favor_precision=True)
            assert text and "northern span" in text, "trafilatura extracts nothing"
            found.append("trafilatura")
        return ", ".join(found) or "none bundled"

    def parsers():
        import charset_normalizer
        import lxml.html
        from bs4 import BeautifulSoup

        assert lxml.html.fromstring(_HTML_PAGE).findtext(".//h1").startswith("Harbour")
        assert BeautifulSoup(_HTML_PAGE, "lxml").h1 is not None
        best = charset_normalizer.from_bytes("Café au lait, crème brûlée, déjà vu.".encode("cp1252")).best()
        assert best is not None and "é" in str(best)
        return "lxml, bs4, charset-normalizer"

    def workers():
        from concurrent.futures import ProcessPoolExecutor

        # Spawn (the only way on Windows, the default on macOS) even on Linux, so this check
        # proves that freeze_support() turns a re-run of the executable into a worker.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            answers = list(pool.map(_worker_ping, ["english", "german"]))
        assert all(int(a.split(":")[1]) >= 0 for a in answers)
        return f"2 spawned workers answered ({', '.join(answers)})"

    def engine(name):
        def run():
            from indexer.archive import Archive
            from indexer.model import SearchRequest

            import resources as res

            with tempfile.TemporaryDirectory(prefix="broadsheet-check-") as home:
                page = Path(home) / "bridge.html"
                page.write_text(_HTML_PAGE, encoding="utf-8")
                archive = Archive.open(Path(home) / "archive", engine=name)
                try:
                    report = archive.import_paths([*res.sample_pages(), page], workers=1)
                    assert not report.failed, f"import failures: {report.failed}"
                    result = archive.search(SearchRequest(query="harbour bridge"))
                    assert result.total >= 1, "the imported HTML page is not found"
                    return f"{archive.stats().as_json().get('documents', '?')} documents, {result.total} hit(s)"
                finally:
                    archive.close()

        return run

    def warc():
        """A crawl's pages through warcio and brotli, which the app imports only when it meets a WARC."""
        import brotli

        from indexer.archive import Archive

        body = brotli.compress(_HTML_PAGE.encode("utf-8"))
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: br\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:6c9f3c1e-0000-4000-8000-000000000001>\r\n"
                  b"WARC-Date: 2024-03-13T10:00:00Z\r\nWARC-Target-URI: https://gazette.example/news/bridge\r\n"
                  b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
                  + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
        with tempfile.TemporaryDirectory(prefix="broadsheet-check-") as home:
            crawl = Path(home) / "crawl.warc"
            crawl.write_bytes(record)
            with Archive.open(Path(home) / "archive", engine="tantivy") as archive:
                report = archive.import_paths([crawl], workers=1)
                assert report.added == 1 and not report.failed, f"WARC import: {report}"
                url = archive.get(report.added_ids[0]).url
                assert url == "https://gazette.example/news/bridge", f"WARC page URL: {url}"
        return "1 brotli-encoded page from a WARC"

    def qt():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QIcon
        from PySide6.QtNetwork import QLocalServer
        from PySide6.QtWidgets import QApplication, QMainWindow

        import resources as res

        app = QApplication.instance() or QApplication([sys.executable])
        window = QMainWindow()
        icon = QIcon(str(res.ICONS / "broadsheet-256.png"))
        assert not icon.isNull(), "the window icon cannot be loaded"
        window.setWindowIcon(icon)
        window.show()
        app.processEvents()
        window.close()
        assert QLocalServer is not None
        return f"platform {app.platformName()}, Qt {__import__('PySide6').__version__}"

    def interpreter():
        if getattr(sys, "frozen", False):
            assert sys.flags.utf8_mode, "UTF-8 mode is off: piped output on Windows would be cp1252"
        return f"Python {sys.version.split()[0]}, frozen={getattr(sys, 'frozen', False)}, utf8_mode={sys.flags.utf8_mode}"

    print(f"Broadsheet bundle check: {sys.executable}", flush=True)
    check("interpreter", interpreter)
    check("resources", resources)
    check("indexer data", indexer_data)
    check("data-reading dependencies", optional_data)
    check("parsers", parsers)
    check("worker processes", workers)
    check("whoosh engine: import + search", engine("whoosh"))
    check("tantivy engine: import + search", engine("tantivy"))
    check("WARC import (warcio, brotli)", warc)
    check("Qt window", qt)
    print("bundle check passed" if not failures else f"bundle check FAILED: {failures} problem(s)", flush=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
