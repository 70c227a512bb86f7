"""Where an annotation may be stored on a document's current text: checked before every restore and on read.

A restore (redo of a tag, undo of a delete or an edit, a re-attach) stores an
annotation that was valid on the text of its time; the text may have changed
since (another window or process updated the document). ``placed_on`` keeps it
where its quote still is; else puts it on the occurrence of its quote whose
context matches best, nearest first (*moved*); else stores it *orphaned*
(quote, note and type kept). Nothing is ever stored at a range its text does
not hold.

``within_text`` is the guard on read: a stored range outside its text (written
by an older Claimmark or another program) is shown as an orphan instead of
crashing a view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .records import Annotation
from .selectors import CONTEXT
from .statuses import AnchorStatus

_ORPHANED = AnchorStatus.ORPHANED.value


def best_occurrence(text: str, exact: str, prefix: str, suffix: str, near: int) -> int | None:
    """Return the start of exact's occurrence in text whose prefix and suffix match best, nearest to near first."""
    if not exact:
        return None
    best: tuple[int, int, int] | None = None
    position = text.find(exact)
    while position >= 0:
        before = text[max(0, position - len(prefix)) : position]
        after = text[position + len(exact) : position + len(exact) + len(suffix)]
        rank = (-((before == prefix) + (after == suffix)), abs(position - near), position)
        best = rank if best is None or rank < best else best
        position = text.find(exact, position + 1)
    return None if best is None else best[2]


def holds_quote(annotation: Annotation, text: str) -> bool:
    """Whether text holds annotation's quote exactly at its range."""
    start, end = annotation.start, annotation.end
    return 0 <= start < end <= len(text) and text[start:end] == annotation.exact


def placed_on(annotation: Annotation, text: str) -> Annotation:
    """Return annotation as it can be stored on text: where it is, at its quote's best occurrence, or orphaned."""
    if annotation.status == _ORPHANED:
        where = min(max(annotation.start, 0), len(text))
        return annotation if annotation.start == annotation.end == where else orphaned(annotation, len(text))
    if holds_quote(annotation, text):
        return annotation
    found = best_occurrence(text, annotation.exact, annotation.prefix, annotation.suffix, annotation.start)
    if found is None:
        return orphaned(annotation, len(text))
    end = found + len(annotation.exact)
    status = annotation.status if annotation.status == AnchorStatus.CHANGED.value else AnchorStatus.MOVED.value
    return replace(
        annotation, start=found, end=end, prefix=text[max(0, found - CONTEXT) : found],
        suffix=text[end : end + CONTEXT], status=status, score=1.0,
    )  # fmt: skip


def orphaned(annotation: Annotation, length: int) -> Annotation:
    """Return annotation as an orphan at the nearest place inside a text of length characters."""
    where = min(max(annotation.start, 0), length)
    return replace(annotation, start=where, end=where, status=_ORPHANED, score=0.0)


def within_text(annotations: list[Annotation], length_of: Callable[[int], int]) -> list[Annotation]:
    """Return annotations, those whose range lies outside their document's text (length_of(id)) as orphans."""
    if not annotations:
        return annotations
    lengths = {document_id: length_of(document_id) for document_id in {a.document_id for a in annotations}}
    if len(lengths) == 1:  # one document (what a window lists): one comprehension, ~1 ms for 10,000
        (length,) = lengths.values()
        outside = [i for i, a in enumerate(annotations) if not 0 <= a.start <= a.end <= length or
                   (a.start == a.end and a.status != _ORPHANED)]  # fmt: skip
    else:
        outside = [i for i, a in enumerate(annotations) if not 0 <= a.start <= a.end <= lengths[a.document_id] or
                   (a.start == a.end and a.status != _ORPHANED)]  # fmt: skip
    if not outside:
        return annotations
    result = list(annotations)
    for index in outside:
        result[index] = orphaned(result[index], lengths[result[index].document_id])
    return result
