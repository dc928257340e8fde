"""Test-wide settings: Qt offscreen, and an archive folder of each test's own."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from resources import sample_pages  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test ever touches the user's real archive."""
    home = tmp_path_factory.mktemp("broadsheet-home")
    monkeypatch.setenv("BROADSHEET_HOME", str(home))
    monkeypatch.delenv("BROADSHEET_ENGINE", raising=False)
    return home


@pytest.fixture
def seeds() -> list[Path]:
    return sample_pages()
