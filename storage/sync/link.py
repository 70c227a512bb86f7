"""Which server and group a library syncs with, as the library records it (table sync_link).

The connection string is stored without its password; libpq finds the
password in its password file or service file, or the environment.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..clock import now
from ..library import Library
from .connection import without_password
from .errors import NotLinked, SyncError


@dataclass(frozen=True)
class SyncLink:
    """The group a library syncs with, and how far it has got."""

    dsn: str  # without password
    group_id: int
    group_name: str
    person: str  # the server role this library writes as
    role: str  # owner | member | reader, as last seen
    last_version: int = 0  # every change of the group up to this version is in the library
    last_synced: str = ""  # when a sync last completed

    @property
    def can_write(self) -> bool:
        """Whether this person's changes are sent (readers only receive)."""
        return self.role in ("owner", "member")


def read_link(library: Library) -> SyncLink | None:
    """Return the library's sync link, or None when it syncs with no group."""
    row = library.conn.execute(
        "SELECT dsn, group_id, group_name, person, role, last_version, last_synced FROM sync_link"
    ).fetchone()
    return None if row is None else SyncLink(*row)


def require_link(library: Library) -> SyncLink:
    """Return the library's sync link. Raises NotLinked."""
    link = read_link(library)
    if link is None:
        raise NotLinked("this library syncs with no group: run `claimmark group join DSN` first")
    return link


def write_link(library: Library, link: SyncLink) -> None:
    """Link the library to a group and log everything it holds as a change to send. Raises SyncError if linked."""
    existing = read_link(library)
    if existing is not None:
        raise SyncError(f"this library already syncs with group {existing.group_name!r} (claimmark group leave)")
    with library.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_link (id, dsn, group_id, group_name, person, role, joined) VALUES (1, ?, ?, ?, ?, ?, ?)",
            [without_password(link.dsn), link.group_id, link.group_name, link.person, link.role, now()],
        )
        log_everything(conn)


def log_everything(conn: sqlite3.Connection) -> None:
    """Log every document, annotation and added claim type as changed (the first sync sends them)."""
    conn.execute(
        "INSERT INTO sync_changes (entity, key) SELECT 'document', CAST(id AS TEXT) FROM documents"
        " WHERE true ON CONFLICT (entity, key) DO UPDATE SET dirty = 1"
    )
    conn.execute(
        "INSERT INTO sync_changes (entity, key) SELECT 'annotation', uuid FROM annotations"
        " WHERE true ON CONFLICT (entity, key) DO UPDATE SET dirty = 1"
    )
    conn.execute(
        "INSERT INTO sync_changes (entity, key) SELECT 'claim_type', name FROM claim_types WHERE builtin = 0"
        " ON CONFLICT (entity, key) DO UPDATE SET dirty = 1"
    )


def record_progress(conn: sqlite3.Connection, last_version: int, role: str | None = None) -> None:
    """Store the server version the library now holds everything up to (inside the caller's transaction)."""
    conn.execute("UPDATE sync_link SET last_version = ?, last_synced = ?", [last_version, now()])
    if role is not None:
        conn.execute("UPDATE sync_link SET role = ?", [role])


def unlink(library: Library) -> None:
    """Stop syncing: forget the link, the change log and the server bases (conflicts are kept)."""
    with library.transaction() as conn:
        for table in ("sync_link", "sync_changes", "sync_annotations", "sync_documents"):
            conn.execute(f"DELETE FROM {table}")
