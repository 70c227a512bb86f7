"""Background sync of a library linked to a group: after start, after local edits, on a timer, or when asked.

Each attempt is a quiet job on the window's JobRunner (``sync_job``): it opens
its own library connection on the pool thread (one per thread; the library
is SQLite in WAL, so the window keeps reading and writing meanwhile) and
calls ``storage.sync.sync_once``, which never raises for a server or
network failure; cancelling the job (the window closing) breaks off a wait
on the server at once. Only one attempt runs at a time; a request meanwhile runs
once more after it. When the next attempt runs is ``SyncSchedule``'s answer
to each outcome: the interval after a sync, its doubling backoff while the
server is down, nothing while someone must act (a password, a membership).

``storage.sync`` (psycopg: 0.3 s to import) is imported on the pool thread by
the first attempt, never while the window starts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from storage import Library
from storage.progress import Cancel, Progress
from storage.sync_status import local_sync_status

from ..jobs import Job, JobHandle, JobRunner

if TYPE_CHECKING:
    from storage.sync import SyncSchedule, SyncState

START_DELAY_MS = 3000  # after the window shows (after gui/app.py's background start, which has the pool first)
DEBOUNCE_MS = 5000  # after the last local edit
INTERVAL = 60.0  # seconds between syncs while nothing happens
ATTEMPT_TIMEOUT = 30.0  # seconds one attempt may take before its connection is shut


@dataclass(frozen=True)
class SyncTiming:
    """When background syncs run (tests shorten these)."""

    start_delay_ms: int = START_DELAY_MS
    debounce_ms: int = DEBOUNCE_MS
    interval: float = INTERVAL  # seconds after a completed sync
    timeout: float = ATTEMPT_TIMEOUT
    first_retry: float = 5.0  # seconds after the first failure in a row; doubling up to max_retry
    max_retry: float = 300.0


def sync_job(library_path: Path, timeout: float = ATTEMPT_TIMEOUT) -> Job:
    """Return a job making one sync attempt on its own connection to the library; its result is the SyncState.

    Cancelling the job (the window closing) breaks off a wait on the server at once: the job ends
    cancelled (``SyncCancelled``), and a pull that had not arrived changed nothing here.
    """

    def job(progress: Progress, cancel: Cancel) -> SyncState:
        from storage.sync import sync_once

        with Library(library_path) as library:  # one connection per thread
            return sync_once(library, timeout=timeout, cancel=cancel)

    return job


class BackgroundSync(QObject):
    """Runs sync attempts as jobs when they are due, and says what happened."""

    attempt_started = Signal()
    state_changed = Signal(object)  # SyncState of the attempt that ended (retry_in set while paused)
    changes_arrived = Signal(object)  # SyncState of an attempt that changed documents here (changed_documents)
    local_changed = Signal(object)  # LocalSyncStatus | None after a local edit or a link change

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        parent: QObject | None = None,
        timing: SyncTiming = SyncTiming(),
    ) -> None:
        super().__init__(parent)
        self.library, self.runner, self.timing = library, runner, timing
        self.state: SyncState | None = None  # the last attempt's outcome
        self.running: JobHandle | None = None
        self.next_at: float | None = None  # time.monotonic() of the next planned attempt
        self._again = False  # asked for while an attempt ran: run once more after it
        self._schedule: SyncSchedule | None = None  # made by the first outcome (storage.sync is loaded by then)
        self._due = QTimer(self, singleShot=True)
        self._due.timeout.connect(self.sync_now)
        self._debounce = QTimer(self, singleShot=True, interval=timing.debounce_ms)
        self._debounce.timeout.connect(self.sync_now)
        self.local = local_sync_status(library.conn)

    def set_timing(self, timing: SyncTiming) -> None:
        """Use other delays from now on (the schedule's interval included)."""
        self.timing = timing
        self._debounce.setInterval(timing.debounce_ms)
        if self._schedule is not None:
            from storage.sync import RetryPolicy  # (loaded: a schedule exists after the first attempt)

            self._schedule.interval = timing.interval
            self._schedule.policy = RetryPolicy(first_delay=timing.first_retry, max_delay=timing.max_retry)

    @property
    def linked(self) -> bool:
        """Whether the library syncs with a group."""
        return self.local is not None

    def begin(self) -> None:
        """Plan the first attempt, start_delay_ms from now (the window is up first)."""
        if self.linked:
            self._plan(self.timing.start_delay_ms / 1000)

    def sync_now(self) -> JobHandle | None:
        """Start an attempt now (or right after the running one); None when the library is not linked."""
        self._due.stop()
        self._debounce.stop()
        self.next_at = None
        if not self.linked or self.runner.closed:
            return None
        if self.running is not None:
            self._again = True
            return self.running
        self.running = self.runner.start(
            sync_job(self.library.path, self.timing.timeout), self._on_done, self._on_failed,
            title=self.tr("Syncing"), on_cancelled=self._on_cancelled, quiet=True,
        )  # fmt: skip
        self.attempt_started.emit()
        return self.running

    def note_local_change(self) -> None:
        """A change was stored here: sync debounce_ms after the last one, and say what waits to be sent."""
        self.refresh_local()
        if not self.linked:
            return
        if self.running is not None:
            self._again = True
        elif self.state is None or self.state.ok:
            self._debounce.start()
        # Paused: the backoff's next attempt sends it. Stopped: nothing runs until someone acts.

    def refresh_local(self) -> None:
        """Re-read the link and what waits here (after an edit, a join, a leave, a resolved conflict)."""
        self.local = local_sync_status(self.library.conn)
        if self.local is None:
            self._due.stop()
            self._debounce.stop()
            self.next_at, self.state = None, None
        self.local_changed.emit(self.local)

    def stop(self) -> None:
        """Plan nothing more (the window is closing; the runner cancels what runs)."""
        self._due.stop()
        self._debounce.stop()
        self.next_at = None

    def retry_in(self) -> float | None:
        """Seconds until the next planned attempt, or None."""
        return None if self.next_at is None else max(0.0, self.next_at - time.monotonic())

    # -- outcomes ------------------------------------------------------------------
    def _on_done(self, state: SyncState) -> None:
        from storage.sync import RetryPolicy, SyncSchedule  # loaded on the pool thread by the attempt

        self.running = None
        if self._schedule is None:
            policy = RetryPolicy(first_delay=self.timing.first_retry, max_delay=self.timing.max_retry)
            self._schedule = SyncSchedule(interval=self.timing.interval, policy=policy)
        state, delay = self._schedule.after(state)
        self.state = state
        self.local = local_sync_status(self.library.conn)
        again, self._again = self._again, False  # asked for meanwhile: once more now, unless the server is away
        if delay is not None and not (again and state.ok):
            self._plan(delay)  # before telling: the status bar shows when the next attempt is
        self.state_changed.emit(state)
        if state.changed_documents or state.pulled:
            self.changes_arrived.emit(state)
        if again and state.ok:
            self.sync_now()

    def _on_failed(self, message: str) -> None:
        """An attempt that raised (a bug, or the library unusable): shown as paused, retried on the backoff."""
        from storage.sync import PAUSED, SyncState

        group = self.local.group if self.local is not None else ""
        self._on_done(SyncState(PAUSED, " ".join(message.split()), group=group))

    def _on_cancelled(self) -> None:
        self.running = None

    def _plan(self, seconds: float) -> None:
        self.next_at = time.monotonic() + seconds
        self._due.start(int(seconds * 1000))
