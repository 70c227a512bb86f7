"""Reorder collections by real X mouse drags in the collections tree (xdotool); print what the library holds.

Run by tests/gui/test_shortcuts_x11.py under Xvfb with the xcb platform, where a drag
is Qt's own drag and drop with the pointer, as a person's is. Prints one JSON object:
{"results": [[step, names in order], ...]}.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QPoint, QTimer
from x11_driving import focus, new_window, report, run, xdotool

from storage.research import collections

STEPS = 8  # pointer moves between press and release
SETTLE_MS = 600


def main() -> int:
    app, library, window, _ = new_window(with_sample=False)
    manager = window.library_manager
    course = manager.create_collection("Course")
    assert course is not None
    weeks = [manager.create_collection(f"Week {n}", course.id) for n in (1, 2, 3)]
    reading = manager.create_collection("Reading list")
    assert reading is not None and all(weeks)
    view, model = window.collections_tree.view, window.collections_tree.model
    results: list[list[object]] = []

    def point(collection_id: int, top_edge: bool = False) -> QPoint:
        """The row's middle, or just inside its top edge (a drop there goes above the row)."""
        index = model.index_of(collection_id)
        view.scrollTo(index)
        rect = view.visualRect(index)
        return view.viewport().mapToGlobal(
            QPoint(rect.left() + 30, rect.top() + (2 if top_edge else rect.height() // 2))
        )

    def drag(source: int, target: int) -> None:
        start, end = point(source), point(target, top_edge=True)
        xdotool("mousemove", "--sync", str(start.x()), str(start.y()))
        xdotool("mousedown", "1")
        for step in range(1, STEPS + 1):
            xdotool("mousemove", "--sync", str(start.x()), str(start.y() + (end.y() - start.y()) * step // STEPS))
            time.sleep(0.03)
        xdotool("mouseup", "1")

    def names(parent: int | None) -> list[str]:
        return [c.name for c in collections.collections(library) if c.parent_id == parent]

    def week_three_above_week_one() -> None:
        view.expandAll()
        drag(weeks[2].id, weeks[0].id)  # type: ignore[union-attr]
        QTimer.singleShot(SETTLE_MS, reading_list_above_course)

    def reading_list_above_course() -> None:
        results.append(["Week 3 dragged above Week 1", names(course.id)])
        drag(reading.id, course.id)
        QTimer.singleShot(SETTLE_MS, undo_both)

    def undo_both() -> None:
        results.append(["Reading list dragged above Course", names(None)])
        window.undo_stack.undo()
        window.undo_stack.undo()
        results.append(["both undone", names(course.id) + names(None)])
        report(results)
        app.quit()

    def start() -> None:
        focus(window)
        week_three_above_week_one()

    run(app, start, 30_000)
    if len(results) < 3:
        report(results, unfinished=True)
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
