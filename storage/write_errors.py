"""The one translation of SQLite and operating-system errors into the library's own errors.

Every write goes through ``Library.transaction()``, which rolls back and raises
what ``translate`` returns: a :class:`~storage.errors.LibraryError` subclass
whose message names the library and says, for a person, what happened and that
the change was not saved. Callers (the command line, the window) then need to
catch only ``LibraryError``.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from .errors import (
    DamagedLibrary,
    DiskFull,
    InvalidAnnotation,
    LibraryBusy,
    LibraryError,
    LibraryIOError,
    ReadOnlyLibrary,
    WriteFailed,
)

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _CONSTRAINT, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 19, 26,
)  # fmt: skip
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
NOT_SAVED = "the change was not saved"


def translate(error: BaseException, path: Path, *, busy_seconds: float = 0.0, action: str = NOT_SAVED) -> LibraryError:
    """Return the LibraryError a user reads for a sqlite3.Error or OSError met while using path.

    Args:
        busy_seconds: how long SQLite waited for a lock before giving up (said in the message).
        action: what did not happen, ending each message ("the change was not saved").
    """
    if isinstance(error, LibraryError):
        return error
    if isinstance(error, OSError):
        return _from_os_error(error, path, action)
    if isinstance(error, sqlite3.IntegrityError):
        return InvalidAnnotation(f"the change cannot be stored ({error})")
    code = getattr(error, "sqlite_errorcode", -1) & 0xFF
    if code == _FULL:
        return DiskFull(f"{path}: the disk is full; {action}. Free some space and try again.")
    if code in (_READONLY, _PERM):
        return ReadOnlyLibrary(f"{path}: the library cannot be written (a read-only file, folder or disk); {action}")
    if code in (_BUSY, _LOCKED):
        waited = f" for over {busy_seconds:g} s" if busy_seconds else ""
        return LibraryBusy(f"{path}: another program kept the library locked{waited}; {action}. Try again.")
    if code in (_CORRUPT, _NOTADB):
        return DamagedLibrary(path, f"the library is damaged ({error}); {action}. Restore it from a backup.")
    if code in (_IOERR, _CANTOPEN):
        return LibraryIOError(f"{path}: input/output error on the library's files ({error}); {action}")
    if code == _CONSTRAINT:
        return InvalidAnnotation(f"the change cannot be stored ({error})")
    return WriteFailed(f"{path}: {error}; {action}")


def _from_os_error(error: OSError, path: Path, action: str) -> LibraryError:
    reason = error.strerror or str(error)
    if error.errno in _FULL_ERRNOS:
        return DiskFull(f"{path}: the disk is full; {action}. Free some space and try again.")
    if error.errno in _READONLY_ERRNOS:
        return ReadOnlyLibrary(f"{path}: the library cannot be written ({reason}); {action}")
    return LibraryIOError(f"{path}: {reason}; {action}")


def is_busy(error: BaseException) -> bool:
    """Whether error is SQLite's "database is locked" (another connection holds the lock)."""
    return (getattr(error, "sqlite_errorcode", -1) & 0xFF) in (_BUSY, _LOCKED)
