"""Every write failure is a LibraryError naming the library; nothing of the change is written; files are watched."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from documents import load_document
from storage import Library
from storage.backup import backups
from storage.errors import DiskFull, LibraryBusy, LibraryFileChanged, ReadOnlyLibrary

from .read_only import read_only_file

TEXT = b"Title\n\nThe council voted seven to six on Monday. The ban is long overdue."
SEVEN = (6, 17)  # "The council"


@pytest.fixture
def doc_id(library: Library) -> int:
    """A short article in the library."""
    summary, _ = library.import_document(load_document(TEXT, "council.txt"))
    return summary.id


def test_full_disk_is_disk_full_and_writes_nothing(library: Library, doc_id: int) -> None:
    """With the database at its size limit, a big import is DiskFull naming the file; the library is unchanged."""
    pages = library.db.conn.execute("PRAGMA page_count").fetchone()[0]
    library.db.conn.execute(f"PRAGMA max_page_count = {pages}")
    big = load_document(("Big\n\n" + "A sentence of a long book. " * 20_000).encode(), "big.txt")
    with pytest.raises(DiskFull, match=r"library\.sqlite: the disk is full; the change was not saved"):
        library.import_document(big)
    assert [doc_id] == [d.id for d in library.documents()]
    library.db.conn.execute("PRAGMA max_page_count = 1073741823")
    assert library.import_document(big)[1]  # the same connection writes again once there is room


def test_locked_library_waits_then_is_busy(library: Library, library_path: Path, doc_id: int) -> None:
    """Another connection holding the write lock past the wait gives LibraryBusy, after that bounded wait."""
    library.set_busy_timeout(0.3)
    holder = sqlite3.connect(library_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(LibraryBusy, match=r"locked for over 0\.3 s; the change was not saved"):
        library.add_annotation(doc_id, *SEVEN, "fact")
    assert time.monotonic() - started >= 0.25  # it did wait (the bound), then reported
    holder.execute("ROLLBACK")
    holder.close()
    assert [] == library.annotations(doc_id)
    library.add_annotation(doc_id, *SEVEN, "fact")


def test_read_only_file_is_read_only_library(library_path: Path) -> None:
    """A library file that cannot be written opens for reading; every write is ReadOnlyLibrary, none a traceback."""
    with Library(library_path) as library:
        library.import_document(load_document(TEXT, "council.txt"))
    with read_only_file(library_path), Library(library_path) as library:
        assert 1 == len(library.documents())
        with pytest.raises(ReadOnlyLibrary, match="cannot be written"):
            library.add_annotation(1, *SEVEN, "fact")


def test_removed_wal_stops_writing_and_rescues_the_saved(library: Library, library_path: Path, doc_id: int) -> None:
    """A -wal removed under the connection is noticed at the next write: refused, and every saved claim rescued."""
    saved = [library.add_annotation(doc_id, *SEVEN, "fact", note=f"n{n}").uuid for n in range(3)]
    library_path.with_name(library_path.name + "-wal").unlink()
    with pytest.raises(LibraryFileChanged, match=r"-wal was removed or replaced.*stopped writing"):
        library.add_annotation(doc_id, *SEVEN, "fact", note="after")
    with pytest.raises(LibraryFileChanged):  # and every later write, without touching the files again
        library.add_annotation(doc_id, *SEVEN, "opinion")
    rescued = [b for b in backups(library_path) if b.kind == "rescued"]
    assert 1 == len(rescued) and str(rescued[0].path) in (library.stopped or "")
    with Library(rescued[0].path, read_only=True) as copy:
        assert sorted(saved) == sorted(a.uuid for a in copy.annotations())


def test_replaced_library_file_is_noticed(library: Library, library_path: Path, doc_id: int, tmp_path: Path) -> None:
    """A library file replaced by another one (a sync client restoring a copy) stops writing before the next commit."""
    library.add_annotation(doc_id, *SEVEN, "fact")
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(library_path, copy)
    os.replace(copy, library_path)
    with pytest.raises(LibraryFileChanged, match=r"library file .* was removed or replaced"):
        library.add_annotation(doc_id, *SEVEN, "quote")


def test_files_checked_after_commit_too(library: Library, library_path: Path, doc_id: int) -> None:
    """A -wal removed during a transaction makes the commit an error, never a silent success."""
    wal = library_path.with_name(library_path.name + "-wal")
    with pytest.raises(LibraryFileChanged), library.transaction() as conn:
        conn.execute("UPDATE documents SET title = 'x' WHERE id = ?", [doc_id])
        wal.unlink()
