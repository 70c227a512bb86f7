"""Small dialogs: errors, the keyboard shortcuts sheet, About, and asking for a URL."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def error_box(parent: QWidget, title: str, message: str) -> QMessageBox:
    """Open a window-modal error box (it does not block the event loop) and return it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.open()
    return box


def shortcuts_sheet(parent: QWidget, actions: Iterable[QAction]) -> QDialog:
    """Open a sheet listing every action that has a shortcut, and return it."""
    rows = []
    for action in actions:
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
        if keys:
            name = action.text().replace("&", "").rstrip("…")
            rows.append(f"<tr><td>{name}</td><td style='padding-left:18px'><b>{' / '.join(keys)}</b></td></tr>")
    dialog = QDialog(parent)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle(_tr("Keyboard Shortcuts"))
    label = QLabel(f"<table>{''.join(rows)}</table>", dialog)
    label.setTextFormat(label.textFormat().RichText)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(_tr("Select text with the mouse or Shift+arrows, then:"), dialog))
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.open()
    return dialog


def about_box(parent: QWidget) -> QMessageBox:
    """Open the About box and return it."""
    text = _tr(
        "<b>Claimmark {version}</b><p>Read articles critically: tag claims as fact, opinion or quote, "
        "keep them in a local library and export them as Markdown.</p>"
    ).format(version=_version())
    box = QMessageBox(QMessageBox.Icon.Information, _tr("About Claimmark"), text, QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box


def _version() -> str:
    """The installed Claimmark's version (the window does not import the command line for it)."""
    from importlib.metadata import PackageNotFoundError, version  # 100 ms to import: only for the About box

    try:
        return version("claimmark")
    except PackageNotFoundError:
        return "(development)"
