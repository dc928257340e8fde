"""Starting the app: the packaged smoke test passes on a fresh temporary archive."""

from __future__ import annotations

from desktop.app import parse_arguments, smoke_test


def test_the_smoke_test_imports_searches_and_passes(qtbot, capsys) -> None:  # noqa: ANN001
    assert smoke_test() == 0
    assert "smoke test passed" in capsys.readouterr().out


def test_arguments_pick_the_home_and_the_paths_to_import(tmp_path) -> None:  # noqa: ANN001
    arguments = parse_arguments(["--home", str(tmp_path), "a.txt", "folder"])
    assert arguments.home == tmp_path
    assert [str(p) for p in arguments.paths] == ["a.txt", "folder"]
    assert not arguments.smoke_test


def test_paths_opened_from_elsewhere_are_imported(qtbot, sample_archive, pages) -> None:  # noqa: ANN001
    from desktop.app import _paths_from_elsewhere
    from tests.desktop.conftest import make_window

    window = make_window(qtbot, sample_archive)
    with qtbot.waitSignal(window.operations.imported, timeout=20_000) as blocker:
        _paths_from_elsewhere(window, [str(p) for p in pages])
    assert blocker.args[0].added == len(pages)
    window.close()
