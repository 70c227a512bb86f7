"""Rows as they travel between the library and the server: plain dicts of JSON values.

An annotation's row is its Annotation fields (through annotation_rows, the one
place that knows them) with the document's server id instead of the local one,
the sha256 of the text its placement refers to, and a deleted flag: a delete
travels as a row, so every member learns of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import annotation_rows
from ..records import Annotation

Row = dict[str, Any]

ANNOTATION_FIELDS = tuple(name for name in annotation_rows.FIELDS if name != "document_id")
SERVER_ANNOTATION_FIELDS = (*ANNOTATION_FIELDS, "document", "text_sha256", "deleted")
CONTENT = ("claim_type", "note", "speaker", "tags")  # what people write: merged field by field
PLACEMENT = ("start", "end", "exact", "prefix", "suffix", "status", "score", "old_exact", "text_sha256")
DOCUMENT_FIELDS = ("title", "author", "published", "url", "format", "language", "notes")  # merged field by field
SERVER_DOCUMENT_FIELDS = ("uid", *DOCUMENT_FIELDS, "sha256")
CLAIM_TYPE_FIELDS = ("name", "label", "colour", "underline", "shortcut")


def annotation_row(annotation: Annotation, document_uid: str, text_sha256: str) -> Row:
    """The row of a stored annotation."""
    row: Row = {name: getattr(annotation, name) for name in ANNOTATION_FIELDS}
    row["tags"] = list(annotation.tags)
    row.update(document=document_uid, text_sha256=text_sha256, deleted=False)
    return row


def deleted_row(base: Row) -> Row:
    """The row of an annotation deleted here, from the last server state it was based on."""
    return {**base, "deleted": True}


def annotation_of(row: Row, document_id: int) -> Annotation:
    """The Annotation a row stores as, on the library's document document_id."""
    values = {name: row[name] for name in ANNOTATION_FIELDS}
    values["tags"] = tuple(row["tags"])
    return Annotation(document_id=document_id, **values)


def server_annotation(record: dict[str, Any]) -> Row:
    """A row from a server record (uuid objects to text, arrays to lists, nothing else)."""
    row = {name: record[name] for name in SERVER_ANNOTATION_FIELDS}
    row["uuid"], row["document"], row["tags"] = str(row["uuid"]), str(row["document"]), list(row["tags"])
    return row


def content_differs(one: Row, other: Row) -> bool:
    """Whether what a person wrote differs (type, note, speaker, tags, deleted), placement aside."""
    return any(one[name] != other[name] for name in (*CONTENT, "deleted"))


def differs(one: Row, other: Row) -> bool:
    """Whether two rows differ in anything sync sends (content or placement)."""
    return content_differs(one, other) or any(one[name] != other[name] for name in PLACEMENT)


@dataclass
class Outgoing:
    """One change to send: the row, the server version it was based on (0: new), and its push's idempotency key."""

    entity: str  # annotation | document | claim_type
    key: str  # annotation uuid, document id, claim type name
    row: Row
    base_version: int
    push_id: str


@dataclass
class Incoming:
    """What a pull brought: rows changed since the library's last version, and the texts they need."""

    head: int
    role: str
    shared: bool
    full: bool  # everything visible, not only what changed (after the group's settings changed)
    claim_types: list[Row] = field(default_factory=list)
    documents: list[tuple[Row, int]] = field(default_factory=list)  # (row, server version)
    annotations: list[tuple[Row, int]] = field(default_factory=list)
    texts: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)  # sha256 -> (text, blocks)

    @property
    def count(self) -> int:
        """How many rows were pulled."""
        return len(self.claim_types) + len(self.documents) + len(self.annotations)
