"""The library's schema, as numbered migrations applied in order (PRAGMA user_version).

Each migration is a module ``mNNNN_name.py`` with an ``apply(conn)`` that runs
inside the transaction ``migrate`` opens; a library at version N has had
migrations 1..N applied. A migration, once released, never changes: a new
schema change is a new module appended to ``MIGRATIONS``.

The file also carries ``PRAGMA application_id = APPLICATION_ID``, so a
Claimmark library is recognised before anything is written to it (libraries
made before the id existed get it at their first writable open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from . import m0001_initial, m0002_versions, m0003_annotators, m0004_interchange, m0005_research, m0006_sync
from .m0001_initial import BUILTIN_CLAIM_TYPES

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = [
    m0001_initial.apply,
    m0002_versions.apply,
    m0003_annotators.apply,
    m0004_interchange.apply,
    m0005_research.apply,
    m0006_sync.apply,
]
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x436C6D6B  # "Clmk" in the file's header (bytes 68-71)

__all__ = ["APPLICATION_ID", "BUILTIN_CLAIM_TYPES", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema up to version target, each migration in its own transaction; set the application id.

    The version is read again inside each transaction, so two processes opening
    an old library at once apply each migration exactly once.

    Raises:
        RuntimeError: the file was written by a newer Claimmark.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise RuntimeError(f"library schema version {version} is newer than this Claimmark supports")
            if version < target:
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if version + 1 >= target:
            return
