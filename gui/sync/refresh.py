"""Reloading the open document after sync changed it, never under the user's hands.

A pull can bring claims to the document on screen. It is read afresh (the
window keeps the reading place and the selected card), but not while the
user is in the middle of something a reload would take away — a card being
edited, a selection about to be tagged: then the reload waits and tries
again until they are done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

RETRY_MS = 1000


class DeferredReload(QObject):
    """Runs reload() when asked, or as soon as busy() is false."""

    def __init__(self, busy: Callable[[], bool], reload: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy, self.reload = busy, reload
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.request)

    @property
    def waiting(self) -> bool:
        """Whether a reload waits for the user to finish."""
        return self._retry.isActive()

    def request(self) -> None:
        """Reload now, or once the user is done."""
        if self.busy():
            self._retry.start()
            return
        self._retry.stop()
        self.reload()
