"""Applying what a pull brought to the library: claim types, documents (and new texts), annotations.

Rows with no local change are taken as they are; rows changed here too are
merged (storage/sync/merge.py) and their conflicts kept. Annotations placed
on another text of their document than the library's are re-anchored onto
it (storage/anchoring). Everything is written without logging: it came from
the server.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from documents import Block, Document

from .. import annotation_rows
from ..anchoring.reanchor import reanchor
from ..anchoring.versions import write_new_version
from ..clock import now
from ..errors import InvalidAnnotation
from ..library import Library
from ..records import Annotation
from ..selectors import find_occurrence, quote_selector
from ..statuses import AnchorStatus
from .changes import (
    annotation_bases,
    applying,
    document_links,
    drop,
    forget_annotation_bases,
    log_entries,
    set_annotation_bases,
    set_document_base,
)
from .conflicts import record_conflicts
from .errors import SyncError
from .link import SyncLink, record_progress
from .merge import merge_annotation, merge_document
from .outbox import document_row
from .records import Incoming, Row, annotation_of, annotation_row, deleted_row, differs

_DEFAULT_COLOUR = "#7a5cc4"
CHUNK = 1000  # annotations applied per library transaction (each well under 100 ms)


@dataclass
class Applied:
    """What applying a pull changed here."""

    rows: int = 0
    conflicts: int = 0
    reanchored: int = 0
    documents: set[int] = field(default_factory=set)  # local documents added, or whose claims changed
    texts: set[int] = field(default_factory=set)  # local documents whose text was replaced by a new version


def apply_incoming(library: Library, link: SyncLink, incoming: Incoming) -> Applied:
    """Apply a pull: claim types and documents first, then annotations and the new last version."""
    applied = Applied(rows=incoming.count)
    with applying(library) as conn:
        _claim_types(conn, incoming)
        texts_to_change = _documents(library, conn, incoming, applied)
    for document_id, row in texts_to_change:
        _replace_text(library, document_id, row, incoming)
        applied.texts.add(document_id)
    rows = incoming.annotations
    for start in range(0, len(rows), CHUNK):  # short transactions: the window's own writes never wait long
        with applying(library) as conn:
            _annotations(library, conn, rows[start : start + CHUNK], incoming, applied)
    with applying(library) as conn:
        if incoming.full:
            applied.documents.update(_prune(conn, link, {row["uuid"] for row, _ in rows}))
        record_progress(conn, incoming.head, incoming.role)
    return applied


def _claim_types(conn: sqlite3.Connection, incoming: Incoming) -> None:
    known = {row[0] for row in conn.execute("SELECT name FROM claim_types")}
    shortcuts = {row[0] for row in conn.execute("SELECT upper(shortcut) FROM claim_types WHERE shortcut <> ''")}
    wanted = {r["name"]: r for r in incoming.claim_types}
    for row, _ in incoming.annotations:
        name = row["claim_type"]
        default = {"name": name, "label": name.title(), "colour": _DEFAULT_COLOUR, "underline": "dot", "shortcut": ""}
        wanted.setdefault(name, default)
    position = conn.execute("SELECT coalesce(max(position), 0) FROM claim_types").fetchone()[0]
    for name, row in wanted.items():
        if name in known:
            continue
        position += 1
        shortcut = "" if row["shortcut"].upper() in shortcuts else row["shortcut"]
        conn.execute(
            "INSERT INTO claim_types (name, label, colour, underline, shortcut, position) VALUES (?, ?, ?, ?, ?, ?)",
            [name, row["label"], row["colour"], row["underline"], shortcut, position],
        )
        shortcuts.add(shortcut.upper())


def _documents(library: Library, conn: sqlite3.Connection, incoming: Incoming, applied: Applied) -> list[Any]:
    """Link, add or update documents; return (document id, merged row) of those whose text must change."""
    links = document_links(conn)
    by_uid = {uid: document_id for document_id, (uid, _, _) in links.items()}
    pending = {int(e.key) for e in log_entries(conn, "document")}
    texts_to_change = []
    for theirs, version in incoming.documents:
        document_id = by_uid.get(theirs["uid"])
        if document_id is None:
            document_id = _adopt_or_add(conn, theirs, incoming)
            applied.documents.add(document_id)
            drop(conn, "document", [str(document_id)])
            set_document_base(conn, document_id, theirs, version)
            continue
        if version <= links[document_id][1]:
            continue
        merged = theirs
        if document_id in pending:
            mine = document_row(conn, document_id, theirs["uid"])
            assert mine is not None
            result = merge_document(links[document_id][2], mine, theirs)
            merged = result.row
            applied.conflicts += record_conflicts(conn, "document", str(document_id), result.conflicts, mine)
            if merged == theirs:
                drop(conn, "document", [str(document_id)])
        _write_metadata(conn, document_id, merged)
        applied.documents.add(document_id)
        set_document_base(conn, document_id, theirs, version)
        if merged["sha256"] != _sha(conn, document_id):
            texts_to_change.append((document_id, merged))
    return texts_to_change


def _sha(conn: sqlite3.Connection, document_id: int) -> str:
    return str(conn.execute("SELECT sha256 FROM documents WHERE id = ?", [document_id]).fetchone()[0])


def _adopt_or_add(conn: sqlite3.Connection, theirs: Row, incoming: Incoming) -> int:
    """The local document with the same text (not linked yet), or a new one made from the server's."""
    row = conn.execute(
        "SELECT id FROM documents WHERE sha256 = ? AND id NOT IN (SELECT document_id FROM sync_documents)"
        " ORDER BY id LIMIT 1",
        [theirs["sha256"]],
    ).fetchone()
    if row is not None:
        _write_metadata(conn, int(row[0]), theirs)
        return int(row[0])
    text, blocks = incoming.texts[theirs["sha256"]]
    values = {name: theirs[name] for name in ("title", "author", "published", "url", "format", "language")}
    values.update(notes=json.dumps(theirs["notes"]), text=text, sha256=theirs["sha256"], imported=now(), source="",
                  blocks=json.dumps(blocks, ensure_ascii=False))  # fmt: skip
    cursor = conn.execute(
        f"INSERT INTO documents ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", list(values.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _write_metadata(conn: sqlite3.Connection, document_id: int, row: Row) -> None:
    names = ("title", "author", "published", "url", "format", "language")
    conn.execute(
        f"UPDATE documents SET {', '.join(f'{n} = ?' for n in names)}, notes = ? WHERE id = ?",
        [*(row[n] for n in names), json.dumps(row["notes"]), document_id],
    )


def _replace_text(library: Library, document_id: int, row: Row, incoming: Incoming) -> None:
    """Make the server's text the document's current version, re-anchoring every annotation on it."""
    _, blocks = _text(library, row["sha256"], incoming)
    stored = library.document(document_id)
    new = Document(replace(stored.metadata, source=""), [Block.from_dict(b) for b in blocks])
    annotations = library.annotations(document_id)
    results = reanchor(annotations, stored.text, new.text)
    with applying(library) as conn:
        write_new_version(conn, library, stored, new, {a.uuid for a in annotations}, results)


def _text(library: Library, sha: str, incoming: Incoming) -> tuple[str, list[Any]]:
    if sha in incoming.texts:
        return incoming.texts[sha]
    row = library.conn.execute(
        "SELECT text, blocks FROM document_versions WHERE sha256 = ? UNION ALL"
        " SELECT text, blocks FROM documents WHERE sha256 = ? LIMIT 1",
        [sha, sha],
    ).fetchone()
    return str(row[0]), json.loads(row[1])


def local_texts(library: Library) -> set[str]:
    """The sha256 of every text the library holds (current or superseded)."""
    rows = library.conn.execute("SELECT sha256 FROM documents UNION SELECT sha256 FROM document_versions")
    return {row[0] for row in rows}


def _annotations(
    library: Library,
    conn: sqlite3.Connection,
    rows: list[tuple[Row, int]],
    incoming: Incoming,
    applied: Applied,
) -> None:
    by_uid = {uid: document_id for document_id, (uid, _, _) in document_links(conn).items()}
    uuids = [row["uuid"] for row, _ in rows]
    bases = annotation_bases(conn, uuids)
    pending = {e.key for e in log_entries(conn, "annotation")}
    found = annotation_rows.select(conn, "WHERE a.uuid IN (SELECT value FROM json_each(?))", [json.dumps(uuids)])
    local = {a.uuid: a for a in found}
    shas = dict(conn.execute("SELECT id, sha256 FROM documents").fetchall())
    writes: list[tuple[Row, int]] = []
    taken: list[tuple[Row, int]] = []
    for theirs, version in rows:
        base = bases.get(theirs["uuid"])
        if base is not None and version <= base[0]:
            continue
        if theirs["document"] not in by_uid:
            raise SyncError(f"the server sent a claim on a document this library lacks ({theirs['document']})")
        merged = _merged(conn, theirs, base, local.get(theirs["uuid"]), theirs["uuid"] in pending, shas, applied)
        writes.append((merged, by_uid[theirs["document"]]))
        taken.append((theirs, version))
    _write_annotations(library, conn, writes, local, shas, incoming, applied)
    set_annotation_bases(conn, taken)


def _merged(
    conn: sqlite3.Connection,
    theirs: Row,
    base: tuple[int, Row] | None,
    annotation: Annotation | None,
    pending: bool,
    shas: dict[int, str],
    applied: Applied,
) -> Row:
    """The row to store for an incoming annotation: theirs, or theirs merged with a change made here."""
    base_row = None if base is None else base[1]
    if not pending:
        return theirs
    if annotation is not None:
        mine = annotation_row(annotation, theirs["document"], shas[annotation.document_id])
    elif base_row is not None:
        mine = deleted_row(base_row)  # deleted here
    else:
        return theirs  # made and deleted here before it was ever sent: nothing of mine to merge
    result = merge_annotation(base_row, mine, theirs)
    applied.conflicts += record_conflicts(conn, "annotation", theirs["uuid"], result.conflicts, mine)
    if not differs(result.row, theirs):
        drop(conn, "annotation", [theirs["uuid"]])
    return result.row


def _write_annotations(
    library: Library,
    conn: sqlite3.Connection,
    writes: list[tuple[Row, int]],
    local: dict[str, Annotation],
    shas: dict[int, str],
    incoming: Incoming,
    applied: Applied,
) -> None:
    applied.documents.update(document_id for _, document_id in writes)
    deleted = [row["uuid"] for row, _ in writes if row["deleted"] and row["uuid"] in local]
    conn.executemany("DELETE FROM annotations WHERE uuid = ?", [(uuid,) for uuid in deleted])
    kept = [(row, doc) for row, doc in writes if not row["deleted"]]
    placed = _placed(library, kept, shas, incoming, applied)
    new = [a for a in placed if a.uuid not in local]
    annotation_rows.insert_many(conn, new)
    for annotation in placed:
        if annotation.uuid in local:
            annotation_rows.overwrite(conn, annotation)


def _placed(
    library: Library, kept: list[tuple[Row, int]], shas: dict[int, str], incoming: Incoming, applied: Applied
) -> list[Annotation]:
    """The annotations to store, re-anchored where their row refers to another text than the library's."""
    ready, elsewhere = [], defaultdict(list)
    for row, document_id in kept:
        annotation = annotation_of(row, document_id)
        if row["text_sha256"] == shas[document_id]:
            ready.append(annotation)
        else:
            elsewhere[(document_id, row["text_sha256"])].append(annotation)
    for (document_id, sha), group in elsewhere.items():
        new_text = library.document_text(document_id)
        old = incoming.texts[sha][0] if sha in incoming.texts else _known_text(library, sha)
        results = reanchor(group, old, new_text) if old is not None else None
        for n, annotation in enumerate(group):
            ready.append(_place(annotation, results[n] if results else None, new_text))
        applied.reanchored += len(group)
    return ready


def _known_text(library: Library, sha: str) -> str | None:
    row = library.conn.execute("SELECT text FROM document_versions WHERE sha256 = ? LIMIT 1", [sha]).fetchone()
    return None if row is None else str(row[0])


def _place(annotation: Annotation, result: Any, new_text: str) -> Annotation:
    """The annotation placed by a re-anchoring result, or (old text unknown) by its quote alone."""
    if result is not None:
        placement = {name: getattr(result, name) for name in annotation_rows.PLACEMENT}
        return replace(annotation, **placement)
    if new_text[annotation.start : annotation.end] == annotation.exact:
        return annotation
    try:
        start, end = find_occurrence(new_text, annotation.exact)
    except InvalidAnnotation:
        return replace(annotation, start=0, end=0, status=AnchorStatus.ORPHANED.value, score=0.0)
    exact, prefix, suffix = quote_selector(new_text, start, end)
    return replace(annotation, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix,
                   status=AnchorStatus.MOVED.value)  # fmt: skip


def _prune(conn: sqlite3.Connection, link: SyncLink, visible: set[str]) -> set[int]:
    """After a full pull: drop the others' annotations this person may no longer see; return their documents."""
    bases = annotation_bases(conn)
    gone = [uuid for uuid, (_, row) in bases.items() if uuid not in visible and row["annotator"] != link.person]
    sql = "SELECT DISTINCT document_id FROM annotations WHERE uuid IN (SELECT value FROM json_each(?))"
    documents = {row[0] for row in conn.execute(sql, [json.dumps(gone)])}
    conn.executemany("DELETE FROM annotations WHERE uuid = ?", [(uuid,) for uuid in gone])
    forget_annotation_bases(conn, gone)
    return documents
