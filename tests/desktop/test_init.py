"""The desktop package guards the interpreter against PySide's lost references to None."""

from __future__ import annotations

import sys

import desktop


def test_many_qt_calls_cannot_exhaust_none(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    for number in range(20_000):  # each call returns None without a reference on Python 3.11
        label.setText(str(number))
    if sys.version_info < (3, 12) and desktop.__name__:
        assert sys.getrefcount(None) > 1 << 39
    assert label.text() == "19999"
