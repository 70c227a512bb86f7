"""Checks every annotation file passes, whatever its format, before anything of it is written.

Positions are whole numbers in 0..MAX_OFFSET with start <= end, scores finite
numbers in 0..1, strings within their sizes, at most MAX_ANNOTATIONS items, and
a carried document's text matches its sha256. A file that fails any check is
refused whole, with one message; nothing of it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from documents import Document, Metadata

from .incoming import DocumentHint, IncomingAnnotation, InvalidAnnotationFile

MAX_ANNOTATIONS = 1_000_000
MAX_DEPTH = 8  # a list of collections, a collection, its page, its items, an annotation: 5
MAX_OFFSET = 2**31 - 1  # a position a window (Qt: 32-bit int) can show; texts are far shorter
MAX_QUOTE = 1_000_000  # characters of a quote (a long passage of a book)
MAX_NOTE = 1_000_000
MAX_FIELD = 10_000  # a speaker, a tag, a time, a status, a target, an id, a prefix or a suffix
MAX_TEXT = 256 * 1024 * 1024  # characters of a carried document's text


def shown(value: Any) -> str:
    """Return value as a message shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def checked_offset(value: Any) -> int | None:
    """Return a position: None when absent; a whole number in 0..MAX_OFFSET, else the file is refused."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_OFFSET:
        raise InvalidAnnotationFile(f"position {shown(value)} is not a whole number from 0 to {MAX_OFFSET}")
    return value


def checked_score(value: Any) -> float:
    """Return a score: 1.0 when absent; a finite number in 0..1, else the file is refused."""
    if value is None:
        return 1.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1 or value != value:
        raise InvalidAnnotationFile(f"score {shown(value)} is not a number from 0 to 1")
    return float(value)


def check_items(items: Iterable[IncomingAnnotation]) -> None:
    """Refuse the file when any item breaks a limit (see the module's docstring)."""
    for count, item in enumerate(items, start=1):
        if count > MAX_ANNOTATIONS:
            raise InvalidAnnotationFile(f"holds more than {MAX_ANNOTATIONS:,} annotations")
        _check_item(item)


def _check_item(item: IncomingAnnotation) -> None:
    name = shown(item.origin_id or item.uuid)
    for value in (item.start, item.end):
        checked_offset(value)
    if not (isinstance(item.score, float | int) and 0 <= item.score <= 1):  # (NaN fails both comparisons)
        raise InvalidAnnotationFile(f"annotation {name}: score {shown(item.score)} is not a number from 0 to 1")
    if item.start is not None and item.end is not None and item.start > item.end:
        raise InvalidAnnotationFile(f"annotation {name}: its start {item.start} is after its end {item.end}")
    if len(item.exact) > MAX_QUOTE or len(item.note) > MAX_NOTE:
        raise InvalidAnnotationFile(f"annotation {name}: its quote or note is longer than {MAX_QUOTE:,} characters")
    fields = (item.prefix, item.suffix, item.speaker, item.created, item.updated, item.status, item.target,
              item.claim_type, item.annotator, item.origin_id, *item.tags, *item.type_candidates)  # fmt: skip
    if max(map(len, fields)) > MAX_FIELD or len(item.type_candidates) > MAX_FIELD:  # (a genexpr: 3x slower)
        raise InvalidAnnotationFile(f"annotation {name}: a field is longer than {MAX_FIELD:,} characters")


def carried_document(hint: DocumentHint) -> Document | None:
    """Return the document a collection carries (its blocks), checked against its sha256; None when it carries none."""
    if hint.blocks is None or not hint.sha256:
        return None
    if sum(len(block.text) for block in hint.blocks) > MAX_TEXT:
        raise InvalidAnnotationFile(f"a collection's document is longer than {MAX_TEXT:,} characters")
    fields = {k: v for k, v in hint.metadata.items() if k in Metadata.__dataclass_fields__}
    document = Document(Metadata(**fields), hint.blocks)  # type: ignore[arg-type]  # (notes is not among them)
    if document.sha256 != hint.sha256:
        raise InvalidAnnotationFile(f"the text of document {hint.metadata.get('title')!r} does not match its sha256")
    return document
