"""Top matches of a full-text query, ranked by bm25 within bounds of work (connection level, no Library).

FTS5 computes bm25 for every match before it can return the best, after one
pass over every match of each phrase for its rarity (IDF): for ``the``
(72,000 of 100,000 claims) that is 220-1,100 ms on this project's machine,
against under 1 ms for the same MATCH with a LIMIT. So the ranking is
bounded by work, never by the clock, in three steps:

- up to ``window`` matches: all ranked by bm25 (``RANKED``);
- more: bm25 over the newest ``window`` matches only (highest row ids: the
  claims made last), found by one descending walk of the index (``WINDOWED``);
- ``common`` matches or more: the words are too common for bm25 to tell the
  matches apart (their IDF is near zero), and its rarity pass alone costs
  6-12 ms: the newest matches come first (``NEWEST``).

The total is counted apart (``count``). Results depend only on the library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

WINDOW = 1_000  # matches ranked at most, newest first
COMMON = 10_000  # from this many matches on, newest first without bm25
RANKED, WINDOWED, NEWEST = "ranked", "windowed", "newest"


def ranked(
    conn: sqlite3.Connection,
    table: str,
    match: str,
    columns: str,
    limit: int,
    offset: int = 0,
    extra: str = "",
    params: Sequence[Any] = (),
    window: int = WINDOW,
    join: str = "",
    common: int = COMMON,
) -> tuple[list[tuple[Any, ...]], str]:
    """Return (rows of ``SELECT rowid, {columns}`` for the best matches, how they were ordered).

    ``extra`` is more of the WHERE clause (``AND ...``, with ``params``), applied after the index,
    on the rows of ``{table} {join}``: write ``({table}.rowid + 0)`` for a row id test, so SQLite does
    not hand it to FTS5 row by row.
    """
    window = max(window, offset + limit)
    source = f"{table} {join} WHERE {table} MATCH ?"
    newest = f"SELECT {table}.rowid, {columns} FROM {source} {extra} ORDER BY {table}.rowid DESC LIMIT ? OFFSET ?"
    edge = _nth_newest(conn, source, table, extra, [match, *params], window)
    if edge is None or not _older(conn, source, table, extra, [match, *params], edge):
        floor, how = 0, RANKED
    elif common > window and _nth_newest(conn, source, table, extra, [match, *params], common) is not None:
        return conn.execute(newest, [match, *params, limit, offset]).fetchall(), NEWEST
    else:
        floor, how = edge, WINDOWED
    rows = conn.execute(
        f"SELECT {table}.rowid, {columns} FROM {source} AND {table}.rowid >= ? {extra}"
        f" ORDER BY {table}.rank LIMIT ? OFFSET ?",
        [match, floor, *params, limit, offset],
    ).fetchall()
    return rows, how


def count(
    conn: sqlite3.Connection, table: str, match: str, extra: str = "", params: Sequence[Any] = (), join: str = ""
) -> int:
    """Return how many rows match (every one, not only the ranked window)."""
    sql = f"SELECT count(*) FROM {table} {join} WHERE {table} MATCH ? {extra}"
    return int(conn.execute(sql, [match, *params]).fetchone()[0])


def _nth_newest(conn: sqlite3.Connection, source: str, table: str, extra: str, params: list[Any], n: int) -> int | None:
    """The row id of the n-th newest match, or None when fewer match."""
    sql = f"SELECT {table}.rowid FROM {source} {extra} ORDER BY {table}.rowid DESC LIMIT 1 OFFSET ?"
    row = conn.execute(sql, [*params, n - 1]).fetchone()
    return None if row is None else int(row[0])


def _older(conn: sqlite3.Connection, source: str, table: str, extra: str, params: list[Any], edge: int) -> bool:
    """Whether a match older than the window's edge exists (else the window holds every match)."""
    sql = f"SELECT 1 FROM {source} AND {table}.rowid < ? {extra} LIMIT 1"
    return conn.execute(sql, [params[0], edge, *params[1:]]).fetchone() is not None
