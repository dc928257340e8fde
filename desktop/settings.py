"""The window's own state between runs (geometry, splitters, search history, sort): UI state only.

Stored with QSettings in an INI file under the platform's config folder. Nothing about the
archive lives here: that is the catalog's job. Tests point QSettings at a temporary folder
with `use_settings_folder`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Broadsheet"
APPLICATION = "Broadsheet"
HISTORY_LENGTH = 30
SETTINGS_VERSION = 1


def use_settings_folder(folder: Path) -> None:
    """Keep settings in folder (tests, portable runs) instead of the user's config folder."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


class UiSettings:
    """Typed access to the few things the window remembers."""

    def __init__(self) -> None:
        self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)
        if int(self._qs.value("version", 0) or 0) != SETTINGS_VERSION:
            # An older or unknown layout: start from defaults rather than misread it.
            self._qs.clear()
            self._qs.setValue("version", SETTINGS_VERSION)

    def bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)

    def history(self) -> list[str]:
        value = self._qs.value("search/history", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in (value or []) if str(v).strip()][:HISTORY_LENGTH]

    def remember_search(self, query: str) -> list[str]:
        """Put query first in the history (once) and return the new history."""
        query = query.strip()
        history = self.history()
        if query:
            history = [query, *(q for q in history if q != query)][:HISTORY_LENGTH]
            self._qs.setValue("search/history", history)
        return history

    def text(self, key: str, default: str = "") -> str:
        return str(self._qs.value(key, default) or default)

    def set_text(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._qs.value(key, default)
        return value in (True, "true", "1", 1) if not isinstance(value, bool) else value

    def set_flag(self, key: str, value: bool) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
