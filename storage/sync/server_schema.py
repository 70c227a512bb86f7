"""The server's schema: numbered migrations in server_migrations/, applied by `claimmark server init`.

Like the local library's migrations, a server migration once released never
changes; ``claimmark.schema_version`` holds the number applied. A client
syncs only with a server of exactly its own schema version.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import psycopg

from .connection import classified, connect, describe
from .errors import NotAllowed, WrongServer

SCHEMA = "claimmark"
USERS_ROLE = "claimmark_users"  # every person who syncs is a member of this role
SERVER_MIGRATIONS = ("s0001_groups.sql",)
SERVER_SCHEMA_VERSION = len(SERVER_MIGRATIONS)

_BOOTSTRAP = f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{USERS_ROLE}') THEN
        CREATE ROLE {USERS_ROLE} NOLOGIN;
    END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version (version integer NOT NULL);
GRANT USAGE ON SCHEMA {SCHEMA} TO {USERS_ROLE};
GRANT SELECT ON {SCHEMA}.schema_version TO {USERS_ROLE};
"""


def migration_sql(name: str) -> str:
    """Return the SQL of one server migration."""
    return resources.files(__package__).joinpath("server_migrations", name).read_text(encoding="utf-8")


def init_server(dsn: str) -> tuple[int, int]:
    """Create or upgrade the Claimmark schema in the database of dsn; return (version before, after).

    Run as the server's administrator (a role that may create roles and schemas).

    Raises:
        WrongServer: the server's schema is newer than this Claimmark.
        NotAllowed: the role may not create the schema or its roles.
    """
    with connect(dsn) as conn:
        try:
            conn.execute("SELECT pg_advisory_xact_lock(1769, 0)")  # one `server init` at a time
            conn.execute(_BOOTSTRAP)
            before = _version(conn)
            if before > SERVER_SCHEMA_VERSION:
                raise WrongServer(_newer(dsn, before))
            for number in range(before + 1, SERVER_SCHEMA_VERSION + 1):
                conn.execute(migration_sql(SERVER_MIGRATIONS[number - 1]))
            conn.execute(f"DELETE FROM {SCHEMA}.schema_version")
            conn.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (%s)", [SERVER_SCHEMA_VERSION])
            conn.commit()
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowed(f"{describe(dsn)}: this role cannot set up the server ({error})") from None
        except psycopg.Error as error:
            raise classified(error, dsn) from None
    return before, SERVER_SCHEMA_VERSION


def _version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check_version(version: int | None, dsn: str) -> None:
    """Raise WrongServer unless the server's schema version is this Claimmark's."""
    if version is None or version == 0:
        raise WrongServer(f"{describe(dsn)} is not a Claimmark server (run `claimmark server init` on it)")
    if version > SERVER_SCHEMA_VERSION:
        raise WrongServer(_newer(dsn, version))
    if version < SERVER_SCHEMA_VERSION:
        raise WrongServer(
            f"{describe(dsn)} has server schema {version}, this Claimmark needs {SERVER_SCHEMA_VERSION}:"
            " its administrator should run `claimmark server init` with this version"
        )


def _newer(dsn: str, version: int) -> str:
    return (
        f"{describe(dsn)} has server schema {version}, newer than this Claimmark knows ({SERVER_SCHEMA_VERSION}):"
        " upgrade Claimmark"
    )
