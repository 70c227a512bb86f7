"""Jobs that import articles and annotations, each on its own library connection (run by gui/jobs.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from storage import Library
from storage.progress import Cancel, Progress

from .jobs import Job

if TYPE_CHECKING:  # the importers load with the first import, on its pool thread, not with the window
    from documents import Document


class ImportCancelled(Exception):
    """The user cancelled an import before anything was written."""


def import_files_job(library_path: Path, paths: Sequence[str]) -> Job:
    """Return a job importing paths into the library at library_path; its result is the new ids.

    Every file is parsed before anything is written, so a bad file — or a cancel — leaves the library untouched.
    """

    def job(progress: Progress, cancel: Cancel) -> list[int]:
        from documents.bounded import load_path_bounded
        from storage.anchoring import import_or_update

        documents = []
        for done, path in enumerate(paths):
            if cancel():
                raise ImportCancelled
            progress(done, len(paths))
            documents.append(load_path_bounded(path))  # in a child with memory and CPU limits
        if cancel():
            raise ImportCancelled
        with Library(library_path) as library:  # one connection per thread
            # A changed file imported before becomes a new version of its document (claims carried over).
            ids = [import_or_update(library, document).summary.id for document in documents]
        progress(len(paths), len(paths))
        return ids

    return job


def import_url_job(library_path: Path, url: str, fetch: Callable[[str], Document]) -> Job:
    """Return a job running fetch(url) (an explicit user request) and importing it; its result is [id]."""

    def job(progress: Progress, cancel: Cancel) -> list[int]:
        progress(0, 1)
        document = fetch(url)
        if cancel():
            raise ImportCancelled
        with Library(library_path) as library:
            summary, _ = library.import_document(document)
        progress(1, 1)
        return [summary.id]

    return job


def import_annotations_job(library_path: Path, path: str) -> Job:
    """Return a job importing the W3C annotation file at path; its result is the one-line summary."""

    def job(progress: Progress, cancel: Cancel) -> str:
        from storage.interchange import import_annotation_file

        with Library(library_path) as library:
            return import_annotation_file(library, path, progress).summary()

    return job
