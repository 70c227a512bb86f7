"""The library's schema, as numbered migrations applied in order (PRAGMA user_version).

Each migration is a module ``mNNNN_name.py`` with an ``apply(conn)`` that runs
inside the transaction ``migrate`` opens; a library at version N has had
migrations 1..N applied. A migration, once released, never changes: a new
schema change is a new module appended to ``MIGRATIONS``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from . import m0001_initial, m0002_versions, m0003_annotators, m0005_research
from .m0001_initial import BUILTIN_CLAIM_TYPES

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = [
    m0001_initial.apply,
    m0002_versions.apply,
    m0003_annotators.apply,
    m0005_research.apply,
]
SCHEMA_VERSION = len(MIGRATIONS)

__all__ = ["BUILTIN_CLAIM_TYPES", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, each migration in its own transaction.

    Raises:
        RuntimeError: the file was written by a newer Claimmark.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise RuntimeError(f"library schema version {version} is newer than this Claimmark supports")
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
