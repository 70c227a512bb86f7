"""Menus and the claims panel: copy as Markdown, orphans listed but not painted, help, URL errors."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel

from storage import Library

from .conftest import FOUNDED


def tag(window, text: str, claim_type: str = "fact"):
    start = window.reader.text.index(text)
    window.reader.select_range(start, start + len(text))
    return window.tag_selection(claim_type)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # offscreen popups
def test_copy_as_markdown_puts_the_quote_on_the_clipboard(trt_window) -> None:
    """The card menu's Copy as Markdown copies the claim as the export writes it."""
    tag(trt_window, FOUNDED)
    view = trt_window.annotation_panel.view
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(0, 0)).center())
    menu = trt_window.annotation_panel.context_menu
    menu.findChild(type(menu.actions()[0]), "actionCopyMarkdown").trigger()
    menu.close()
    copied = QGuiApplication.clipboard().text()
    assert "Daesh-K continues spilling blood" in copied
    assert copied.lstrip().startswith((">", "#", "-", "*")) or "\n>" in copied


def test_orphaned_claim_keeps_its_card_but_is_not_painted(make_window, trt_window, library: Library) -> None:
    """An orphan stays listed with its status and quote, and nothing in the text is highlighted for it."""
    annotation = tag(trt_window, FOUNDED)
    library.replace_annotation(replace(annotation, status="orphaned"))
    trt_window.open_document(trt_window.current_document_id)
    panel = trt_window.annotation_panel
    assert "orphaned" in panel.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    cursor = QTextCursor(trt_window.reader.document())
    cursor.setPosition(annotation.start + 3)
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    panel.set_status_filter({"orphaned"})
    assert 1 == panel.proxy.rowCount()
    panel.set_status_filter({"anchored"})
    assert 0 == panel.proxy.rowCount()


def test_keyboard_selection_can_be_tagged(trt_window, library: Library) -> None:
    """Shift+arrows select text too, and Q tags the selection snapped to whole words."""
    start = trt_window.reader.text.index("Founded")
    cursor = trt_window.reader.textCursor()
    cursor.setPosition(start + 2)
    trt_window.reader.setTextCursor(cursor)
    trt_window.reader.setFocus()
    for _ in range(8):
        QTest.keyClick(trt_window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Q)
    assert [("Founded in", "quote")] == [(a.exact, a.claim_type) for a in library.annotations()]


def test_shortcuts_sheet_lists_the_tagging_keys(trt_window) -> None:
    """Help > Keyboard Shortcuts lists Fact with F and Undo."""
    trt_window.window_actions.shortcuts.trigger()
    sheet = trt_window.findChild(QDialog, "shortcutsDialog")
    text = " ".join(label.text() for label in sheet.findChildren(QLabel))
    assert "Fact" in text and "Undo" in text and "<b>F / 1</b>" in text
    sheet.close()


def test_unusable_url_gets_one_error_dialog(trt_window, library: Library, qtbot) -> None:
    """A web address that cannot be imported gives one dialog with the reason; nothing is added."""
    before = len(library.documents())
    trt_window.import_url("ftp://example.invalid/article")
    qtbot.waitUntil(lambda: trt_window.error_dialog is not None, timeout=10_000)
    assert "http" in trt_window.error_dialog.text()
    assert before == len(library.documents())
    trt_window.error_dialog.close()


def test_tagging_without_a_selection_only_says_so(trt_window, library: Library) -> None:
    """Pressing F with nothing selected stores nothing and asks for a selection."""
    QTest.keyClick(trt_window.reader, Qt.Key.Key_F)
    assert [] == library.annotations()
    assert "Select some text" in trt_window.statusBar().currentMessage()
