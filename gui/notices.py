"""What the window tells the user: passing status messages and error dialogs, raised by anyone, shown in one place.

Objects that are not the window (document updates, imports, the session) say
things through a Notices object they are given; the window shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

STATUS_MS = 4000


class Notices(QObject):
    """A status-bar message or an error for the user."""

    message = Signal(str, int)  # text, milliseconds to show it (0: until the next one)
    error = Signal(str, str)  # title, message

    def say(self, text: str, milliseconds: int = STATUS_MS) -> None:
        """Show text in the status bar for a while."""
        self.message.emit(text, milliseconds)

    def fail(self, title: str, message: str) -> None:
        """Show an error dialog."""
        self.error.emit(title, message)
