"""Jobs for gui/workers.py that update a document to a new version, each on its own library connection."""

from __future__ import annotations

import threading
from pathlib import Path

from documents import Document, load_path
from storage import Library
from storage.anchoring import update_document
from storage.anchoring.versions import source_changed

from .workers import Job, Progress


def update_document_job(library_path: Path, document_id: int, source: str | Document, cancel: threading.Event) -> Job:
    """Return a job making source (a file path, or a document already read) the document's new version.

    Its result is (document_id, the count of annotations per status). Setting cancel stops it
    before anything is written (the worker then reports the cancellation as failed).
    """

    def job(progress: Progress) -> tuple[int, dict[str, int]]:
        document = load_path(source) if isinstance(source, str) else source
        with Library(library_path) as library:
            return document_id, update_document(library, document_id, document, progress=progress, cancel=cancel.is_set)

    return job


def source_check_job(library_path: Path, document_id: int) -> Job:
    """Return a job whose result is (document_id, its source file read anew if it changed on disk, else None)."""

    def job(progress: Progress) -> tuple[int, Document | None]:
        with Library(library_path) as library:
            return document_id, source_changed(library, document_id)

    return job
