"""One runner for every background job: start, progress, done, failed, cancel — and nothing after closing.

A job is a plain function ``job(progress, cancel)``: ``progress(done, total)``
reports how far it is, ``cancel()`` tells it to stop (storage's long
operations take both). It runs on the thread pool with its own library
connection; its result, its failure or its cancellation comes back to the UI
thread as exactly one signal of its handle. Once the runner is closed (the
window closed), running jobs are cancelled and no callback runs.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from shiboken6 import isValid

from documents import DocumentError
from storage import LibraryError
from storage.progress import Cancel, Progress

Job = Callable[[Progress, Cancel], Any]


class JobSignals(QObject):
    """What one job reports; each job ends with exactly one of finished, failed or cancelled."""

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message for the user
    cancelled = Signal()


class JobHandle:
    """One job: its signals, what it is called, and how to cancel it."""

    def __init__(self, title: str = "", unit: str = "", quiet: bool = False) -> None:
        self.title, self.unit = title, unit
        self.quiet = quiet  # a background job with a view of its own (sync): not in the status bar's progress
        self.signals = JobSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (it ends with cancelled, or finished if it was done)."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel.is_set()

    def is_cancelled(self) -> bool:
        """The job's cancel() callback."""
        return self._cancel.is_set()


class _Worker(QRunnable):
    """Runs a job on a pool thread (the pool deletes it afterwards); reports through the handle."""

    def __init__(self, job: Job, handle: JobHandle) -> None:
        super().__init__()
        self.job, self.handle = job, handle

    def run(self) -> None:
        signals, cancelled = self.handle.signals, self.handle.is_cancelled
        try:
            result = self.job(signals.progress.emit, cancelled)
        except (DocumentError, LibraryError, OSError, sqlite3.Error) as error:
            self._end_with_error(str(error))
        except Exception as error:  # any bug must still end the job visibly
            if not cancelled():
                traceback.print_exc()
            self._end_with_error(f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            signals.finished.emit(result)

    def _end_with_error(self, message: str) -> None:
        if self.handle.is_cancelled():
            self.handle.signals.cancelled.emit()
        else:
            self.handle.signals.failed.emit(message)


class JobRunner(QObject):
    """Starts jobs on the thread pool and hands their outcome to callbacks on the UI thread."""

    started = Signal(object)  # JobHandle
    ended = Signal(object)  # JobHandle

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.closed = False
        self.running: list[JobHandle] = []

    def start(
        self,
        job: Job,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        *,
        title: str = "",
        unit: str = "",
        on_cancelled: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> JobHandle:
        """Run job; call on_done(result), on_failed(message) or on_cancelled() when it ends (never after close).

        A quiet job is left out of the status bar's progress (and its Cancel), but cancelled on close like any.
        """
        handle = JobHandle(title, unit, quiet)
        worker = _Worker(job, handle)
        signals = handle.signals
        signals.finished.connect(lambda result: self._end(handle, on_done, result))
        signals.failed.connect(lambda message: self._end(handle, on_failed, message))
        signals.cancelled.connect(lambda: self._end(handle, on_cancelled))
        self.running.append(handle)
        self.started.emit(handle)
        # Started from the event loop, so whoever holds the handle connects to it before a quick job ends.
        QTimer.singleShot(0, lambda: self.pool.start(worker) if not self.closed else self._end(handle, None))
        return handle

    def _end(self, handle: JobHandle, callback: Callable[..., None] | None, *result: Any) -> None:
        if not isValid(self):  # the runner (its window) was deleted while the job ran: nobody to tell
            return
        if handle not in self.running:
            return
        self.running.remove(handle)
        self.ended.emit(handle)
        if callback is not None and not self.closed:
            callback(*result)

    def cancel_all(self) -> None:
        """Ask every running job to stop."""
        for handle in list(self.running):
            handle.cancel()

    def close(self) -> None:
        """Cancel every running job and drop all outcomes from now on (the window is closing)."""
        self.closed = True
        self.cancel_all()
