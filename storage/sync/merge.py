"""Merging a change made here with one made elsewhere since, against the server state both started from.

Pure functions of three rows: base (what both were based on; None when the
row was new on both sides), mine and theirs. A field changed on one side
only takes that side's value; a field changed the same way on both is fine;
a field changed differently on both is a conflict: the merged row takes
theirs (so every library converges on the server's state) and the conflict
keeps mine for the user to choose. Tags merge as sets of additions and
removals and never conflict. Nothing is silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..tags import clean_tags
from .records import CONTENT, DOCUMENT_FIELDS, PLACEMENT, Row, content_differs


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed differently: the library now holds theirs; mine is kept here."""

    field: str
    mine: Any
    theirs: Any


@dataclass
class Merged:
    """The merged row and what could not be decided."""

    row: Row
    conflicts: list[FieldConflict] = field(default_factory=list)


def merge_annotation(base: Row | None, mine: Row, theirs: Row) -> Merged:
    """Merge my version of an annotation with theirs (either may be a deletion)."""
    if mine["deleted"] or theirs["deleted"]:
        return _merge_deletion(base, mine, theirs)
    merged = dict(theirs)
    conflicts = []
    for name in ("claim_type", "note", "speaker"):
        merged[name], conflict = _merge_value(name, None if base is None else base[name], mine[name], theirs[name])
        conflicts += conflict
    merged["tags"] = merge_tags(None if base is None else base["tags"], mine["tags"], theirs["tags"])
    if base is not None and all(theirs[n] == base[n] for n in PLACEMENT) and any(mine[n] != base[n] for n in PLACEMENT):
        merged.update({name: mine[name] for name in PLACEMENT})
    merged["updated"] = max(mine["updated"], theirs["updated"])
    return Merged(merged, conflicts)


def _merge_deletion(base: Row | None, mine: Row, theirs: Row) -> Merged:
    if mine["deleted"] and theirs["deleted"]:
        return Merged(dict(theirs))
    if mine["deleted"]:  # deleted here; kept there, unchanged or edited
        if base is not None and not content_differs({**theirs, "deleted": False}, {**base, "deleted": False}):
            return Merged({**theirs, "deleted": True})
        return Merged(dict(theirs), [FieldConflict("deleted", True, False)])
    if base is not None and not content_differs({**mine, "deleted": False}, {**base, "deleted": False}):
        return Merged(dict(theirs))  # deleted there; unchanged here
    return Merged(dict(theirs), [FieldConflict("deleted", False, True)])


def _merge_value(name: str, base: Any, mine: Any, theirs: Any) -> tuple[Any, list[FieldConflict]]:
    if mine in (theirs, base):
        return theirs, []
    if theirs == base:
        return mine, []
    return theirs, [FieldConflict(name, mine, theirs)]


def merge_tags(base: list[str] | None, mine: list[str], theirs: list[str]) -> list[str]:
    """Theirs, plus the tags I added, minus the tags I removed (case-insensitively); without a base, the union."""
    if base is None:
        return list(clean_tags([*theirs, *mine]))
    folded_base, folded_mine = {t.casefold() for t in base}, {t.casefold() for t in mine}
    added = [t for t in mine if t.casefold() not in folded_base]
    removed = folded_base - folded_mine
    return list(clean_tags(t for t in [*theirs, *added] if t.casefold() not in removed))


def merge_document(base: Row | None, mine: Row, theirs: Row) -> Merged:
    """Merge my version of a document's metadata and text with theirs; a text changed on both sides conflicts."""
    merged = dict(theirs)
    conflicts = []
    for name in (*DOCUMENT_FIELDS, "sha256"):
        merged[name], conflict = _merge_value(name, None if base is None else base[name], mine[name], theirs[name])
        conflicts += conflict
    return Merged(merged, conflicts)


__all__ = ["CONTENT", "FieldConflict", "Merged", "merge_annotation", "merge_document", "merge_tags"]
