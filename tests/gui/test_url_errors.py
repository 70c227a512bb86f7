"""A web address that cannot be fetched: the window says why in one sentence, as the command line does."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from storage import Library


def _type_address(qtbot, address: str) -> None:
    """Type address into the Open URL dialog once it shows, and press Enter."""
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QInputDialog)
    field = dialog.findChild(QLineEdit)
    QTest.keyClicks(field, address)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_unknown_server_shows_one_friendly_sentence(qtbot, make_window, library: Library) -> None:
    """Ctrl+Shift+O, an address on a server that does not exist: the dialog says so, without system text."""
    window = make_window(library)
    QTimer.singleShot(0, lambda: _type_address(qtbot, "https://example.invalid/story"))
    window.window_actions.open_url.trigger()
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=10_000)
    assert "Cannot open URL" == window.error_dialog.windowTitle()
    assert "Could not find the server example.invalid — check the address and your connection." == (
        window.error_dialog.text()
    )
    window.error_dialog.close()
    assert [] == library.documents()
