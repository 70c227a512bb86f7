"""Migration 6: syncing with a group on a PostgreSQL server (storage/sync/).

``sync_link`` says which server and group the library syncs with (the
connection string without its password) and the last server version seen;
``sync_changes`` is the change log, one row per document, annotation or claim
type changed since it was last sent, filled by triggers whatever writes
(window, command line, import, re-anchoring) while the library is linked;
``sync_annotations`` and ``sync_documents`` keep the server's state each row
was last based on (for refused writes and field-by-field merges);
``sync_conflicts`` keeps what a merge could not decide, for the user.
While pulled changes are applied, ``sync_applying`` holds a row (inside that
transaction only) so that the triggers log nothing.
"""

from __future__ import annotations

import sqlite3

from .script import run_script

_LOGGED = "WHEN EXISTS (SELECT 1 FROM sync_link) AND NOT EXISTS (SELECT 1 FROM sync_applying)"
_UPSERT = "ON CONFLICT (entity, key) DO UPDATE SET dirty = 1"

SCRIPT = f"""
CREATE TABLE sync_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    dsn TEXT NOT NULL,
    group_id INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    person TEXT NOT NULL,
    role TEXT NOT NULL,
    last_version INTEGER NOT NULL DEFAULT 0,
    last_synced TEXT NOT NULL DEFAULT '',
    joined TEXT NOT NULL
);
CREATE TABLE sync_changes (
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 1,
    push_id TEXT,
    sent TEXT,
    PRIMARY KEY (entity, key)
) WITHOUT ROWID;
CREATE TABLE sync_annotations (
    uuid TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    base TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_documents (
    document_id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    base TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    field TEXT NOT NULL,
    mine TEXT NOT NULL,
    theirs TEXT NOT NULL,
    record TEXT NOT NULL DEFAULT '{{}}',
    detected TEXT NOT NULL,
    resolved TEXT NOT NULL DEFAULT '',
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved, entity, key);
CREATE TABLE sync_applying (flag INTEGER);

CREATE TRIGGER sync_log_annotation_insert AFTER INSERT ON annotations {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('annotation', NEW.uuid) {_UPSERT}; END;
CREATE TRIGGER sync_log_annotation_update AFTER UPDATE ON annotations {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('annotation', NEW.uuid) {_UPSERT}; END;
CREATE TRIGGER sync_log_annotation_delete AFTER DELETE ON annotations {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('annotation', OLD.uuid) {_UPSERT}; END;
CREATE TRIGGER sync_log_tag_insert AFTER INSERT ON annotation_tags {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key)
    SELECT 'annotation', uuid FROM annotations WHERE id = NEW.annotation_id {_UPSERT}; END;
CREATE TRIGGER sync_log_tag_delete AFTER DELETE ON annotation_tags {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key)
    SELECT 'annotation', uuid FROM annotations WHERE id = OLD.annotation_id {_UPSERT}; END;
CREATE TRIGGER sync_log_document_insert AFTER INSERT ON documents {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('document', CAST(NEW.id AS TEXT)) {_UPSERT}; END;
CREATE TRIGGER sync_log_document_update
AFTER UPDATE OF title, author, published, url, format, language, notes, text ON documents {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('document', CAST(NEW.id AS TEXT)) {_UPSERT}; END;
CREATE TRIGGER sync_log_claim_type_insert AFTER INSERT ON claim_types {_LOGGED}
BEGIN INSERT INTO sync_changes (entity, key) VALUES ('claim_type', NEW.name) {_UPSERT}; END;
"""


def apply(conn: sqlite3.Connection) -> None:
    """Create the sync link, change log, server bases, conflicts, and the triggers that fill the log."""
    run_script(conn, SCRIPT)
