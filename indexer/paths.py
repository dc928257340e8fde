"""Where an archive lives: the platform's per-user data folder, or the one BROADSHEET_HOME names."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_VARIABLE = "BROADSHEET_HOME"
ENGINE_VARIABLE = "BROADSHEET_ENGINE"


def default_home() -> Path:
    """BROADSHEET_HOME when set (tests, portable installs), else the user data dir, e.g.
    ~/.local/share/Broadsheet, %LOCALAPPDATA%\\Broadsheet, ~/Library/Application Support/Broadsheet."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("Broadsheet", appauthor=False))
