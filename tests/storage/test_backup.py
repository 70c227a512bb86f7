"""Backups: daily and rotating, checked; the newest good one found for a damaged library; restore replaces safely."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from documents import load_document
from storage import Library
from storage.backup import (
    KEEP,
    BackupError,
    backup_folder,
    backups,
    daily_backup_due,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from storage.library_file import inspect

ARTICLE = load_document(b"Title\n\nThe council voted seven to six on Monday.", "a.txt")


def _library_with_a_claim(path: Path, note: str = "kept") -> str:
    with Library(path) as library:
        summary, _ = library.import_document(ARTICLE)
        return library.add_annotation(summary.id, 6, 17, "fact", note=note).uuid


def test_first_open_of_a_day_makes_one_daily_backup(library_path: Path) -> None:
    """A new library gets none; the next open makes today's backup; later opens that day make no more."""
    uuid = _library_with_a_claim(library_path)
    assert [] == backups(library_path)
    for _ in range(2):
        Library(library_path).close()
    (daily,) = backups(library_path)
    assert ("daily", backup_folder(library_path)) == (daily.kind, daily.path.parent)
    with Library(daily.path, read_only=True) as copy:
        assert [uuid] == [a.uuid for a in copy.annotations()]
    assert not daily_backup_due(library_path)
    assert daily_backup_due(library_path, today=datetime.now().astimezone() + timedelta(days=1))


def test_backups_rotate_keeping_the_newest(library_path: Path) -> None:
    """Only the newest KEEP backups of a kind are kept; other kinds are not touched."""
    _library_with_a_claim(library_path)
    with Library(library_path, backups=False) as library:
        made = [make_backup(library.db.conn, library_path, "manual") for _ in range(KEEP["manual"] + 3)]
        make_backup(library.db.conn, library_path, "daily")
    kept = [b.path for b in backups(library_path) if b.kind == "manual"]
    assert made[::-1][: KEEP["manual"]] == kept
    assert 1 == len([b for b in backups(library_path) if b.kind == "daily"])


def test_newest_good_backup_skips_damaged_ones(library_path: Path) -> None:
    """For a damaged library, the newest backup that passes the checks is offered, not a broken newer one."""
    _library_with_a_claim(library_path)
    with Library(library_path, backups=False) as library:
        good = make_backup(library.db.conn, library_path, "manual")
        broken = make_backup(library.db.conn, library_path, "manual")
    broken.write_bytes(broken.read_bytes()[:100] + os.urandom(4096))
    found = newest_good_backup(library_path)
    assert found is not None and good == found.path


def test_restore_checks_keeps_the_current_library_and_replaces_it(library_path: Path, tmp_path: Path) -> None:
    """Restore refuses a file that is not a good library; else backs up the current one, then replaces it."""
    old = _library_with_a_claim(library_path, note="old")
    with Library(library_path, backups=False) as library:
        backup = make_backup(library.db.conn, library_path, "manual")
        library.add_annotation(1, 18, 23, "opinion", note="newer")
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"no" * 4096)
    with pytest.raises(BackupError, match=r"cannot restore from .*bogus\.sqlite"):
        restore_backup(library_path, bogus)
    kept = restore_backup(library_path, backup)
    assert kept is not None and "before-restore" in kept.name
    with Library(library_path) as restored:
        assert [old] == [a.uuid for a in restored.annotations()]
    with Library(kept, read_only=True) as before:
        assert 2 == len(before.annotations())
    assert "wal" == sqlite3.connect(library_path).execute("PRAGMA journal_mode").fetchone()[0]


def test_restore_over_a_damaged_library_keeps_its_bytes(library_path: Path) -> None:
    """A damaged library that a restore replaces is kept byte for byte beside the backups."""
    _library_with_a_claim(library_path)
    with Library(library_path, backups=False) as library:
        backup = make_backup(library.db.conn, library_path, "manual")
    damaged = library_path.read_bytes()[:4096] + os.urandom(len(library_path.read_bytes()) - 4096)
    library_path.write_bytes(damaged)
    from storage import library_file

    library_file._verified.clear()
    kept = restore_backup(library_path, backup)
    assert kept is not None and damaged == kept.read_bytes()
    inspect(library_path)


def test_restore_never_replaces_a_foreign_file(tmp_path: Path, library_path: Path) -> None:
    """Restoring onto another program's database is refused: it is not ours to replace."""
    _library_with_a_claim(library_path)
    with Library(library_path, backups=False) as library:
        backup = make_backup(library.db.conn, library_path, "manual")
    theirs = tmp_path / "theirs.sqlite"
    conn = sqlite3.connect(theirs)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = theirs.read_bytes()
    with pytest.raises(BackupError, match="will not replace"):
        restore_backup(theirs, backup)
    assert before == theirs.read_bytes()
