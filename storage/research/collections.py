"""Collections: named groups of documents (a course, a project), nested as a tree (course > week).

A document can be in any number of collections. Every function that writes is
one user action and one committed transaction, and returns what the window's
undo command needs: ``delete`` returns the removed subtree and its members
(``restore`` puts them back with the same ids), ``remove_documents`` the
memberships it removed (``add_documents(..., added=...)`` restores them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..clock import now
from ..errors import InvalidAnnotation, NotFound
from ..library import Library

MAX_NAME = 200
PATH_SEPARATOR = "/"
_COLUMNS = "id, name, parent_id, position, created"
# Each collection with its depth and path, parents before children, siblings by position then name.
_TREE = f"""
WITH RECURSIVE tree(id, depth, path, sort) AS (
    SELECT id, 0, name, printf('%08d', position) || name FROM collections WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, tree.depth + 1, tree.path || '{PATH_SEPARATOR}' || c.name,
           tree.sort || char(31) || printf('%08d', c.position) || c.name
    FROM collections c JOIN tree ON c.parent_id = tree.id
)
SELECT c.id, c.name, c.parent_id, c.position, c.created, tree.depth, tree.path,
       (SELECT count(*) FROM collection_documents m WHERE m.collection_id = c.id)
FROM tree JOIN collections c ON c.id = tree.id ORDER BY tree.sort COLLATE NOCASE
"""
Places = dict[int, tuple[int | None, int]]  # collection id -> (parent id, position among its siblings)
_SUBTREE = """
WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT c.id FROM collections c JOIN sub ON c.parent_id = sub.id)
"""


@dataclass(frozen=True)
class Collection:
    """One collection as the library panel shows it (``documents``: its own members, not its children's)."""

    id: int
    name: str
    parent_id: int | None
    position: int
    created: str
    depth: int = 0  # 0 for a top-level collection
    path: str = ""  # names from the top, joined by "/": "Course 1/Week 2"
    documents: int = 0


@dataclass(frozen=True)
class CollectionNode:
    """A collection with the collections under it: one node of the tree."""

    collection: Collection
    children: list[CollectionNode] = field(default_factory=list)


@dataclass(frozen=True)
class RemovedCollections:
    """What ``delete`` removed: the collections (parents first) and their memberships, for undo."""

    collections: list[Collection]
    memberships: list[tuple[int, int, str]]  # (collection id, document id, added)


def collections(library: Library) -> list[Collection]:
    """Return every collection in tree order (parents before their children), with depth, path and size."""
    return [Collection(*row) for row in library.conn.execute(_TREE)]


def tree(library: Library) -> list[CollectionNode]:
    """Return the top-level collections, each with its children (recursively), as the tree shows them."""
    nodes: dict[int, CollectionNode] = {}
    roots: list[CollectionNode] = []
    for collection in collections(library):
        node = nodes[collection.id] = CollectionNode(collection)
        parent = nodes.get(collection.parent_id) if collection.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def collection(library: Library, collection_id: int) -> Collection:
    """Return one collection. Raises NotFound."""
    found = next((c for c in collections(library) if c.id == collection_id), None)
    if found is None:
        raise NotFound(f"no collection {collection_id}")
    return found


def find(library: Library, reference: str | int) -> Collection:
    """Resolve a user's reference to a collection: its id, its path ("Course 1/Week 2"), or a unique name.

    Raises:
        NotFound: nothing matches, or the name is used by several collections.
    """
    text = str(reference).strip()
    if text.isdigit():
        return collection(library, int(text))
    every = collections(library)
    needle = text.casefold()
    for by_path in (True, False):
        matches = [c for c in every if (c.path if by_path else c.name).casefold() == needle]
        if len(matches) == 1:
            return matches[0]
        if matches:
            paths = ", ".join(repr(c.path) for c in matches)
            raise NotFound(f"{text!r} names {len(matches)} collections ({paths}); use the path or the id")
    raise NotFound(f"no collection {text!r}")


def create(library: Library, name: str, parent: int | None = None) -> Collection:
    """Add a collection (under parent, if given), shown after its siblings.

    Raises:
        InvalidAnnotation: the name is empty, too long or taken by a sibling.
        NotFound: no parent collection with that id.
    """
    name = _checked_name(name)
    if parent is not None:
        collection(library, parent)
    with library.transaction() as conn:
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM collections WHERE parent_id IS ?", [parent]
        ).fetchone()[0]
        cursor = _insert(conn, name, parent, position, now())
    assert cursor.lastrowid is not None
    return collection(library, cursor.lastrowid)


def rename(library: Library, collection_id: int, name: str) -> Collection:
    """Give a collection a new name; return it as it was before (undo: rename back to its name).

    Raises:
        NotFound, InvalidAnnotation: no such collection; the name is empty, too long or taken by a sibling.
    """
    before = collection(library, collection_id)
    name = _checked_name(name)
    with library.transaction() as conn:
        _write(conn, "UPDATE collections SET name = ? WHERE id = ?", [name, collection_id], name)
    return before


def move(
    library: Library, collection_id: int, parent: int | None, before: int | None = None
) -> tuple[Collection, Places]:
    """Put a collection (with its subtree) under parent (None: top level), last or just before the sibling before.

    Returns the collection as it was and the places (parent, position) of every collection the move changed,
    as they were: ``restore_places`` of those undoes it.

    Raises:
        NotFound, InvalidAnnotation: no such collection, parent or sibling; the parent is inside the
            collection itself, the sibling is not under parent, or a collection there has the same name.
    """
    moved = collection(library, collection_id)
    if parent is not None and parent in _subtree_ids(library.conn, collection_id):
        raise InvalidAnnotation(f"cannot put collection {moved.name!r} inside itself")
    if parent is not None:
        collection(library, parent)
    if before is not None and (before == collection_id or collection(library, before).parent_id != parent):
        raise InvalidAnnotation(f"collection {before} is not beside where {moved.name!r} goes")
    siblings = [c for c in collections(library) if c.parent_id == parent and c.id != collection_id]  # shown order
    if before is None:  # last: the others keep their places
        ordered, start = [moved], 1 + max((c.position for c in siblings), default=0)
    else:  # the siblings numbered afresh, with it in its place
        at = next(n for n, c in enumerate(siblings) if c.id == before)
        ordered, start = [*siblings[:at], moved, *siblings[at:]], 1
    changed = {c.id: (c.parent_id, c.position) for c in ordered}
    with library.transaction() as conn:
        for offset, sibling in enumerate(ordered):
            _write(conn, "UPDATE collections SET parent_id = ?, position = ? WHERE id = ?",
                   [parent, start + offset, sibling.id], sibling.name)  # fmt: skip
    return moved, changed


def restore_places(library: Library, places: Places) -> None:
    """Put collections back at these places (id -> (parent id, position)), in one transaction (a move's undo)."""
    names = {c.id: c.name for c in collections(library)}
    with library.transaction() as conn:
        for collection_id, (parent, position) in places.items():
            _write(conn, "UPDATE collections SET parent_id = ?, position = ? WHERE id = ?",
                   [parent, position, collection_id], names.get(collection_id, ""))  # fmt: skip


def delete(library: Library, collection_id: int) -> RemovedCollections:
    """Delete a collection and the collections under it (never their documents); return what was removed.

    Raises:
        NotFound: no such collection.
    """
    collection(library, collection_id)
    ids = set(_subtree_ids(library.conn, collection_id))
    removed = [c for c in collections(library) if c.id in ids]
    conn = library.conn
    memberships = conn.execute(
        f"{_SUBTREE} SELECT collection_id, document_id, added FROM collection_documents"
        " WHERE collection_id IN (SELECT id FROM sub) ORDER BY collection_id, document_id",
        [collection_id],
    ).fetchall()
    with library.transaction() as conn:
        conn.execute("DELETE FROM collections WHERE id = ?", [collection_id])
    return RemovedCollections(removed, [tuple(row) for row in memberships])


def restore(library: Library, removed: RemovedCollections) -> None:
    """Put deleted collections and their memberships back, with their ids (undo of delete)."""
    with library.transaction() as conn:
        for c in removed.collections:
            conn.execute(
                f"INSERT INTO collections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [c.id, c.name, c.parent_id, c.position, c.created],
            )
        conn.executemany(
            "INSERT OR IGNORE INTO collection_documents (collection_id, document_id, added)"
            " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [(c, d, added, d) for c, d, added in removed.memberships],
        )


def add_documents(
    library: Library, collection_id: int, document_ids: Iterable[int], added: dict[int, str] | None = None
) -> list[int]:
    """Put documents into a collection; return the ids that were not in it yet (undo: remove those).

    ``added`` gives a document's original time of adding (undo of a removal).

    Raises:
        NotFound: no such collection or document.
    """
    collection(library, collection_id)
    ids = list(dict.fromkeys(document_ids))
    for document_id in ids:
        library.document_summary(document_id)
    stamp = now()
    with library.transaction() as conn:
        new = [d for d in ids if not _is_member(conn, collection_id, d)]
        conn.executemany(
            "INSERT INTO collection_documents (collection_id, document_id, added) VALUES (?, ?, ?)",
            [(collection_id, d, (added or {}).get(d, stamp)) for d in new],
        )
    return new


def remove_documents(library: Library, collection_id: int, document_ids: Iterable[int]) -> dict[int, str]:
    """Take documents out of a collection (the documents stay in the library).

    Returns:
        document id -> when it had been added, for each document that was in the collection
        (undo: ``add_documents(library, collection_id, removed, added=removed)``).
    """
    collection(library, collection_id)
    ids = list(dict.fromkeys(document_ids))
    with library.transaction() as conn:
        removed = dict(conn.execute(
            "SELECT document_id, added FROM collection_documents WHERE collection_id = ?"
            " AND document_id IN (SELECT value FROM json_each(?))", [collection_id, _json(ids)],
        ).fetchall())  # fmt: skip
        conn.executemany(
            "DELETE FROM collection_documents WHERE collection_id = ? AND document_id = ?",
            [(collection_id, d) for d in removed],
        )
    return removed


def document_ids(library: Library, collection_id: int, *, nested: bool = True) -> list[int]:
    """Return the ids of a collection's documents (with nested, also those of the collections under it).

    In the library's order (newest import first). Raises NotFound.
    """
    collection(library, collection_id)
    inside = "SELECT id FROM sub" if nested else "SELECT ?"
    rows = library.conn.execute(
        f"{_SUBTREE} SELECT d.id FROM documents d WHERE d.id IN (SELECT document_id FROM collection_documents"
        f" WHERE collection_id IN ({inside})) ORDER BY d.imported DESC, d.id DESC",
        [collection_id] * (1 if nested else 2),
    )
    return [row[0] for row in rows]


def collections_of(library: Library, document_id: int) -> list[Collection]:
    """Return the collections a document is in (directly), in tree order."""
    member = {row[0] for row in library.conn.execute(
        "SELECT collection_id FROM collection_documents WHERE document_id = ?", [document_id]
    )}  # fmt: skip
    return [c for c in collections(library) if c.id in member]


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidAnnotation("a collection needs a name")
    if len(name) > MAX_NAME:
        raise InvalidAnnotation(f"a collection name has at most {MAX_NAME} characters")
    if PATH_SEPARATOR in name:
        raise InvalidAnnotation(f"a collection name cannot contain {PATH_SEPARATOR!r} (it separates nested ones)")
    return name


def _insert(conn: sqlite3.Connection, name: str, parent: int | None, position: int, created: str) -> sqlite3.Cursor:
    try:
        return conn.execute(
            "INSERT INTO collections (name, parent_id, position, created) VALUES (?, ?, ?, ?)",
            [name, parent, position, created],
        )
    except sqlite3.IntegrityError:
        raise InvalidAnnotation(f"a collection named {name!r} is there already") from None


def _write(conn: sqlite3.Connection, sql: str, params: list[object], name: str) -> None:
    try:
        conn.execute(sql, params)
    except sqlite3.IntegrityError:
        raise InvalidAnnotation(f"a collection named {name!r} is there already") from None


def _subtree_ids(conn: sqlite3.Connection, collection_id: int) -> list[int]:
    return [row[0] for row in conn.execute(f"{_SUBTREE} SELECT id FROM sub", [collection_id])]


def _is_member(conn: sqlite3.Connection, collection_id: int, document_id: int) -> bool:
    sql = "SELECT 1 FROM collection_documents WHERE collection_id = ? AND document_id = ?"
    return conn.execute(sql, [collection_id, document_id]).fetchone() is not None


def _json(values: list[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"
