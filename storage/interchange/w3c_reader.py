"""Reading W3C Web Annotation JSON (Claimmark's own export or another tool's) into plain records.

Accepted shapes: an AnnotationCollection (its ``first`` page or ``items``), an
AnnotationPage, a single Annotation, or a JSON list of any of these. Bodies
and selectors may be single objects, lists or plain strings, as the model allows.
"""

from __future__ import annotations

from typing import Any

from documents import Block

from ..statuses import AnchorStatus
from ..w3c_terms import CLAIM_TYPE_ROLE, SPEAKER_ROLE
from .incoming import DocumentHint, IncomingAnnotation, InvalidAnnotationFile, derived_uuid, raw_text, text_of
from .validation import MAX_DEPTH, MAX_FIELD, carried_document, checked_offset, checked_score

__all__ = ["DocumentHint", "IncomingAnnotation", "InvalidAnnotationFile", "parse_annotations"]
ORIGIN = "w3c"


def parse_annotations(data: Any) -> list[IncomingAnnotation]:
    """Return every annotation found in decoded JSON, each with what is known of its document.

    An annotation without a text quote is kept too: as a note on its whole document, or
    marked to be skipped (with the reason) when it holds nothing to keep.

    Raises:
        InvalidAnnotationFile: the JSON holds no annotation at all.
    """
    found: list[IncomingAnnotation] = []
    _walk(data, DocumentHint(), found, depth=0)
    if not found:
        raise InvalidAnnotationFile("holds no W3C annotations (no Annotation, AnnotationPage or AnnotationCollection)")
    return found


def looks_like_w3c(data: Any) -> bool:
    """Whether decoded JSON is (a list of) W3C annotations, pages or collections."""
    first = data
    for _ in range(MAX_DEPTH + 2):  # a list of lists of collections is still W3C (and refused when too deep)
        if not (isinstance(first, list) and first):
            break
        first = first[0]
    if not isinstance(first, dict):
        return False
    kind = first.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return bool({"Annotation", "AnnotationPage", "AnnotationCollection"} & set(map(str, kinds)))


def _walk(data: Any, hint: DocumentHint, found: list[IncomingAnnotation], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InvalidAnnotationFile(f"annotations are nested more than {MAX_DEPTH} levels deep")
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
    metadata = {name: str(meta.get(name) or "")[:MAX_FIELD] for name in fields}
    if isinstance(meta.get("url"), str) and meta["url"]:
        metadata["url"] = meta["url"][:MAX_FIELD]
    hint = DocumentHint(str(meta.get("sha256") or "")[:MAX_FIELD], metadata["source"], metadata, blocks)
    carried_document(hint)  # a carried text that does not match its sha256 refuses the file before anything is written
    return hint


def _annotation(data: dict[str, Any], hint: DocumentHint) -> IncomingAnnotation:
    """Read any W3C annotation: its quote (maybe none), position, bodies, creator and id."""
    target = _first(data.get("target"))
    selectors = _selectors(target)
    quote = selectors.get("TextQuoteSelector", {})
    position = selectors.get("TextPositionSelector", {})
    exact = raw_text(quote.get("exact"))
    identifier = str(data.get("id") or "")
    own = identifier.startswith("urn:uuid:")  # Claimmark's own, or a tool's that uses uuids: the uuid is its identity
    item = IncomingAnnotation(
        uuid=derived_uuid(identifier), claim_type="", exact=exact, prefix=str(quote.get("prefix") or ""),
        suffix=str(quote.get("suffix") or ""), start=checked_offset(position.get("start")),
        end=checked_offset(position.get("end")),
        note="", speaker="", tags=[], created=str(data.get("created") or ""),
        updated=str(data.get("modified") or data.get("created") or ""),
        status=str(data.get("claimmark:status") or AnchorStatus.ANCHORED.value),
        score=_float(data.get("claimmark:score")), target=_source(target), hint=hint,
        annotator=_creator(data.get("creator")), origin_format="" if own else ORIGIN,
        origin_id="" if own else identifier, title=hint.metadata.get("title", ""),
    )  # fmt: skip
    item.group = item.target
    _read_bodies(item, data)
    if not exact and item.start is None and not item.note and not item.type_candidates:
        item.skip = "without quote or note"
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
            derived_uuid(data["id"]), claim_type, exact, quote["prefix"], quote["suffix"], checked_offset(start),
            checked_offset(end),
            "\n\n".join(notes), speaker, [], data["created"], data["modified"], data["claimmark:status"],
            _float(data["claimmark:score"]), data["target"]["source"], hint, tags,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if "creator" in data or not str(data["id"]).startswith("urn:uuid:"):
        return None  # a creator, or an id to keep: the general reader keeps them
    fields = (exact, item.prefix, item.suffix, item.created, item.updated, item.status, item.target)
    if not (claim_type and exact and all(isinstance(value, str) for value in fields)):
        return None
    item.group, item.title = item.target, hint.metadata.get("title", "")
    return item


def _read_bodies(item: IncomingAnnotation, data: dict[str, Any]) -> None:
    notes = [data["bodyValue"]] if isinstance(data.get("bodyValue"), str) else []
    bodies = data.get("body")
    for body in bodies if isinstance(bodies, list) else [bodies]:
        reference = body if isinstance(body, str) else _reference(body)
        if reference:
            notes.append(reference)  # a body by reference (a link): keep its address as text, never fetch it
            continue
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
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


def _reference(body: Any) -> str:
    """The IRI of a body given by reference (``{"id": ...}`` without a value), else ""."""
    if isinstance(body, dict) and "value" not in body and isinstance(body.get("id"), str):
        return str(body["id"])
    return ""


def _selectors(target: Any) -> dict[str, dict[str, Any]]:
    """The target's selectors by type, those that refine others (refinedBy) included."""
    found: dict[str, dict[str, Any]] = {}
    selector = target.get("selector") if isinstance(target, dict) else None
    pending, depth = list(selector if isinstance(selector, list) else [selector]), 0
    while pending and depth < 4 * MAX_DEPTH:
        item, depth = pending.pop(0), depth + 1
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            found.setdefault(item["type"], item)
            refined = item.get("refinedBy")
            pending.extend(refined if isinstance(refined, list) else [refined] if refined else [])
    return found


def _source(target: Any) -> str:
    """The address of what a target points at: an IRI target itself, else its source (or its id)."""
    if isinstance(target, str):
        return target
    if not isinstance(target, dict):
        return ""
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    return text_of(source) or (text_of(target.get("id")) if "selector" not in target else "")


def _creator(creator: Any) -> str:
    """A creator's name (or nickname, or its IRI) as the annotator."""
    creator = _first(creator)
    if isinstance(creator, dict):
        return text_of(creator.get("name")) or text_of(creator.get("nickname")) or text_of(creator.get("id"))
    return text_of(creator)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _float(value: Any) -> float:
    return checked_score(value)
