"""What the scripts that drive the real window with xdotool share: the window on a new library, the tool, the run.

Each script (x11_keys.py, x11_choice.py, x11_drag_collections.py) runs in a process of
its own under Xvfb on the xcb platform and prints one JSON report on its last line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from documents import load_document
from gui.main_window import MainWindow
from resources import sample_articles
from storage import DocumentSummary, Library

START_MS = 800  # the window is mapped and painted by then


def new_window(*, with_sample: bool = True) -> tuple[QApplication, Library, MainWindow, DocumentSummary | None]:
    """The app, a new library (with the sample article imported, if asked) and the window on it, shown."""
    app = QApplication(sys.argv[:1])
    folder = tempfile.mkdtemp()
    library = Library(Path(folder) / "library.sqlite")
    summary = None
    if with_sample:
        sample = sample_articles()[0]
        summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    window = MainWindow(library, settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1300, 850)
    window.show()
    return app, library, window, summary


def xdotool(*arguments: str) -> None:
    """Real X input through XTEST (or a query of the X server), as a person's would arrive."""
    subprocess.run(["xdotool", *arguments], check=False, timeout=10)


def focus(window: MainWindow) -> None:
    """Give the window X's input focus (Xvfb has no window manager to do it)."""
    xdotool("windowfocus", "--sync", str(int(window.winId())))


def run(app: QApplication, start: Callable[[], None], bound_ms: int) -> None:
    """Start the steps once the window is up; end the event loop after bound_ms whatever happens (never hang)."""
    QTimer.singleShot(START_MS, start)
    QTimer.singleShot(bound_ms, app.quit)
    app.exec()


def report(results: list[list[object]], unfinished: bool = False) -> None:
    """Print the results as the script's one JSON line."""
    print(json.dumps({"results": results, **({"unfinished": True} if unfinished else {})}), flush=True)
