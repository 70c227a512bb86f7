"""Starting the app: a fresh library gets the sample; files named on the command line open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.app import open_window
from storage import Library


def test_command_line_file_is_imported_and_opened(qtbot, library: Library, tmp_path: Path) -> None:
    """`claimmark FILE` on a new library seeds the sample, imports FILE on a worker and shows it."""
    article = tmp_path / "vote.txt"
    article.write_text("Council Votes Today\n\nThe council voted seven to six.\n", encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = open_window(library, [str(article)], settings=settings)
    qtbot.addWidget(window)

    qtbot.waitUntil(lambda: "Council Votes Today" in window.windowTitle(), timeout=10_000)
    titles = {d.title for d in library.documents()}
    assert 2 == len(titles) and "Council Votes Today" in titles  # the sample article and the file


def test_unreadable_command_line_file_is_one_dialog(qtbot, library: Library, tmp_path: Path) -> None:
    """A file named on the command line that cannot be read is an error dialog; nothing is imported."""
    bogus = tmp_path / "photo.xyz"
    bogus.write_bytes(b"\x89PNG\r\n")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    window = open_window(library, [str(bogus)], settings=settings)
    qtbot.addWidget(window)

    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=10_000)
    assert "photo.xyz" in window.error_dialog.text()
    assert 1 == len(library.documents())  # only the sample
