"""Jobs for the job runner (gui/jobs.py) that update a document to a new version, each on its own library connection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage import Library
from storage.anchoring import update_document
from storage.anchoring.versions import source_changed
from storage.progress import Cancel, Progress

from .jobs import Job

if TYPE_CHECKING:  # the importers load with the first update, on its pool thread
    from documents import Document


def update_document_job(library_path: Path, document_id: int, source: str | Document) -> Job:
    """Return a job making source (a file path, or a document already read) the document's new version.

    Its result is (document_id, the count of annotations per status). Cancelling it stops it
    before anything is written.
    """

    def job(progress: Progress, cancel: Cancel) -> tuple[int, dict[str, int]]:
        from documents.bounded import load_path_bounded

        document = load_path_bounded(source) if isinstance(source, str) else source
        with Library(library_path) as library:
            return document_id, update_document(library, document_id, document, progress=progress, cancel=cancel)

    return job


def source_check_job(library_path: Path, document_id: int) -> Job:
    """Return a job whose result is (document_id, its source file read anew if it changed on disk, else None)."""

    def job(progress: Progress, cancel: Cancel) -> tuple[int, Document | None]:
        from documents.bounded import load_path_bounded

        with Library(library_path) as library:
            return document_id, source_changed(library, document_id, load=load_path_bounded)

    return job
