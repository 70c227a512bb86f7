"""Tick two claim types in the claims view's Type box with real X mouse clicks (xdotool); print the results.

Run by tests/gui/test_shortcuts_x11.py under Xvfb with the xcb platform: the box's
list is a real popup window there, which grabs the pointer, so this is how a person's
clicks reach it. Prints one JSON object: {"results": [[step, ok, detail], ...]}.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QPoint, QTimer
from x11_driving import focus, new_window, report, run, xdotool

PAUSE_MS = 200
POLLS = 15
CLAIMS = (
    ("Last year 212 cruise ships", "fact"),
    ("The decision is long overdue", "opinion"),
    ("We are not against visitors", "quote"),
)


def main() -> int:
    app, library, window, summary = new_window()
    assert summary is not None
    text = library.document_text(summary.id)
    for quote, claim_type in CLAIMS:
        at = text.index(quote)
        library.add_annotation(summary.id, at, at + len(quote), claim_type)
    window.open_document(summary.id)
    window.window_actions.show_claims_view.setChecked(True)
    view = window.claims_view
    box = view.filters.type_box
    listed = box.view()

    def shown() -> list[str]:
        return sorted(row.annotation.claim_type for row in view.model.loaded_rows())

    def click_at(point: QPoint) -> None:
        xdotool("mousemove", "--sync", str(point.x()), str(point.y()))
        xdotool("click", "1")

    def click_item(value: str) -> Callable[[], None]:
        def click() -> None:
            rect = listed.visualRect(box.model().index(box.findData(value), 0))
            click_at(listed.viewport().mapToGlobal(rect.center()))

        return click

    def click_box() -> None:
        click_at(box.mapToGlobal(box.rect().center()))

    def key(keys: str) -> Callable[[], None]:
        return lambda: xdotool("key", keys)

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

    def run_step(index: int) -> None:
        if index == len(steps):
            report(results)
            app.quit()
            return
        _name, act, check = steps[index]
        act()
        QTimer.singleShot(PAUSE_MS, lambda: verify(index, check, POLLS))

    def verify(index: int, check: Callable[[], bool], polls: int) -> None:
        if check() or polls == 0:
            results.append([steps[index][0], bool(check()), f"shown {shown()}, ticked {list(box.values())}"])
            run_step(index + 1)
        else:
            QTimer.singleShot(PAUSE_MS, lambda: verify(index, check, polls - 1))

    def start() -> None:
        if not box.count() > 1:  # the choices are read apart: wait for them
            QTimer.singleShot(PAUSE_MS, start)
            return
        focus(window)
        run_step(0)

    run(app, start, 60_000)
    if len(results) < len(steps):
        report(results, unfinished=True)
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
