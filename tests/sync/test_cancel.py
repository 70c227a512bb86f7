"""Stopping a sync that hangs: a cancel hook breaks off the wait, and the library stays as it was.

The hangs are real: a server that accepts the TCP connection and never
answers (``SilentServer``), and a pull waiting on a lock that the group's
administrator holds on the annotations. Without the hook, each wait lasts
until libpq's connect timeout or the server's lock timeout (10 s) and the
attempt ends as an ordinary "paused" outcome.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QSettings

from bench.fault_proxy import SilentServer
from gui.jobs import JobHandle
from gui.main_window import MainWindow
from gui.sync.background import SyncTiming
from storage import Library
from storage.sync import RetryPolicy, SyncCancelled, read_link, set_shared, sync, sync_once
from storage.sync.link import SyncLink, write_link

from .conftest import Classroom, article

SECRET = "secret-of-alice"
# Attempts that would wait long: only the cancel can end them soon.
PATIENT = SyncTiming(start_delay_ms=3_600_000, debounce_ms=3_600_000, interval=3600.0, timeout=600.0,
                     first_retry=3600.0, max_retry=3600.0)  # fmt: skip
_TABLES = ("documents", "annotations", "claim_types", "sync_link", "sync_changes", "sync_annotations",
           "sync_documents", "sync_conflicts")  # fmt: skip


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    """A server that accepts connections and never answers."""
    with SilentServer().start() as server:
        yield server


def _silent_library(folder: Path, server: SilentServer) -> Library:
    """A library linked to the silent server, with a claim waiting to be sent."""
    library = Library(folder / "alice.sqlite", annotator="alice")
    dsn = f"postgresql://alice:{SECRET}@127.0.0.1:{server.port}/claimmark"
    write_link(library, SyncLink(dsn, 1, "class", "alice", "member"))
    document = library.import_document(article())[0].id
    library.add_annotation(document, 0, 7, "fact", note="offline work")
    return library


def _contents(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables sync reads and writes."""
    return {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in _TABLES}


def _window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings=settings)
    window.shared.background.set_timing(PATIENT)
    qtbot.addWidget(window)
    window.show()
    return window


def _outcomes(handle: JobHandle) -> list[str]:
    """Record how the job ends (its signals come even after the window closed)."""
    ended: list[str] = []
    handle.signals.finished.connect(lambda state: ended.append(f"finished {state.status}"))
    handle.signals.failed.connect(lambda message: ended.append(f"failed {message}"))
    handle.signals.cancelled.connect(lambda: ended.append("cancelled"))
    return ended


def _close_while_blocked(qtbot, window: MainWindow, blocked: Callable[[], bool]) -> list[str]:
    """Start a background attempt, wait until it is blocked on the server, close the window; return its end."""
    handle = window.shared.background.sync_now()
    assert handle is not None
    ended = _outcomes(handle)
    qtbot.waitUntil(blocked, timeout=30_000)
    qtbot.wait(200)  # well into the wait
    assert [] == ended
    window.close()
    qtbot.waitUntil(lambda: bool(ended), timeout=60_000)
    return ended


def test_closing_the_window_while_connecting_to_a_silent_server_cancels_the_attempt(
    qtbot, silent: SilentServer, tmp_path: Path
) -> None:
    """The attempt ends cancelled (not paused after libpq's connect timeout); the library is as it was."""
    library = _silent_library(tmp_path, silent)
    before = _contents(library)
    window = _window(qtbot, library, tmp_path)
    assert ["cancelled"] == _close_while_blocked(qtbot, window, silent.accepted.is_set)
    assert before == _contents(library)


def _pull_waiting(classroom: Classroom) -> Callable[[], bool]:
    def waiting() -> bool:
        with psycopg.connect(classroom.admin, autocommit=True) as probe:
            row = probe.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                " WHERE NOT l.granted AND a.usename = %s",
                [f"{classroom.group}_alice"],
            ).fetchone()
        return row is not None and int(row[0]) > 0

    return waiting


@pytest.fixture
def behind(classroom: Classroom) -> Library:
    """Alice's library, a pull behind: the teacher of her shared group tagged 50 claims since she last synced."""
    alice = classroom.add("alice")
    set_shared(classroom.dsn(classroom.teacher), classroom.group, True)
    teacher = classroom.library(classroom.teacher)
    document = teacher.import_document(article())[0].id
    assert sync(teacher).ok
    library = classroom.library(alice)
    assert sync(library).ok
    for n in range(50):
        teacher.add_annotation(document, n, n + 7, "fact", note=f"claim {n}")
    assert sync(teacher).ok
    return library


def test_closing_the_window_while_a_pull_waits_on_the_server_keeps_the_library_untouched(
    qtbot, classroom: Classroom, behind: Library, tmp_path: Path
) -> None:
    """A pull blocked on the server is broken off by the close: nothing of it is applied; the next sync takes it all."""
    before = _contents(behind)
    window = _window(qtbot, behind, tmp_path)
    with psycopg.connect(classroom.admin) as locker:
        locker.execute("LOCK TABLE claimmark.annotations IN ACCESS EXCLUSIVE MODE")
        ended = _close_while_blocked(qtbot, window, _pull_waiting(classroom))
        locker.rollback()
    assert ["cancelled"] == ended
    assert before == _contents(behind)
    state = sync(behind)
    assert state.ok and 50 == state.pulled and 50 == len(behind.annotations())


def test_a_cancel_during_the_wait_between_attempts_ends_the_sync(silent: SilentServer, tmp_path: Path) -> None:
    """sync() with a cancel hook looks at it while it waits to retry, instead of sleeping the whole delay."""
    library = _silent_library(tmp_path, silent)
    silent.stop()  # now nothing listens: every attempt is paused at once
    pressed = threading.Event()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        pressed.set()  # Ctrl+C while waiting

    with pytest.raises(SyncCancelled, match="the next sync picks up where this one stopped"):
        sync(library, RetryPolicy(attempts=3, first_delay=60.0), sleep=sleep, cancel=pressed.is_set)
    assert 1 == len(slept) and slept[0] < 1.0


def test_sync_once_breaks_off_a_connect_that_hangs(silent: SilentServer, tmp_path: Path) -> None:
    """A cancel set by another thread while connecting raises SyncCancelled; the claim is still waiting here."""
    library = _silent_library(tmp_path, silent)
    pressed = threading.Event()
    threading.Thread(target=lambda: silent.accepted.wait(30) and pressed.set(), daemon=True).start()
    with pytest.raises(SyncCancelled):
        sync_once(library, timeout=600.0, cancel=pressed.is_set)
    link = read_link(library)
    assert link is not None and 0 == link.last_version and ["offline work"] == [a.note for a in library.annotations()]


def _interrupted_cli(library: Path, blocked: Callable[[], bool]) -> subprocess.CompletedProcess[str]:
    """Run `claimmark sync` in a process, wait until it is blocked, press Ctrl+C (SIGINT); return how it ended."""
    env = {**os.environ, "CLAIMMARK_LIBRARY": str(library), "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen([sys.executable, "-m", "claimmark", "sync"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        for _ in range(600):
            if blocked() or child.poll() is not None:
                break
            threading.Event().wait(0.05)
        assert child.poll() is None, child.communicate()
        threading.Event().wait(0.3)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def test_ctrl_c_on_claimmark_sync_connecting_to_a_silent_server(silent: SilentServer, tmp_path: Path) -> None:
    """One line on stderr, exit status 130, no traceback, no password; the claim still waits to be sent."""
    _silent_library(tmp_path, silent).close()
    ended = _interrupted_cli(tmp_path / "alice.sqlite", silent.accepted.is_set)
    assert 130 == ended.returncode and "" == ended.stdout
    assert ["claimmark: error: sync cancelled: the next sync picks up where this one stopped"] == (
        ended.stderr.splitlines()
    )
    with Library(tmp_path / "alice.sqlite") as library:
        assert ["offline work"] == [a.note for a in library.annotations()]


def test_ctrl_c_on_claimmark_sync_while_a_pull_waits_on_the_server(classroom: Classroom, behind: Library) -> None:
    """Interrupted in the middle of a pull: one line, status 130, nothing applied; the next sync takes it all."""
    before = _contents(behind)
    path = behind.path
    behind.close()
    with psycopg.connect(classroom.admin) as locker:
        locker.execute("LOCK TABLE claimmark.annotations IN ACCESS EXCLUSIVE MODE")
        ended = _interrupted_cli(path, _pull_waiting(classroom))
        locker.rollback()
    assert 130 == ended.returncode and 1 == len(ended.stderr.splitlines()), ended.stderr
    assert "sync cancelled" in ended.stderr and "Traceback" not in ended.stderr
    with Library(path) as library:
        assert before == _contents(library)
        assert sync(library).ok and 50 == len(library.annotations())
