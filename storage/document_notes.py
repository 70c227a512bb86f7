"""The one place that knows how a DocumentNote maps onto the ``document_notes`` table.

A document note is about a whole document rather than a passage: a page note
from Hypothesis, or any imported annotation that has no text selector. Its
tags are stored with it as a JSON list (they are few, and never searched by).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .records import DocumentNote

FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(DocumentNote))
_COLUMNS = ", ".join(FIELDS)
_INSERT = f"INSERT INTO document_notes ({_COLUMNS}) VALUES ({', '.join('?' * len(FIELDS))})"
_TAGS_AT = FIELDS.index("tags")


def select(conn: sqlite3.Connection, tail: str = "", params: Sequence[Any] = ()) -> list[DocumentNote]:
    """Return the notes of ``SELECT ... FROM document_notes {tail}``."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM document_notes {tail}", params).fetchall()
    return [_build(row) for row in rows]


def insert_many(conn: sqlite3.Connection, notes: Iterable[DocumentNote]) -> None:
    """Insert notes exactly as given (uuids, times), inside the caller's transaction."""
    conn.executemany(_INSERT, map(_values, notes))


def delete(conn: sqlite3.Connection, uuid: str) -> bool:
    """Delete one note inside the caller's transaction; False when there is none with that uuid."""
    return conn.execute("DELETE FROM document_notes WHERE uuid = ?", [uuid]).rowcount > 0


def origin_ids(conn: sqlite3.Connection) -> set[str]:
    """Return the origin ids of every imported note (to find duplicates when importing again)."""
    return {row[0] for row in conn.execute("SELECT origin_id FROM document_notes WHERE origin_id != ''")}


def _values(note: DocumentNote) -> list[Any]:
    values = [getattr(note, name) for name in FIELDS]
    values[_TAGS_AT] = json.dumps(list(note.tags), ensure_ascii=False)
    return values


def _build(row: Sequence[Any]) -> DocumentNote:
    values = list(row)
    values[_TAGS_AT] = tuple(json.loads(values[_TAGS_AT]))
    return DocumentNote(*values)
