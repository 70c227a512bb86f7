"""The one place that knows how an Annotation maps onto the ``annotations`` and tag tables.

Every module that reads or writes annotation rows goes through here: the
column list is derived once from the :class:`Annotation` dataclass, rows are
built positionally (keyword construction costs a third of the budget for
listing 10,000), and tags are read and written in bulk.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from .records import Annotation

FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Annotation))
STORED: tuple[str, ...] = tuple(name for name in FIELDS if name != "tags")  # columns of the annotations table
SELECT_COLUMNS = ", ".join(["a.id"] + [f"a.{name}" for name in STORED])  # row id first, then STORED
_TAGS_AT = FIELDS.index("tags")
_BEFORE_TAGS, _AFTER_TAGS = slice(1, _TAGS_AT + 1), slice(_TAGS_AT + 1, len(FIELDS))
# tag_text is written with the row (the tags joined), so the full-text index takes a new claim's tags at once;
# the triggers on annotation_tags change it only when the tags do.
_INSERT = f"INSERT INTO annotations ({', '.join(STORED)}, tag_text) VALUES ({', '.join('?' * (len(STORED) + 1))})"
_OVERWRITTEN = tuple(name for name in STORED if name not in ("uuid", "document_id", "created"))
_OVERWRITE = f"UPDATE annotations SET {', '.join(f'{name} = ?' for name in _OVERWRITTEN)} WHERE id = ?"
_stored = attrgetter(*STORED)


def _values(annotation: Annotation) -> tuple[Any, ...]:
    return (*_stored(annotation), tag_text(annotation.tags))


def tag_text(tags: Iterable[str]) -> str:
    """Return tags as annotations.tag_text holds them: joined by "; ", in case-insensitive order."""
    return "; ".join(sorted(tags, key=str.casefold))


BULK_INDEXING = 2_000  # from this many rows on, the full-text index is filled in one statement
# The triggers that index each new row and its tags, and log it for syncing (migration 6); the bulk path does
# their work in one statement each. A trigger run per row costs more than the row's own insert: the sync
# log's alone took 1.9 of the 2.9 s of storing 98,000 imported annotations.
_BULK_TRIGGERS = ("annotations_ai", "annotations_au", "annotation_tags_ai")
_SYNC_TRIGGERS = ("sync_log_annotation_insert", "sync_log_tag_insert")
# What those two sync triggers log for the new rows (their WHEN and upsert as migration 6 writes them): a new
# row's tags name the same annotation, so one row per new annotation.
_SYNC_LOG = (
    "INSERT INTO sync_changes (entity, key) SELECT 'annotation', uuid FROM annotations WHERE id >= ?"
    " AND EXISTS (SELECT 1 FROM sync_link) AND NOT EXISTS (SELECT 1 FROM sync_applying)"
    " ON CONFLICT (entity, key) DO UPDATE SET dirty = 1"
)
# annotations.tag_text (the annotation's tag names joined by "; ", for the full-text index) is written with a
# new row and then kept by triggers on annotation_tags and tags (migration 5).
_INDEXED = "exact, note, speaker, tag_text, facets"  # annotations_fts, filled from the annotations_indexed view

# What re-anchoring changes of an annotation (an AnchorResult's fields, by the same names).
PLACEMENT = ("start", "end", "exact", "prefix", "suffix", "status", "score", "old_exact")
_PLACE = f"UPDATE annotations SET {', '.join(f'{name} = ?' for name in PLACEMENT)} WHERE uuid = ?"


def build(row: Sequence[Any], tags: tuple[str, ...]) -> Annotation:
    """Return the Annotation of a row selected with SELECT_COLUMNS."""
    return Annotation(*row[_BEFORE_TAGS], tags, *row[_AFTER_TAGS])  # type: ignore[call-arg]


def select(
    conn: sqlite3.Connection, tail: str = "", params: Sequence[Any] = (), document_id: int | None = None
) -> list[Annotation]:
    """Return the annotations of ``SELECT ... FROM annotations a {tail}``, with their tags.

    document_id: the one document tail keeps to, if it does (its tags are then read by document, in half the
    time of looking 10,000 row ids up).
    """
    rows = conn.execute(f"SELECT {SELECT_COLUMNS} FROM annotations a {tail}", params).fetchall()
    tags = tags_of(conn, [row[0] for row in rows]) if document_id is None else _tags_of_document(conn, document_id)
    # Inlined rather than a call of build() per row: a tenth of the listing budget.
    return [Annotation(*row[_BEFORE_TAGS], tags.get(row[0], ()), *row[_AFTER_TAGS]) for row in rows]  # type: ignore[call-arg]


def select_by_ids(conn: sqlite3.Connection, annotation_ids: list[int]) -> dict[int, Annotation]:
    """Return the annotations with these row ids (those that exist), by row id, with their tags."""
    rows = conn.execute(
        f"SELECT {SELECT_COLUMNS} FROM annotations a WHERE a.id IN (SELECT value FROM json_each(?))",
        [json.dumps(annotation_ids)],
    ).fetchall()
    tags = tags_of(conn, [row[0] for row in rows])
    return {row[0]: build(row, tags.get(row[0], ())) for row in rows}


def tags_of(conn: sqlite3.Connection, annotation_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Return the sorted tags of each annotation id that has any, in one query."""
    if not annotation_ids or conn.execute("SELECT 1 FROM annotation_tags LIMIT 1").fetchone() is None:
        return {}
    sql = (
        "SELECT x.annotation_id, t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
        " WHERE x.annotation_id IN (SELECT value FROM json_each(?))"
    )
    return _by_annotation(conn.execute(sql, [json.dumps(annotation_ids)]))


def _tags_of_document(conn: sqlite3.Connection, document_id: int) -> dict[int, tuple[str, ...]]:
    """Return the sorted tags of each annotation of one document that has any, in one query."""
    sql = (
        "SELECT x.annotation_id, t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
        " JOIN annotations a ON a.id = x.annotation_id WHERE a.document_id = ?"
    )
    return _by_annotation(conn.execute(sql, [document_id]))


def _by_annotation(pairs: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """Group (annotation id, tag name) pairs into each annotation's tags, in case-insensitive order."""
    found: dict[int, list[str]] = {}
    for annotation_id, name in pairs:
        found.setdefault(annotation_id, []).append(name)
    return {key: tuple(sorted(names, key=str.casefold)) for key, names in found.items()}


def row_id(conn: sqlite3.Connection, uuid: str) -> int | None:
    """Return the row id of annotation uuid, or None."""
    row = conn.execute("SELECT id FROM annotations WHERE uuid = ?", [uuid]).fetchone()
    return None if row is None else int(row[0])


def insert(conn: sqlite3.Connection, annotation: Annotation) -> int:
    """Insert annotation exactly as given (uuid, times, tags) inside the caller's transaction; return its row id."""
    cursor = conn.execute(_INSERT, _values(annotation))
    assert cursor.lastrowid is not None
    write_tags(conn, cursor.lastrowid, annotation.tags)
    return cursor.lastrowid


def insert_many(conn: sqlite3.Connection, annotations: list[Annotation]) -> None:
    """Insert annotations exactly as given, inside the caller's transaction, as fast as SQLite allows."""
    if len(annotations) < BULK_INDEXING:
        conn.executemany(_INSERT, map(_values, annotations))
        _insert_tags(conn, [a for a in annotations if a.tags])
        return
    first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM annotations").fetchone()[0]
    triggers = _drop_triggers(conn, _BULK_TRIGGERS)
    sync_triggers = _drop_triggers(conn, _SYNC_TRIGGERS)
    # Rows at least as many as the table holds (max(id) counts deleted ones too: never an underestimate): the
    # secondary indexes are built again after the rows, one sort each, instead of a random insert per row.
    indexes = _drop_indexes(conn, "annotations") if len(annotations) >= first_id - 1 else []
    conn.executemany(_INSERT, map(_values, annotations))
    for index in indexes:
        conn.execute(index)
    # Row ids follow max(id) one by one in this transaction (INTEGER PRIMARY KEY, written by this connection only).
    if conn.execute("SELECT max(id) FROM annotations").fetchone()[0] == first_id + len(annotations) - 1:
        row_ids = {a.uuid: first_id + n for n, a in enumerate(annotations) if a.tags}
        _insert_tags(conn, [a for a in annotations if a.tags], row_ids)
    else:  # (ids past the largest integer are drawn at random)
        _insert_tags(conn, [a for a in annotations if a.tags])
    conn.execute(
        f"INSERT INTO annotations_fts (rowid, {_INDEXED}) SELECT id, {_INDEXED} FROM annotations_indexed WHERE id >= ?",
        [first_id],
    )
    if sync_triggers:
        conn.execute(_SYNC_LOG, [first_id])
        triggers += sync_triggers
    for trigger in triggers:
        conn.execute(trigger)


def overwrite(conn: sqlite3.Connection, annotation: Annotation) -> bool:
    """Replace every stored field of the annotation with the same uuid (and its tags); False when absent."""
    found = row_id(conn, annotation.uuid)
    if found is None:
        return False
    conn.execute(_OVERWRITE, [*(getattr(annotation, name) for name in _OVERWRITTEN), found])
    conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [found])
    write_tags(conn, found, annotation.tags)
    return True


def place(conn: sqlite3.Connection, placements: Iterable[Any]) -> None:
    """Store where re-anchoring put each annotation (objects with a uuid and the PLACEMENT fields)."""
    fields = attrgetter(*PLACEMENT, "uuid")
    conn.executemany(_PLACE, map(fields, placements))


def set_annotator(conn: sqlite3.Connection, annotator: str, uuids: Iterable[str]) -> None:
    """Record who made each of these annotations (as a server names them), inside the caller's transaction."""
    conn.execute(
        "UPDATE annotations SET annotator = ? WHERE annotator <> ? AND uuid IN (SELECT value FROM json_each(?))",
        [annotator, annotator, json.dumps(list(uuids))],
    )


def write_tags(conn: sqlite3.Connection, annotation_id: int, tags: Iterable[str]) -> None:
    """Attach tags (clean already) to one annotation row, creating the tags that are new."""
    for tag in tags:
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [tag])
        conn.execute(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
            [annotation_id, tag],
        )


def _insert_tags(conn: sqlite3.Connection, tagged: list[Annotation], row_ids: dict[str, int] | None = None) -> None:
    """Attach their tags to annotations just inserted (row_ids: uuid -> row id, looked up when not given)."""
    if not tagged:
        return
    names = {tag for a in tagged for tag in a.tags}
    conn.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(name,) for name in names])
    tag_ids = dict(conn.execute(
        "SELECT name, id FROM tags WHERE name IN (SELECT value FROM json_each(?))", [json.dumps(sorted(names))]
    ).fetchall())  # fmt: skip
    tag_ids = {name: tag_ids.get(name) or _tag_id(conn, name) for name in names}  # NOCASE: "War" finds "war"
    if row_ids is None:
        row_ids = dict(conn.execute(
            "SELECT uuid, id FROM annotations WHERE uuid IN (SELECT value FROM json_each(?))",
            [json.dumps([a.uuid for a in tagged])],
        ).fetchall())  # fmt: skip
    pairs = {(row_ids[a.uuid], tag_ids[tag]) for a in tagged for tag in a.tags}
    conn.executemany("INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)", sorted(pairs))


def _tag_id(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0])


def _drop_indexes(conn: sqlite3.Connection, table: str) -> list[str]:
    """Drop the indexes the schema made for table (inside the caller's transaction); return their SQL.

    Building the annotations table's seven secondary indexes once after 100,000 rows took 0.56 s; keeping
    them row by row, 0.94 s more than the rows alone (0.89 s).
    """
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in found]


def _drop_triggers(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    """Drop the named triggers (inside the caller's transaction); return their SQL, to create them again.

    Indexing 100,000 rows in one statement takes half the time of 100,000 trigger runs.
    """
    found = []
    for name in names:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]).fetchone()
        if row is not None:
            conn.execute(f"DROP TRIGGER {name}")
            found.append(str(row[0]))
    return found
