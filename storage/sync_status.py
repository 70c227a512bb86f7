"""A library's sync as a window shows it between syncs, read without loading ``storage.sync``.

``storage.sync`` imports psycopg (0.3 s), which a window pays only once its
library is linked to a group and the first background sync runs. These few
counts come from the local tables of migration 6 with plain SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class LocalSyncStatus:
    """The group a library syncs with and what waits here."""

    group: str
    person: str
    pending: int  # rows changed here and not yet acknowledged by the server (held ones included)
    conflicts: int  # open conflicts
    last_synced: str  # when a sync last completed (ISO 8601, UTC), "" before the first


def local_sync_status(conn: sqlite3.Connection) -> LocalSyncStatus | None:
    """Return the library's sync status, or None when it syncs with no group (or predates sync)."""
    try:
        link = conn.execute("SELECT group_name, person, last_synced FROM sync_link").fetchone()
        if link is None:
            return None
        pending = conn.execute("SELECT count(*) FROM sync_changes").fetchone()[0]
        conflicts = conn.execute("SELECT count(*) FROM sync_conflicts WHERE resolved = ''").fetchone()[0]
    except sqlite3.OperationalError:  # a read-only library from before sync
        return None
    return LocalSyncStatus(str(link[0]), str(link[1]), int(pending), int(conflicts), str(link[2] or ""))
