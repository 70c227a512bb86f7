"""Managing topic tags: list with counts, rename, merge several into one, delete.

Each change is one committed transaction and returns its undo data (the
window's undo command calls ``undo_rename``, ``unmerge`` or ``restore``).
Tags are library-wide names; changing them does not touch the claims'
``updated`` times. The full-text index follows by triggers (migration 5), and
every export reads tags from the library, so both follow at once.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..errors import InvalidAnnotation, NotFound
from ..library import Library
from ..tags import clean_tag


@dataclass(frozen=True)
class TagUse:
    """A tag and how many claims carry it."""

    name: str
    count: int


@dataclass(frozen=True)
class TagRename:
    """A tag's name before and after (undo: rename ``after`` back to ``before``)."""

    before: str
    after: str


@dataclass(frozen=True)
class TagMerge:
    """What a merge did: the tags merged and the claims each was on, and which claims had the target already."""

    into: str
    created: bool  # the target tag did not exist before
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # (tag name, uuids of its claims)
    had_target: tuple[str, ...]


@dataclass(frozen=True)
class TagDeletion:
    """A deleted tag and the claims it was on."""

    name: str
    uuids: tuple[str, ...]


def tags(library: Library) -> list[TagUse]:
    """Return every tag with its number of claims, most used first (then by name)."""
    rows = library.conn.execute(
        "SELECT t.name, count(x.annotation_id) FROM tags t LEFT JOIN annotation_tags x ON x.tag_id = t.id"
        " GROUP BY t.id ORDER BY 2 DESC, t.name COLLATE NOCASE"
    )
    return [TagUse(name, count) for name, count in rows]


def rename(library: Library, name: str, new_name: str) -> TagRename:
    """Rename a tag on every claim (a change of case only is a rename too).

    Raises:
        NotFound: no such tag.
        InvalidAnnotation: the new name is empty, or another tag has it (merge them instead).
    """
    before = _stored(library, name)
    after = clean_tag(new_name)
    if not after:
        raise InvalidAnnotation("a tag needs a name")
    if after.casefold() != before.casefold() and _find(library, after) is not None:
        raise InvalidAnnotation(f"tag {_find(library, after)!r} exists already: merge {before!r} into it instead")
    with library.transaction() as conn:
        conn.execute("UPDATE tags SET name = ? WHERE name = ?", [after, before])
    return TagRename(before, after)


def undo_rename(library: Library, done: TagRename) -> None:
    """Give a renamed tag its name back."""
    rename(library, done.after, done.before)


def merge(library: Library, sources: list[str], into: str) -> TagMerge:
    """Put tag ``into`` (made if needed) on every claim carrying any of sources, and delete the sources.

    Raises:
        NotFound: a source tag does not exist.
        InvalidAnnotation: the target name is empty, or nothing is left to merge.
    """
    target = clean_tag(into)
    if not target:
        raise InvalidAnnotation("merge into which tag? it needs a name")
    names = [n for n in dict.fromkeys(_stored(library, s) for s in sources) if n.casefold() != target.casefold()]
    if not names:
        raise InvalidAnnotation("name at least one tag other than the one merged into")
    existing = _find(library, target)
    recorded = tuple((n, _uuids(library, n)) for n in names)
    had = _uuids(library, existing) if existing else ()
    with library.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [target])
        conn.execute(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id)"
            " SELECT x.annotation_id, (SELECT id FROM tags WHERE name = ?) FROM annotation_tags x"
            " JOIN tags t ON t.id = x.tag_id WHERE t.name IN (SELECT value FROM json_each(?))",
            [target, _json(names)],
        )
        conn.execute("DELETE FROM tags WHERE name IN (SELECT value FROM json_each(?))", [_json(names)])
    return TagMerge(existing or target, existing is None, recorded, had)


def unmerge(library: Library, done: TagMerge) -> None:
    """Undo a merge: the source tags back on their claims, the target off the claims that did not have it."""
    had = set(done.had_target)
    with library.transaction() as conn:
        for name, uuids in done.sources:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
            _attach(conn, name, uuids)
        gained = sorted({u for _, uuids in done.sources for u in uuids} - had)
        conn.execute(
            "DELETE FROM annotation_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)"
            " AND annotation_id IN (SELECT id FROM annotations WHERE uuid IN (SELECT value FROM json_each(?)))",
            [done.into, _json(gained)],
        )
        if done.created:
            conn.execute("DELETE FROM tags WHERE name = ?", [done.into])


def delete(library: Library, name: str) -> TagDeletion:
    """Take a tag off every claim and delete it; return it with its claims (undo: ``restore``). Raises NotFound."""
    stored = _stored(library, name)
    uuids = _uuids(library, stored)
    with library.transaction() as conn:
        conn.execute("DELETE FROM tags WHERE name = ?", [stored])
    return TagDeletion(stored, uuids)


def restore(library: Library, deleted: TagDeletion) -> None:
    """Put a deleted tag back on its claims."""
    with library.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [deleted.name])
        _attach(conn, deleted.name, deleted.uuids)


def _find(library: Library, name: str) -> str | None:
    row = library.conn.execute("SELECT name FROM tags WHERE name = ?", [clean_tag(name)]).fetchone()
    return None if row is None else str(row[0])


def _stored(library: Library, name: str) -> str:
    found = _find(library, name)
    if found is None:
        raise NotFound(f"no tag {clean_tag(name)!r}")
    return found


def _uuids(library: Library, name: str) -> tuple[str, ...]:
    rows = library.conn.execute(
        "SELECT a.uuid FROM annotations a JOIN annotation_tags x ON x.annotation_id = a.id"
        " JOIN tags t ON t.id = x.tag_id WHERE t.name = ? ORDER BY a.id",
        [name],
    )
    return tuple(row[0] for row in rows)


def _attach(conn: sqlite3.Connection, name: str, uuids: tuple[str, ...] | list[str]) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id)"
        " SELECT a.id, (SELECT id FROM tags WHERE name = ?) FROM annotations a"
        " WHERE a.uuid IN (SELECT value FROM json_each(?))",
        [name, _json(list(uuids))],
    )


def _json(values: list[str]) -> str:
    return json.dumps(values)
