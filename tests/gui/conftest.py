"""Fixtures for driving the window as a person does: a window on a real library, mouse selection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from documents import load_path
from storage import Library

FOUNDED = "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan."


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """An ini file standing in for the user's QSettings."""
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot, settings_path: Path) -> Iterator[Callable[[Library], object]]:
    """Return a factory opening a shown MainWindow on a library, with settings in tmp_path."""
    from gui.main_window import MainWindow

    def make(library: Library) -> MainWindow:
        window = MainWindow(library, settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # window shortcuts (F, O, Q) only fire in the active window
            window.show()
            window.activateWindow()
        return window

    yield make


@pytest.fixture
def trt_window(make_window, library: Library, trt_path: Path):
    """A window showing the TRT article from a fresh library."""
    summary, _ = library.import_document(load_path(trt_path))
    window = make_window(library)
    window.open_document(summary.id)
    return window


def point_of(reader, offset: int) -> QPoint:
    """Return the viewport point at the left edge of canonical offset (mid-line)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset))
    return reader.cursorRect(cursor).center()


def drag_select(reader, start: int, end: int) -> None:
    """Select canonical [start, end) with a real mouse press, move and release on the viewport."""
    reader.scroll_to(start, end, flash=False)
    viewport = reader.viewport()
    begin, finish = point_of(reader, start), point_of(reader, end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
    QTest.mouseMove(viewport, (begin + finish) / 2)
    QTest.mouseMove(viewport, finish)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, finish)
