"""PySide6 6.12.0 on CPython 3.11 aborts ("deallocating None") after many void calls."""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
app = QGuiApplication([])
document = QTextDocument("claimmark " * 10)
cursor = QTextCursor(document)
for i in range(100_000):
    cursor.setPosition(i % 50)
print("ok")
"""


def test_void_qt_method_called_100000_times_exits_cleanly() -> None:
    """A void Qt method called 100,000 times must not crash the interpreter."""
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
