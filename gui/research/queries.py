"""The research views' background work: each a job ``job(progress, cancel)`` on its own read-only connection.

The views run these through a ``JobRunner`` and keep only the answer to the
latest question (a newer query or filter supersedes an older one: a job not
started yet is cancelled, and a late answer is dropped by its view).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage import Library, LibraryError
from storage.progress import Cancel, Progress
from storage.research import claims, collections, search
from storage.research.claims import ClaimFilter, ClaimPage, FilterChoices
from storage.research.search import SearchError, SearchTotals

from ..jobs import Job
from .search_model import SearchRow, rows_of

UNSEARCHABLE = 'This query cannot be searched as typed: try plain words, a "phrase" or a filter such as tag:war.'


class Superseded(LibraryError):
    """A newer question replaced this one before it was asked."""


@dataclass(frozen=True)
class SearchOutcome:
    """What one search found: the rows to show, the totals, and how the query was read."""

    query: str
    rows: list[SearchRow]
    totals: SearchTotals
    notes: tuple[str, ...]
    windowed: bool  # not every match was ranked (a common word)


@dataclass(frozen=True)
class ViewChoices:
    """What the claims view's filters offer: storage's choices, the documents and the collections."""

    filters: FilterChoices
    documents: list[tuple[int, str]]  # (id, title), by title
    collections: list[tuple[int, str]]  # (id, path), in tree order


def _checked(cancel: Cancel) -> None:
    if cancel():
        raise Superseded("a newer question replaced this one")


def search_job(library_path: Path, text: str, limit: int = 30, document_limit: int = 5) -> Job:
    """Return a job searching the library for text; its result is a SearchOutcome.

    A query that cannot be searched fails with one message for the user (a SearchError's, or
    UNSEARCHABLE for anything SQLite refused), never SQLite's own words.
    """

    def job(progress: Progress, cancel: Cancel) -> SearchOutcome:
        _checked(cancel)
        with Library(library_path, read_only=True) as library:
            try:
                prepared = search.prepare(library, text)
                results = search.search(library, prepared, limit=limit, document_limit=document_limit)
                totals = search.totals(library, prepared) if prepared.claim_match or prepared.document_match else None
            except sqlite3.Error:
                raise SearchError(UNSEARCHABLE) from None
        counted = totals or SearchTotals(len(results.claims), len(results.documents))
        return SearchOutcome(text, rows_of(results), counted, results.notes, results.windowed)

    return job


def page_job(
    library_path: Path, claim_filter: ClaimFilter, sort: str, descending: bool, offset: int, limit: int, count: bool
) -> Job:
    """Return a job reading one page of the claims view (with the total when count); its result is a ClaimPage."""

    def job(progress: Progress, cancel: Cancel) -> ClaimPage:
        _checked(cancel)
        with Library(library_path, read_only=True) as library:
            try:
                return claims.page(
                    library, claim_filter, sort=sort, descending=descending, limit=limit, offset=offset, count=count
                )
            except sqlite3.Error:
                raise SearchError(UNSEARCHABLE) from None

    return job


def choices_job(library_path: Path) -> Job:
    """Return a job reading what the claims view's filters can offer; its result is a ViewChoices."""

    def job(progress: Progress, cancel: Cancel) -> ViewChoices:
        _checked(cancel)
        with Library(library_path, read_only=True) as library:
            filters = claims.choices(library)
            sql = "SELECT id, title FROM documents ORDER BY title COLLATE NOCASE, id"
            documents = [(int(i), str(t)) for i, t in library.db.conn.execute(sql)]
            folders = [(c.id, c.path) for c in collections.collections(library)]
        return ViewChoices(filters, documents, folders)

    return job


def export_filtered_job(library_path: Path, claim_filter: ClaimFilter, path: str, export_format: str) -> Job:
    """Return a job writing exactly the claims the filter matches to path; its result is (path, claims written)."""

    def job(progress: Progress, cancel: Cancel) -> tuple[str, int]:
        from storage.export import ExportOptions
        from storage.export.exporting import export_file

        with Library(library_path, read_only=True) as library:
            uuids = claims.uuids(library, claim_filter)
            export_file(library, [], path, ExportOptions(format=export_format), progress, annotation_uuids=uuids)
        return path, len(uuids)

    return job
