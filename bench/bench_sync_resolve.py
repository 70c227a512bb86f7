"""Keeping my text of a book in a sync conflict: the UI thread's longest stall while the window does it and undoes it.

Two laptops of a teacher hold War and Peace with 2,000 claims; each replaces
its text differently, so the second one's sync keeps a conflict on the text.
Its window opens the book and the conflicts, keeps my text (a job: every
claim re-anchored onto it) and undoes that (a job too); a 5 ms heartbeat on
the UI thread records the longest gap. For comparison, the same resolution
and its undo called directly: what the UI thread would stall for if they ran
there (as Keep Mine did before it was a job).
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from documents import Block, Document, load_path
from storage import Library
from storage.anchoring.versions import update_document
from storage.sync import create_group, init_server, join_group, list_conflicts, resolve_conflict, sync, unresolve

from .bench_sync_window import BUDGET_STALL, Heartbeat, run_for, run_until
from .common import WAR_AND_PEACE, Report, timed
from .postgres import PostgresCluster

CLAIMS = 2_000


def _conflicted(cluster: PostgresCluster, folder: Path) -> Library:
    """The second laptop's library, with a conflict on the book's text."""
    admin = cluster.create_database("resolve")
    init_server(admin)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE ROLE resolve_teacher LOGIN PASSWORD 'pw' IN ROLE claimmark_users")
    dsn = cluster.dsn(user="resolve_teacher", password="pw", dbname="resolve")
    create_group(dsn, "class")
    book = load_path(WAR_AND_PEACE)
    first = Library(folder / "home.sqlite", annotator="resolve_teacher")
    join_group(first, dsn, "class")
    document = first.import_document(book)[0].id
    text, rng = first.document_text(document), random.Random(1)
    for _ in range(CLAIMS):
        start = rng.randrange(len(text) - 300)
        first.add_annotation(document, start, start + rng.randint(20, 200), "fact")
    assert sync(first).ok
    second = Library(folder / "school.sqlite", annotator="resolve_teacher")
    join_group(second, dsn, "class")
    assert sync(second).ok
    preface = Document(book.metadata, [Block("paragraph", "A preface written at home."), *book.blocks])
    update_document(first, document, preface)
    afterword = Document(book.metadata, [*book.blocks, Block("paragraph", "An afterword written at school.")])
    update_document(second, second.documents()[0].id, afterword)
    assert sync(first).ok and 1 == sync(second).conflicts
    first.close()
    return second


def _window_figures(library: Library, folder: Path, report: Report) -> None:
    from gui.main_window import MainWindow
    from gui.sync.background import SyncTiming

    window = MainWindow(library, settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.shared.background.set_timing(SyncTiming(start_delay_ms=3_600_000, debounce_ms=3_600_000))
    window.show()
    document = library.documents()[0].id
    window.open_document(document)
    run_until(lambda: window.current_document_id == document and len(window.reader.text) > 1_000_000)
    run_for(2.0)  # the book's first layout and highlights settle
    dialog = window.shared.show_conflicts()
    dialog.view.selectRow(0)
    heartbeat = Heartbeat()
    run_for(0.5)
    idle = heartbeat.longest
    heartbeat.reset()
    started = time.perf_counter()
    dialog.keep_mine.click()
    run_until(lambda: dialog.running is None)
    kept, stall = time.perf_counter() - started, heartbeat.longest
    assert [] == list_conflicts(library), "the text was not kept"
    report.line(f"UI stall keeping my text of the book ({CLAIMS:,} claims; job {kept:.2f} s)", stall, BUDGET_STALL,
                "ms", floor=idle)  # fmt: skip
    run_for(3.0)  # the book is read afresh with its claims on my text
    heartbeat.reset()
    started = time.perf_counter()
    window.window_actions.undo.trigger()
    run_until(lambda: not window.undo_stack.busy)
    undone, stall = time.perf_counter() - started, heartbeat.longest
    assert 1 == len(list_conflicts(library)), "the undo did not reopen the conflict"
    report.line(f"UI stall undoing it (job {undone:.2f} s)", stall, BUDGET_STALL, "ms", floor=idle)
    window.close()
    run_for(0.5)


def main() -> bool:
    """Run the benchmark; return True when a budget is missed (or an input is missing)."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        print(f"  MISSING INPUT: {WAR_AND_PEACE}")
        return True
    app = QApplication.instance() or QApplication([])
    cluster = PostgresCluster().start()
    folder = Path(tempfile.mkdtemp(prefix="claimmark-bench-resolve-"))
    os.environ["PGPASSFILE"] = str(folder / "pgpass")
    try:
        library = _conflicted(cluster, folder)
        _window_figures(library, folder, report)
        [found] = list_conflicts(library)
        resolution, seconds = timed(lambda: resolve_conflict(library, found.id, "mine"))
        _, back = timed(lambda: unresolve(library, resolution))
        print(f"  called on one thread instead: keeping my text {seconds:.2f} s, undoing it {back:.2f} s"
              " (the stall Keep Mine had on the UI thread)")  # fmt: skip
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    del app
    return report.missed > 0


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
