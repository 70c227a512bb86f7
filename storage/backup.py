"""Backups of a library with SQLite's backup API: automatic and rotating, by command, and restoring one.

Backups live in a folder beside the library, ``<library>.backups/``, named
``<stem>-<UTC time>-<kind>.sqlite`` so that names sort by age. Kinds:

- ``daily``: made at the first writable open of a day (the newest 7 kept);
- ``migration``: made before a schema migration changes the file (3 kept);
- ``manual``: ``claimmark backup`` (10 kept);
- ``before-restore``: the library as it was before ``restore`` replaced it (5 kept);
- ``rescued``: everything an open connection still saw when its files were removed or
  replaced under it (20 kept); ``damaged``: the raw bytes of a damaged library a restore replaced.

Every backup is a single self-contained file (rollback journal), written to a
temporary name, checked with ``quick_check``, flushed, then renamed into
place: a backup that exists is whole.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import DamagedLibrary, LibraryError, UnusableLibrary
from .library_file import fsync, fsync_folder, inspect, uri, wal_path

KEEP = {"daily": 7, "migration": 3, "manual": 10, "before-restore": 5, "rescued": 20, "damaged": 5}
_STAMP = "%Y%m%dT%H%M%S%fZ"
_SUFFIX = ".sqlite"


class BackupError(LibraryError):
    """A backup could not be made or restored; the library was not changed."""


@dataclass(frozen=True)
class Backup:
    """One backup file of a library."""

    path: Path
    kind: str
    taken: datetime  # UTC


def backup_folder(library_path: Path) -> Path:
    """Return the folder holding a library's backups: ``<library>.backups`` beside it."""
    return library_path.with_name(library_path.name + ".backups")


def backups(library_path: Path) -> list[Backup]:
    """Return the library's backups, newest first."""
    folder, prefix = backup_folder(library_path), library_path.stem + "-"
    found = []
    for path in folder.glob(f"{prefix}*{_SUFFIX}") if folder.is_dir() else ():
        stamp, _, kind = path.name[len(prefix) : -len(_SUFFIX)].partition("-")
        with contextlib.suppress(ValueError):
            found.append(Backup(path, kind, datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)))
    return sorted(found, key=lambda backup: backup.taken, reverse=True)


def daily_backup_due(library_path: Path, today: datetime | None = None) -> bool:
    """Whether no backup of the library was made today (local date)."""
    today = today or datetime.now().astimezone()
    return not any(b.taken.astimezone(today.tzinfo).date() == today.date() for b in backups(library_path))


def make_backup(conn: sqlite3.Connection, library_path: Path, kind: str) -> Path:
    """Back up the library open on conn into its backup folder, dropping the oldest of that kind; return the file.

    Raises:
        BackupError: the backup could not be written (nothing of it is left behind).
    """
    folder = backup_folder(library_path)
    taken = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{library_path.stem}-{taken}-{kind}{_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"{folder}: cannot make the backup folder ({error.strerror})") from None
    write_backup(conn, target)
    _rotate(library_path, kind)
    return target


def write_backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database open on conn to target as one self-contained, checked file; return target.

    Raises:
        BackupError: the copy failed or does not pass quick_check (target is left as it was).
    """
    temporary = target.with_name(f".{target.name}.partial")
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
        if verdict != "ok":
            raise BackupError(f"{target}: the backup does not pass SQLite's check ({verdict})")
        fsync(temporary)
        temporary.replace(target)
        fsync_folder(target.parent)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"{target}: the backup could not be written ({error})") from None
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return target


def _rotate(library_path: Path, kind: str) -> None:
    for old in [b for b in backups(library_path) if b.kind == kind][KEEP.get(kind, 10) :]:
        for path in (old.path, wal_path(old.path)):
            with contextlib.suppress(OSError):
                path.unlink()


def newest_good_backup(library_path: Path) -> Backup | None:
    """Return the newest backup of the library that is a Claimmark library passing quick_check, or None."""
    for backup in backups(library_path):
        try:
            inspect(backup.path)
        except (UnusableLibrary, OSError):
            continue
        return backup
    return None


def restore_backup(library_path: Path, source: Path) -> Path | None:
    """Replace the library by the backup file source; return where the replaced library was kept (None if none).

    The source must be a Claimmark library that passes quick_check. The current
    library is backed up first (its raw bytes when it is damaged), then the
    source is copied beside it and renamed over it in one step, and the old
    -wal and -shm files are removed so they are never applied to the new file.
    Close every window on the library first: a window still open stops writing
    when it notices its file was replaced.

    Raises:
        BackupError: source is not a good library, or copying failed (the library is unchanged).
    """
    try:
        inspect(source)
    except UnusableLibrary as error:
        raise BackupError(f"cannot restore from {error}") from None
    except OSError as error:
        raise BackupError(f"{source}: cannot restore from it ({error.strerror})") from None
    kept = _keep_current(library_path) if library_path.exists() else None
    temporary = library_path.with_name(f".{library_path.name}.restoring")
    with contextlib.closing(sqlite3.connect(uri(source, mode="ro"), uri=True)) as conn:
        write_backup(conn, temporary)
    try:
        with contextlib.closing(sqlite3.connect(temporary, isolation_level=None)) as copy:
            copy.execute("PRAGMA journal_mode = WAL")
        for stale in (wal_path(library_path), library_path.with_name(library_path.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        temporary.replace(library_path)
        fsync_folder(library_path.parent)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"{library_path}: cannot put the backup in place ({error})") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return kept


def _keep_current(library_path: Path) -> Path:
    """Back up the library about to be replaced: through SQLite when it is sound, byte for byte when damaged.

    Raises:
        BackupError: the file there is not a Claimmark library (it is never replaced).
    """
    try:
        inspect(library_path)
    except DamagedLibrary:
        return _copy_raw(library_path)
    except UnusableLibrary as error:
        raise BackupError(f"will not replace {error}; move it away first") from None
    with contextlib.closing(sqlite3.connect(uri(library_path, mode="ro"), uri=True)) as conn:
        return make_backup(conn, library_path, "before-restore")


def _copy_raw(library_path: Path) -> Path:
    folder = backup_folder(library_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{library_path.stem}-{datetime.now(UTC).strftime(_STAMP)}-damaged{_SUFFIX}"
    try:
        shutil.copyfile(library_path, target)
        if wal_path(library_path).exists():
            shutil.copyfile(wal_path(library_path), wal_path(target))
    except OSError as error:
        raise BackupError(f"{library_path}: cannot keep a copy before restoring ({error.strerror})") from None
    _rotate(library_path, "damaged")
    return target
