"""The Qt binding itself must be sound: a long session must not crash the interpreter.

PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to None on every Qt call that returns
nothing; ten thousand `setText` calls abort Python ("deallocating None"). pyproject.toml excludes
that release; this test catches any binding that brings the bug back.
"""

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for number in range(2000):
    label.setText(str(number))
    label.setEnabled(number % 2 == 0)
print(sys.getrefcount(None) - before)
"""


def test_qt_calls_do_not_leak_references_to_none():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 100
