"""The research views' background work: each a job ``job(progress, cancel)`` on its own read-only connection.

The views run these through a ``JobRunner`` and keep only the answer to the
latest question (a newer query or filter supersedes an older one: a job not
started yet is cancelled, and a late answer is dropped by its view).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument

from storage import Library, LibraryError
from storage.progress import Cancel, Progress
from storage.research import claims, collections, search
from storage.research.claims import ClaimFilter, ClaimPage, FilterChoices
from storage.research.search import SearchError, SearchTotals

from ..jobs import Job
from .search_delegate import SnippetLayout, snippet_document
from .search_model import SearchRow, rows_of

T = TypeVar("T")
UNSEARCHABLE = 'This query cannot be searched as typed: try plain words, a "phrase" or a filter such as tag:war.'


class QueryConnections:
    """The views' read-only connections, one per pool thread, kept between questions.

    A view asks many small questions (a keystroke, a filter, a page): a connection kept open keeps
    SQLite's cache of the indexes warm and saves opening one each time. Each is used only by the
    thread that opened it (a thread runs one job at a time); one that fails is dropped and opened again.
    """

    def __init__(self, library_path: Path) -> None:
        self.library_path = library_path
        self._lock = threading.Lock()
        self._by_thread: dict[int, Library] = {}

    def library(self) -> Library:
        """Return this thread's connection (opened on first use)."""
        ident = threading.get_ident()
        with self._lock:
            library = self._by_thread.get(ident)
        if library is None:
            library = Library(self.library_path, read_only=True)
            with self._lock:
                self._by_thread[ident] = library
        return library

    def drop(self) -> None:
        """Forget this thread's connection (after an error: the next question opens a new one)."""
        with self._lock:
            self._by_thread.pop(threading.get_ident(), None)


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
    documents: dict[SearchRow, QTextDocument] = field(default_factory=dict)  # snippets laid out for `layout`
    layout: SnippetLayout | None = None


@dataclass(frozen=True)
class ViewChoices:
    """What the claims view's filters offer: storage's choices, the documents and the collections."""

    filters: FilterChoices
    documents: list[tuple[int, str]]  # (id, title), by title
    collections: list[tuple[int, str]]  # (id, path), in tree order


def _checked(cancel: Cancel) -> None:
    if cancel():
        raise Superseded("a newer question replaced this one")


def _asked(connections: QueryConnections, question: Callable[[Library], T]) -> T:
    """Ask question on this thread's connection; anything SQLite refuses is one message for the user."""
    try:
        return question(connections.library())
    except sqlite3.Error:
        connections.drop()
        raise SearchError(UNSEARCHABLE) from None


def search_job(
    connections: QueryConnections,
    text: str,
    limit: int = 20,
    document_limit: int = 5,
    layout: SnippetLayout | None = None,
) -> Job:
    """Return a job searching the library for text; its result is a SearchOutcome (totals not counted yet).

    With a layout, the rows' snippets are made and laid out on the pool thread too (handed to the UI thread).

    A query that cannot be searched fails with one message for the user (a SearchError's, or
    UNSEARCHABLE for anything SQLite refused), never SQLite's own words.
    """

    def job(progress: Progress, cancel: Cancel) -> SearchOutcome:
        _checked(cancel)
        results = _asked(connections, lambda library: search.search(library, text, limit=limit,
                                                                     document_limit=document_limit))  # fmt: skip
        shown = SearchTotals(len(results.claims), len(results.documents))
        rows = rows_of(results)
        return SearchOutcome(text, rows, shown, results.notes, results.windowed, _laid_out(rows, layout), layout)

    return job


def _laid_out(rows: list[SearchRow], layout: SnippetLayout | None) -> dict[SearchRow, QTextDocument]:
    """The rows' snippet documents, made on this thread and moved to the application's (none without a layout)."""
    application = QCoreApplication.instance()
    if layout is None or application is None:
        return {}
    documents = {row: snippet_document(row, layout) for row in rows}
    for document in documents.values():
        document.moveToThread(application.thread())  # only a document's own thread may move it
    return documents


def totals_job(connections: QueryConnections, text: str) -> Job:
    """Return a job counting every match of text (asked after the results are shown); its result is SearchTotals."""

    def job(progress: Progress, cancel: Cancel) -> SearchTotals:
        _checked(cancel)
        return _asked(connections, lambda library: search.totals(library, text))

    return job


def page_job(
    connections: QueryConnections,
    claim_filter: ClaimFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    count: bool,
) -> Job:
    """Return a job reading one page of the claims view (with the total when count); its result is a ClaimPage."""

    def job(progress: Progress, cancel: Cancel) -> ClaimPage:
        _checked(cancel)
        return _asked(connections, lambda library: claims.page(library, claim_filter, sort=sort, descending=descending,
                                                               limit=limit, offset=offset, count=count))  # fmt: skip

    return job


def count_job(connections: QueryConnections, claim_filter: ClaimFilter) -> Job:
    """Return a job counting the claims the filter matches (asked beside the first page); its result is an int."""

    def job(progress: Progress, cancel: Cancel) -> int:
        _checked(cancel)
        return _asked(connections, lambda library: claims.count(library, claim_filter))

    return job


def choices_job(connections: QueryConnections) -> Job:
    """Return a job reading what the claims view's filters can offer; its result is a ViewChoices."""

    def choices(library: Library) -> ViewChoices:
        filters = claims.choices(library)
        sql = "SELECT id, title FROM documents ORDER BY title COLLATE NOCASE, id"
        documents = [(int(i), str(t)) for i, t in library.conn.execute(sql)]
        folders = [(c.id, c.path) for c in collections.collections(library)]
        return ViewChoices(filters, documents, folders)

    def job(progress: Progress, cancel: Cancel) -> ViewChoices:
        _checked(cancel)
        return _asked(connections, choices)

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
