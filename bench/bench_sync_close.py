"""Stopping a sync that hangs: closing the window, and Ctrl+C on `claimmark sync`, while the server never answers.

Three hangs, each measured from the moment the sync is known to be blocked:
the window's background attempt connecting to a server that accepts the TCP
connection and never answers (``SilentServer``); the window's attempt blocked
in the middle of a pull (the group's annotations locked on a real server);
and `claimmark sync` in a child process, connecting to the silent server, sent
SIGINT. Figures: seconds from ``close()`` until the thread pool is done (what
the app waits for before it exits), and from SIGINT until the process ended.
The floor is closing the same window with no sync running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
from PySide6.QtCore import QEventLoop, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from storage import Library
from storage.sync import add_member, create_group, init_server, join_group, sync
from storage.sync.link import SyncLink, write_link

from .common import Report
from .fault_proxy import SilentServer
from .postgres import PostgresCluster

BUDGET_CLOSE = 1.0  # seconds: closing the window never waits for a hung server
BUDGET_INTERRUPT = 1.0  # seconds from Ctrl+C to the command's end
ATTEMPT_TIMEOUT = 30.0  # the window's own (gui/sync/background.py)


def _spin(until: Callable[[], bool], seconds: float = 30.0) -> None:
    """Run the event loop until until() holds (or seconds pass)."""
    loop, deadline = QEventLoop(), time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _close_time(library: Library, folder: Path, blocked: Callable[[], bool] | None) -> float:
    """Open a window on library, start a sync (if blocked is given) and wait until blocked(); time the close."""
    from gui.main_window import MainWindow
    from gui.sync.background import SyncTiming

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings=settings)
    window.shared.background.set_timing(SyncTiming(start_delay_ms=3_600_000, timeout=ATTEMPT_TIMEOUT))
    window.show()
    _spin(lambda: False, 0.3)
    if blocked is not None:
        window.shared.sync_now()
        _spin(blocked)
        _spin(lambda: False, 0.3)  # well into the wait
        assert blocked(), "the sync never blocked"
    started = time.perf_counter()
    window.close()
    QThreadPool.globalInstance().waitForDone()
    seconds = time.perf_counter() - started
    window.deleteLater()
    _spin(lambda: False, 0.1)
    return seconds


def _silent_library(folder: Path, port: int, name: str) -> Library:
    library = Library(folder / f"{name}.sqlite", annotator="alice")
    dsn = f"host=127.0.0.1 port={port} dbname=claimmark user=alice password=secret"
    write_link(library, SyncLink(dsn, 1, "class", "alice", "member"))
    return library


def _locked_pull(folder: Path, report: Report) -> None:
    """The window's attempt blocked while pulling the group's annotations (locked by the administrator)."""
    cluster = PostgresCluster().start()
    try:
        admin = cluster.create_database("close")
        init_server(admin)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE ROLE close_teacher LOGIN CREATEROLE PASSWORD 'pw' IN ROLE claimmark_users")
        teacher_dsn = cluster.dsn(user="close_teacher", password="pw", dbname="close")
        create_group(teacher_dsn, "class")
        add_member(teacher_dsn, "class", "close_student", "member", password="pw-student")
        teacher = Library(folder / "teacher.sqlite", annotator="close_teacher")
        join_group(teacher, teacher_dsn, "class")
        text = "The council voted seven to two on Tuesday to close the old port.\n" * 50
        path = folder / "port.txt"
        path.write_text(text, encoding="utf-8")
        from documents import load_path

        document = teacher.import_document(load_path(path))[0].id
        assert sync(teacher).ok
        student = Library(folder / "student.sqlite", annotator="close_student")
        join_group(student, cluster.dsn(user="close_student", password="pw-student", dbname="close"), "class")
        assert sync(student).ok
        for n in range(200):
            teacher.add_annotation(document, n * 10, n * 10 + 7, "fact", note=f"n{n}")
        assert sync(teacher).ok
        before = len(student.annotations())
        with psycopg.connect(admin) as locker:
            locker.execute("LOCK TABLE claimmark.annotations IN ACCESS EXCLUSIVE MODE")

            def waiting() -> bool:
                with psycopg.connect(admin, autocommit=True) as probe:
                    row = probe.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
                return row is not None and int(row[0]) > 0

            seconds = _close_time(student, folder, waiting)
            locker.rollback()
        assert before == len(student.annotations()), "the cancelled pull changed the library"
        report.line("close the window while a pull waits on the server", seconds, BUDGET_CLOSE)
    finally:
        cluster.stop()


def _interrupt_time(folder: Path) -> tuple[float, int, str]:
    """`claimmark sync` connecting to a silent server, sent SIGINT: seconds to its end, its status, stderr."""
    with SilentServer().start() as server:
        library = _silent_library(folder, server.port, "cli")
        library.close()
        env = {**os.environ, "CLAIMMARK_LIBRARY": str(folder / "cli.sqlite")}
        child = subprocess.Popen([sys.executable, "-m", "claimmark", "sync"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert server.accepted.wait(30), "claimmark sync never connected"
        time.sleep(0.3)
        started = time.perf_counter()
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=60)
        return time.perf_counter() - started, child.returncode, stderr


def main() -> bool:
    """Run the benchmarks; return True when a budget is missed."""
    report = Report()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="claimmark-bench-close-"))
    os.environ["PGPASSFILE"] = str(folder / "pgpass")
    try:
        floor = _close_time(_silent_library(folder, 9, "idle"), folder, None)
        with SilentServer().start() as server:
            library = _silent_library(folder, server.port, "window")
            seconds = _close_time(library, folder, server.accepted.is_set)
        report.line("close the window while connecting to a silent server", seconds, BUDGET_CLOSE, floor=floor)
        _locked_pull(folder, report)
        seconds, status, stderr = _interrupt_time(folder)
        report.line("Ctrl+C on claimmark sync connecting to a silent server", seconds, BUDGET_INTERRUPT)
        lines = stderr.strip().splitlines()
        print(f"  exit status {status}; stderr: {lines}")
        if status == 0 or len(lines) != 1 or "Traceback" in stderr:
            print("  OVER: Ctrl+C must end with one line and a non-zero status")
            report.missed += 1
    finally:
        del app
        shutil.rmtree(folder, ignore_errors=True)
    return report.missed > 0


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
