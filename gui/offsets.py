"""The one conversion between canonical offsets (code points) and Qt positions (UTF-16 units)."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Convert offsets for one text; O(log n) per call after an O(n) scan for astral characters."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of characters outside the BMP: each takes two UTF-16 units.
        self._astral = [] if _bmp_only(text) else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        """Return the Qt position of canonical code-point offset."""
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """Return the canonical offset of Qt position (a position inside a surrogate pair rounds down)."""
        before = bisect_left(self._astral_qt, position)
        if before and position == self._astral_qt[before - 1] + 1:
            return self._astral[before - 1]  # inside a surrogate pair: round down
        return position - before


def _bmp_only(text: str) -> bool:
    """Whether text has no character outside the BMP: one UTF-16 unit each (5 ms for a book, the regex 20)."""
    return text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
