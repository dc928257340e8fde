"""Fixtures for the desktop tests: temporary UI settings, archives with known pages, an open window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.settings import use_settings_folder
from indexer.archive import Archive
from resources import SAMPLE_ARCHIVE

# The offscreen platform warns about window-manager features it lacks (size hints of a window with
# a layout, raising a window, a completer popup grabbing the keyboard); that says nothing about our
# code, while every other Qt warning still fails a test.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/desktop" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Window geometry and search history go to a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("ui-settings")
    use_settings_folder(folder)
    return folder


@pytest.fixture
def empty_archive(_isolated_home: Path) -> Iterator[Archive]:
    archive = Archive.open(_isolated_home)
    yield archive
    archive.close()


@pytest.fixture(scope="session")
def _prepared_sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per run (importing and indexing take a while); each test gets its own copy."""
    home = tmp_path_factory.mktemp("sample-archive")
    with Archive.open(home) as archive:
        report = archive.import_paths([SAMPLE_ARCHIVE])
        assert report.added == 5
        first, second, third, fourth, fifth = sorted(report.added_ids)
        archive.set_fields(first, outlet="Daily Sabah", date="2020-02-21")
        archive.set_fields(second, outlet="TASS", date="2020-03-05")
        archive.set_fields(third, outlet="TASS", date="2019-08-27")
        archive.set_fields(fourth, outlet="", date="")
        archive.set_fields(fifth, outlet="", date="")
    return home


@pytest.fixture
def sample_archive(_isolated_home: Path, _prepared_sample_home: Path) -> Iterator[Archive]:
    """The five bundled sample pages with known outlets and dates (three dated, two undated).

    Set as user corrections, so the tests do not depend on what the extractor finds.
    """
    shutil.copytree(_prepared_sample_home, _isolated_home, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("write.lock"))
    archive = Archive.open(_isolated_home)
    yield archive
    archive.close()


def make_window(qtbot, archive: Archive):  # noqa: ANN001, ANN201 - pytest-qt's qtbot
    from desktop.main_window import MainWindow

    window = MainWindow(archive)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.search.resultReady, timeout=10_000):
        window.start()
    return window


@pytest.fixture
def window(qtbot, sample_archive: Archive):  # noqa: ANN001, ANN201
    win = make_window(qtbot, sample_archive)
    yield win
    win.close()


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[list[Path]]:
    """Three small text pages that are not in any archive yet."""
    folder = tmp_path / "pages"
    folder.mkdir()
    paths = []
    for number, word in enumerate(("zeppelin", "marmalade", "quasar")):
        path = folder / f"page{number}.txt"
        path.write_text(f"A story about the {word}\n\nThe {word} was seen over the harbour on Tuesday. "
                        f"Witnesses said the {word} looked larger than expected.\n", encoding="utf-8")
        paths.append(path)
    yield paths
