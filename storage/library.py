"""The Library: one SQLite file holding documents, claim types and annotations.

Every public method that writes is one user action and one committed
transaction: when it returns, the change is on disk (WAL, synchronous=FULL).
"""

from __future__ import annotations

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
from .clock import now
from .errors import InvalidAnnotation, LibraryError, NotFound
from .migrations import migrate
from .records import Annotation, ClaimType, DocumentSummary, SearchHit, StoredDocument
from .search import fts_query
from .selectors import quote_selector
from .tags import clean_tags

if TYPE_CHECKING:
    import sqlite_utils

ANNOTATOR_VARIABLE = "CLAIMMARK_ANNOTATOR"
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024
_SUMMARY_COLUMNS = "id, title, author, published, source, format, imported, url"

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


class Library:
    """A Claimmark library file. Open one per thread; close it when done.

    Raises:
        LibraryError: the file is not a Claimmark library or cannot be opened.
    """

    def __init__(self, path: str | os.PathLike[str], annotator: str | None = None) -> None:
        self.path = Path(path)
        self.annotator = default_annotator() if annotator is None else annotator.strip()  # who tags, on this connection
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Listing a big book's annotations reads rows in reading order, not rowid
            # order: a 64 MiB page cache keeps that from thrashing.
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            migrate(conn)
        except (sqlite3.Error, OSError, RuntimeError) as error:
            raise LibraryError(f"{self.path}: cannot open library ({error})") from None
        self._texts: dict[int, str] = {}
        self._db: sqlite_utils.Database | None = None

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
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the body as one committed transaction (rolled back on any error)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- documents -------------------------------------------------------
    def import_document(self, document: Document) -> tuple[DocumentSummary, bool]:
        """Store document unless one with the same canonical text exists.

        Returns:
            The stored document's summary and whether it was newly added.
        """
        text = document.text
        digest = text_hash(text)
        existing = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", [digest]).fetchone()
        if existing:
            return self.document_summary(existing[0]), False
        meta = document.metadata
        row = {
            "title": meta.title, "author": meta.author, "published": meta.published,
            "source": meta.source, "url": meta.url, "format": meta.format, "language": meta.language,
            "notes": json.dumps(meta.notes), "text": text, "sha256": digest, "imported": now(),
            "blocks": json.dumps([b.to_dict() for b in document.blocks], ensure_ascii=False),
        }  # fmt: skip
        with self.transaction() as conn:
            cursor = conn.execute(
                f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
        assert cursor.lastrowid is not None
        self._texts[cursor.lastrowid] = text
        return self.document_summary(cursor.lastrowid), True

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
        self._texts[document_id] = row["text"]
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
        """Return a document's canonical text (cached). Raises NotFound."""
        if document_id not in self._texts:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            if row is None:
                raise NotFound(f"no document {document_id}")
            self._texts[document_id] = row[0]
        return self._texts[document_id]

    def forget_text(self, document_id: int) -> None:
        """Drop the cached text of a document whose text was replaced."""
        self._texts.pop(document_id, None)

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
        existing = self.claim_types()
        if any(t.name == name for t in existing):
            raise InvalidAnnotation(f"claim type {name!r} exists already")
        colour, underline = claim_types.checked_colour(colour), claim_types.checked_underline(underline)
        shortcut = claim_types.checked_shortcut(shortcut, {t.shortcut.upper() for t in existing if t.shortcut})
        position = 1 + max((t.position for t in existing), default=0)
        with self.transaction() as conn:
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

    # -- annotations -----------------------------------------------------
    def add_annotation(
        self,
        document_id: int,
        start: int,
        end: int,
        claim_type: str,
        note: str = "",
        speaker: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """Tag text[start:end] of a document as claim_type, in one transaction.

        Raises:
            NotFound: no such document or claim type.
            InvalidAnnotation: the range is empty or outside the text.
        """
        import uuid as uuid_module  # (it imports platform: 10 ms that listing never needs)

        exact, prefix, suffix = quote_selector(self.document_text(document_id), start, end)
        self._check_claim_type(claim_type)
        stamp = now()
        annotation = Annotation(
            uuid=str(uuid_module.uuid4()), document_id=document_id, start=start, end=end, exact=exact,
            prefix=prefix, suffix=suffix, claim_type=claim_type, note=note.strip(), speaker=speaker.strip(),
            tags=clean_tags(tags), created=stamp, updated=stamp, annotator=self.annotator,
        )  # fmt: skip
        self.restore_annotation(annotation)
        return annotation

    def restore_annotation(self, annotation: Annotation) -> None:
        """Store annotation exactly as given (same uuid and times): undo of a delete, or import."""
        try:
            with self.transaction() as conn:
                annotation_rows.insert(conn, annotation)
        except sqlite3.IntegrityError as error:
            raise InvalidAnnotation(f"annotation cannot be stored ({error})") from None

    def update_annotation(
        self,
        uuid: str,
        *,
        claim_type: str | None = None,
        note: str | None = None,
        speaker: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Annotation:
        """Change an annotation's type, note, speaker or tags; return the new state. Raises NotFound."""
        current = self.annotation(uuid)
        changes: dict[str, Any] = {}
        if claim_type is not None and claim_type != current.claim_type:
            self._check_claim_type(claim_type)
            changes["claim_type"] = claim_type
        if note is not None:
            changes["note"] = note.strip()
        if speaker is not None:
            changes["speaker"] = speaker.strip()
        changes["updated"] = now()
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self.transaction() as conn:
            conn.execute(f"UPDATE annotations SET {assignments} WHERE uuid = ?", [*changes.values(), uuid])
            if tags is not None:
                row_id = annotation_rows.row_id(conn, uuid)
                assert row_id is not None
                conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [row_id])
                annotation_rows.write_tags(conn, row_id, clean_tags(tags))
        return self.annotation(uuid)

    def replace_annotation(self, annotation: Annotation) -> None:
        """Overwrite the stored annotation with the same uuid by annotation (undo of an edit). Raises NotFound."""
        with self.transaction() as conn:
            if not annotation_rows.overwrite(conn, annotation):
                raise NotFound(f"no annotation {annotation.uuid}")

    def delete_annotation(self, uuid: str) -> Annotation:
        """Delete an annotation and return it, so the caller can offer undo. Raises NotFound."""
        annotation = self.annotation(uuid)
        with self.transaction() as conn:
            conn.execute("DELETE FROM annotations WHERE uuid = ?", [uuid])
        return annotation

    def annotation(self, uuid: str) -> Annotation:
        """Return one annotation by uuid. Raises NotFound."""
        found = annotation_rows.select(self.conn, "WHERE a.uuid = ?", [uuid])
        if not found:
            raise NotFound(f"no annotation {uuid}")
        return found[0]

    def annotations(
        self, document_id: int | None = None, claim_type: str | None = None, status: str | None = None
    ) -> list[Annotation]:
        """Return annotations in reading order, optionally of one document, type or status."""
        clauses, params = [], []
        for column, value in (("document_id", document_id), ("claim_type", claim_type), ("status", status)):
            if value is not None:
                clauses.append(f"a.{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return annotation_rows.select(self.conn, f"{where} ORDER BY a.document_id, a.start, a.end, a.id", params)

    # -- search ----------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over annotation quotes, notes and speakers, best matches first."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.conn.execute(
            f"SELECT {annotation_rows.SELECT_COLUMNS}, d.title,"
            " snippet(annotations_fts, -1, '[', ']', '…', 12)"
            " FROM annotations_fts JOIN annotations a ON a.id = annotations_fts.rowid"
            " JOIN documents d ON d.id = a.document_id"
            " WHERE annotations_fts MATCH ? ORDER BY rank LIMIT ?",
            [match, limit],
        ).fetchall()
        tags = annotation_rows.tags_of(self.conn, [row[0] for row in rows])
        title, snippet = len(annotation_rows.STORED) + 1, len(annotation_rows.STORED) + 2
        return [SearchHit(annotation_rows.build(row, tags.get(row[0], ())), row[title], row[snippet]) for row in rows]
