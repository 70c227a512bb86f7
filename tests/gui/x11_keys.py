"""Drive the real window with real X key events (xdotool), one documented shortcut at a time; print the results.

Run by tests/gui/test_shortcuts_x11.py under Xvfb with the xcb platform, where Qt
resolves the standard keys as on a Linux desktop (Redo is Ctrl+Shift+Z there).
Prints one JSON object: {"results": [[keys, ok, detail], ...]}.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from x11_driving import focus, new_window, report, run, xdotool

Check = Callable[[], bool]
PAUSE_MS = 150
POLLS = 20  # a key's effect may take up to 3 s to show on a loaded machine


def main() -> int:
    app, library, window, summary = new_window()
    assert summary is not None
    window.open_document(summary.id)
    text = window.reader.text
    start = text.index("Last year 212 cruise ships")
    claims = lambda: library.annotations(summary.id)  # noqa: E731
    types = lambda: [a.claim_type for a in claims()]  # noqa: E731

    def select() -> None:
        window.reader.setFocus()
        window.reader.select_range(start, start + 26)

    def modal_open() -> bool:
        return isinstance(QApplication.activeModalWidget(), QDialog) or any(
            isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )

    size = window.reader.point_size
    steps: list[tuple[str, Callable[[], None] | None, Check]] = [
        ("f", select, lambda: ["fact"] == types()),
        ("ctrl+z", None, lambda: [] == types()),
        ("ctrl+shift+z", None, lambda: ["fact"] == types()),
        ("ctrl+z", None, lambda: [] == types()),
        ("ctrl+y", None, lambda: ["fact"] == types()),
        ("ctrl+z", None, lambda: [] == types()),
        ("o", select, lambda: ["opinion"] == types()),
        ("ctrl+z", None, lambda: [] == types()),
        ("q", select, lambda: ["quote"] == types()),
        ("ctrl+z", None, lambda: [] == types()),
        ("2", select, lambda: ["opinion"] == types()),
        ("Delete", lambda: window.annotation_panel.select(claims()[0].uuid), lambda: [] == types()),
        ("ctrl+f", None, lambda: window.find_bar.isVisible() and window.find_bar.field.hasFocus()),
        ("Escape", None, lambda: not window.find_bar.isVisible()),
        ("ctrl+equal", None, lambda: window.reader.point_size == size + 1),
        ("ctrl+minus", None, lambda: window.reader.point_size == size),
        ("ctrl+equal", None, lambda: window.reader.point_size == size + 1),
        ("ctrl+0", None, lambda: window.reader.point_size == 13.0),
        ("ctrl+shift+l", None, lambda: not window.left_tabs.isVisible()),
        ("ctrl+shift+l", None, lambda: window.left_tabs.isVisible()),
        ("ctrl+shift+k", None, lambda: not window.annotation_panel.isVisible()),
        ("ctrl+shift+k", None, lambda: window.annotation_panel.isVisible()),
        ("ctrl+shift+c", None, lambda: window.left_tabs.currentWidget() is window.contents_panel),
        ("ctrl+shift+f", None, lambda: window.search_panel.field.hasFocus()),
        # (back in the reader: in a text field Ctrl+E moves to the end of the line, as on every X11 desktop)
        ("ctrl+shift+a", window.reader.setFocus, lambda: window.claims_dock.isVisible()),
        ("ctrl+shift+a", None, lambda: not window.claims_dock.isVisible()),
        ("F1", None, modal_open),
        ("Escape", None, lambda: not modal_open()),
        ("ctrl+e", None, lambda: window.export_dialog is not None and window.export_dialog.isVisible()),
        ("Escape", None, lambda: not modal_open()),
        ("ctrl+q", None, lambda: not window.isVisible()),
    ]
    results: list[list[object]] = []

    def key(keys: str) -> None:
        """Focus the window in front (a dialog, if one is open) and type keys through XTEST: real input."""
        front = QApplication.activeModalWidget() or QApplication.activeWindow() or window
        xdotool("windowfocus", "--sync", str(int(front.winId())))
        xdotool("key", "--clearmodifiers", keys)

    def run_step(index: int) -> None:
        if index == len(steps):
            report(results)
            app.quit()
            return
        keys, prepare, check = steps[index]
        if prepare is not None:
            prepare()
        QTimer.singleShot(60, lambda: key(keys))
        QTimer.singleShot(60 + PAUSE_MS, lambda: verify(index, check, POLLS))

    def verify(index: int, check: Check, polls: int) -> None:
        """Wait for the key's effect (a loaded machine is slow), at most POLLS times PAUSE_MS."""
        if check() or polls == 0:
            results.append([steps[index][0], bool(check()), ""])
            run_step(index + 1)
        else:
            QTimer.singleShot(PAUSE_MS, lambda: verify(index, check, polls - 1))

    def focus_then_run() -> None:
        focus(window)
        run_step(0)

    run(app, focus_then_run, 150_000)
    if len(results) == len(steps) - 1:  # the last key quits: its check runs after the event loop ended
        keys, _, check = steps[-1]
        results.append([keys, bool(check()), ""])
        report(results)
    elif len(results) < len(steps):
        report(results, unfinished=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
