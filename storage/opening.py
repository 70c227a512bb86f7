"""Opening a library file: the checks before anything is written, then the connection's settings.

The order is what keeps a file that is not ours untouched: create a missing
library atomically (writable opens only); ``inspect`` the file without writing;
only then connect for writing (``mode=rw``: never creates a file), back up
before a migration, migrate, and make the day's first backup. A read-only
open never writes: SQLite's ``mode=ro``, ``query_only``; a library that does not
exist yet is seen as an empty one in memory, and nothing is created.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .backup import BackupError, daily_backup_due, make_backup
from .errors import LibraryFileChanged
from .library_file import FileGuard, create, inspect, uri
from .migrations import APPLICATION_ID, SCHEMA_VERSION, migrate

CACHE_KIB = 64 * 1024
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default, set explicitly: the -wal stays around 4 MB


@dataclass
class Opened:
    """An open connection and what opening it did."""

    conn: sqlite3.Connection
    guard: FileGuard | None  # None for read-only and in-memory connections
    created: bool  # this open created the library file
    backup_problem: str | None = None  # why the automatic backup could not be made, if it could not


def open_read_only(path: Path, busy_timeout: float) -> Opened:
    """Open path for reading only; a missing library is an empty one in memory (nothing is created)."""
    if not path.exists():
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=True)
        migrate(conn)
        conn.execute("PRAGMA query_only = ON")
        return Opened(conn, None, created=False)
    inspect(path)
    conn = sqlite3.connect(uri(path, mode="ro"), uri=True, isolation_level=None, timeout=busy_timeout)
    _settings(conn, busy_timeout)
    conn.execute("PRAGMA query_only = ON")
    return Opened(conn, None, created=False)


def open_writable(path: Path, busy_timeout: float, *, backups: bool = True) -> Opened:
    """Open (creating it if missing) the library at path for reading and writing.

    Raises:
        UnusableLibrary: the file is not a Claimmark library, is damaged or is newer (it is left unchanged).
        LibraryFileChanged: the file was replaced while it was being opened.
        sqlite3.Error, OSError: SQLite or the system refused (the caller translates).
    """
    created = create(path) if not path.exists() else False
    inspection = inspect(path)
    conn = sqlite3.connect(uri(path, mode="rw"), uri=True, isolation_level=None, timeout=busy_timeout)
    try:
        guard = _guarded(conn, path, inspection.identity)
        _settings(conn, busy_timeout)
        opened = Opened(conn, guard, created)
        if inspection.user_version < SCHEMA_VERSION and not created and backups:
            make_backup(conn, path, "migration")  # a BackupError stops the upgrade: nothing was changed
        if inspection.user_version < SCHEMA_VERSION or inspection.application_id != APPLICATION_ID:
            migrate(conn)
        if backups and not created and opened.backup_problem is None and daily_backup_due(path):
            _daily_backup(opened, path)
    except BaseException:
        conn.close()
        raise
    return opened


def _guarded(conn: sqlite3.Connection, path: Path, identity: tuple[int, int]) -> FileGuard:
    """Start watching the files conn uses: the library inspected, and its -wal (opened by a first read)."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")  # a library of ours (inspected) in another journal mode
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    guard = FileGuard(path, identity)
    guard.record_wal()
    problem = guard.problem()
    if problem is not None:
        raise LibraryFileChanged(f"{problem} while it was being opened; try again")
    return guard


def _settings(conn: sqlite3.Connection, busy_timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Listing a big book's annotations reads rows in reading order, not rowid
    # order: a 64 MiB page cache keeps that from thrashing.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")


def _daily_backup(opened: Opened, path: Path) -> None:
    """Make the day's backup; a failure is remembered for the caller to show, not fatal."""
    try:
        make_backup(opened.conn, path, "daily")
    except BackupError as error:
        opened.backup_problem = str(error)
