"""The library's own file: recognised before anything is written, created atomically, watched while open.

``inspect`` reads a file without changing it: its header first (no SQLite at
all for an empty, non-SQLite or other application's file), then SQLite opened
``immutable`` (or read-only when a -wal journal is beside it) for the schema
version, the tables and a ``quick_check``. Only a file that passes is ever
opened for writing.

``create`` builds a new library in a temporary file beside the target and
links it into place, which fails when the name exists: six windows starting
at once on a new library make exactly one file, and none sees it half made.

``FileGuard`` remembers the identity (device, inode) of the library and its
-wal journal; a file removed or replaced under an open connection (a sync
client, a cleaner) is noticed before the next write, which is then refused.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import DamagedLibrary, ForeignFile, NewerLibrary, UnusableLibrary
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
_APPLICATION_ID_AT = slice(68, 72)
_REQUIRED = frozenset({"documents", "annotations", "claim_types"})
_verified: set[tuple[int, int]] = set()  # (device, inode) of files whose quick_check passed in this process
_checking: dict[str, threading.Thread] = {}  # quick_checks started ahead by check_soon, not yet waited for


@dataclass(frozen=True)
class Inspection:
    """What a library file holds, found without writing to it."""

    application_id: int  # 0 for a library made before Claimmark set one
    user_version: int
    identity: tuple[int, int]  # (st_dev, st_ino)


def uri(path: Path, **parameters: str) -> str:
    """Return the SQLite URI of path with query parameters (mode=ro, immutable=1, ...)."""
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def wal_path(path: Path) -> Path:
    """Return the path of the library's write-ahead log (-wal)."""
    return path.with_name(path.name + "-wal")


def inspect(path: Path, *, check: bool = True) -> Inspection:
    """Say what the file at path holds, changing nothing; raise when it is not a usable library.

    Args:
        check: run SQLite's quick_check (once per file and process).

    Raises:
        ForeignFile: empty, not SQLite, another application's database, or unknown tables.
        DamagedLibrary: SQLite cannot read it, or quick_check fails.
        NewerLibrary: written by a newer Claimmark.
        FileNotFoundError: there is no file at path.
    """
    ahead = _checking.pop(os.path.abspath(path), None)
    if ahead is not None:
        ahead.join()  # its verdict is in _verified when it passed; any problem is found again below
    return _inspect(path, check=check)


def _inspect(path: Path, *, check: bool) -> Inspection:
    stat = path.stat()
    if not path.is_file():
        raise ForeignFile(path, "not a file")
    header = _header(path)
    if stat.st_size == 0:
        raise ForeignFile(path, "the file is empty (0 bytes), not a Claimmark library; it was left as it is")
    if len(header) < _HEADER or not header.startswith(SQLITE_MAGIC):
        raise ForeignFile(path, "not a Claimmark library (not an SQLite database); it was left as it is")
    raw_id = int.from_bytes(header[_APPLICATION_ID_AT], "big")
    if raw_id not in (0, APPLICATION_ID):
        raise ForeignFile(path, f"another program's SQLite database (application id {raw_id:#x}), not a library")
    key = (stat.st_dev, stat.st_ino)
    check = check and key not in _verified
    locked = wal_path(path).exists()
    try:
        found = _read_schema(path, check=check, locked=locked)
    except DamagedLibrary:
        if locked or not wal_path(path).exists():
            raise
        # Read unlocked while another process opened it: a checkpoint may have been caught halfway. Look again, locked.
        found = _read_schema(path, check=check, locked=True)
    if check:
        _verified.add(key)
    application_id, version, tables = found
    _classify(path, application_id, version, tables)
    return Inspection(application_id, version, (stat.st_dev, stat.st_ino))


def check_soon(path: Path) -> None:
    """Start inspecting the library at path (its quick_check) on a thread, for the next inspect to wait for.

    SQLite works without Python's lock, so a window's quick_check (0.04-0.1 s on a big
    library) runs while its modules import. Nothing is opened for writing and no error
    is raised here: the ``inspect`` that opening calls waits for this one, and anything
    wrong is found again, and raised, there.
    """
    key = os.path.abspath(path)
    if key in _checking or not path.is_file():
        return
    thread = threading.Thread(target=_check_quietly, args=(path,), name="quick_check", daemon=True)
    _checking[key] = thread
    thread.start()


def _check_quietly(path: Path) -> None:
    with contextlib.suppress(Exception):
        _inspect(path, check=True)


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(_HEADER)
    except OSError as error:
        raise UnusableLibrary(path, f"cannot be read ({error.strerror})") from None


def _read_schema(path: Path, *, check: bool, locked: bool) -> tuple[int, int, frozenset[str]]:
    """Return (application_id, user_version, table names) through a connection that cannot write."""
    try:
        conn = sqlite3.connect(uri(path, mode="ro") if locked else uri(path, immutable="1"), uri=True)
    except sqlite3.Error as error:
        raise DamagedLibrary(path, f"cannot be opened ({error})") from None
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = frozenset(name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        verdict = conn.execute("PRAGMA quick_check(5)").fetchall() if check else [("ok",)]
    except sqlite3.Error as error:
        raise DamagedLibrary(path, f"the library is damaged ({error}); it was left as it is") from None
    finally:
        conn.close()
    if verdict != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in verdict)
        raise DamagedLibrary(path, f"the library is damaged ({problems}); it was left as it is")
    return application_id, version, tables


def _classify(path: Path, application_id: int, version: int, tables: frozenset[str]) -> None:
    own = {name for name in tables if not name.startswith("sqlite_")}
    if application_id not in (0, APPLICATION_ID):
        raise ForeignFile(path, f"another program's SQLite database (application id {application_id:#x})")
    if version > SCHEMA_VERSION and application_id == APPLICATION_ID:
        raise NewerLibrary(path, f"written by a newer Claimmark (schema {version}; this one knows {SCHEMA_VERSION})")
    if application_id == APPLICATION_ID:
        if not _REQUIRED <= own:
            raise DamagedLibrary(path, f"the library lacks its tables {', '.join(sorted(_REQUIRED - own))}")
        return
    # No application id: a library made by an earlier Claimmark has exactly the tables of its schema version.
    if not 1 <= version <= SCHEMA_VERSION or own != known_tables(version):
        what = "an empty SQLite database" if not own else "an SQLite database of another program"
        raise ForeignFile(path, f"{what}, not a Claimmark library; it was left as it is")


@functools.cache
def known_tables(version: int) -> frozenset[str]:
    """Return the tables a library at schema version holds (built by the migrations in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return frozenset(name for (name,) in rows if not name.startswith("sqlite_"))
    finally:
        conn.close()


def create(path: Path) -> bool:
    """Create a new, empty library at path; return False when another process created it first.

    The library is built and closed in a temporary file beside path, then
    hard-linked to path (which fails if path exists), so path is either absent
    or a whole library. On a file system without hard links it is renamed
    into place instead (atomic on Windows; on POSIX a rare race remains).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.new")
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # permissions as the umask says
    try:
        _build(temporary)
        return _link_into_place(temporary, path)
    finally:
        for leftover in (temporary, wal_path(temporary), temporary.with_name(temporary.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _build(temporary: Path) -> None:
    conn = sqlite3.connect(temporary, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    finally:
        conn.close()  # checkpoints: the whole library is in the file, the -wal is gone
    fsync(temporary)


def _link_into_place(temporary: Path, path: Path) -> bool:
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        if path.exists():
            return False
        os.rename(temporary, path)
    fsync_folder(path.parent)
    return True


def fsync(path: Path) -> None:
    """Flush a file's content to disk."""
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (a no-op where folders cannot be opened, as on Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


class FileGuard:
    """Remembers which files an open connection writes to, and tells when they were removed or replaced."""

    def __init__(self, path: Path, identity: tuple[int, int]) -> None:
        self.path = path
        self.wal = wal_path(path)
        self.identity = identity
        self.wal_identity: tuple[int, int] | None = None
        self._names = (os.fspath(path), os.fspath(self.wal))  # stat()ed before and after every commit: no pathlib

    def record_wal(self) -> None:
        """Remember the -wal journal the connection has open (call after its first read)."""
        self.wal_identity = _identity(self._names[1])

    def problem(self) -> str | None:
        """Return what happened to the files since they were recorded, or None when they are the same."""
        if _identity(self._names[0]) != self.identity:
            return f"the library file {self.path} was removed or replaced by another program"
        if self.wal_identity is not None and _identity(self._names[1]) != self.wal_identity:
            return f"the library's journal {self.wal} was removed or replaced by another program"
        return None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
