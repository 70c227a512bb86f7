"""Tick two claim types in the claims view's Type box with real X mouse clicks (xdotool); print the results.

Run by tests/gui/test_shortcuts_x11.py under Xvfb with the xcb platform: the box's
list is a real popup window there, which grabs the pointer, so this is how a person's
clicks reach it. Prints one JSON object: {"results": [[step, ok, detail], ...]}.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from documents import load_document
from gui.main_window import MainWindow
from resources import sample_articles
from storage import Library

PAUSE_MS = 200
POLLS = 15
CLAIMS = (
    ("Last year 212 cruise ships", "fact"),
    ("The decision is long overdue", "opinion"),
    ("We are not against visitors", "quote"),
)


def main() -> int:
    app = QApplication(sys.argv[:1])
    folder = tempfile.mkdtemp()
    library = Library(Path(folder) / "library.sqlite")
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    text = library.document_text(summary.id)
    for quote, claim_type in CLAIMS:
        at = text.index(quote)
        library.add_annotation(summary.id, at, at + len(quote), claim_type)
    window = MainWindow(library, settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1300, 850)
    window.show()
    window.open_document(summary.id)
    window.window_actions.show_claims_view.setChecked(True)
    view = window.claims_view
    box = view.filters.type_box
    listed = box.view()

    def shown() -> list[str]:
        return sorted(row.annotation.claim_type for row in view.model.loaded_rows())

    def click_at(point: QPoint) -> None:
        subprocess.run(["xdotool", "mousemove", "--sync", str(point.x()), str(point.y())], check=False, timeout=10)
        subprocess.run(["xdotool", "click", "1"], check=False, timeout=10)

    def click_item(value: str) -> Callable[[], None]:
        def click() -> None:
            rect = listed.visualRect(box.model().index(box.findData(value), 0))
            click_at(listed.viewport().mapToGlobal(rect.center()))

        return click

    def click_box() -> None:
        click_at(box.mapToGlobal(box.rect().center()))

    def key(keys: str) -> Callable[[], None]:
        return lambda: subprocess.run(["xdotool", "key", keys], check=False, timeout=10)  # type: ignore[return-value]

    steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = [
        ("open the Type box", click_box, lambda: listed.isVisible() and box.count() == 4),
        ("click Fact", click_item("fact"), lambda: ["fact"] == shown() and listed.isVisible()),
        ("click Quote", click_item("quote"), lambda: ["fact", "quote"] == shown() and listed.isVisible()),
        ("Escape closes the list, the ticks stay", key("Escape"),
         lambda: not listed.isVisible() and ("fact", "quote") == box.values()),
        ("open it again: the opening click ticks nothing", click_box,
         lambda: listed.isVisible() and ("fact", "quote") == box.values()),
        ("click Any type", click_item(None), lambda: 3 == len(shown()) and not listed.isVisible()),  # type: ignore[arg-type]
    ]  # fmt: skip
    results: list[list[object]] = []

    def run(index: int) -> None:
        if index == len(steps):
            print(json.dumps({"results": results}), flush=True)
            app.quit()
            return
        _name, act, check = steps[index]
        act()
        QTimer.singleShot(PAUSE_MS, lambda: verify(index, check, POLLS))

    def verify(index: int, check: Callable[[], bool], polls: int) -> None:
        if check() or polls == 0:
            results.append([steps[index][0], bool(check()), f"shown {shown()}, ticked {list(box.values())}"])
            run(index + 1)
        else:
            QTimer.singleShot(PAUSE_MS, lambda: verify(index, check, polls - 1))

    def start() -> None:
        if not box.count() > 1:  # the choices are read apart: wait for them
            QTimer.singleShot(PAUSE_MS, start)
            return
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(window.winId()))], check=False, timeout=10)
        run(0)

    QTimer.singleShot(800, start)
    QTimer.singleShot(60_000, app.quit)  # a bound: never hang the suite
    app.exec()
    if len(results) < len(steps):
        print(json.dumps({"results": results, "unfinished": True}), flush=True)
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
