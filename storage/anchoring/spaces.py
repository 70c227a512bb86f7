"""A flattened text with its runs of spaces collapsed, for finding a quote whatever its whitespace.

Re-anchoring looks for a quote's words with any whitespace between them
(a re-wrapped paragraph). A regular expression per quote did that at 2-10 ms a
search over a book, and compiling one per quote cost a millisecond more; one
``str.find`` of the quote with single spaces over the collapsed text does it in
under one, and the offsets map back through the positions of the runs.
(Only the whitespace flatten() turns into spaces is collapsed: the common
kinds. A quote whose words an ideographic or an en space separates is left to
the fuzzy search, which finds it all the same: scanning a book for twenty rare
kinds of space would cost more than all its quotes' searches.)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate


class CollapsedText:
    """flat (a text passed through flatten()) with every run of spaces reduced to one space."""

    def __init__(self, flat: str) -> None:
        runs = _runs(flat)
        self._run_starts = [start for start, _ in runs]
        self._run_ends = [end for _, end in runs]
        # _removed[k]: characters dropped by the first k runs; a run's one space stays.
        self._removed = [0, *accumulate(end - start - 1 for start, end in runs)]
        self._collapsed_starts = [start - removed for (start, _), removed in zip(runs, self._removed, strict=False)]
        pieces, position = [], 0
        for start, end in runs:
            pieces.append(flat[position : start + 1])
            position = end
        pieces.append(flat[position:])
        self.text = "".join(pieces)

    def to_flat(self, offset: int) -> int:
        """Return the flat offset of collapsed offset (a run's one space maps to the run's start)."""
        return offset + self._removed[bisect_left(self._collapsed_starts, offset)]

    def to_collapsed(self, offset: int) -> int:
        """Return the collapsed offset of flat offset (inside a run: just after the run's one space)."""
        done = bisect_right(self._run_ends, offset)  # runs that end at or before offset
        if done < len(self._run_starts) and self._run_starts[done] < offset:
            return self._collapsed_starts[done] + 1
        return offset - self._removed[done]

    def find_all(self, words: str, low: int, high: int, limit: int) -> list[tuple[int, int]]:
        """Return up to limit flat spans [start, end) within [low, high) reading words (single-spaced, stripped)."""
        if not words:
            return []
        spans: list[tuple[int, int]] = []
        stop = self.to_collapsed(high)
        position = self.text.find(words, self.to_collapsed(low), stop)
        while position >= 0 and len(spans) < limit:
            start, end = self.to_flat(position), self.to_flat(position + len(words) - 1) + 1
            if low <= start and end <= high:
                spans.append((start, end))
            position = self.text.find(words, position + 1, stop)
        return spans


def _runs(flat: str) -> list[tuple[int, int]]:
    """Return the spans of the runs of two or more spaces in flat.

    ``str.find`` of two spaces skips the text between runs in C: three times
    faster than ``re.finditer("  +")`` over a book.
    """
    runs, start = [], flat.find("  ")
    while start >= 0:
        end = start + 2
        while flat.startswith(" ", end):
            end += 1
        runs.append((start, end))
        start = flat.find("  ", end)
    return runs
