"""Starting the app: a fresh library gets the sample; files named on the command line open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from gui.app import run
from storage import Library


def _run_until(qapp: QApplication, library_path: Path, files: list[str], done) -> tuple[int, list]:
    """Run the app; poll done(window) every 50 ms and quit when it holds (or after 20 s)."""
    seen: list = []

    def poll() -> None:
        windows = [w for w in qapp.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if windows and done(windows[0]):
            seen.append(windows[0].windowTitle())
            windows[0].close()
            qapp.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    QTimer.singleShot(20_000, qapp.quit)
    status = run(library_path, files)
    timer.stop()
    return status, seen


def test_command_line_file_is_imported_and_opened(qapp: QApplication, tmp_path: Path) -> None:
    """`claimmark FILE` seeds a new library with the sample, imports FILE on a worker and shows it."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    article = tmp_path / "vote.txt"
    article.write_text("Council Votes Today\n\nThe council voted seven to six.\n", encoding="utf-8")
    library_path = tmp_path / "library.sqlite"

    status, titles = _run_until(qapp, library_path, [str(article)], lambda w: "Council Votes" in w.windowTitle())

    assert 0 == status
    assert titles and "Council Votes Today" in titles[0]
    with Library(library_path) as library:
        assert 2 == len(library.documents())  # the sample article and the file
