"""Reading W3C Web Annotation JSON (Claimmark's own export or another tool's) into plain records.

Accepted shapes: an AnnotationCollection (its ``first`` page or ``items``), an
AnnotationPage, a single Annotation, or a JSON list of any of these. Bodies
and selectors may be single objects, lists or plain strings, as the model allows.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from documents import Block

from ..errors import LibraryError
from ..statuses import AnchorStatus
from ..w3c_terms import CLAIM_TYPE_ROLE, SPEAKER_ROLE

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class InvalidAnnotationFile(LibraryError):
    """A file is not W3C Web Annotation JSON that Claimmark can read."""


@dataclass
class DocumentHint:
    """What a collection says about its document: metadata, text hash and maybe its blocks."""

    sha256: str = ""
    source: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] | None = None


@dataclass
class IncomingAnnotation:
    """One annotation as read from a file, before it is anchored on a document."""

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
    target: str
    hint: DocumentHint
    type_candidates: list[str] = field(default_factory=list)  # tagging values that may name a claim type


def parse_annotations(data: Any) -> list[IncomingAnnotation]:
    """Return every annotation found in decoded JSON, each with what is known of its document.

    Raises:
        InvalidAnnotationFile: the JSON holds no annotation, or one without a quote.
    """
    found: list[IncomingAnnotation] = []
    _walk(data, DocumentHint(), found, depth=0)
    if not found:
        raise InvalidAnnotationFile("holds no W3C annotations (no Annotation, AnnotationPage or AnnotationCollection)")
    return found


def _walk(data: Any, hint: DocumentHint, found: list[IncomingAnnotation], depth: int) -> None:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, hint, found, depth + 1)
        return
    if not isinstance(data, dict):
        return
    kind = data.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "Annotation" in kinds:
        found.append(_own_annotation(data, hint) or _annotation(data, hint))
    elif "AnnotationCollection" in kinds:
        collection_hint = _hint(data)
        _walk(data.get("first"), collection_hint, found, depth + 1)
        _walk(data.get("items"), collection_hint, found, depth + 1)
    elif "AnnotationPage" in kinds:
        _walk(data.get("items"), hint, found, depth + 1)


def _hint(data: dict[str, Any]) -> DocumentHint:
    meta = data.get("claimmark:document")
    if not isinstance(meta, dict):
        return DocumentHint()
    blocks = None
    if isinstance(meta.get("blocks"), list):
        try:
            blocks = [Block.from_dict(item) for item in meta["blocks"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InvalidAnnotationFile("a collection's document blocks are malformed") from None
    fields = ("title", "author", "published", "source", "format", "language")
    metadata = {name: str(meta.get(name) or "") for name in fields}
    return DocumentHint(str(meta.get("sha256") or ""), metadata["source"], metadata, blocks)


def _annotation(data: dict[str, Any], hint: DocumentHint) -> IncomingAnnotation:
    target = _first(data.get("target"))
    source = target if isinstance(target, str) else str(target.get("source") or "") if isinstance(target, dict) else ""
    selectors = _selectors(target)
    quote = selectors.get("TextQuoteSelector", {})
    position = selectors.get("TextPositionSelector", {})
    exact = quote.get("exact")
    if not isinstance(exact, str) or not exact:
        raise InvalidAnnotationFile(f"annotation {data.get('id', '(no id)')!r} has no TextQuoteSelector quote")
    item = IncomingAnnotation(
        uuid=_uuid(data.get("id")), claim_type="", exact=exact, prefix=str(quote.get("prefix") or ""),
        suffix=str(quote.get("suffix") or ""), start=_int(position.get("start")), end=_int(position.get("end")),
        note="", speaker="", tags=[], created=str(data.get("created") or ""),
        updated=str(data.get("modified") or data.get("created") or ""),
        status=str(data.get("claimmark:status") or AnchorStatus.ANCHORED.value),
        score=_float(data.get("claimmark:score")), target=source, hint=hint,
    )  # fmt: skip
    _read_bodies(item, data)
    return item


def _own_annotation(data: dict[str, Any], hint: DocumentHint) -> IncomingAnnotation | None:
    """Read an annotation shaped exactly as Claimmark writes it, quickly; None for any other shape."""
    try:
        quote, position = data["target"]["selector"]
        exact, start, end = quote["exact"], position["start"], position["end"]
        if quote["type"] != "TextQuoteSelector" or position["type"] != "TextPositionSelector":
            return None
        claim_type, notes, speaker, tags = "", [], "", []
        for body in data["body"]:
            role, value = body.get("claimmark:role"), body["value"].strip()
            if role == CLAIM_TYPE_ROLE:
                claim_type = value.lower()
            elif role == SPEAKER_ROLE:
                speaker = value
            elif body["purpose"] == "tagging":
                tags.append(value)
            elif value:
                notes.append(value)
        item = IncomingAnnotation(
            _uuid(data["id"]), claim_type, exact, quote["prefix"], quote["suffix"], _int(start), _int(end),
            "\n\n".join(notes), speaker, [], data["created"], data["modified"], data["claimmark:status"],
            _float(data["claimmark:score"]), data["target"]["source"], hint, tags,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    fields = (exact, item.prefix, item.suffix, item.created, item.updated, item.status, item.target)
    return item if claim_type and exact and all(isinstance(value, str) for value in fields) else None


def _read_bodies(item: IncomingAnnotation, data: dict[str, Any]) -> None:
    notes = [data["bodyValue"]] if isinstance(data.get("bodyValue"), str) else []
    bodies = data.get("body")
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # an IRI body has nothing Claimmark can show
        value, purpose, role = body["value"].strip(), body.get("purpose"), body.get("claimmark:role")
        if role == CLAIM_TYPE_ROLE:
            item.claim_type = value.lower()
        elif role == SPEAKER_ROLE:
            item.speaker = value
        elif purpose == "tagging":
            item.type_candidates.append(value)
        elif value:
            notes.append(value)
    if notes:
        item.note = "\n\n".join([note.strip() for note in notes if note.strip()])


def _selectors(target: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    selector = target.get("selector") if isinstance(target, dict) else None
    for item in selector if isinstance(selector, list) else [selector]:
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            found.setdefault(item["type"], item)
    return found


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _uuid(identifier: Any) -> str:
    """Return the annotation's uuid: its own for urn:uuid ids, else one derived from its id."""
    text = str(identifier or "")
    candidate = text.removeprefix("urn:uuid:")
    if _CANONICAL_UUID.match(candidate):
        return candidate
    try:
        return str(uuid_module.UUID(candidate))
    except ValueError:
        pass
    if not text:
        return str(uuid_module.uuid4())
    return str(uuid_module.UUID(hashlib.sha256(text.encode()).hexdigest()[:32], version=5))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _float(value: Any) -> float:
    """A score: a finite number, else 1.0 (JSON may say NaN or Infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return 1.0
    return number if math.isfinite(number) else 1.0
