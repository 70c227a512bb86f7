"""The status bar's view of sync: "Synced 12:03", "Syncing…", "3 to send", "Sync paused: … — retrying in 40 s".

The words come from ``status_text`` (a plain function of the last outcome,
what waits here, and whether an attempt runs), so they are tested without a
window. Open conflicts are a button beside them that opens the conflicts
dialog. A reason is one line; a traceback's lines or a password never reach it.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from storage.sync_status import LocalSyncStatus

from .background import BackgroundSync

if TYPE_CHECKING:
    from storage.sync import SyncState

# SyncState.status values (storage.sync.state), named here so the status bar never loads psycopg.
PAUSED, STOPPED = "paused", "stopped"
MAX_TEXT_WIDTH = 640  # pixels; the whole text is the tooltip
_SECRET = re.compile(r"(password\s*=\s*)\S+|(://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatus", text)


def one_line_reason(reason: str) -> str:
    """A reason as one sentence for the status bar: the first line, spaces collapsed, any password blanked."""
    first = next((line for line in reason.splitlines() if line.strip()), "")
    cleaned = _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "***" + ("@" if m.group(2) else ""), first)
    return " ".join(cleaned.split()).rstrip(".")


def synced_at(iso: str) -> str:
    """HH:MM in local time of an ISO 8601 UTC time ("" when there is none)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.astimezone().strftime("%H:%M")


def to_send(state: SyncState | None, local: LocalSyncStatus | None) -> int:
    """Changes here waiting for the server, those kept here for good (others' claims, a reader's) left out."""
    if local is None:
        return 0
    return max(0, local.pending - (state.held if state is not None else 0))


def status_text(
    state: SyncState | None, local: LocalSyncStatus | None, syncing: bool, retry_in: float | None = None
) -> str:
    """The status bar's words for sync ("" when the library syncs with no group)."""
    if local is None:
        return ""
    if syncing:
        return _tr("Syncing…")
    if state is not None and state.status == PAUSED:
        retry = _tr(" — retrying in {seconds} s").format(seconds=math.ceil(retry_in)) if retry_in is not None else ""
        return _tr("Sync paused: {reason}").format(reason=one_line_reason(state.reason)) + retry
    if state is not None and state.status == STOPPED:
        return _tr("Sync stopped: {reason}").format(reason=one_line_reason(state.reason))
    waiting = to_send(state, local)
    if waiting:
        return _tr("{count} to send").format(count=waiting)
    when = synced_at(state.last_synced if state is not None and state.last_synced else local.last_synced)
    return _tr("Synced {time}").format(time=when) if when else _tr("Not synced yet")


def conflicts_text(local: LocalSyncStatus | None) -> str:
    """ "2 conflicts", or "" when there are none."""
    count = local.conflicts if local is not None else 0
    if not count:
        return ""
    return _tr("1 conflict") if count == 1 else _tr("{count} conflicts").format(count=count)


class SyncStatusWidget(QWidget):
    """A permanent status-bar widget: sync's state, and open conflicts as a button."""

    conflicts_requested = Signal()

    def __init__(self, background: BackgroundSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAccessibleName(_tr("Sync"))
        self.background = background
        self.label = QLabel(self)
        self.label.setObjectName("syncStatusLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setObjectName("syncConflicts")
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setToolTip(_tr("Show the conflicts sync could not merge"))
        self.conflicts_button.setStyleSheet("QToolButton { color: #b3261e; font-weight: 600; }")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.conflicts_button)
        self.text = ""  # the whole text (the label may show it elided)
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self.update_text)
        background.attempt_started.connect(self.update_text)
        background.state_changed.connect(lambda _state: self.update_text())
        background.local_changed.connect(lambda _local: self.update_text())
        self.update_text()

    def update_text(self) -> None:
        """Show the state as it is now (the retry countdown included)."""
        bg = self.background
        self.text = status_text(bg.state, bg.local, bg.running is not None, bg.retry_in())
        metrics = QFontMetrics(self.label.font())
        self.label.setText(metrics.elidedText(self.text, Qt.TextElideMode.ElideMiddle, MAX_TEXT_WIDTH))
        self.label.setToolTip(self.text)
        conflicts = conflicts_text(bg.local)
        self.conflicts_button.setText(conflicts)
        self.conflicts_button.setVisible(bool(conflicts))
        paused = bg.state is not None and bg.state.status == PAUSED and bg.running is None
        if paused and not self._countdown.isActive():
            self._countdown.start()
        elif not paused:
            self._countdown.stop()
        self.setVisible(bool(self.text))
