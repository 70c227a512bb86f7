"""Migration 1: documents, claim types, annotations, tags and the full-text indexes."""

from __future__ import annotations

import sqlite3

from .script import run_script

BUILTIN_CLAIM_TYPES = (
    # name, label, colour, underline, shortcut, position
    ("fact", "Fact", "#2f7ed8", "solid", "F", 1),
    ("opinion", "Opinion", "#e07b00", "dash", "O", 2),
    ("quote", "Quote", "#2e9d57", "wave", "Q", 3),
)

SCRIPT = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '[]',
    blocks TEXT NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE INDEX documents_source ON documents(source);

CREATE TABLE claim_types (
    name TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    colour TEXT NOT NULL,
    underline TEXT NOT NULL DEFAULT 'solid',
    shortcut TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    claim_type TEXT NOT NULL REFERENCES claim_types(name) ON UPDATE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    speaker TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'anchored',
    score REAL NOT NULL DEFAULT 1.0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK (start >= 0 AND end >= start)
);
CREATE INDEX annotations_document ON annotations(document_id, start, end);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);

CREATE VIRTUAL TABLE annotations_fts USING fts5(
    exact, note, speaker, content='annotations', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    INSERT INTO annotations_fts(rowid, exact, note, speaker)
    VALUES (new.id, new.exact, new.note, new.speaker);
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, exact, note, speaker)
    VALUES ('delete', old.id, old.exact, old.note, old.speaker);
END;
CREATE TRIGGER annotations_au AFTER UPDATE OF exact, note, speaker ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, exact, note, speaker)
    VALUES ('delete', old.id, old.exact, old.note, old.speaker);
    INSERT INTO annotations_fts(rowid, exact, note, speaker)
    VALUES (new.id, new.exact, new.note, new.speaker);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""


def apply(conn: sqlite3.Connection) -> None:
    """Create the first schema and the built-in claim types."""
    run_script(conn, SCRIPT)
    conn.executemany(
        "INSERT INTO claim_types (name, label, colour, underline, shortcut, position, builtin)"
        " VALUES (?, ?, ?, ?, ?, ?, 1)",
        BUILTIN_CLAIM_TYPES,
    )
