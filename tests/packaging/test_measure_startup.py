"""The start-up timer the release workflow and check_frozen.sh run on the frozen app."""

import json
import sys

import pytest

from tests.packaging.conftest import load

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake executables are shell scripts")


def fake_app(tmp_path, body: str):
    script = tmp_path / "Broadsheet"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_reads_the_first_window_mark_and_writes_the_numbers(tmp_path, capsys):
    measure = load("measure_startup")
    app = fake_app(tmp_path, '[ -n "$BROADSHEET_STARTUP_PROBE" ] || exit 3\n'
                             'echo "first-window-shown-at $(date +%s.%N)"\necho "smoke test passed: 5 hits"')  # fmt: skip
    out = tmp_path / "startup.json"
    assert measure.main([str(app), "--runs", "2", "--json", str(out)]) == 0
    numbers = json.loads(out.read_text())
    assert numbers["runs"] == 2 and numbers["first_run_is_cold"] is False
    assert 0 <= numbers["first_run_to_window_s"] <= numbers["first_run_smoke_test_s"] < 30
    assert "smoke test passed" in capsys.readouterr().out


def test_a_failing_smoke_test_fails_the_measurement(tmp_path, capsys):
    measure = load("measure_startup")
    app = fake_app(tmp_path, 'echo "smoke test FAILED: timed out" >&2\nexit 1')
    assert measure.main([str(app), "--runs", "1"]) == 1
    assert "timed out" in capsys.readouterr().err


def test_a_program_without_output_still_gets_its_exit_status_checked(tmp_path, capsys):
    measure = load("measure_startup")  # a windowed Windows program has no stdout to read
    assert measure.main([str(fake_app(tmp_path, "exit 0")), "--runs", "1"]) == 0
    assert "no output" in capsys.readouterr().out
