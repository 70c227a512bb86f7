"""Matched words in text: FTS5 snippets read into plain text with the ranges that matched.

FTS5's ``snippet()`` and ``highlight()`` mark matches with strings we choose;
control characters are used, which a document's canonical text and tags never
hold, so the marks are found again without ambiguity (at worst, a note that
holds one gets a misplaced highlight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, CUT = "\x02", "\x03", "\x04"  # start of a match, end of a match, text left out
ELLIPSIS = "…"
_MARKS = re.compile(f"([{OPEN}{CLOSE}])")


@dataclass(frozen=True)
class Highlighted:
    """Text with the ranges (code points, [start, end)) that matched the query."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "[", after: str = "]") -> str:
        """Return the text with each matched range between before and after (for plain-text output)."""
        parts, at = [], 0
        for start, end in self.spans:
            parts += [self.text[at:start], before, self.text[start:end], after]
            at = end
        return "".join(parts) + self.text[at:]


def read_marks(marked: str) -> Highlighted:
    """Return the Highlighted text of a snippet or highlight made with OPEN, CLOSE and CUT."""
    text: list[str] = []
    spans, length, opened = [], 0, -1
    for piece in _pieces(marked):
        if piece == OPEN:
            opened = length
        elif piece == CLOSE:
            if opened >= 0 and length > opened:
                spans.append((opened, length))
            opened = -1
        else:
            piece = piece.replace(CUT, ELLIPSIS)
            text.append(piece)
            length += len(piece)
    return Highlighted("".join(text), _merged(spans))


def _pieces(marked: str) -> list[str]:
    return [piece for piece in _MARKS.split(marked) if piece]


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Join adjacent ranges (FTS5 marks each word of a phrase apart, with the space between unmarked)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
