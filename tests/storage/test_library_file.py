"""The library's own file: recognised before anything is written; other files refused and never changed."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from documents import load_document
from storage import Library, library_file
from storage.errors import DamagedLibrary, ForeignFile, NewerLibrary, ReadOnlyLibrary
from storage.library_file import APPLICATION_ID, inspect
from storage.migrations import MIGRATIONS, SCHEMA_VERSION

ARTICLE = load_document(b"Title\n\nThe council voted seven to six on Monday.", "a.txt")


def _state(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (as a digest) and every file beside it."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def _foreign(path: Path, application_id: int = 0, table: str = "documents") -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO documents (body) VALUES ('theirs')" if table == "documents" else "SELECT 1")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path


def _refused_untouched(path: Path, error: type[Exception]) -> str:
    before = _state(path)
    for read_only in (False, True):
        with pytest.raises(error, match=str(path.name)) as raised:
            Library(path, read_only=read_only)
        assert before == _state(path)
    return str(raised.value)


def test_empty_file_is_refused_not_initialised(tmp_path: Path) -> None:
    """A 0-byte file is not a library: refused with its path, left at 0 bytes, nothing beside it."""
    path = tmp_path / "empty.sqlite"
    path.touch()
    assert "empty (0 bytes)" in _refused_untouched(path, ForeignFile)
    assert 0 == path.stat().st_size


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    """An SQLite file with another application id is refused without SQLite even opening it."""
    path = _foreign(tmp_path / "theirs.sqlite", application_id=0x12345678)
    assert "0x12345678" in _refused_untouched(path, ForeignFile)


def test_a_conflicting_table_is_refused_and_the_journal_mode_kept(tmp_path: Path) -> None:
    """A database without an id whose tables are not a library's keeps its tables and rollback journal."""
    path = _foreign(tmp_path / "other.sqlite")
    _refused_untouched(path, ForeignFile)
    conn = sqlite3.connect(path)
    assert ("delete", [("documents",)]) == (
        conn.execute("PRAGMA journal_mode").fetchone()[0],
        conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall(),
    )
    conn.close()


def test_an_empty_sqlite_database_is_refused(tmp_path: Path) -> None:
    """An SQLite file with no tables at all is not taken over either."""
    path = tmp_path / "blank.sqlite"
    _foreign(path, table="scratch")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    assert "empty SQLite database" in _refused_untouched(path, ForeignFile)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    """Plain bytes are refused as not an SQLite database."""
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database at all\n" * 500)
    assert "not an SQLite database" in _refused_untouched(path, ForeignFile)


def test_damaged_library_is_refused_at_open_and_left_as_it_is(library_path: Path) -> None:
    """16 KB of garbage inside a library fails quick_check at open: DamagedLibrary with the path, file unchanged."""
    with Library(library_path, backups=False) as library:
        library.import_document(ARTICLE)
        for n in range(400):
            library.import_document(load_document(f"T{n}\n\nText number {n} is here.".encode(), f"{n}.txt"))
    with library_path.open("r+b") as file:
        file.seek(8192)
        file.write(os.urandom(16384))
    library_file._verified.clear()  # this process checked the file before it was damaged
    assert "damaged" in _refused_untouched(library_path, DamagedLibrary)


def test_a_check_started_ahead_refuses_a_damaged_library_all_the_same(library_path: Path) -> None:
    """check_soon's quick_check (run while the window imports) never lets a damaged library open, nor raises itself."""
    with Library(library_path, backups=False) as library:
        for n in range(400):
            library.import_document(load_document(f"T{n}\n\nText number {n} is here.".encode(), f"{n}.txt"))
    with library_path.open("r+b") as file:
        file.seek(8192)
        file.write(os.urandom(16384))
    library_file._verified.clear()  # this process checked the file before it was damaged
    library_file.check_soon(library_path)
    assert "damaged" in _refused_untouched(library_path, DamagedLibrary)
    assert {} == library_file._checking  # waited for and forgotten


def test_a_check_started_ahead_is_the_one_the_open_uses(library_path: Path) -> None:
    """A good library checked ahead opens without a second quick_check: the one started ahead was waited for."""
    Library(library_path, backups=False).close()
    library_file._verified.clear()
    library_file.check_soon(library_path)
    library_file.check_soon(library_path)  # (asked twice: one check)
    assert 1 == len(library_file._checking)
    with Library(library_path, backups=False) as library:
        assert [] == library.documents()
    assert {} == library_file._checking
    assert os.stat(library_path).st_ino in {inode for _device, inode in library_file._verified}


def test_newer_library_is_refused(library_path: Path) -> None:
    """A library whose schema is newer than this Claimmark is refused, not downgraded."""
    Library(library_path).close()
    conn = sqlite3.connect(library_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(NewerLibrary, match="newer Claimmark"):
        Library(library_path)


def test_new_library_carries_the_application_id(library_path: Path) -> None:
    """A library made now has Claimmark's application id and the current schema version in its header."""
    with Library(library_path) as library:
        assert library.created
    found = inspect(library_path)
    assert (APPLICATION_ID, SCHEMA_VERSION) == (found.application_id, found.user_version)
    with Library(library_path) as again:
        assert not again.created


def test_library_of_an_earlier_claimmark_gets_the_id(library_path: Path) -> None:
    """A library made before the id existed (id 0, the tables of its version) is opened and given the id."""
    conn = sqlite3.connect(library_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, migration in enumerate(MIGRATIONS, start=1):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.close()
    with Library(library_path) as library:
        assert [] == library.documents()
    assert APPLICATION_ID == inspect(library_path).application_id


def _open_at_once(path: str, barrier: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    barrier.wait()
    try:
        with Library(path) as library:
            results.put(("created" if library.created else "opened", len(library.claim_types())))
    except Exception as error:  # reported to the test, which fails on it
        results.put(("error", repr(error)))


def test_six_simultaneous_first_opens_make_one_library(tmp_path: Path) -> None:
    """Six processes opening the same new library at once, five times over: all succeed, one creates it."""
    context = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = tmp_path / f"new{round_}.sqlite"
        barrier, results = context.Barrier(6), context.Queue()
        workers = [context.Process(target=_open_at_once, args=(str(path), barrier, results)) for _ in range(6)]
        for worker in workers:
            worker.start()
        outcomes = sorted(results.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join(timeout=60)
        assert [("created", 4)] + [("opened", 4)] * 5 == outcomes  # the four built-in claim types
        assert [] == [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")]  # no temporary file left


def test_read_only_open_never_creates_a_library(tmp_path: Path) -> None:
    """Opening a missing library read-only sees an empty library and leaves no file behind."""
    path = tmp_path / "missing" / "library.sqlite"
    with Library(path, read_only=True) as library:
        assert ([], 4) == (library.documents(), len(library.claim_types()))
        with pytest.raises(ReadOnlyLibrary, match="read-only"):
            library.import_document(ARTICLE)
    assert not path.parent.exists()


def test_read_only_open_writes_nothing(library_path: Path) -> None:
    """A read-only connection refuses writes with ReadOnlyLibrary and leaves the file's bytes as they were."""
    with Library(library_path) as library:
        library.import_document(ARTICLE)
    before = hashlib.sha256(library_path.read_bytes()).hexdigest()
    with Library(library_path, read_only=True) as library:
        assert 1 == len(library.documents())
        with pytest.raises(ReadOnlyLibrary):
            library.add_annotation(1, 6, 11, "fact")
    assert before == hashlib.sha256(library_path.read_bytes()).hexdigest()


def test_wal_is_checkpointed(library_path: Path) -> None:
    """The WAL is checkpointed as it grows (wal_autocheckpoint) and on close: nothing is left in a -wal."""
    library = Library(library_path)
    assert 1000 == library.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    library.import_document(ARTICLE)
    library.close()
    wal = library_path.with_name(library_path.name + "-wal")
    assert not wal.exists() or 0 == wal.stat().st_size
