"""Real processes writing to a real library while things go wrong: killed, two at once, disk full, locked, ...

Used by bench/bench_trust.py (the full figures) and by tests/storage/test_trust.py
(short forms). Every scenario returns a ``Figures``: actions acknowledged, lost
(acknowledged but not in the file), integrity failures, and silent failures (a
write that went wrong without a clear LibraryError, or succeeded while it could
not have been saved).

A writer prints ``begin N`` before and ``ack N`` after each committed action,
so a kill between the commit and the acknowledgement (in flight) is told apart
from a lost action.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from documents import load_document
from storage import Library, LibraryError
from storage.backup import backups
from storage.errors import DiskFull, LibraryBusy, LibraryFileChanged, ReadOnlyLibrary

# 100,000 characters: a window shows it at once (books over 200,000 are prepared on a pool thread).
ARTICLE = ("Claims\n\n" + " ".join(f"word{n:05d}" for n in range(10_000))).encode()
WORD = 10  # "word00000 " : each word is 9 characters and a space


@dataclass
class Figures:
    """What a scenario did to the library, and what it found afterwards."""

    acknowledged: int = 0
    lost: int = 0
    integrity_failures: int = 0
    silent_failures: int = 0
    reported: int = 0  # failures reported as one clear LibraryError
    in_flight_committed: int = 0  # begun, killed before the acknowledgement, yet in the file
    in_flight_not_committed: int = 0
    notes: list[str] = field(default_factory=list)


def new_library(path: Path) -> int:
    """Create a library holding the test article; return its document id."""
    with Library(path, backups=False) as library:
        summary, _ = library.import_document(load_document(ARTICLE, "claims.txt"))
        return summary.id


def span(n: int) -> tuple[int, int]:
    """The n-th word of the article: a distinct span per action, so each is found by its offsets."""
    start = len("Claims\n") + (n % 10_000) * WORD
    return start, start + WORD - 1


def stored_notes(path: Path) -> tuple[set[str], bool]:
    """Return every annotation note in the library and whether PRAGMA integrity_check says ok (a new connection)."""
    conn = sqlite3.connect(path)
    try:
        notes = {row[0] for row in conn.execute("SELECT note FROM annotations")}
        return notes, conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# -- the kill test: a writer through the library API -------------------------------
def _writer_child(path: Path, document_id: int, first: int, out: int) -> None:
    """In a forked child: add annotations for ever, printing begin/ack around each commit."""
    try:
        library = Library(path, backups=False)
        n = first
        while True:
            os.write(out, f"begin {n}\n".encode())
            library.add_annotation(document_id, *span(n), "fact", note=f"n{n}")
            os.write(out, f"ack {n}\n".encode())
            n += 1
    except BaseException as error:  # a failure of the writer is a silent failure to the parent
        os.write(out, f"error {type(error).__name__} {error}\n".encode())
    finally:
        os._exit(1)


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


def kill_writers(path: Path, kills: int, rng: random.Random, max_delay: float = 0.08) -> Figures:
    """SIGKILL a writing process `kills` times at random moments; after each, check every acknowledged action."""
    document_id = new_library(path)
    figures, begun, acked = Figures(), set(), set()
    for _ in range(kills):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _writer_child(path, document_id, max(begun, default=-1) + 1, write)
        os.close(write)
        time.sleep(rng.uniform(0.005, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lines = _read_all(read).splitlines()
        os.close(read)
        figures.silent_failures += sum(line.startswith("error") for line in lines)
        figures.notes += [line for line in lines if line.startswith("error")][:3]
        round_begun = {int(line.split()[1]) for line in lines if line.startswith("begin")}
        round_acked = {int(line.split()[1]) for line in lines if line.startswith("ack")}
        begun |= round_begun
        acked |= round_acked
        notes, ok = stored_notes(path)
        figures.integrity_failures += not ok
        figures.lost += sum(f"n{n}" not in notes for n in round_acked)
        in_flight = round_begun - round_acked
        figures.in_flight_committed += sum(f"n{n}" in notes for n in in_flight)
        figures.in_flight_not_committed += sum(f"n{n}" not in notes for n in in_flight)
    figures.acknowledged = len(acked)
    return figures


# -- the kill test: the window, through its actions ----------------------------------
_WINDOW = r"""
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from storage import Library
from gui.main_window import MainWindow

path, document_id, first, settings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = QApplication([])
library = Library(path, backups=False)
window = MainWindow(library, settings=QSettings(settings, QSettings.Format.IniFormat))
window.show()
window.open_document(document_id)
saved = []
window.annotator.saved.connect(saved.append)
state = {"n": first}

def tag_next():
    n = state["n"]
    start = len("Claims\n") + (n % 10000) * 10
    window.reader.select_range(start, start + 9)
    count = len(saved)
    sys.stdout.write(f"begin {n}\n"); sys.stdout.flush()
    window.window_actions.tags["fact"].trigger()
    if len(saved) > count:
        sys.stdout.write(f"ack {n}\n"); sys.stdout.flush()
    else:
        sys.stdout.write(f"error not saved {n}\n"); sys.stdout.flush()
    state["n"] = n + 1

timer = QTimer()
timer.timeout.connect(tag_next)
timer.start(0)
sys.stdout.write("ready\n"); sys.stdout.flush()
app.exec()
"""


def kill_windows(path: Path, kills: int, rng: random.Random, max_actions: int = 40) -> Figures:
    """SIGKILL a window process tagging through its Fact action `kills` times; check every acknowledged tag."""
    document_id = new_library(path)
    figures, next_n = Figures(), 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = str(Path(__file__).resolve().parent.parent)
    for _ in range(kills):
        process = subprocess.Popen(
            [sys.executable, "-c", _WINDOW, str(path), str(document_id), str(next_n), str(path) + ".ini"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root,
        )  # fmt: skip
        assert process.stdout is not None
        lines, target = [], rng.randint(1, max_actions)
        while sum(line.startswith("ack") for line in lines) < target and len(lines) < 50 * max_actions:
            ready, _, _ = select.select([process.stdout], [], [], 60)
            line = process.stdout.readline().decode() if ready else ""
            if not line:
                break
            lines.append(line)
        process.send_signal(signal.SIGKILL)
        rest, _ = process.communicate(timeout=60)
        lines += rest.decode().splitlines()
        next_n = _check_window_round(path, lines, figures, next_n)
    return figures


def _check_window_round(path: Path, lines: list[str], figures: Figures, next_n: int) -> int:
    begun = {int(line.split()[1]) for line in lines if line.startswith("begin")}
    acked = {int(line.split()[1]) for line in lines if line.startswith("ack")}
    figures.silent_failures += sum(line.startswith("error") for line in lines)
    conn = sqlite3.connect(path)
    starts = {row[0] for row in conn.execute("SELECT start FROM annotations")}
    figures.integrity_failures += conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()
    figures.acknowledged += len(acked)
    figures.lost += sum(span(n)[0] not in starts for n in acked)
    figures.in_flight_committed += sum(span(n)[0] in starts for n in begun - acked)
    figures.in_flight_not_committed += sum(span(n)[0] not in starts for n in begun - acked)
    return max(begun, default=next_n - 1) + 1


# -- two writers at once --------------------------------------------------------------
def _timed_writer(path: Path, document_id: int, name: str, seconds: float, out: int) -> None:
    """In a forked child: write as fast as possible for seconds; report acks and clear failures."""
    try:
        library = Library(path, backups=False, busy_timeout=1.0)
        n, deadline = 0, time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                library.add_annotation(document_id, *span(n), "fact", note=f"{name}{n}")
                os.write(out, f"ack {name}{n}\n".encode())
            except LibraryBusy:
                os.write(out, b"busy\n")
            n += 1
        library.close()
    except BaseException as error:
        os.write(out, f"error {type(error).__name__} {error}\n".encode())
    finally:
        os._exit(0)


def two_writers(path: Path, seconds: float) -> Figures:
    """Two processes adding annotations to one library at once for `seconds`; every acknowledged one kept."""
    document_id = new_library(path)
    children = []
    for name in ("a", "b"):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _timed_writer(path, document_id, name, seconds, write)
        os.close(write)
        children.append((pid, read))
    lines = []
    for pid, read in children:
        lines += _read_all(read).splitlines()
        os.close(read)
        os.waitpid(pid, 0)
    notes, ok = stored_notes(path)
    acked = [line.split()[1] for line in lines if line.startswith("ack")]
    figures = Figures(len(acked), sum(note not in notes for note in acked), int(not ok))
    figures.reported = sum(line == "busy" for line in lines)
    figures.silent_failures = sum(line.startswith("error") for line in lines)
    figures.silent_failures += len(notes - set(acked))  # stored while its writer was told it failed
    return figures


# -- failures of the file system and of other programs ------------------------------
def _attempts(library: Library, document_id: int, count: int, expected: type[LibraryError], first: int) -> Figures:
    """Try count writes that must each fail with expected; count anything else as a silent failure."""
    figures = Figures()
    for n in range(first, first + count):
        try:
            library.add_annotation(document_id, *span(n), "fact", note=f"x{n}")
            figures.silent_failures += 1  # "saved" while it could not be
        except expected:
            figures.reported += 1
        except Exception as error:
            figures.silent_failures += 1
            figures.notes.append(f"{type(error).__name__}: {error}")
    return figures


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "3m") -> Iterator[tuple[Path, str]]:
    """A real small file system (tmpfs) when this process may mount one; else the library's page limit."""
    mount = folder / "small-disk"
    mount.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and not subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    ).returncode  # fmt: skip
    try:
        yield mount, "a 3 MB tmpfs" if mounted else "PRAGMA max_page_count (no tmpfs here)"
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], check=True)


def disk_full(folder: Path) -> Figures:
    """Write annotations with 20 KB notes until the disk is full; then check what was acknowledged is there."""
    with small_disk(folder) as (mount, how):
        path = mount / "library.sqlite"
        document_id = new_library(path)
        figures, acked = Figures(notes=[how]), []
        with Library(path, backups=False) as library:
            if "max_page_count" in how:
                pages = library.db.conn.execute("PRAGMA page_count").fetchone()[0]
                library.db.conn.execute(f"PRAGMA max_page_count = {pages + 600}")
            for n in range(2_000):
                try:
                    library.add_annotation(document_id, *span(n), "fact", note=f"n{n} " + "x" * 20_000)
                    acked.append(f"n{n}")
                except DiskFull:
                    figures.reported += 1
                    if figures.reported >= 20:
                        break
                except Exception as error:
                    figures.silent_failures += 1
                    figures.notes.append(f"{type(error).__name__}: {error}")
                    break
        notes, ok = stored_notes(path)
        figures.acknowledged, figures.integrity_failures = len(acked), int(not ok)
        figures.lost = sum(not any(note.startswith(a + " ") for note in notes) for a in acked)
        figures.silent_failures += figures.reported == 0  # the disk never filled: the scenario did not happen
        return figures


def read_only(folder: Path) -> Figures:
    """Every write to a library file that cannot be written is ReadOnlyLibrary; the file's bytes do not change."""
    path = folder / "read-only.sqlite"
    document_id = new_library(path)
    before = path.read_bytes()
    with _unwritable(path) as how, Library(path, backups=False) as library:
        figures = _attempts(library, document_id, 50, ReadOnlyLibrary, 0)
    figures.notes.append(how)
    notes, ok = stored_notes(path)
    figures.integrity_failures = int(not ok)
    figures.silent_failures += (path.read_bytes() != before) + len(notes)
    return figures


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[str]:
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield "mode 0444"
        finally:
            path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        raise RuntimeError("cannot make the file read-only as root (chattr +i failed)")
    try:
        yield "chattr +i (running as root)"
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _hold_lock(path: Path, seconds: float, out: int) -> None:
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        os.write(out, b"locked\n")
        time.sleep(seconds)
        conn.execute("ROLLBACK")
    finally:
        os._exit(0)


def locked(folder: Path, busy_timeout: float = 0.5, holding: float = 3.0) -> Figures:
    """Another process holds the write lock past the wait: each write is LibraryBusy after the wait, then works."""
    path = folder / "locked.sqlite"
    document_id = new_library(path)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _hold_lock(path, holding, write)
    os.close(write)
    os.read(read, 16)
    with Library(path, backups=False, busy_timeout=busy_timeout) as library:
        started = time.monotonic()
        figures = _attempts(library, document_id, 3, LibraryBusy, 0)
        waited = (time.monotonic() - started) / 3
        os.waitpid(pid, 0)
        os.close(read)
        acked = [library.add_annotation(document_id, *span(n), "fact", note=f"n{n}") for n in range(10, 20)]
    figures.notes.append(f"each refused write waited {waited:.2f} s (bound {busy_timeout} s)")
    figures.silent_failures += waited < busy_timeout * 0.9
    notes, ok = stored_notes(path)
    figures.acknowledged, figures.integrity_failures = len(acked), int(not ok)
    figures.lost = sum(a.note not in notes for a in acked)
    return figures


def vanished_wal(folder: Path, before: int = 20, after: int = 20) -> Figures:
    """Remove the -wal under an open library: later writes refused; every acknowledged claim kept or rescued."""
    path = folder / "vanishing.sqlite"
    document_id = new_library(path)
    with Library(path, backups=False) as library:
        acked = [library.add_annotation(document_id, *span(n), "fact", note=f"n{n}").note for n in range(before)]
        path.with_name(path.name + "-wal").unlink()
        figures = _attempts(library, document_id, after, LibraryFileChanged, before)
    rescued = [b.path for b in backups(path) if b.kind == "rescued"]
    kept, ok = stored_notes(path)
    for copy in rescued:
        more, copy_ok = stored_notes(copy)
        kept |= more
        ok = ok and copy_ok
    figures.acknowledged, figures.integrity_failures = len(acked), int(not ok)
    figures.lost = sum(note not in kept for note in acked)
    in_file = sum(note in stored_notes(path)[0] for note in acked)
    figures.notes.append(
        f"acknowledged claims in the library file itself: {in_file} of {len(acked)}; rescue copies: {len(rescued)}"
    )
    return figures


def scratch() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder on a real disk (not a tmpfs), for the scenarios' libraries."""
    return tempfile.TemporaryDirectory(prefix="claimmark-trust-", dir=os.environ.get("CLAIMMARK_BENCH_TMP"))
