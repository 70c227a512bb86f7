"""Where an annotation stands on its document's current text: its anchor status."""

from __future__ import annotations

from enum import StrEnum


class AnchorStatus(StrEnum):
    """The anchor status of an annotation (stored as its value: a plain string column).

    - ``ANCHORED``: the same quote at the same offset;
    - ``MOVED``: the same words at another offset, or with other whitespace (re-wrapped);
    - ``CHANGED``: the wording differs; the previous wording is kept as ``old_exact``;
    - ``ORPHANED``: not found in the current text; quote, note and type are kept.
    """

    ANCHORED = "anchored"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"


STATUSES: tuple[str, ...] = tuple(status.value for status in AnchorStatus)
