"""Migration 4: where imported annotations came from, document notes, and the "untyped" claim type.

- ``annotations.origin_format`` / ``origin_id`` / ``origin_url``: the tool an
  imported annotation came from, its id there and the address it was made on,
  so that importing the same file again finds its duplicates by id;
- ``document_notes``: notes on a whole document (a Hypothesis page note, an
  annotation without a text selector), each with its tags (a JSON list),
  annotator and origin;
- the built-in claim type ``untyped`` (neutral grey): a highlight brought in
  from another tool that names no claim type, to be classified later.
"""

from __future__ import annotations

import sqlite3

from .script import run_script

UNTYPED = ("untyped", "Untyped", "#8c8c8c", "dot")  # name, label, colour, underline

SCRIPT = """
ALTER TABLE annotations ADD COLUMN origin_format TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN origin_id TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN origin_url TEXT NOT NULL DEFAULT '';

CREATE TABLE document_notes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    annotator TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    origin_format TEXT NOT NULL DEFAULT '',
    origin_id TEXT NOT NULL DEFAULT '',
    origin_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_notes_document ON document_notes(document_id, created);
"""


def apply(conn: sqlite3.Connection) -> None:
    """Add the origin columns, the document_notes table and the built-in "untyped" claim type (shown last)."""
    run_script(conn, SCRIPT)
    # A library that already has a type of that name keeps its own.
    conn.execute(
        "INSERT OR IGNORE INTO claim_types (name, label, colour, underline, shortcut, position, builtin)"
        " SELECT ?, ?, ?, ?, '', coalesce(max(position), 0) + 1, 1 FROM claim_types",
        UNTYPED,
    )
