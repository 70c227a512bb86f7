"""Run slow work (imports, exports) off the UI thread; report by signals.

A Job is a plain callable taking a progress(done, total) callback. The Worker wraps
it so that it always ends by emitting exactly one of finished or failed: a silent
exception can never leave a progress dialog hanging.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from documents import Document, DocumentError, load_path
from storage import Library, LibraryError
from storage.anchoring.versions import import_or_update

Progress = Callable[[int, int], None]
Job = Callable[[Progress], Any]


class WorkerSignals(QObject):
    """The signals of one Worker (a QRunnable cannot emit by itself)."""

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message for the user


class Worker(QRunnable):
    """Runs job(progress) on a pool thread; emits finished(result) or failed(message)."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit)
        except (DocumentError, LibraryError, OSError) as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # any bug must still end the job visibly
            traceback.print_exc()
            self.signals.failed.emit(f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            self.signals.finished.emit(result)


def start(job: Job, pool: QThreadPool | None = None) -> WorkerSignals:
    """Queue job on pool (the global one by default); return its signals (keep a reference).

    The job starts when control returns to the event loop, so the caller connects to the
    signals first and never misses a fast job's finished or failed.
    """
    worker = Worker(job)
    target = pool or QThreadPool.globalInstance()
    QTimer.singleShot(0, lambda: target.start(worker))
    return worker.signals


def import_files_job(library_path: Path, paths: Sequence[str]) -> Job:
    """Return a job importing paths into the library at library_path; its result is the new ids.

    Every file is parsed before anything is written, so a bad file leaves the library untouched.
    """

    def job(progress: Progress) -> list[int]:
        documents = []
        for done, path in enumerate(paths):
            progress(done, len(paths))
            documents.append(load_path(path))
        with Library(library_path) as library:  # one connection per thread
            # A changed file imported before becomes a new version of its document (claims carried over).
            ids = [import_or_update(library, document).summary.id for document in documents]
        progress(len(paths), len(paths))
        return ids

    return job


def import_url_job(library_path: Path, url: str, fetch: Callable[[str], Document]) -> Job:
    """Return a job running fetch(url) (an explicit user request) and importing it; its result is [id]."""

    def job(progress: Progress) -> list[int]:
        progress(0, 1)
        document = fetch(url)
        with Library(library_path) as library:
            summary, _ = library.import_document(document)
        progress(1, 1)
        return [summary.id]

    return job
