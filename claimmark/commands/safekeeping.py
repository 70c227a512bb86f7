"""Keeping the library safe: backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path

from storage import Library
from storage.wording import counted

from ..output import print_json, print_row
from . import NO_LIBRARY, Command, access


def register(command: Command) -> None:
    """Declare backup, restore and check."""
    sub = command("backup", "back up the library (into its .backups folder, or --to PATH); print the file", cmd_backup)
    sub.add_argument("--to", metavar="PATH", help="write the backup to PATH (a new file, or into a folder)")
    sub.add_argument("--list", action="store_true", help="list the library's backups, newest first")
    sub.add_argument("--json", action="store_true", help="print the backup (or the list) as JSON")
    access(sub, NO_LIBRARY)  # opened read-only below; --list works on a damaged library too
    sub = command("restore", "replace the library by a backup file (backing up the current one first)", cmd_restore)
    sub.add_argument("file", metavar="FILE", help="a backup: a Claimmark library that passes SQLite's check")
    sub.add_argument("--json", action="store_true", help="print what was restored as JSON")
    access(sub, NO_LIBRARY)
    sub = command("check", "check the library's integrity and claims; print each problem (exit 1 if any)", cmd_check)
    sub.add_argument("--repair", action="store_true", help="store claims outside their text as orphans")
    sub.add_argument("--json", action="store_true", help="print the problems as JSON")
    access(sub, NO_LIBRARY)


def cmd_backup(args: argparse.Namespace, _library: None) -> int:
    """Write a checked backup of the library and print its path (or list the backups)."""
    from storage.backup import BackupError, backups

    path: Path = args.library_path
    if args.list:
        found = backups(path)
        if args.json:
            print_json([{"path": str(b.path), "kind": b.kind, "taken": b.taken.isoformat()} for b in found])
        for backup in () if args.json else found:
            print_row(backup.path, backup.kind, backup.taken.isoformat(timespec="seconds"))
        return 0
    if not path.exists():
        raise BackupError(f"{path}: there is no library to back up")
    with Library(path, read_only=True) as library:
        _back_up(args, library)
    return 0


def _back_up(args: argparse.Namespace, library: Library) -> None:
    from storage.backup import BackupError, make_backup, write_backup

    if args.to:
        target = Path(args.to).expanduser()
        if target.is_dir():
            target = target / f"{library.path.stem}-backup.sqlite"
        if target.exists():
            raise BackupError(f"{target}: exists already; choose a new file name")
        written = write_backup(library.conn, target)
    else:
        written = make_backup(library.conn, library.path, "manual")
    if args.json:
        print_json({"path": str(written)})
    else:
        print_row(written)


def cmd_restore(args: argparse.Namespace, _library: None) -> int:
    """Replace the library by a good backup; print what was restored and where the old library was kept."""
    from storage.backup import restore_backup

    path: Path = args.library_path
    kept = restore_backup(path, Path(args.file).expanduser())
    if args.json:
        print_json({"restored": str(path), "from": str(args.file), "kept": str(kept) if kept else None})
        return 0
    print_row(f"restored {path} from {args.file}")
    if kept is not None:
        print_row(f"the library as it was is kept in {kept}")
    return 0


def cmd_check(args: argparse.Namespace, _library: None) -> int:
    """Print every problem of the library (nothing when it is sound); exit 1 when there is any."""
    from storage.checks import check_library, repair_ranges

    with Library(args.library_path, read_only=not args.repair) as library:
        repaired = repair_ranges(library) if args.repair else 0
        problems = check_library(library)
    if args.json:
        print_json({"repaired": repaired, "problems": [problem.what for problem in problems]})
        return 1 if problems else 0
    if args.repair:
        print_row(f"{counted(repaired, 'claim')} outside their text stored as orphans")
    for problem in problems:
        print_row(problem.what)
    return 1 if problems else 0
