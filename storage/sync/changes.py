"""The library's side of sync state: the change log, the server bases, applying without logging.

A log entry (``sync_changes``) is one document, annotation or claim type
changed here since it was last sent. When it is sent it gets an idempotency
key (``push_id``) and a copy of what was sent; the triggers set ``dirty``
again if it changes meanwhile. An acknowledged write becomes the new base
(``sync_annotations`` / ``sync_documents``): the server state that the next
write of that row is based on and merged against.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import orjson

from ..library import Library
from .records import Outgoing, Row


@dataclass(frozen=True)
class LogEntry:
    """One changed row waiting to be sent (or in flight, when push_id is set)."""

    entity: str
    key: str
    dirty: bool
    push_id: str | None
    sent: Row | None


@contextmanager
def applying(library: Library) -> Iterator[sqlite3.Connection]:
    """One library transaction whose writes the change log does not record (they came from the server)."""
    with library.transaction() as conn:
        conn.execute("INSERT INTO sync_applying VALUES (1)")
        yield conn
        conn.execute("DELETE FROM sync_applying")


def log_entries(conn: sqlite3.Connection, entity: str | None = None) -> list[LogEntry]:
    """Return the change log (of one entity, or all)."""
    where, params = ("WHERE entity = ?", [entity]) if entity else ("", [])
    rows = conn.execute(f"SELECT entity, key, dirty, push_id, sent FROM sync_changes {where}", params).fetchall()
    return [LogEntry(e, k, bool(d), c, None if s is None else json.loads(s)) for e, k, d, c, s in rows]


def pending_count(conn: sqlite3.Connection) -> int:
    """How many rows have changes not yet acknowledged by the server."""
    return int(conn.execute("SELECT count(*) FROM sync_changes").fetchone()[0])


def mark_sent(conn: sqlite3.Connection, outgoing: Iterable[Outgoing]) -> None:
    """Record what is about to be sent, under its idempotency key (inside the caller's transaction)."""
    conn.executemany(
        "UPDATE sync_changes SET push_id = ?, sent = ?, dirty = 0 WHERE entity = ? AND key = ?",
        [(o.push_id, orjson.dumps(o.row).decode(), o.entity, o.key) for o in outgoing],
    )


def settle(conn: sqlite3.Connection, entity: str, keys: Iterable[str]) -> None:
    """The rows' changes are on the server: forget each entry unless it changed again since it was sent."""
    pairs = [(entity, key) for key in keys]
    conn.executemany("DELETE FROM sync_changes WHERE entity = ? AND key = ? AND dirty = 0", pairs)
    conn.executemany("UPDATE sync_changes SET push_id = NULL, sent = NULL WHERE entity = ? AND key = ?", pairs)


def release(conn: sqlite3.Connection, entity: str, keys: Iterable[str]) -> None:
    """The rows' changes did not reach the server: send them again next time."""
    conn.executemany(
        "UPDATE sync_changes SET push_id = NULL, sent = NULL, dirty = 1 WHERE entity = ? AND key = ?",
        [(entity, key) for key in keys],
    )


def drop(conn: sqlite3.Connection, entity: str, keys: Iterable[str]) -> None:
    """Nothing of these rows needs sending after all."""
    conn.executemany("DELETE FROM sync_changes WHERE entity = ? AND key = ?", [(entity, key) for key in keys])


def annotation_bases(conn: sqlite3.Connection, uuids: Iterable[str] | None = None) -> dict[str, tuple[int, Row]]:
    """Return uuid -> (server version, server row) of annotations the server has acknowledged or sent."""
    sql = "SELECT uuid, version, base FROM sync_annotations"
    if uuids is None:
        rows = conn.execute(sql).fetchall()
    else:
        rows = conn.execute(
            f"{sql} WHERE uuid IN (SELECT value FROM json_each(?))", [json.dumps(list(uuids))]
        ).fetchall()
    return {uuid: (version, orjson.loads(base)) for uuid, version, base in rows}


def set_annotation_bases(conn: sqlite3.Connection, bases: Iterable[tuple[Row, int]]) -> None:
    """Store (row, version) as the server state of each annotation."""
    conn.executemany(
        "INSERT OR REPLACE INTO sync_annotations (uuid, version, base) VALUES (?, ?, ?)",
        [(row["uuid"], version, orjson.dumps(row).decode()) for row, version in bases],
    )


def bases_from_sent(conn: sqlite3.Connection, versions: Iterable[tuple[int, str]]) -> None:
    """Make what was sent of each (version, uuid) its base, at that version (no JSON decoded or encoded again)."""
    conn.executemany(
        "INSERT OR REPLACE INTO sync_annotations (uuid, version, base)"
        " SELECT key, ?, sent FROM sync_changes WHERE entity = 'annotation' AND key = ? AND sent IS NOT NULL",
        versions,
    )


def forget_annotation_bases(conn: sqlite3.Connection, uuids: Iterable[str]) -> None:
    """Forget the server state of annotations no longer visible here."""
    conn.executemany("DELETE FROM sync_annotations WHERE uuid = ?", [(uuid,) for uuid in uuids])


def document_links(conn: sqlite3.Connection) -> dict[int, tuple[str, int, Row]]:
    """Return local document id -> (server uid, server version, server row) for every linked document."""
    rows = conn.execute("SELECT document_id, uid, version, base FROM sync_documents").fetchall()
    return {doc: (uid, version, json.loads(base)) for doc, uid, version, base in rows}


def set_document_base(conn: sqlite3.Connection, document_id: int, row: Row, version: int) -> None:
    """Link a local document to its server row and store that row as its base."""
    conn.execute(
        "INSERT OR REPLACE INTO sync_documents (document_id, uid, version, base) VALUES (?, ?, ?, ?)",
        [document_id, row["uid"], version, json.dumps(row, ensure_ascii=False)],
    )
