"""Running a migration's SQL script statement by statement, inside the caller's transaction."""

from __future__ import annotations

import sqlite3


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute every statement of script (executescript would commit the open transaction)."""
    for statement in split_statements(script):
        conn.execute(statement)


def split_statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
