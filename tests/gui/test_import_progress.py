"""A running import in the window: "Importing: 3 of 12 files", Cancel, and nothing left running after close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest

from storage import Library

FILES = 12


def _articles(folder: Path) -> list[str]:
    paths = []
    for number in range(FILES):
        path = folder / f"article-{number}.txt"
        path.write_text(f"Article {number}\n\nThe council met for the {number}th time on Monday.\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_import_counts_files_and_cancel_adds_nothing(make_window, library: Library, qtbot, tmp_path: Path) -> None:
    """The status bar counts the files as they are read; clicking Cancel stops the import and writes nothing."""
    window = make_window(library)
    window.imports.import_files(_articles(tmp_path))
    progress = window.job_progress
    qtbot.waitUntil(lambda: progress.label.text().endswith(f"of {FILES} files"), timeout=20_000)
    assert progress.label.text().startswith("Importing: ") and progress.isVisible()
    QTest.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=20_000)
    assert "Import cancelled; nothing was added." == window.statusBar().currentMessage()
    assert [] == library.documents()


def test_closing_the_window_stops_the_import(make_window, library: Library, qtbot, tmp_path: Path) -> None:
    """Closing the window mid-import stops it: once the worker ends, the library holds none of the files."""
    window = make_window(library)
    window.imports.import_files(_articles(tmp_path))
    qtbot.waitUntil(lambda: window.job_progress.label.text().endswith(f"of {FILES} files"), timeout=20_000)
    window.close()
    assert QThreadPool.globalInstance().waitForDone(60_000)
    assert [] == library.documents()


def test_the_status_bar_counts_documents_in_words(make_window, library: Library, qtbot, tmp_path: Path) -> None:
    """One file imported reads "Imported 1 document"; two read "Imported 2 documents" (never "document(s)")."""
    window = make_window(library)
    paths = _articles(tmp_path)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.imports.import_files(paths[:1])
    qtbot.waitUntil(lambda: "Imported 1 document" in messages, timeout=20_000)
    window.imports.import_files(paths[1:3])
    qtbot.waitUntil(lambda: "Imported 2 documents" in messages, timeout=20_000)
    assert [] == [message for message in messages if "(s)" in message]


def test_a_report_after_the_progress_widget_went_reaches_nobody(qtbot) -> None:
    """A job still reporting progress after its status bar widget was deleted raises nothing in the event loop."""
    import threading

    from shiboken6 import delete

    from gui.job_progress import JobProgress
    from gui.jobs import JobRunner

    runner, go_on, ended = JobRunner(), threading.Event(), threading.Event()

    def job(progress, cancel) -> None:
        go_on.wait(10)
        progress(1, 3)  # queued to a widget that is gone by now
        ended.set()

    widget = JobProgress(runner)
    handle = runner.start(job)
    qtbot.wait(50)  # the worker starts from the event loop, then waits
    delete(widget)
    go_on.set()
    assert ended.wait(10)
    qtbot.waitUntil(lambda: handle not in runner.running, timeout=5000)
