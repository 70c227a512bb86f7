"""What to send: the change log turned into rows, each with the server version it is based on.

Only rows whose state differs from their base are sent; a reader sends
nothing; a change to someone else's claim is kept here (the server would
refuse it), except a new placement from re-anchoring, which their own
library works out for itself.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from dataclasses import dataclass, field

from .. import annotation_rows
from ..library import Library
from .changes import LogEntry, annotation_bases, document_links, drop, log_entries, mark_sent
from .link import SyncLink
from .records import Outgoing, Row, annotation_row, content_differs, deleted_row, differs


@dataclass
class Outbox:
    """The changes of one push, and how many stay here for now."""

    claim_types: list[Outgoing] = field(default_factory=list)
    documents: list[Outgoing] = field(default_factory=list)
    annotations: list[Outgoing] = field(default_factory=list)
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha256 -> (text, blocks as JSON)
    held: int = 0  # changes kept here: someone else's claim, a reader's, or waiting for its document
    push_id: str = field(default_factory=lambda: str(uuid_module.uuid4()))  # the push's idempotency key

    @property
    def empty(self) -> bool:
        """Whether there is nothing to send."""
        return not (self.claim_types or self.documents or self.annotations)

    def everything(self) -> list[Outgoing]:
        """Every outgoing change."""
        return [*self.claim_types, *self.documents, *self.annotations]


def build_outbox(library: Library, link: SyncLink) -> Outbox:
    """Snapshot every logged change and mark it sent under the push's new idempotency key, in one transaction."""
    with library.transaction() as conn:
        entries = log_entries(conn)
        if not link.can_write:
            return Outbox(held=len(entries))
        outbox, dropped = Outbox(), list[tuple[str, str]]()
        _claim_types(conn, entries, outbox, dropped)
        uids = _documents(conn, link, entries, outbox, dropped)
        _annotations(conn, link, entries, uids, outbox, dropped)
        for entity, key in dropped:
            drop(conn, entity, [key])
        mark_sent(conn, outbox.everything())
    return outbox


def _new_id() -> str:
    return str(uuid_module.uuid4())


def _claim_types(
    conn: sqlite3.Connection, entries: list[LogEntry], outbox: Outbox, dropped: list[tuple[str, str]]
) -> None:
    for entry in (e for e in entries if e.entity == "claim_type"):
        row = conn.execute(
            "SELECT name, label, colour, underline, shortcut FROM claim_types WHERE name = ? AND builtin = 0",
            [entry.key],
        ).fetchone()
        if row is None:
            dropped.append((entry.entity, entry.key))
            continue
        values = dict(zip(("name", "label", "colour", "underline", "shortcut"), row, strict=True))
        outbox.claim_types.append(Outgoing("claim_type", entry.key, values, 0, outbox.push_id))


def document_row(conn: sqlite3.Connection, document_id: int, uid: str) -> Row | None:
    """The row of a stored document under its server uid, or None when it is gone."""
    row = conn.execute(
        "SELECT title, author, published, url, format, language, notes, sha256 FROM documents WHERE id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        return None
    title, author, published, url, format_, language, notes, sha256 = row
    return {"uid": uid, "title": title, "author": author, "published": published, "url": url, "format": format_,
            "language": language, "notes": json.loads(notes), "sha256": sha256}  # fmt: skip


def _may_change(link: SyncLink, server: Row) -> bool:
    return link.role == "owner" or server.get("added_by") == link.person


def _documents(
    conn: sqlite3.Connection,
    link: SyncLink,
    entries: list[LogEntry],
    outbox: Outbox,
    dropped: list[tuple[str, str]],
) -> dict[int, str]:
    """Add the changed documents to the outbox; return local id -> server uid for every document known."""
    links = document_links(conn)
    uids = {document_id: uid for document_id, (uid, _, _) in links.items()}
    for entry in (e for e in entries if e.entity == "document"):
        document_id = int(entry.key)
        linked = links.get(document_id)
        uid = linked[0] if linked else str((entry.sent or {}).get("uid") or _new_id())
        row = document_row(conn, document_id, uid)
        if row is None or (linked is not None and row == {name: linked[2].get(name) for name in row}):
            dropped.append((entry.entity, entry.key))
            continue
        if linked is not None and not _may_change(link, linked[2]):
            outbox.held += 1  # only the group's owners and the member who added it may change a document
            continue
        outbox.documents.append(Outgoing("document", entry.key, row, linked[1] if linked else 0, outbox.push_id))
        uids[document_id] = uid
        if linked is None or linked[2]["sha256"] != row["sha256"]:
            text, blocks = conn.execute("SELECT text, blocks FROM documents WHERE id = ?", [document_id]).fetchone()
            outbox.texts[row["sha256"]] = (text, blocks)
    return uids


def _annotations(
    conn: sqlite3.Connection,
    link: SyncLink,
    entries: list[LogEntry],
    uids: dict[int, str],
    outbox: Outbox,
    dropped: list[tuple[str, str]],
) -> None:
    keys = [e.key for e in entries if e.entity == "annotation"]
    if not keys:
        return
    found = annotation_rows.select(conn, "WHERE a.uuid IN (SELECT value FROM json_each(?))", [json.dumps(keys)])
    local = {a.uuid: a for a in found}
    bases = annotation_bases(conn, keys)
    shas = dict(conn.execute("SELECT id, sha256 FROM documents").fetchall())
    for key in keys:
        annotation, base = local.get(key), bases.get(key)
        if annotation is not None and annotation.document_id not in uids:
            outbox.held += 1  # its document is not on the server yet
            continue
        row = None
        if annotation is not None:
            row = annotation_row(annotation, uids[annotation.document_id], shas[annotation.document_id])
            if base is None or base[1]["annotator"] == link.person:
                row["annotator"] = link.person  # as the server will record it: sent becomes the base as it is
        decision = _decide(row, base, link.person)
        if decision == "drop":
            dropped.append(("annotation", key))
        elif decision == "hold":
            outbox.held += 1
        elif row is not None:
            outbox.annotations.append(Outgoing("annotation", key, row, base[0] if base else 0, outbox.push_id))
        elif base is not None:  # deleted here: the deletion travels as the last server row, marked deleted
            outbox.annotations.append(Outgoing("annotation", key, deleted_row(base[1]), base[0], outbox.push_id))


def _decide(row: Row | None, base: tuple[int, Row] | None, person: str) -> str:
    """send, hold (keep here) or drop (nothing to send) one annotation's change."""
    if base is None:
        return "drop" if row is None else "send"
    server = base[1]
    mine = server["annotator"] == person
    current = row if row is not None else deleted_row(server)
    if server["deleted"] and row is None:
        return "drop"
    if not mine:
        return "hold" if content_differs(current, server) else "drop"
    return "send" if differs(current, server) else "drop"
