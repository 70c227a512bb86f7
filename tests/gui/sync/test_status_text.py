"""The status bar's words for sync: one line for each state, never a traceback or a password."""

from __future__ import annotations

from gui.sync.status_widget import conflicts_text, one_line_reason, status_text, synced_at
from storage.sync import PAUSED, STOPPED, SYNCED, SyncState
from storage.sync_status import LocalSyncStatus

LOCAL = LocalSyncStatus("class", "alice", pending=0, conflicts=0, last_synced="2026-03-02T12:03:00Z")


def test_each_state_has_its_words() -> None:
    """Synced with the time, Syncing…, N to send, paused with the countdown, stopped; nothing when not linked."""
    synced = SyncState(SYNCED, last_synced="2026-03-02T12:03:00Z")
    assert f"Synced {synced_at(synced.last_synced)}" == status_text(synced, LOCAL, syncing=False)
    assert "Syncing…" == status_text(synced, LOCAL, syncing=True)
    waiting = LocalSyncStatus("class", "alice", pending=3, conflicts=0, last_synced="")
    assert "3 to send" == status_text(None, waiting, syncing=False)
    paused = SyncState(PAUSED, "cannot reach alice@db:5432/claimmark: connection refused")
    assert "Sync paused: cannot reach alice@db:5432/claimmark: connection refused — retrying in 40 s" == status_text(
        paused, LOCAL, syncing=False, retry_in=39.2
    )
    assert "Sync stopped: wrong name or password" == status_text(
        SyncState(STOPPED, "wrong name or password."), LOCAL, False
    )
    assert "" == status_text(synced, None, syncing=False)


def test_changes_kept_here_are_not_counted_as_to_send() -> None:
    """A reader's held changes stay here for good: after a sync they are not "to send"."""
    held = SyncState(SYNCED, held=2, last_synced="2026-03-02T12:03:00Z")
    local = LocalSyncStatus("class", "alice", pending=2, conflicts=0, last_synced="2026-03-02T12:03:00Z")
    assert status_text(held, local, syncing=False).startswith("Synced ")


def test_a_reason_is_one_line_without_a_password() -> None:
    """The first line only, spaces collapsed; a password in a connection string or URI is blanked."""
    reason = "cannot reach host=db password=hunter2 user=al\nTraceback (most recent call last):\n  File ..."
    assert "cannot reach host=db password=*** user=al" == one_line_reason(reason)
    assert "bad postgresql://al:***@db/x" == one_line_reason("bad  postgresql://al:hunter2@db/x")


def test_conflicts_are_counted_for_the_button() -> None:
    """ "1 conflict", "2 conflicts", nothing without any."""
    assert "" == conflicts_text(LOCAL)
    assert "1 conflict" == conflicts_text(LocalSyncStatus("c", "a", 0, 1, ""))
    assert "2 conflicts" == conflicts_text(LocalSyncStatus("c", "a", 0, 2, ""))
