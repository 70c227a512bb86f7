"""The Library: one SQLite file holding documents, claim types and annotations.

Every public method that writes is one user action and one committed
transaction: when it returns, the change is on disk (WAL, synchronous=FULL).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from documents import Block, Document, Metadata, text_hash

from . import annotation_rows, claim_types
from .backup import BackupError, make_backup
from .clock import now
from .errors import (
    InvalidAnnotation,
    LibraryError,
    LibraryFileChanged,
    NotFound,
    ReadOnlyLibrary,
    UnusableLibrary,
)
from .library_claims import LibraryClaims
from .library_file import FileGuard
from .opening import open_read_only, open_writable
from .paths import path_problem, shown_path
from .records import ClaimType, DocumentSummary, SearchHit, StoredDocument
from .research import ranking
from .search import fts_query
from .write_errors import translate

if TYPE_CHECKING:
    import sqlite_utils

ANNOTATOR_VARIABLE = "CLAIMMARK_ANNOTATOR"
BUSY_TIMEOUT = 5.0  # seconds a write waits for another program's lock before it is reported
_SUMMARY_COLUMNS = (
    "id, title, author, published, source, format, imported, url,"
    " (SELECT count(*) FROM document_notes n WHERE n.document_id = documents.id) AS notes"
)

__all__ = ["Library", "now"]


def default_annotator() -> str:
    """Return who annotates when nobody says: $CLAIMMARK_ANNOTATOR, else the login name, else ""."""
    named = os.environ.get(ANNOTATOR_VARIABLE, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (containers, odd platforms)
        return ""


_KEPT_LENGTH = "SELECT length FROM document_lengths WHERE document_id = ?"


class Library(LibraryClaims):
    """A Claimmark library file. Open one per thread; close it when done.

    Args:
        annotator: who makes this connection's annotations (default: $CLAIMMARK_ANNOTATOR, else the login).
        read_only: open for reading only (never creates or changes the file; a missing library reads as empty).
        busy_timeout: seconds a write waits for another program's lock before LibraryBusy.
        backups: make the automatic backups (daily, and before a migration).

    Raises:
        ForeignFile, DamagedLibrary, NewerLibrary: the file is not a usable library (it was not changed).
        LibraryError: the file cannot be opened.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        annotator: str | None = None,
        *,
        read_only: bool = False,
        busy_timeout: float = BUSY_TIMEOUT,
        backups: bool = True,
    ) -> None:
        self.path = Path(path)
        self.annotator = default_annotator() if annotator is None else annotator.strip()  # who tags, on this connection
        problem = path_problem(self.path)
        if problem:
            raise LibraryError(f"{shown_path(self.path)}: cannot be a library file: the path {problem}")
        self.read_only = read_only
        self.busy_timeout = busy_timeout
        self._nesting = 0  # transaction() blocks open on this connection
        self.stopped: str | None = None  # why writing stopped (the files were removed or replaced), if it did
        self._texts: dict[int, str] = {}
        self._texts_version = -1  # PRAGMA data_version the cached texts were read at
        try:
            opened = (
                open_read_only(self.path, busy_timeout)
                if read_only
                else open_writable(self.path, busy_timeout, backups=backups)
            )
        except (UnusableLibrary, LibraryFileChanged, BackupError):
            raise
        except (sqlite3.Error, OSError, RuntimeError) as error:
            raise LibraryError(f"{self.path}: cannot open library ({error})") from None
        self.conn = opened.conn
        self._db: sqlite_utils.Database | None = None
        self.created = opened.created  # this open made a new, empty library file
        self.backup_problem = opened.backup_problem  # why today's automatic backup failed, if it did
        self._guard: FileGuard | None = opened.guard
        if annotator is None:  # a library synced with a group tags as the person it syncs as
            self.annotator = self._synced_person() or self.annotator

    def _synced_person(self) -> str:
        """The person this library syncs as with a group library, or "" (none, or a library not yet upgraded)."""
        try:
            linked = self.conn.execute("SELECT person FROM sync_link").fetchone()
        except sqlite3.OperationalError:  # read-only open of a library from before sync
            return ""
        return str(linked[0]) if linked else ""

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection as a sqlite-utils Database (imported on first use: it takes 80 ms to import)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Return the rows of sql as dicts keyed by column name."""
        cursor = self.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the connection, checkpointing the WAL; files found removed or replaced are rescued first."""
        problem = self._guard.problem() if self._guard is not None and self.stopped is None else None
        if problem is not None:
            with contextlib.suppress(LibraryFileChanged):  # the rescue copy is made; self.stopped says where
                self._stop(problem)
        elif self._guard is not None and self.stopped is None:
            with contextlib.suppress(sqlite3.Error):  # busy: SQLite checkpoints when the last connection closes
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, seconds: float) -> None:
        """Change how long a write waits for another program's lock before LibraryBusy is raised."""
        self.busy_timeout = seconds
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the body as one committed transaction (rolled back on any error).

        Raises:
            WriteFailed: SQLite or the disk refused (full, read-only, locked past the wait, I/O error),
                or the library's files were removed or replaced; nothing of the body was written.
        """
        conn = self._writable()
        if self._nesting:  # inside an outer transaction of this connection: its writes join it
            yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._translated(error) from None
        self._check_files(conn)
        self._nesting += 1
        try:
            yield conn
            conn.execute("COMMIT")
        except (sqlite3.Error, OSError) as error:
            self._rollback(conn)
            raise self._translated(error) from None
        except BaseException:
            self._rollback(conn)
            raise
        finally:
            self._nesting -= 1
        self._check_files(conn, committed=True)

    def _writable(self) -> sqlite3.Connection:
        if self.read_only:
            raise ReadOnlyLibrary(f"{self.path}: the library is open read-only; the change was not saved")
        if self.stopped is not None:
            raise LibraryFileChanged(self.stopped)
        return self.conn

    def _translated(self, error: BaseException) -> LibraryError:
        return translate(error, self.path, busy_seconds=self.busy_timeout)

    def _rollback(self, conn: sqlite3.Connection) -> None:
        self._texts.clear()  # texts read inside a rolled-back transaction may never have existed
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # SQLite rolled back already (full disk, I/O error)
                conn.execute("ROLLBACK")

    def _check_files(self, conn: sqlite3.Connection, committed: bool = False) -> None:
        """Stop writing when the library or its -wal is no longer the file this connection writes to."""
        problem = self._guard.problem() if self._guard is not None else None
        if problem is None:
            return
        if not committed:
            self._rollback(conn)
        self._stop(problem)

    def _stop(self, problem: str) -> None:
        """Refuse every later write, after copying what this connection still sees to a rescue backup."""
        try:
            rescued = make_backup(self.conn, self.path, "rescued")
            kept = f"everything saved until now was copied to {rescued}; close Claimmark and restore it from there"
        except BackupError as error:
            kept = f"a rescue copy could not be made ({error})"
        self.stopped = f"{problem}; Claimmark stopped writing to it and {kept}"
        raise LibraryFileChanged(self.stopped)

    def _current_texts(self) -> dict[int, str]:
        """Return the text cache, emptied first when another connection committed since it was filled."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._texts_version:
            self._texts.clear()
            self._texts_version = version
        return self._texts

    # -- documents -------------------------------------------------------
    def import_document(self, document: Document) -> tuple[DocumentSummary, bool]:
        """Store document unless one with the same canonical text exists.

        Returns:
            The stored document's summary and whether it was newly added.
        """
        with self.transaction() as conn:
            existing = conn.execute("SELECT id FROM documents WHERE sha256 = ?", [text_hash(document.text)]).fetchone()
            document_id = existing[0] if existing else self.insert_document(conn, document)
        if not existing:
            self._texts[document_id] = document.text
        return self.document_summary(document_id), not existing

    @staticmethod
    def insert_document(conn: sqlite3.Connection, document: Document) -> int:
        """Insert document inside the caller's transaction (no check for a copy); return its id."""
        meta, text = document.metadata, document.text
        row = {
            "title": meta.title, "author": meta.author, "published": meta.published,
            "source": meta.source, "url": meta.url, "format": meta.format, "language": meta.language,
            "notes": json.dumps(meta.notes), "text": text, "sha256": text_hash(text), "imported": now(),
            "blocks": json.dumps([b.to_dict() for b in document.blocks], ensure_ascii=False),
        }  # fmt: skip
        cursor = conn.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def documents(self) -> list[DocumentSummary]:
        """Return every document, newest import first, with per-type annotation counts."""
        counts = self._counts()
        rows = self._query(f"SELECT {_SUMMARY_COLUMNS} FROM documents ORDER BY imported DESC, id DESC")
        return [DocumentSummary(**row, counts=counts.get(row["id"], {})) for row in rows]

    def document_summary(self, document_id: int) -> DocumentSummary:
        """Return one document's summary. Raises NotFound."""
        rows = self._query(f"SELECT {_SUMMARY_COLUMNS} FROM documents WHERE id = ?", [document_id])
        if not rows:
            raise NotFound(f"no document {document_id}")
        return DocumentSummary(**rows[0], counts=self._counts(document_id).get(document_id, {}))

    def document(self, document_id: int) -> StoredDocument:
        """Return one document with its blocks and canonical text. Raises NotFound."""
        rows = self._query("SELECT * FROM documents WHERE id = ?", [document_id])
        if not rows:
            raise NotFound(f"no document {document_id}")
        row = rows[0]
        metadata = Metadata(
            title=row["title"], author=row["author"], published=row["published"], source=row["source"],
            url=row["url"], format=row["format"], language=row["language"], notes=json.loads(row["notes"]),
        )  # fmt: skip
        blocks = [Block.from_dict(b) for b in json.loads(row["blocks"])]
        self._current_texts()[document_id] = row["text"]
        return StoredDocument(row["id"], metadata, blocks, row["text"], row["sha256"], row["imported"])

    def find_document(self, reference: str) -> DocumentSummary:
        """Resolve a user's reference to a document: its id, or a unique part of its title.

        Raises:
            NotFound: nothing matches, or the title matches several documents.
        """
        if reference.strip().isdigit():
            return self.document_summary(int(reference))
        needle = reference.strip().casefold()
        matches = [d for d in self.documents() if needle and needle in d.title.casefold()]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no document matches {reference!r}")
        raise NotFound(f"{reference!r} matches {len(matches)} documents; use an id")

    def document_text(self, document_id: int) -> str:
        """Return a document's canonical text as last committed (cached until another connection commits).

        Raises:
            NotFound: no such document.
        """
        texts = self._current_texts()
        if document_id not in texts:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            if row is None:
                raise NotFound(f"no document {document_id}")
            texts[document_id] = row[0]
        return texts[document_id]

    def forget_text(self, document_id: int) -> None:
        """Drop the cached text of a document whose text this connection replaced."""
        self._texts.pop(document_id, None)

    def _text_length(self, document_id: int) -> int:
        text = self._texts.get(document_id)
        if text is not None:
            return len(text)
        # The length kept beside the text (migration 5): length(text) reads and counts the whole text, ~0.1 ms
        # an article, which a page of 200 claims across as many documents paid 200 times.
        try:
            row = self.conn.execute(_KEPT_LENGTH, [document_id]).fetchone()
        except sqlite3.OperationalError:  # a library from before migration 5, opened read-only
            row = None
        if row is None:
            row = self.conn.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
        return 0 if row is None else int(row[0])

    def _counts(self, document_id: int | None = None) -> dict[int, dict[str, int]]:
        where, params = ("WHERE document_id = ?", [document_id]) if document_id is not None else ("", [])
        counts: dict[int, dict[str, int]] = {}
        sql = f"SELECT document_id, claim_type, count(*) FROM annotations {where} GROUP BY 1, 2"
        for doc, claim_type, count in self.conn.execute(sql, params):
            counts.setdefault(doc, {})[claim_type] = count
        return counts

    # -- claim types -----------------------------------------------------
    def claim_types(self) -> list[ClaimType]:
        """Return the claim types in their display order."""
        rows = self._query("SELECT * FROM claim_types ORDER BY position, name")
        return [ClaimType(**{**row, "builtin": bool(row["builtin"])}) for row in rows]

    def add_claim_type(
        self, name: str, label: str = "", colour: str = "#7a5cc4", underline: str = "dot", shortcut: str = ""
    ) -> ClaimType:
        """Add a claim type to the library, shown after the others.

        Raises:
            InvalidAnnotation: the name is malformed or taken, the colour or underline unknown,
                or the shortcut taken or reserved.
        """
        name = claim_types.checked_name(name)
        colour, underline = claim_types.checked_colour(colour), claim_types.checked_underline(underline)
        with self.transaction() as conn:
            existing = self.claim_types()
            if any(t.name == name for t in existing):
                raise InvalidAnnotation(f"claim type {name!r} exists already")
            if len(existing) >= claim_types.MAX_CLAIM_TYPES:
                raise InvalidAnnotation(f"a library holds at most {claim_types.MAX_CLAIM_TYPES} claim types")
            shortcut = claim_types.checked_shortcut(shortcut, {t.shortcut.upper() for t in existing if t.shortcut})
            position = 1 + max((t.position for t in existing), default=0)
            conn.execute(
                "INSERT INTO claim_types (name, label, colour, underline, shortcut, position)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [name, label.strip() or name.replace("-", " ").replace("_", " ").title(), colour, underline, shortcut,
                 position],
            )  # fmt: skip
        return next(t for t in self.claim_types() if t.name == name)

    def _check_claim_type(self, name: str) -> None:
        if self.conn.execute("SELECT 1 FROM claim_types WHERE name = ?", [name]).fetchone() is None:
            known = ", ".join(t.name for t in self.claim_types())
            raise NotFound(f"unknown claim type {name!r} (known: {known})")

    # -- search ----------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over annotation quotes, notes, speakers and tags, best matches first.

        The simple search of the first API (every word, the last as a prefix); the command line and
        the window use storage.research.search, with filters and document hits. Ranked as it is
        (storage.research.ranking): common words come back as fast as rare ones.
        """
        match = fts_query(query)
        if not match:
            return []
        conn = self.conn
        snippet = "snippet(annotations_fts, -1, '[', ']', '…', 12)"
        found, _ = ranking.ranked(
            conn, "annotations_fts", f"{{exact note speaker tag_text}} : ({match})", snippet, limit
        )
        annotations = annotation_rows.select_by_ids(conn, [row_id for row_id, _ in found])
        titles = dict(conn.execute(
            "SELECT id, title FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted({a.document_id for a in annotations.values()}))],
        ).fetchall())  # fmt: skip
        hits = [(annotations[row_id], text) for row_id, text in found if row_id in annotations]
        placed = self.within_texts([annotation for annotation, _ in hits])
        return [
            SearchHit(annotation, titles.get(annotation.document_id, ""), text)
            for annotation, (_, text) in zip(placed, hits, strict=True)
        ]
