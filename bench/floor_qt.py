"""The floor of opening a book: a bare PySide6 process showing the same text with the same highlights.

``python bench/floor_qt.py TEXT RANGES PROBE``: a QTextDocument given the
text with setPlainText and a background merged over every [start, end) of the
JSON list RANGES in one edit block, then shown in a QTextEdit of the reader's
size (formatting a document a view already lays out would lay it all out). It writes
``painted MONOTONIC`` to PROBE once its first paint is done, and the longest
gap of a 5 ms heartbeat until Qt has laid the text out (Qt's own lazy layout,
for comparison). Nothing of Claimmark is imported.

``python bench/floor_qt.py --idle SECONDS PROBE``: only the heartbeat, for
SECONDS: its longest gap is what the machine alone does to a UI thread (the
floor of every stall figure), then ``laid-out``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QTextEdit


class _Stamps(QObject):
    def __init__(self, path: Path, edit: QTextEdit) -> None:
        super().__init__()
        self.stream, self.edit, self.painted, self.last = path.open("a", encoding="utf-8"), edit, False, 0.0
        edit.viewport().installEventFilter(self)
        self.beat = QTimer(self, interval=5)
        self.beat.timeout.connect(self._beat)

    def write(self, name: str, value: object = "") -> None:
        self.stream.write(f"{name} {time.monotonic():.6f} {value}\n")
        self.stream.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, lambda: self.write("painted"))
            self.last = time.monotonic()
            self.beat.start()
        return False

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self.last > 0.010:
            self.write("stall", f"{now - self.last:.6f}")
        self.last = now
        last = self.edit.document().lastBlock().layout()
        if last is not None and last.lineCount() > 0:
            self.write("laid-out")
            self.beat.stop()


def main(text_path: str, ranges_path: str, probe_path: str) -> int:
    """Show the text with its highlights; return the event loop's status."""
    app = QApplication(sys.argv[:1])
    edit = QTextEdit()
    edit.setReadOnly(True)
    edit.resize(800, 860)
    stamps = _Stamps(Path(probe_path), edit)
    document = QTextDocument(edit)
    document.setPlainText(Path(text_path).read_text(encoding="utf-8"))
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(255, 200, 0, 60))
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start, end in json.loads(Path(ranges_path).read_text(encoding="utf-8")):
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    cursor.endEditBlock()
    edit.setDocument(document)
    edit.show()
    stamps.write("shown")
    return app.exec()


def idle(seconds: str, probe_path: str) -> int:
    """Beat every 5 ms for seconds, writing each gap over 10 ms; return the event loop's status."""
    app = QApplication(sys.argv[:1])
    with Path(probe_path).open("a", encoding="utf-8") as stream:
        last = [time.monotonic()]

        def beat() -> None:
            now = time.monotonic()
            if now - last[0] > 0.010:
                stream.write(f"stall {now:.6f} {now - last[0]:.6f}\n")
            last[0] = now

        timer = QTimer(interval=5)
        timer.timeout.connect(beat)
        timer.start()
        stream.write(f"painted {time.monotonic():.6f}\n")

        def finish() -> None:
            stream.write(f"laid-out {time.monotonic():.6f}\n")
            stream.flush()
            app.quit()

        QTimer.singleShot(int(float(seconds) * 1000), finish)
        return app.exec()


if __name__ == "__main__":
    sys.exit(idle(*sys.argv[2:4]) if sys.argv[1] == "--idle" else main(*sys.argv[1:4]))
