"""Connecting to the server: connection strings without secrets, clear errors, deadlines and cancelling.

Passwords never enter the library or a message: a connection string is kept
and shown without its password (``redacted``), and the password is handed to
libpq's own password file (``remember_password``), which libpq reads itself.

A wait on the network ends when the attempt's deadline passes or when its
``cancel()`` says so (the window closing, Ctrl+C): connecting runs on a helper
thread that is left to finish by itself, and a connected socket is shut from
a watching thread, so the blocked call fails at once (``deadline``).
"""

from __future__ import annotations

import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ..progress import Cancel
from .errors import NotAllowed, ServerUnavailable, SyncCancelled, SyncError, WrongCredentials, WrongServer

# psycopg warns ("error ignored in rollback") when a connection that a deadline or a cancel shut is
# rolled back; the error sync raises says what happened, so those lines never reach a terminal
# unless the application configures logging itself.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

Connection = psycopg.Connection[tuple[Any, ...]]
POLL = 0.05  # seconds between looks at cancel() while a call waits on the network

CONNECT_TIMEOUT = 10  # seconds to reach the server (libpq's connect_timeout)
OPERATION_TIMEOUT = 60.0  # seconds one sync attempt may take before its socket is shut
# Server-side limits for every session: a stuck statement, a lock held by someone else, a
# client that vanished mid-transaction (its group lock is released when this expires).
SESSION_OPTIONS = "-c statement_timeout=30000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=30000"
_SERVER_ANSWERED = ("FATAL:", "ERROR:")
_TRANSIENT_FATAL = ("starting up", "shutting down", "too many", "recovery", "terminating connection")
_BOILERPLATE = (  # libpq's second sentences, which say nothing a person can act on
    "Is the server running on that host and accepting TCP/IP connections?",
    "This probably means the server terminated abnormally before or while processing the request.",
)
_TRANSIENT_STATES = {"57014", "55P03", "40001", "40P01", "57P01", "57P02", "57P03", "53300", "53000"}


def parse(dsn: str) -> dict[str, str]:
    """Return the parameters of a connection string or postgresql:// URI. Raises WrongServer."""
    try:
        return {key: str(value) for key, value in conninfo_to_dict(dsn).items() if value is not None}
    except psycopg.ProgrammingError as error:  # libpq quotes a URI it cannot parse whole: never show it
        raise WrongServer(f"not a connection string: {scrubbed(str(error).splitlines()[0], dsn)}") from None


_URI_PASSWORD = re.compile(r"(://[^:/?#@\s\"]*):[^@\s\"]*@")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+)", re.IGNORECASE)


def scrubbed(message: str, dsn: str = "") -> str:
    """Return message with no password in it: the connection string itself, and any password written in one."""
    if dsn.strip():
        message = message.replace(dsn.strip(), "(the connection string)")
    return _KEYWORD_PASSWORD.sub(r"\1…", _URI_PASSWORD.sub(r"\1:…@", message))


def without_password(dsn: str) -> str:
    """Return the connection string with no password in it."""
    return make_conninfo(**{key: value for key, value in parse(dsn).items() if key != "password"})


def redacted(dsn: str) -> str:
    """A connection string as it may be shown: without its password."""
    return without_password(dsn)


def describe(dsn: str) -> str:
    """user@host:port/dbname, for messages."""
    params = parse(dsn)
    if "service" in params:
        return f"service {params['service']}"
    host = params.get("host") or params.get("hostaddr") or "localhost"
    return f"{params.get('user', '')}@{host}:{params.get('port', '5432')}/{params.get('dbname', '')}".lstrip("@")


def connect(
    dsn: str, *, autocommit: bool = False, timeout: float = CONNECT_TIMEOUT, cancel: Cancel | None = None
) -> Connection:
    """Open a connection with Claimmark's session limits, within timeout seconds (libpq's minimum is 2).

    With cancel, connecting runs on a helper thread and this returns as soon as
    cancel() is true (the helper closes the connection if it still comes).

    Raises:
        SyncError: for every failure, a ServerUnavailable when it may pass.
        SyncCancelled: cancel() became true first.
    """
    options = f"{parse(dsn).get('options', '')} {SESSION_OPTIONS}".strip()
    seconds = max(2, min(CONNECT_TIMEOUT, math.ceil(timeout)))

    def open_connection() -> Connection:
        try:
            return psycopg.connect(
                dsn, autocommit=autocommit, connect_timeout=seconds, application_name="claimmark",
                options=options, keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
            )  # fmt: skip
        except psycopg.Error as error:
            raise classified(error, dsn) from None

    return open_connection() if cancel is None else _Connecting(open_connection).wait(cancel)


class _Connecting:
    """A connection being opened on a helper thread, which the caller may stop waiting for."""

    def __init__(self, open_connection: Callable[[], Connection]) -> None:
        self._lock = threading.Lock()
        self._ended = threading.Event()
        self._abandoned = False
        self._outcome: Connection | BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=[open_connection], name="claimmark-connect", daemon=True)
        self._thread.start()

    def _run(self, open_connection: Callable[[], Connection]) -> None:
        try:
            outcome: Connection | BaseException = open_connection()
        except BaseException as error:  # handed to the waiting thread
            outcome = error
        with self._lock:
            if self._abandoned:
                if isinstance(outcome, psycopg.Connection):
                    outcome.close()
                return
            self._outcome = outcome
            self._ended.set()

    def wait(self, cancel: Cancel) -> Connection:
        """Return the connection, raise what connecting raised, or SyncCancelled once cancel() is true."""
        while not self._ended.wait(POLL):
            if cancel():
                with self._lock:
                    if not self._ended.is_set():
                        self._abandoned = True
                        raise SyncCancelled()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome


def classified(error: psycopg.Error, dsn: str) -> SyncError:
    """Turn a psycopg error into the SyncError a user reads (never with a password in it)."""
    message = scrubbed(" ".join(str(error).split()), dsn)
    where = describe(dsn)
    if isinstance(error, psycopg.OperationalError) and error.sqlstate is None:
        return _connection_failure(message, where)
    if error.sqlstate in _TRANSIENT_STATES or isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return ServerUnavailable(f"{where}: {_detail(message)}")
    if error.sqlstate in ("3F000", "42P01", "42883"):
        return WrongServer(f"{where} is not a Claimmark server (run `claimmark server init` on it)")
    if error.sqlstate == "42501":
        return NotAllowed(f"{where}: not allowed: {_detail(message)}")
    return SyncError(f"{where}: {_detail(message)}")


def _connection_failure(message: str, where: str) -> SyncError:
    answered = any(mark in message for mark in _SERVER_ANSWERED)
    if not answered or any(mark in message for mark in _TRANSIENT_FATAL):
        return ServerUnavailable(f"cannot reach {where}: {_detail(message)}")
    if "password" in message or "authentication" in message or "pg_hba" in message or "role" in message:
        return WrongCredentials(f"{where}: wrong name or password ({_detail(message)})")
    if "does not exist" in message:
        return WrongServer(f"{where}: {_detail(message)}")
    return SyncError(f"{where}: {_detail(message)}")


def _detail(message: str) -> str:
    """The part of libpq's message a user needs: after the last 'FATAL:' or 'failed:'."""
    for mark in ("FATAL:", "ERROR:", "failed:"):
        if mark in message:
            message = message.rsplit(mark, 1)[1]
    for boilerplate in _BOILERPLATE:
        message = message.replace(boilerplate, "")
    return message.strip()


@contextmanager
def deadline(conn: Connection, seconds: float = OPERATION_TIMEOUT, cancel: Cancel | None = None) -> Iterator[None]:
    """Shut the connection's socket if the body takes longer than seconds or cancel() becomes true.

    A server that accepts a connection and then never answers (or a network that
    swallows packets) would otherwise block libpq's read for good; shutting the
    socket makes that read fail at once, and psycopg raises OperationalError.
    The socket is never shut once the body has ended (its descriptor may be
    another connection's by then).
    """
    fd, ends = conn.pgconn.socket, time.monotonic() + seconds
    lock, done = threading.Lock(), threading.Event()

    def watch() -> None:
        while not done.wait(POLL if cancel is not None else max(0.0, ends - time.monotonic())):
            if time.monotonic() >= ends or (cancel is not None and cancel()):
                with lock:
                    if not done.is_set():
                        _shut(fd)
                return

    threading.Thread(target=watch, name="claimmark-deadline", daemon=True).start()
    try:
        yield
    finally:
        with lock:
            done.set()


def _shut(fd: int) -> None:
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


def password_file() -> Path:
    """libpq's password file: $PGPASSFILE, else ~/.pgpass (%APPDATA%/postgresql/pgpass.conf on Windows)."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def remember_password(dsn: str) -> bool:
    """Move the password of dsn (if any) into libpq's password file, readable by its owner only.

    Returns whether a password was written. An entry for the same host, port,
    database and user is replaced.
    """
    params = parse(dsn)
    password = params.get("password")
    if not password:
        return False
    fields = [params.get("host", "localhost"), params.get("port", "5432"), params.get("dbname", "*"), params["user"]]
    key = ":".join(_escape(field) for field in fields)
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if not line.startswith(key + ":")]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join([*kept, f"{key}:{_escape(password)}"]) + "\n")
    os.chmod(path, 0o600)
    return True


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def with_login(dsn: str, user: str = "", password: str = "") -> str:
    """Return dsn with user and password set (each only when given), e.g. from a window's separate fields.

    Raises:
        WrongServer: dsn is not a connection string.
    """
    params = parse(dsn)
    params.update({key: value for key, value in (("user", user.strip()), ("password", password)) if value})
    return make_conninfo(**params)
