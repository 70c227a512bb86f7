"""The command line keeps the library safe: read-only commands, one error line for every failure, backup/restore."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from documents import load_document
from storage import Library
from storage.backup import backups

from ..storage.read_only import read_only_file
from .runner import claimmark, claimmark_process, fails


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A short article file."""
    path = tmp_path / "council.txt"
    path.write_text("Council\n\nThe council voted seven to six on Monday.", encoding="utf-8")
    return path


@pytest.fixture
def annotated(cli_env: dict[str, str], article: Path, library_path: Path) -> Path:
    """The library with the article and one claim."""
    claimmark(cli_env, "import", str(article))
    claimmark(cli_env, "annotate", "1", "--quote", "seven to six", "--type", "fact")
    return library_path


@pytest.mark.parametrize(
    "command",
    [("list",), ("show", "1"), ("annotations", "1"), ("search", "council"), ("export", "--all"), ("types",),
     ("types", "list"), ("backup", "--list")],
)  # fmt: skip
def test_read_only_commands_never_create_the_library(
    cli_env: dict[str, str], library_path: Path, command: tuple[str, ...]
) -> None:
    """Reading commands on a library that does not exist yet create no file (nor folder)."""
    claimmark(cli_env, *command, check=False)
    assert not library_path.exists() and not library_path.with_name(library_path.name + "-wal").exists()


def test_open_does_not_create_the_default_library(cli_env: dict[str, str], library_path: Path, tmp_path: Path) -> None:
    """`claimmark open --print` opens only the link's library, read-only; the default one is not created."""
    other = tmp_path / "other.sqlite"
    with Library(other) as library:
        library.import_document(load_document(b"T\n\nSome text.", "t.txt"))
    assert (
        "1\tT" == claimmark(cli_env, "open", f"claimmark://open?library={other}&document=1", "--print").stdout.strip()
    )
    assert not library_path.exists()
    line = fails(cli_env, "open", f"claimmark://open?library={tmp_path / 'empty.sqlite'}&document=1", "--print")
    assert "does not exist" in line


def test_empty_file_in_a_link_is_refused(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A link naming a 0-byte file is one error line; the file stays empty."""
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert "empty (0 bytes)" in fails(cli_env, "open", f"claimmark://open?library={empty}&document=1", "--print")
    assert 0 == empty.stat().st_size


def test_locked_library_is_one_line_after_the_wait(annotated: Path, cli_env: dict[str, str]) -> None:
    """A library another program keeps locked gives `claimmark: error: ... locked ...`, no traceback."""
    holder = sqlite3.connect(annotated, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        line = fails(cli_env, "annotate", "1", "--quote", "Monday", "--type", "fact")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "another program kept the library locked for over 5 s; the change was not saved" in line


def test_read_only_library_file_is_one_line(annotated: Path, cli_env: dict[str, str]) -> None:
    """Writing to a library file that cannot be written is one line; reading it still works."""
    with read_only_file(annotated):
        assert "1\tCouncil" in claimmark(cli_env, "list").stdout
        line = fails(cli_env, "annotate", "1", "--quote", "Monday", "--type", "fact")
    assert "cannot be written" in line and "the change was not saved" in line


def test_damaged_library_is_one_line_naming_the_newest_good_backup(annotated: Path, cli_env: dict[str, str]) -> None:
    """A damaged library: one line with its path and the backup to restore; every command refuses it."""
    claimmark(cli_env, "backup")
    (backup,) = [b for b in backups(annotated) if b.kind == "manual"]
    size = annotated.stat().st_size
    with annotated.open("r+b") as file:
        file.seek(4096)
        file.write(os.urandom(size - 4096))
    for command in (("list",), ("annotate", "1", "--quote", "Monday", "--type", "fact")):
        result = claimmark_process(cli_env, *command, check=False)
        assert (1, "") == (result.returncode, result.stdout)
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"claimmark: error: {annotated}: the library is damaged") and str(backup.path) in line
    claimmark(cli_env, "restore", str(backup.path))
    assert "1\tCouncil" in claimmark(cli_env, "list").stdout


def test_backup_to_a_path_and_restore(annotated: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """`backup --to` writes a checked copy (never over a file); `restore` puts it back and keeps what it replaced."""
    copy = tmp_path / "copy.sqlite"
    assert str(copy) == claimmark(cli_env, "backup", "--to", str(copy)).stdout.strip()
    assert "exists already" in fails(cli_env, "backup", "--to", str(copy))
    claimmark(cli_env, "annotate", "1", "--quote", "Monday", "--type", "opinion")
    out = claimmark(cli_env, "restore", str(copy)).stdout
    assert f"restored {annotated} from {copy}" in out and "before-restore" in out
    assert 1 == len(claimmark(cli_env, "annotations", "1").stdout.splitlines())
    assert "not a Claimmark library" in fails(cli_env, "restore", str(tmp_path / "council.txt"))


def test_check_reports_problems_and_repairs(annotated: Path, cli_env: dict[str, str]) -> None:
    """`check` prints nothing for a sound library; a claim outside its text is reported (exit 1), then repaired."""
    assert "" == claimmark(cli_env, "check").stdout
    conn = sqlite3.connect(annotated)
    conn.execute("UPDATE annotations SET end = ?", [2**62])
    conn.commit()
    conn.close()
    assert "orphaned" == claimmark(cli_env, "annotations", "1").stdout.split("\t")[3]  # shown as one, no crash
    result = claimmark(cli_env, "check", check=False)
    assert 1 == result.returncode and "outside its text" in result.stdout
    assert "1 claim outside their text stored as orphans" in claimmark(cli_env, "check", "--repair").stdout
