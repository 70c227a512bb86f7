"""`python -m bench.tagging LIBRARY DOC SAMPLES`: key press to highlight painted, in a window like the app's.

Run in a process of its own by bench_reader. The window opens DOC as the app
does (gui.app.open_window) and waits until Qt has laid the whole book out, as
when a person has been reading a while. Then, SAMPLES times: a sentence in view
is selected, F, O or Q is pressed on the reader (QTest.keyClick: the key event
goes through the application's shortcut map to the tag action, as a real key
does), and the clock stops when the reader's next paint is done; the sample
counts only if the claim is stored and the panel's count shows it. Beside it,
the floor: INSERT + COMMIT of one row in bare sqlite3 (WAL, synchronous=FULL)
in a file next to the library. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.app import open_window
from storage import Library

from .fixtures import sentences

KEYS = (Qt.Key.Key_F, Qt.Key.Key_O, Qt.Key.Key_Q)
TIMEOUT = 120.0


class _PaintWatch(QObject):
    """Notes each paint event of the widget it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def main(library_path: str, document_id: str, samples: str) -> int:
    """Measure; print {"samples": [...seconds], "floor": [...seconds]}."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder, Library(Path(library_path)) as library:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("reading/lastDocument", int(document_id))
        window = open_window(library, [], settings=settings)
        window.resize(1400, 900)
        _wait_until_laid_out(app, window, int(document_id))
        keys = _keys(int(samples))
        measured = [_tag_once(app, window, key, (n + 0.5) / len(keys)) for n, key in enumerate(keys)]
        floor = _insert_floor(Path(folder) / "floor.sqlite", int(samples))
        window.close()
    print(json.dumps({"samples": measured, "floor": floor}))
    return 0


def _keys(count: int) -> list[Qt.Key]:
    rng = random.Random(3)
    return [rng.choice(KEYS) for _ in range(count)]


def _wait_until_laid_out(app: QApplication, window: object, document_id: int) -> None:
    reader = window.reader  # type: ignore[attr-defined]
    deadline = time.monotonic() + TIMEOUT
    while not (window.current_document_id == document_id and reader.layout_driver.complete()):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise SystemExit("the book was not laid out in time")
        app.processEvents()
        time.sleep(0.005)


def _tag_once(app: QApplication, window: object, key: Qt.Key, fraction: float) -> float:
    """Select a sentence at fraction of the book, press key; return the seconds until the highlight is painted."""
    reader, panel = window.reader, window.annotation_panel  # type: ignore[attr-defined]
    start, end = _sentence_at(reader, fraction)
    reader.select_range(start, end)
    _settle(app)
    before = panel.model.rowCount()
    watch = _PaintWatch()
    reader.viewport().installEventFilter(watch)
    began = time.perf_counter()
    QTest.keyClick(reader, key)
    while not watch.painted:
        app.processEvents()
    seconds = time.perf_counter() - began
    reader.viewport().removeEventFilter(watch)
    if panel.model.rowCount() != before + 1 or f"/{before + 1}" not in panel.title.text():
        raise SystemExit(f"the key press did not store and count a claim ({panel.title.text()})")
    return seconds


def _sentence_at(reader: object, fraction: float) -> tuple[int, int]:
    """Scroll to fraction of the book; return the first sentence of 40-250 characters from there (it is in view)."""
    text: str = reader.text  # type: ignore[attr-defined]
    place = int(len(text) * fraction)
    spans = [(s, e) for s, e in sentences(text[place : place + 6000]) if 40 <= e - s <= 250]
    start, end = spans[0] if spans else (0, 60)
    reader.scroll_to_offset(place + start)  # type: ignore[attr-defined]
    return place + start, place + end


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()
        time.sleep(0.01)


def _insert_floor(path: Path, count: int) -> list[float]:
    """INSERT + COMMIT of one annotation-sized row, count times, in bare sqlite3 with the library's pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE claims (uuid TEXT, start INTEGER, end INTEGER, exact TEXT, claim_type TEXT)")
    times = []
    for n in range(count):
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", [f"u{n}", n, n + 120, "x" * 120, "fact"])
        conn.execute("COMMIT")
        times.append(time.perf_counter() - began)
    conn.close()
    return times


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
