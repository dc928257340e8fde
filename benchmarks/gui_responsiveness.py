"""How responsive the window stays on a larger archive: open time, and event-loop gaps while in use.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_responsiveness.py --pages 5000 [--why]

Builds (once, in --home, default a temporary folder) an archive of synthetic news pages spread over
outlets and years (an archive that already has --pages pages is reused), then opens the window and
measures:

- open time: from creating the window to the first results shown (the cold start of the whole
  process, imports included, is benchmarks/window_open.py);
- event-loop gaps: a 5 ms QTimer records how late each tick arrives while a script types a query
  letter by letter, scrolls the results to the end repeatedly (lazy paging), checks an outlet,
  clicks a year, reads documents and imports --import-pages more pages in one drop (worker
  processes and the write thread) while typing. A gap is time the GUI thread could not answer
  the user; the max and the 95th percentile are printed per phase.

--why samples, from a watchdog thread, where the GUI thread's Python stack stands whenever it is
more than --stall-ms late, and prints the most frequent stacks per phase. A stack ending in the
benchmark's own event loop means the GUI thread was in Qt's C++ code (painting, layout) or
waiting for the interpreter lock that a worker thread held. It also times every Python function
Qt calls on the GUI thread and lists those over --slot-ms (the profiling hook slows them a little).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.app import make_application, start_processes_apart  # noqa: E402
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
        self.busy: list[float] = []  # the GUI thread's own CPU time within each gap
        self._cpu = time.thread_time()
        self._clock.start()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.gaps

    def _tick(self) -> None:
        elapsed = self._clock.restart()
        cpu = time.thread_time()
        self.last_tick = time.monotonic()
        self.gaps.append(max(0.0, float(elapsed)))
        self.busy.append((cpu - self._cpu) * 1000)
        self._cpu = cpu

    last_tick = 0.0
    verbose = False


class StallSampler(threading.Thread):
    """Where the GUI thread's Python stack stands while the GapRecorder's timer is overdue."""

    def __init__(self, recorder: GapRecorder, stall_ms: float) -> None:
        super().__init__(daemon=True)
        self.recorder = recorder
        self.stall_s = stall_ms / 1000
        self.main_id = threading.main_thread().ident
        self.phase = ""
        self.stacks: dict[str, Counter[str]] = {}
        self.own_lateness: dict[str, float] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        woke = time.monotonic()
        while not self._stop_event.wait(0.005):
            now = time.monotonic()
            # This thread needs the interpreter lock too: when it is as late as the GUI thread,
            # the lock (or the whole process) was held up, not the GUI thread's own work.
            late = (now - woke - 0.005) * 1000
            woke = now
            worst = self.own_lateness.get(self.phase, 0.0)
            self.own_lateness[self.phase] = max(worst, late)
            last = self.recorder.last_tick
            if not last or now - last < self.stall_s:
                continue
            frames = sys._current_frames()
            for ident, frame in frames.items():
                if ident == threading.get_ident():
                    continue
                depth = 7 if ident == self.main_id else 3
                lines = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame)[-depth:]]
                who = "GUI: " if ident == self.main_id else "other thread: "
                self.stacks.setdefault(self.phase, Counter())[who + " < ".join(reversed(lines))] += 1
            del frames, frame  # a frame kept alive keeps its locals (a QPainter, say) alive too

    def stop(self) -> None:
        self._stop_event.set()

    def report(self) -> None:
        for phase, late in self.own_lateness.items():
            print(f"-- the sampling thread itself woke up to {late:.0f} ms late while {phase}")
        for phase, stacks in self.stacks.items():
            print(f"-- stalled samples while {phase} (5 ms each):")
            for stack, count in stacks.most_common(10):
                print(f"   {count:4d}  {stack}")


class SlotTimer:
    """Times every Python function Qt calls on the GUI thread (slots, paint, model data), by name.

    Installed with sys.setprofile on the GUI thread: a call whose caller is one of the
    benchmark's own driving functions came from Qt's event loop (or a synchronous Qt call).
    """

    def __init__(self, drivers: tuple, slow_ms: float) -> None:
        self.drivers = drivers
        self.slow_s = slow_ms / 1000
        self.phase = ""
        self.started: dict[int, float] = {}
        self.slow: dict[str, dict[str, list[float]]] = {}

    def __call__(self, frame, event: str, arg) -> None:  # noqa: ANN001 - sys.setprofile's signature
        if event not in ("call", "return"):
            return
        caller = frame.f_back
        if caller is None or caller.f_code not in self.drivers or frame.f_code in self.drivers:
            return
        if event == "call":
            self.started[id(frame)] = time.perf_counter()
            return
        began = self.started.pop(id(frame), None)
        if began is not None and time.perf_counter() - began >= self.slow_s:
            name = f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_firstlineno} {frame.f_code.co_qualname}"
            self.slow.setdefault(self.phase, {}).setdefault(name, []).append((time.perf_counter() - began) * 1000)

    def report(self) -> None:
        for phase, names in self.slow.items():
            print(f"-- Python called by Qt for longer than {self.slow_s * 1000:.0f} ms while {phase}:")
            for name, took in sorted(names.items(), key=lambda kv: -max(kv[1]))[:8]:
                print(f"   {len(took):4d}× max {max(took):6.1f} ms  {name}")


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


def report(name: str, recorder: GapRecorder) -> None:
    gaps = recorder.stop()
    if not gaps:
        print(f"{name:<34} no samples")
        return
    ordered = sorted(gaps)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    # How much of the worst gap the GUI thread spent computing: the rest it waited (for the
    # interpreter lock, or for a CPU the other processes on the machine had).
    print(f"{name:<34} max {max(gaps):7.1f} ms   p95 {p95:6.1f} ms   median {statistics.median(gaps):5.1f} ms"
          f"   ({len(gaps)} ticks; GUI thread busy {recorder.busy[worst]:.0f} ms of the worst,"
          f" {sum(1 for g in gaps if g > 50)} gaps > 50 ms)")
    if recorder.verbose:
        moments = [(sum(gaps[: i + 1]) / 1000, gap, recorder.busy[i]) for i, gap in enumerate(gaps) if gap > 50]
        for at, gap, busy in moments[:12]:
            print(f"{'':36}{gap:5.0f} ms gap at {at:6.2f} s into the phase (GUI thread busy {busy:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--home", type=Path, help="archive folder (reused if it already has the pages)")
    parser.add_argument("--engine", default=None, help="whoosh or tantivy for a new archive")
    parser.add_argument("--import-pages", type=int, default=600, help="pages dropped on the window while typing")
    parser.add_argument("--why", action="store_true", help="sample the GUI thread's stack during stalls")
    parser.add_argument("--stall-ms", type=float, default=40.0, help="how late counts as a stall for --why")
    parser.add_argument("--slot-ms", type=float, default=10.0, help="Python called by Qt for this long is listed")
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-gui-bench-"))
    home = arguments.home or scratch / "archive"
    use_settings_folder(scratch / "settings")
    app = make_application()
    start_processes_apart()  # as the app does

    with Archive.open(home, engine=arguments.engine) as archive:
        have = archive.catalog.count()
        if have < arguments.pages:
            started = time.perf_counter()
            for folder, outlet in synthetic_pages(scratch / "pages", arguments.pages - have, seed=have):
                archive.import_paths([folder], outlet=outlet)
            print(f"built archive: {archive.catalog.count():,} pages in {time.perf_counter() - started:.1f} s "
                  f"({archive.engine_name})")
        count = archive.catalog.count()
    synthetic_pages(scratch / "extra", arguments.import_pages, seed=10_000 + count)

    from desktop.main_window import MainWindow

    archive = Archive.open(home)
    recorder = GapRecorder()
    sampler = StallSampler(recorder, arguments.stall_ms) if arguments.why else None
    recorder.verbose = arguments.why
    slots = SlotTimer((wait.__code__, wait_until.__code__, main.__code__), arguments.slot_ms) if arguments.why else None
    if sampler is not None:
        sampler.start()
        sys.setprofile(slots)

    def phase(name: str) -> None:
        if sampler is not None and slots is not None:
            sampler.phase = slots.phase = name
        recorder.start()

    started = time.perf_counter()
    window = MainWindow(archive)
    window.resize(1280, 800)
    window.show()
    shown = []
    window.search.resultReady.connect(lambda result: shown.append(time.perf_counter()))
    phase("opening")
    window.start()
    wait_until(lambda: bool(shown))
    report("opening", recorder)
    print(f"GIL switch interval {sys.getswitchinterval() * 1000:.1f} ms")
    print(f"window open to first results: {(shown[0] - started) * 1000:.0f} ms on {count:,} documents "
          f"({archive.engine_name})")

    field = window.search_bar.field
    field.setFocus()
    phase("typing")
    for letter in "putin erdogan idlib":
        QTest.keyClicks(field, letter)
        wait(60)  # a brisk typist
    wait_until(lambda: not window.search.is_busy())
    report("typing a query", recorder)

    window.search_bar.set_text("")
    window.search.set_query("", at_once=True)
    wait_until(lambda: not window.search.is_busy())
    phase("scrolling")
    view = window.results_view
    view.setFocus()
    for _ in range(40):
        view.scrollToBottom()  # asks the model for the next page
        wait(40)
    report(f"scrolling ({window.results.rowCount():,} rows loaded)", recorder)

    phase("reading")
    for row in range(0, 30):
        view.setCurrentIndex(window.results.index(row))
        wait(30)
    report("reading documents (30 selections)", recorder)

    phase("facets")
    proxy = window.facets.sorted_outlets
    window.facets.outlets.setData(proxy.mapToSource(proxy.index(0, 0)), Qt.CheckState.Checked,
                                  Qt.ItemDataRole.CheckStateRole)
    wait_until(lambda: not window.search.is_busy())
    if window.facets.histogram.bars:  # an outlet whose pages are all undated has no years
        window.facets.histogram.barClicked.emit(window.facets.histogram.bars[-1][0])
        wait_until(lambda: not window.search.is_busy())
    window.search.clear_filters()
    wait_until(lambda: not window.search.is_busy())
    report("facets (outlet, year, clear)", recorder)

    phase("importing")
    done = []
    window.operations.imported.connect(done.append)
    window.import_paths([scratch / "extra"])  # as a dropped folder: progress dialog, worker processes
    typed = 0
    while not done:
        QTest.keyClicks(field, "ab"[typed % 2])
        typed += 1
        wait(80)
    wait_until(lambda: not window.search.is_busy())  # the search again over the grown archive
    wait(200)
    report(f"importing {arguments.import_pages} pages, typing", recorder)
    print(f"imported: {done[0].added:,} added in {done[0].took_ms / 1000:.1f} s")
    if sampler is not None and slots is not None:
        sys.setprofile(None)
        sampler.stop()
        sampler.report()
        slots.report()

    window.close()
    archive.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
