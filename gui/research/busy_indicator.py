"""A window-modal progress shown while a long change to the library is written on the JobRunner.

The UI thread stays free (it paints, the progress moves), but nothing else can
be changed meanwhile, so the undo stack and the library stay in step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


class BusyIndicator(QObject):
    """Shows "Renaming tag war…" over the window from ``start(text)`` until ``stop()``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QProgressDialog | None = None

    def start(self, text: str) -> None:
        """Show text with a busy bar over the window (after a short moment, so quick writes never flash it)."""
        self.stop()
        dialog = QProgressDialog(text + "…", "", 0, 0, self.window)
        dialog.setObjectName("busyIndicator")
        dialog.setWindowTitle(self.tr("Claimmark"))
        dialog.setCancelButton(None)  # a library-wide change is one transaction: it ends on its own
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)
        self.dialog = dialog

    def stop(self) -> None:
        """Take the progress away."""
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
