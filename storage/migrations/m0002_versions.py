"""Migration 2: document versions. Superseded texts are kept; a changed claim keeps its previous wording."""

from __future__ import annotations

import sqlite3

from .script import run_script

SCRIPT = """
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    blocks TEXT NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported TEXT NOT NULL,
    replaced TEXT NOT NULL,
    UNIQUE (document_id, version)
);
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE annotations ADD COLUMN old_exact TEXT NOT NULL DEFAULT '';
"""


def apply(conn: sqlite3.Connection) -> None:
    """Create document_versions; add documents.version and annotations.old_exact."""
    run_script(conn, SCRIPT)
