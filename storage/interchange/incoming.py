"""What every annotation reader produces: plain records of annotations as read, before they meet a document."""

from __future__ import annotations

import hashlib
import re
import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from documents import Block

from ..errors import LibraryError
from ..statuses import AnchorStatus

_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}  # RFC 4122 variant bits
_ANCHORED = AnchorStatus.ANCHORED.value
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class InvalidAnnotationFile(LibraryError):
    """A file is not one Claimmark can read annotations from."""


@dataclass
class DocumentHint:
    """What a file says about an annotation's document: metadata, text hash and maybe its blocks."""

    sha256: str = ""
    source: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] | None = None


@dataclass(slots=True)
class IncomingAnnotation:
    """One annotation as read from a file, before it is anchored on a document.

    An item with no quote (``exact == ""``) and no position is a note on its
    whole document (a page note); one with ``skip`` set is reported, not stored.
    """

    uuid: str
    claim_type: str  # "" when the file names none
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    note: str
    speaker: str
    tags: list[str]
    created: str
    updated: str
    status: str
    score: float
    target: str  # the address of its document as the file gives it
    hint: DocumentHint
    type_candidates: list[str] = field(default_factory=list)  # tags; one naming a claim type becomes its type
    annotator: str = ""
    origin_format: str = ""  # "" for Claimmark's own annotations (their uuid is their identity)
    origin_id: str = ""
    group: str = ""  # what the file groups it under (page, book, attachment): one document per group
    title: str = ""  # its document's title as the file gives it (for reports)
    addresses: tuple[str, ...] = ()  # other addresses of its document (a PDF's fingerprint, a canonical URL)
    skip: str = ""  # why it cannot be imported, when the reader knows already


def foreign(
    origin_format: str, origin_id: str, *, exact: str = "", prefix: str = "", suffix: str = "",
    start: int | None = None, end: int | None = None, note: str = "", type_candidates: list[str] | None = None,
    created: str = "", updated: str = "", target: str = "", group: str = "", annotator: str = "", title: str = "",
    addresses: tuple[str, ...] = (), skip: str = "",
) -> IncomingAnnotation:  # fmt: skip
    """Return an IncomingAnnotation from another tool, with a uuid derived from its origin and id.

    Importing the same file twice gives the same uuids, so duplicates are found even without an index.
    """
    return IncomingAnnotation(
        hashed_uuid(f"{origin_format}:{origin_id}"), "", exact, prefix, suffix, start, end, note, "", [], created,
        updated or created, _ANCHORED, 1.0, target, DocumentHint(), type_candidates or [],
        annotator, origin_format, origin_id, group or target, title, addresses, skip,
    )  # fmt: skip


def derived_uuid(identifier: Any) -> str:
    """Return an annotation's uuid: its own for urn:uuid ids, else one derived from its id (random when none)."""
    text = str(identifier or "")
    candidate = text.removeprefix("urn:uuid:")
    if _CANONICAL_UUID.match(candidate):
        return candidate
    try:
        return str(uuid_module.UUID(candidate))
    except ValueError:
        pass
    return hashed_uuid(text) if text else str(uuid_module.uuid4())


def hashed_uuid(text: str) -> str:
    """Return the uuid derived from text's sha256 (the same text, the same uuid).

    The same string as ``str(uuid.UUID(sha256_hex[:32], version=5))``, written out: a third of its time.
    """
    h = hashlib.sha256(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def digest(*parts: str) -> str:
    """Return a short stable id for a record that has none of its own (a Kindle clipping, a Readwise row)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def text_of(value: Any) -> str:
    """Return value when it is a string, its first string when it is a list, else ""."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return value.strip() if isinstance(value, str) else ""


def raw_text(value: Any) -> str:
    """Return value when it is a string, untouched (a quote's own whitespace matters for its context), else ""."""
    return value if isinstance(value, str) else ""


def offset(value: Any) -> int | None:
    """Return value when it is a non-negative integer (a character offset), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def mapping(value: Any) -> dict[str, Any]:
    """Return value when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}
