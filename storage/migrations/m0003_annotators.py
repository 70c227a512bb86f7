"""Migration 3: who made each annotation, a document's real address, and indexes for counts and statuses."""

from __future__ import annotations

import sqlite3

from .script import run_script

SCRIPT = """
ALTER TABLE annotations ADD COLUMN annotator TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN url TEXT NOT NULL DEFAULT '';
CREATE INDEX annotations_document_type ON annotations(document_id, claim_type);
CREATE INDEX annotations_document_status ON annotations(document_id, status);
CREATE INDEX annotations_annotator ON annotations(annotator);
CREATE INDEX documents_url ON documents(url);
"""


def apply(conn: sqlite3.Connection) -> None:
    """Add annotations.annotator and documents.url, and the indexes that keep per-action queries small."""
    run_script(conn, SCRIPT)
