"""Passwords are never shown: not by `claimmark sync` or `group join`, the status bar, nor an error dialog.

Each failure is tried with the password in both forms of a connection string
(``postgresql://user:secret@host/db`` and ``password=secret``), against a
closed port, the real server with the wrong password, a database without
Claimmark, and connection strings libpq cannot parse (it quotes those whole).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow
from gui.sync.background import SyncTiming
from storage import Library
from storage.sync import STOPPED, join_group, sync
from tests.cli.runner import claimmark, fails

from .conftest import Classroom

SECRET = "s3cret-Wort"
QUIET = SyncTiming(start_delay_ms=3_600_000, debounce_ms=3_600_000, interval=3600.0, timeout=15.0,
                   first_retry=3600.0, max_retry=3600.0)  # fmt: skip


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _forms(person: str, port: int, dbname: str = "claimmark", password: str = SECRET) -> list[str]:
    """The same connection in both forms, each with the password in it."""
    return [
        f"postgresql://{person}:{password}@127.0.0.1:{port}/{dbname}",
        f"host=127.0.0.1 port={port} dbname={dbname} user={person} password={password}",
    ]


def _env(library: Path) -> dict[str, str]:
    return {**os.environ, "CLAIMMARK_LIBRARY": str(library), "PYTHONIOENCODING": "utf-8"}


UNPARSABLE = [
    f"postgresql://alice:{SECRET}@[::1/claimmark",  # libpq: ... in URI: "postgresql://alice:...@[::1/claimmark"
    f"postgresql://alice:{SECRET}@[]/claimmark",
    f"host=127.0.0.1 password={SECRET} dbname",
    f"postgresql://alice:{SECRET}@127.0.0.1/claimmark?nosuchoption=1",
]


@pytest.mark.parametrize("dsn", UNPARSABLE)
def test_group_join_with_a_connection_string_libpq_cannot_parse(dsn: str, tmp_path: Path) -> None:
    """One line saying it is not a connection string, without the string (which holds the password)."""
    line = fails(_env(tmp_path / "x.sqlite"), "group", "join", dsn)
    assert "not a connection string" in line and SECRET not in line, line


def test_group_join_and_sync_failures_never_print_the_password(classroom: Classroom, tmp_path: Path) -> None:
    """A closed port, a wrong password, no Claimmark database, a changed password: one line each, no secret."""
    alice = classroom.add("alice")
    env = _env(tmp_path / "alice.sqlite")
    port = classroom.postgres.port
    attempts = [
        (_forms(alice, _closed_port()), "cannot reach"),
        (_forms(alice, port), "wrong name or password"),  # SECRET is not her password
        (_forms(alice, port, "postgres", classroom.passwords[alice]), "not a Claimmark server"),
    ]
    for dsns, expected in attempts:
        for dsn in dsns:
            line = fails(env, "group", "join", dsn)
            assert expected in line and SECRET not in line and classroom.passwords[alice] not in line, line
            listed = fails(env, "group", "list", "--server", dsn)
            assert SECRET not in listed and classroom.passwords[alice] not in listed, listed
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {alice} PASSWORD '{SECRET}'")
    joined = claimmark(env, "group", "join", _forms(alice, port)[0]).stdout
    assert SECRET not in joined and SECRET.encode() not in (tmp_path / "alice.sqlite").read_bytes()
    assert SECRET not in claimmark(env, "sync").stdout + claimmark(env, "sync", "--json").stdout
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {alice} PASSWORD 'changed-since'")
    line = fails(env, "sync", "--attempts", "1")
    assert "wrong name or password" in line and SECRET not in line, line
    state = claimmark(env, "sync", "--json", check=False).stdout
    assert '"stopped"' in state and SECRET not in state


def _window(qtbot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings=settings)
    window.shared.background.set_timing(QUIET)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_join_dialog_never_shows_the_password(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """The server field holding a password (either form, or unparsable) or the password field: errors without it."""
    alice = classroom.add("alice")
    window = _window(qtbot, Library(tmp_path / "alice.sqlite", annotator="someone"), tmp_path)
    dialog = window.shared.ask_to_join()
    assert dialog is not None
    servers = [*_forms(alice, _closed_port()), *_forms(alice, classroom.postgres.port), *UNPARSABLE[:3]]
    for server in servers:
        for password in ("", SECRET):
            dialog.server.setText(server)
            dialog.person.setText(alice)
            dialog.password.setText(password)
            dialog.error_dialog = None
            dialog.join_button.click()
            qtbot.waitUntil(lambda: dialog.error_dialog is not None, timeout=30_000)
            assert dialog.error_dialog is not None
            shown = f"{dialog.error_dialog.text()} {dialog.error_dialog.informativeText()}"
            assert SECRET not in shown, (server, shown)
            dialog.error_dialog.accept()


def test_the_status_bar_never_shows_the_password(qtbot, classroom: Classroom, tmp_path: Path) -> None:
    """Stopped (the password changed on the server) is shown with its reason and without either password."""
    alice = classroom.add("alice")
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {alice} PASSWORD '{SECRET}'")
    library = Library(tmp_path / "alice.sqlite", annotator=alice)
    join_group(library, _forms(alice, classroom.postgres.port)[1], classroom.group)
    assert sync(library).ok
    window = _window(qtbot, library, tmp_path)
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {alice} PASSWORD 'changed-since'")
    with qtbot.waitSignal(window.shared.background.state_changed, timeout=30_000) as outcome:
        window.shared.sync_now()
    assert STOPPED == outcome.args[0].status
    text = f"{window.shared.status.text} {window.shared.status.toolTip()}"
    assert "wrong name or password" in text and SECRET not in text and "changed-since" not in text
