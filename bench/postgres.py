"""A throwaway PostgreSQL cluster for the tests and benchmarks: initdb in a temporary folder, one free port.

The server refuses to run as root, so when this process is root the cluster
is created and run as an unprivileged system user (``postgres`` when the
server package made it, else ``nobody``). Settings trade durability for speed
(fsync off): the cluster lives only as long as the test session.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "claimmark_admin"
_FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
         " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''")  # fmt: skip


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """Return the folder holding initdb, pg_ctl and postgres. Raises PostgresUnavailable."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    which = shutil.which("initdb")
    candidates.append(str(Path(which).resolve().parent) if which else "")
    for candidate in filter(None, candidates):
        if all((Path(candidate) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    raise PostgresUnavailable("no PostgreSQL server found (apt-get install postgresql, or set PG_BINDIR)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as, or None when this process is not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root, and no unprivileged user (postgres, nobody) to run the server")


class PostgresCluster:
    """A PostgreSQL cluster of its own, on 127.0.0.1 with password (SCRAM) authentication."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="claimmark-pg-"))
        self.data = self.folder / "data"
        self.password = secrets.token_urlsafe(16)
        self.port = 0
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> None:
        kwargs = {} if self.user is None else {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        result = subprocess.run(args, capture_output=True, text=True, cwd=self.folder, timeout=120, **kwargs)  # type: ignore[call-overload]
        if result.returncode:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {(result.stderr or result.stdout).strip()[-800:]}")

    def start(self) -> PostgresCluster:
        """initdb and start the server; return self."""
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password)
        if self.user is not None:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={pwfile}",
                  "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        pwfile.unlink()
        for _ in range(5):  # another process may take the free port between probe and start
            self.port = _free_port()
            try:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-l",
                          str(self.folder / "server.log"), "-o", f"-p {self.port} {_FAST}", "start")  # fmt: skip
                return self
            except PostgresUnavailable:
                continue
        raise PostgresUnavailable(f"the server did not start: see {self.folder / 'server.log'}")

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        with contextlib.suppress(PostgresUnavailable):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, user: str = SUPERUSER, password: str | None = None, dbname: str = "postgres", port: int = 0) -> str:
        """Return a connection string to this cluster (the superuser's password unless another is given)."""
        from psycopg.conninfo import make_conninfo

        secret = self.password if password is None and user == SUPERUSER else password
        params = {"host": "127.0.0.1", "port": str(port or self.port), "dbname": dbname, "user": user}
        return make_conninfo(**params, **({"password": secret} if secret else {}))

    def create_database(self, name: str) -> str:
        """Create an empty database; return the superuser's connection string to it."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(dbname=name)
