"""The library's schema, as numbered migrations applied in order (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3

BUILTIN_CLAIM_TYPES = (
    # name, label, colour, underline, shortcut, position
    ("fact", "Fact", "#2f7ed8", "solid", "F", 1),
    ("opinion", "Opinion", "#e07b00", "dash", "O", 2),
    ("quote", "Quote", "#2e9d57", "wave", "Q", 3),
)

_MIGRATION_1 = """
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


def _migration_1(conn: sqlite3.Connection) -> None:
    for statement in _split(_MIGRATION_1):
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO claim_types (name, label, colour, underline, shortcut, position, builtin)"
        " VALUES (?, ?, ?, ?, ?, ?, 1)",
        BUILTIN_CLAIM_TYPES,
    )


def _split(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


_MIGRATION_2 = """
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


def _migration_2(conn: sqlite3.Connection) -> None:
    """Document versions: superseded texts are kept; a changed claim keeps its previous wording."""
    for statement in _split(_MIGRATION_2):
        conn.execute(statement)


MIGRATIONS = [_migration_1, _migration_2]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, each migration in its own transaction.

    Raises:
        RuntimeError: the file was written by a newer Claimmark.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise RuntimeError(f"library schema version {version} is newer than this Claimmark supports")
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
