"""A coarse alignment of an old text to its new version, to predict where a passage went.

Both texts are cut at sentence ends; the first characters after each cut (with
whitespace flattened, so re-wrapped lines still match) serve as a landmark.
Landmarks that occur exactly once in each text pair an old offset with a new
one. A paragraph moved a megabyte away carries its landmarks with it, so an old
offset inside it maps to its new home without searching the whole text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Whitespace characters flattened to a plain space; same length, so offsets hold.
_FLATTENED = ("\n", "\t", "\r", "\u00a0", "\u2009", "\u202f")
_LANDMARK_LENGTH = 32
_LANDMARK = re.compile(r"[.!?;:][\"'”’)\]]* +(?=(\S.{" + str(_LANDMARK_LENGTH - 1) + "}))")


def flatten(text: str) -> str:
    """Return text with every whitespace character replaced by a space (same length)."""
    for character in _FLATTENED:  # str.replace is far faster than str.translate on megabytes
        if character in text:
            text = text.replace(character, " ")
    return text


def landmarks(flat: str) -> dict[str, int]:
    """Return landmark -> offset for landmarks that occur exactly once in flat."""
    found: dict[str, int] = {}
    repeated: set[str] = set()
    for match in _LANDMARK.finditer(flat):
        key = match.group(1)
        if key in found:
            repeated.add(key)
        else:
            found[key] = match.start(1)
    for key in repeated:
        del found[key]
    return found


class Alignment:
    """Maps offsets of an old text to predicted offsets in a new text."""

    def __init__(
        self, old_flat: str, new_flat: str, marks: tuple[dict[str, int], dict[str, int]] | None = None
    ) -> None:
        """Build the alignment from both texts, already flattened by flatten() (and their landmarks, if known)."""
        old_marks, new_marks = marks or (landmarks(old_flat), landmarks(new_flat))
        self.marks = (old_marks, new_marks)
        pairs = sorted((offset, new_marks[key]) for key, offset in old_marks.items() if key in new_marks)
        self._old = [0, *(old for old, _ in pairs)]
        self._new = [0, *(new for _, new in pairs)]
        self._new_length = len(new_flat)

    def reverse(self, old_flat: str, new_flat: str) -> Alignment:
        """Return the alignment the other way round, new text to old, reusing the landmarks."""
        return Alignment(new_flat, old_flat, (self.marks[1], self.marks[0]))

    @property
    def landmarks(self) -> int:
        """How many landmarks the two texts share."""
        return len(self._old) - 1

    def map(self, old_offset: int) -> int:
        """Return where old_offset most likely is in the new text (clamped to it)."""
        index = bisect_right(self._old, old_offset) - 1
        predicted = self._new[index] + old_offset - self._old[index]
        if index + 1 < len(self._old):
            # Between two landmarks that kept their order, spread any growth or shrinkage evenly:
            # a re-wrapped passage shrinks or grows by a little on every line.
            old_gap = self._old[index + 1] - self._old[index]
            new_gap = self._new[index + 1] - self._new[index]
            if 0 < new_gap and abs(new_gap - old_gap) * 4 < old_gap:
                predicted = self._new[index] + (old_offset - self._old[index]) * new_gap // old_gap
        return max(0, min(self._new_length, predicted))
