"""Resolving a conflict so that it can be undone: what the resolution replaced is kept, and put back by unresolve.

``resolve_conflict`` writes the resolution in one library transaction and
returns a ``Resolution``: the conflict as resolved and the state before it
(the claim, the document field, or the document's text with every claim's
placement, and the change-log entries). Keeping my text of a document
re-anchors all its claims: that work is done before the transaction (it may
take seconds on a book, so the window runs it on its job runner, and it can
be cancelled). ``unresolve`` puts the conflict back open and the previous
state back, in one transaction; its change-log entries too, unless a sync
has acknowledged something of it meanwhile (then the undo is an ordinary
change, sent by the next sync).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

from documents import Block, Document

from .. import annotation_rows
from ..anchoring.reanchor import AnchorResult, reanchor
from ..anchoring.versions import write_new_version
from ..clock import now
from ..errors import LibraryError, NotFound
from ..library import Library
from ..progress import Cancel, Progress
from ..records import Annotation
from .conflicts import KEEP, Conflict, conflict
from .records import annotation_of

LogRow = tuple[int, str | None, str | None]  # dirty, push_id, sent
LogKey = tuple[str, str]  # entity, key


@dataclass(frozen=True)
class TextBefore:
    """A document's text before my text was kept: its row, and where each of its claims was."""

    row: dict[str, Any]  # the documents row (text, blocks, sha256, version, ...)
    placements: list[Annotation]
    version: int  # the version number that the resolution archived


@dataclass(frozen=True)
class Resolution:
    """A resolved conflict and what it replaced, enough for unresolve to put everything back."""

    conflict: Conflict  # as resolved
    keep: str
    annotation: Annotation | None = None  # the claim before (None: it was not in the library)
    value: Any = None  # a document field's value before
    text: TextBefore | None = None  # the document's text before, when my text was kept
    log: dict[LogKey, LogRow | None] = field(default_factory=dict)  # change-log entries before
    bases: dict[LogKey, int | None] = field(default_factory=dict)  # server versions they were based on

    @property
    def reanchors(self) -> bool:
        """Whether doing or undoing it re-anchors a whole document's claims (long on a book)."""
        return reanchors(self.conflict, self.keep)


def reanchors(found: Conflict, keep: str) -> bool:
    """Whether resolving found keeping keep replaces a document's text (re-anchoring all its claims)."""
    return keep == "mine" and found.entity == "document" and found.field == "sha256"


def resolve_conflict(
    library: Library, conflict_id: int, keep: str, progress: Progress | None = None, cancel: Cancel | None = None
) -> Resolution:
    """Close a conflict keeping mine (a local change again, sent by the next sync) or theirs, in one transaction.

    Raises:
        NotFound: no such conflict, it is resolved already, or my text of the document is gone.
        ValueError: keep is neither "mine" nor "theirs".
        ReanchorCancelled: cancel() returned True while my text's claims were re-anchored; nothing was written.
    """
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {KEEP}")
    found = _open(library, conflict_id)
    prepared = _prepare_text(library, found, progress, cancel) if reanchors(found, keep) else None
    with library.transaction() as conn:
        found = _open(library, conflict_id)  # (read again inside the transaction)
        resolution = _before(library, conn, found, keep)
        if keep == "mine":
            _keep_mine(library, conn, found, prepared)
        conn.execute("UPDATE sync_conflicts SET resolved = ?, resolution = ? WHERE id = ?", [now(), keep, found.id])
    return replace(resolution, conflict=conflict(library, conflict_id))


def resolve(library: Library, conflict_id: int, keep: str) -> Conflict:
    """Close a conflict keeping mine (made a local change again, sent by the next sync) or theirs (as it is).

    Raises:
        NotFound: no such conflict, or it is resolved already.
        ValueError: keep is neither "mine" nor "theirs".
    """
    return resolve_conflict(library, conflict_id, keep).conflict


def unresolve(library: Library, resolution: Resolution) -> Conflict:
    """Open the conflict again and put back what resolving it replaced, in one transaction; return the conflict.

    Raises:
        NotFound: the conflict is gone, or open already.
    """
    found = resolution.conflict
    with library.transaction() as conn:
        if not conflict(library, found.id).resolved:
            raise NotFound(f"conflict {found.id} is open already")
        if resolution.keep == "mine":
            _put_back(library, conn, resolution)
        _restore_log(conn, resolution)
        conn.execute("UPDATE sync_conflicts SET resolved = '', resolution = '' WHERE id = ?", [found.id])
    return conflict(library, found.id)


def _open(library: Library, conflict_id: int) -> Conflict:
    found = conflict(library, conflict_id)
    if found.resolved:
        raise NotFound(f"conflict {conflict_id} was resolved already ({found.resolution})")
    return found


# -- what was there before -------------------------------------------------------------------
def _before(library: Library, conn: sqlite3.Connection, found: Conflict, keep: str) -> Resolution:
    keys: list[LogKey] = [(found.entity, found.key)]
    annotation, value, text = None, None, None
    if found.entity == "annotation":
        exists = conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", [found.key]).fetchone() is not None
        annotation = library.annotation(found.key) if exists else None
    elif reanchors(found, keep):
        text = _text_before(conn, library, int(found.key))
        keys += [("annotation", a.uuid) for a in text.placements]
    elif keep == "mine":
        value = conn.execute(f"SELECT {_column(found.field)} FROM documents WHERE id = ?", [int(found.key)]).fetchone()
        value = None if value is None else value[0]
    log = {key: _log_row(conn, key) for key in keys}
    bases = {key: _base_version(conn, key) for key in keys}
    return Resolution(found, keep, annotation, value, text, log, bases)


def _text_before(conn: sqlite3.Connection, library: Library, document_id: int) -> TextBefore:
    cursor = conn.execute("SELECT * FROM documents WHERE id = ?", [document_id])
    values = cursor.fetchone()
    if values is None:
        raise NotFound(f"no document {document_id}")
    row = dict(zip([column[0] for column in cursor.description], values, strict=True))
    return TextBefore(row, library.annotations(document_id), int(row["version"]))


def _column(name: str) -> str:
    allowed = {"title", "author", "published", "url", "format", "language", "notes"}
    if name not in allowed:
        raise NotFound(f"documents have no field {name!r} to resolve")
    return name


def _log_row(conn: sqlite3.Connection, key: LogKey) -> LogRow | None:
    row = conn.execute("SELECT dirty, push_id, sent FROM sync_changes WHERE entity = ? AND key = ?", key).fetchone()
    return None if row is None else (int(row[0]), row[1], row[2])


def _base_version(conn: sqlite3.Connection, key: LogKey) -> int | None:
    entity, name = key
    if entity == "annotation":
        row = conn.execute("SELECT version FROM sync_annotations WHERE uuid = ?", [name]).fetchone()
    else:
        row = conn.execute("SELECT version FROM sync_documents WHERE document_id = ?", [int(name)]).fetchone()
    return None if row is None else int(row[0])


# -- keeping mine ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _PreparedText:
    """My text of a document and where its claims go on it, worked out before the transaction."""

    sha256: str  # the document's text it was worked out from
    document: Document
    seen: set[str]
    results: list[AnchorResult]


def _prepare_text(library: Library, found: Conflict, progress: Progress | None, cancel: Cancel | None) -> _PreparedText:
    document_id = int(found.key)
    row = library.conn.execute(
        "SELECT blocks FROM document_versions WHERE document_id = ? AND sha256 = ? ORDER BY version DESC LIMIT 1",
        [document_id, found.mine],
    ).fetchone()
    if row is None:
        raise NotFound(f"your text of document {document_id} is no longer in this library")
    stored = library.document(document_id)
    blocks = [Block.from_dict(b) for b in json.loads(row[0])]
    mine = Document(replace(stored.metadata, source=""), blocks)
    annotations = library.annotations(document_id)
    results = reanchor(annotations, stored.text, mine.text, progress=progress, cancel=cancel)
    return _PreparedText(stored.sha256, mine, {a.uuid for a in annotations}, results)


def _keep_mine(library: Library, conn: sqlite3.Connection, found: Conflict, text: _PreparedText | None) -> None:
    """Make my side the library's again, inside the caller's transaction."""
    if found.entity == "document":
        if text is not None:
            stored = library.document(int(found.key))
            if stored.sha256 != text.sha256:
                raise LibraryError(f"document {stored.id} changed while your text was being re-anchored; try again")
            write_new_version(conn, library, stored, text.document, text.seen, text.results)
        else:
            value = json.dumps(found.mine) if found.field == "notes" else found.mine
            conn.execute(f"UPDATE documents SET {_column(found.field)} = ? WHERE id = ?", [value, int(found.key)])
        return
    exists = conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", [found.key]).fetchone() is not None
    if found.field == "deleted" and found.mine:
        if exists:
            library.delete_annotation(found.key)
    elif not exists:
        library.restore_annotation(annotation_of(found.record, _local_document(conn, found.record["document"])))
    elif found.field != "deleted":
        library.update_annotation(found.key, **{found.field: found.mine})


def _local_document(conn: sqlite3.Connection, uid: str) -> int:
    row = conn.execute("SELECT document_id FROM sync_documents WHERE uid = ?", [uid]).fetchone()
    if row is None:
        raise NotFound(f"the claim's document {uid} is not in this library")
    return int(row[0])


# -- putting back ----------------------------------------------------------------------------
def _put_back(library: Library, conn: sqlite3.Connection, resolution: Resolution) -> None:
    found = resolution.conflict
    if found.entity == "annotation":
        exists = conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", [found.key]).fetchone() is not None
        if resolution.annotation is None:
            if exists:
                library.delete_annotation(found.key)
        elif exists:
            library.replace_annotation(resolution.annotation)
        else:
            library.restore_annotation(resolution.annotation)
    elif resolution.text is not None:
        _put_text_back(library, conn, int(found.key), resolution.text)
    else:
        document_id = int(found.key)
        conn.execute(f"UPDATE documents SET {_column(found.field)} = ? WHERE id = ?", [resolution.value, document_id])


def _put_text_back(library: Library, conn: sqlite3.Connection, document_id: int, before: TextBefore) -> None:
    """The document's text, version and every claim's placement as they were (claims added since re-anchored)."""
    current = library.document(document_id)
    known = {a.uuid for a in before.placements}
    late = [a for a in library.annotations(document_id) if a.uuid not in known]
    columns = [name for name in before.row if name != "id"]
    conn.execute(
        f"UPDATE documents SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
        [*(before.row[name] for name in columns), document_id],
    )
    conn.execute("DELETE FROM document_versions WHERE document_id = ? AND version = ?", [document_id, before.version])
    annotation_rows.place(conn, before.placements)
    if late:
        annotation_rows.place(conn, reanchor(late, current.text, str(before.row["text"])))
    library.forget_text(document_id)


def _restore_log(conn: sqlite3.Connection, resolution: Resolution) -> None:
    """Give each row its change-log entry from before, unless a sync acknowledged or sent it meanwhile."""
    for key, before in resolution.log.items():
        if _base_version(conn, key) != resolution.bases.get(key):
            continue  # synced since: the server has my side, and the undo is a change to send
        current = _log_row(conn, key)
        if current is not None and current[1] is not None and (before is None or before[1] != current[1]):
            continue  # in a push whose answer never came: the next sync's recovery settles it
        conn.execute("DELETE FROM sync_changes WHERE entity = ? AND key = ?", key)
        if before is not None:
            conn.execute(
                "INSERT INTO sync_changes (entity, key, dirty, push_id, sent) VALUES (?, ?, ?, ?, ?)", [*key, *before]
            )
