"""How responsive the window stays on a larger archive: open time, and event-loop gaps while in use.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_responsiveness.py --pages 5000

Builds (once, in --home, default a temporary folder) an archive of synthetic news pages spread over
outlets and years, then opens the window and measures:

- open time: from creating the window to the first results shown;
- event-loop gaps: a 5 ms QTimer records how late each tick arrives while a script types a query
  letter by letter, scrolls the results to the end repeatedly (lazy paging), checks an outlet,
  clicks a year, reads documents and imports more pages in the background. A gap is time the
  GUI thread could not answer the user; the max and the 95th percentile are printed per phase.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.app import make_application  # noqa: E402
from desktop.settings import use_settings_folder  # noqa: E402
from indexer.archive import Archive  # noqa: E402

OUTLETS = ["Daily Sabah", "TASS", "Anadolu Agency", "The National", "RT", "Al-Monitor", "Hurriyet", "Kyiv Post",
           "Reuters", "AFP", "Euronews", "Deutsche Welle"]
WORDS = ("putin erdogan idlib syria turkey russia ceasefire talks refugees border offensive regime army rebels "
         "kremlin ankara damascus phone call summit sanctions agreement observers humanitarian corridor convoy "
         "minister parliament election market oil gas pipeline wheat harvest drought flood storm court trial "
         "protest police reform budget inflation bank currency school hospital vaccine football festival").split()


def synthetic_pages(folder: Path, count: int, seed: int = 7) -> list[tuple[Path, str]]:
    """count small pages in folders per outlet; returns (folder, outlet) pairs to import."""
    rng = random.Random(seed)
    made: dict[str, Path] = {}
    for n in range(count):
        outlet = OUTLETS[n % len(OUTLETS)]
        target = made.setdefault(outlet, folder / outlet.replace(" ", "_"))
        target.mkdir(parents=True, exist_ok=True)
        year = rng.randint(2012, 2023)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
        paragraphs = ["\n".join([" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + "."])
                      for _ in range(rng.randint(3, 8))]
        body = "\n\n".join(paragraphs)
        (target / f"page{n:06d}.txt").write_text(f"{title}\n\nPublished: {day}\n\n{body}\n\nStory {n}.\n",
                                                  encoding="utf-8")
    return [(path, outlet) for outlet, path in made.items()]


class GapRecorder:
    """Records how late a fast timer fires: the GUI thread's stalls."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps = []
        self._clock.start()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.gaps

    def _tick(self) -> None:
        elapsed = self._clock.restart()
        self.gaps.append(max(0.0, float(elapsed)))


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout_ms: int = 120_000) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        wait(10)


def report(name: str, gaps: list[float]) -> None:
    if not gaps:
        print(f"{name:<34} no samples")
        return
    ordered = sorted(gaps)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name:<34} max {max(gaps):7.1f} ms   p95 {p95:6.1f} ms   median {statistics.median(gaps):5.1f} ms"
          f"   ({len(gaps)} ticks)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--home", type=Path, help="archive folder (reused if it already has the pages)")
    parser.add_argument("--engine", default=None, help="whoosh or tantivy for a new archive")
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-gui-bench-"))
    home = arguments.home or scratch / "archive"
    use_settings_folder(scratch / "settings")
    app = make_application()

    with Archive.open(home, engine=arguments.engine) as archive:
        have = archive.catalog.count()
        if have < arguments.pages:
            started = time.perf_counter()
            for folder, outlet in synthetic_pages(scratch / "pages", arguments.pages - have, seed=have):
                archive.import_paths([folder], outlet=outlet)
            print(f"built archive: {archive.catalog.count():,} pages in {time.perf_counter() - started:.1f} s "
                  f"({archive.engine_name})")
        count = archive.catalog.count()
    extra = synthetic_pages(scratch / "extra", 600, seed=10_000 + count)

    from desktop.main_window import MainWindow

    archive = Archive.open(home)
    recorder = GapRecorder()
    started = time.perf_counter()
    window = MainWindow(archive)
    window.resize(1280, 800)
    window.show()
    shown = []
    window.search.resultReady.connect(lambda result: shown.append(time.perf_counter()))
    recorder.start()
    window.start()
    wait_until(lambda: bool(shown))
    report("opening", recorder.stop())
    print(f"GIL switch interval {sys.getswitchinterval() * 1000:.1f} ms")
    print(f"window open to first results: {(shown[0] - started) * 1000:.0f} ms on {count:,} documents "
          f"({archive.engine_name})")

    field = window.search_bar.field
    field.setFocus()
    recorder.start()
    for letter in "putin erdogan idlib":
        QTest.keyClicks(field, letter)
        wait(60)  # a brisk typist
    wait_until(lambda: not window.search.is_busy())
    report("typing a query", recorder.stop())

    window.search_bar.set_text("")
    window.search.set_query("", at_once=True)
    wait_until(lambda: not window.search.is_busy())
    recorder.start()
    view = window.results_view
    view.setFocus()
    for _ in range(40):
        view.scrollToBottom()  # asks the model for the next page
        wait(40)
    report(f"scrolling ({window.results.rowCount():,} rows loaded)", recorder.stop())

    recorder.start()
    for row in range(0, 30):
        view.setCurrentIndex(window.results.index(row))
        wait(30)
    report("reading documents (30 selections)", recorder.stop())

    recorder.start()
    proxy = window.facets.sorted_outlets
    window.facets.outlets.setData(proxy.mapToSource(proxy.index(0, 0)), Qt.CheckState.Checked,
                                  Qt.ItemDataRole.CheckStateRole)
    wait_until(lambda: not window.search.is_busy())
    window.facets.histogram.barClicked.emit(window.facets.histogram.bars[-1][0])
    wait_until(lambda: not window.search.is_busy())
    window.search.clear_filters()
    wait_until(lambda: not window.search.is_busy())
    report("facets (outlet, year, clear)", recorder.stop())

    recorder.start()
    done = []
    window.operations.imported.connect(done.append)
    for folder, _outlet in extra:
        window.operations.import_paths([folder], show_dialog=False)
    typed = 0
    while len(done) < len(extra):
        QTest.keyClicks(field, "ab"[typed % 2])
        typed += 1
        wait(80)
    report("importing 600 pages while typing", recorder.stop())

    window.close()
    archive.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
