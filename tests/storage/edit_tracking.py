"""Edits to a text that track where each annotated span goes: the ground truth for re-anchoring tests."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Span:
    """An annotated span followed through edits."""

    start: int
    end: int
    length: int  # the original length
    edited: int = 0  # characters changed strictly inside (not whitespace only)
    whitespace_edits: int = 0
    crossed: bool = False  # an edit crossed a boundary or covered the span
    deleted: bool = False  # every character was removed
    split: bool = False  # a moved line took part of it elsewhere: its text is now in two places

    @property
    def intact(self) -> bool:
        """The words survived unchanged (whitespace inside may differ)."""
        return not self.crossed and self.edited == 0

    @property
    def lightly_edited(self) -> bool:
        """Changed inside by at most 10% of its characters, boundaries untouched."""
        return not self.crossed and 0 < self.edited <= self.length // 10


class TrackedText:
    """A text and the spans annotated on it, edited together."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = [Span(start, end, end - start) for start, end in spans]

    def replace(self, start: int, end: int, inserted: str, *, whitespace: bool = False) -> None:
        """Replace text[start:end] by inserted, moving, growing or marking every span."""
        self.text = self.text[:start] + inserted + self.text[end:]
        for span in self.spans:
            _track(span, start, end, inserted, whitespace)

    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of each line, without its newline."""
        return [m.span() for m in re.finditer(r"[^\n]+", self.text)]

    def move_line(self, source: int, target: int) -> None:
        """Move line number source (with its newline) to before line number target."""
        lines = self.lines()
        start, end = lines[source]
        inside = [s for s in self.spans if start <= s.start and s.end <= end and not s.deleted]
        for span in self.spans:
            if span.start < end and start < span.end and all(span is not x for x in inside):
                span.split = True
        riders = [(s, s.start - start, s.end - s.start) for s in inside]
        line = self.text[start:end]
        self.replace(start, min(end + 1, len(self.text)), "")
        lines = self.lines()
        where = lines[min(target, len(lines) - 1)][0] if lines else 0
        self.replace(where, where, line + "\n")
        for span, offset, length in riders:  # the spans inside the line travel with it
            span.deleted = span.crossed = False
            span.start, span.end = where + offset, where + offset + length


def _track(span: Span, start: int, end: int, inserted: str, whitespace: bool) -> None:
    delta = len(inserted) - (end - start)
    if span.deleted or (start >= span.end and (start > span.start or end > start)):
        return  # deleted spans are not followed; edits after the span leave it alone
    if end <= span.start and (start < end or start <= span.start):
        span.start, span.end = span.start + delta, span.end + delta
    elif span.start <= start and end <= span.end and (start, end) != (span.start, span.end):
        span.end += delta
        if whitespace:
            span.whitespace_edits += 1
        else:
            span.edited += max(end - start, len(inserted))
    else:
        span.crossed = True
        if start <= span.start and end >= span.end:
            span.deleted = True
            span.start = span.end = start + len(inserted)
            return
        span.start = min(span.start, start)
        span.end = span.end + delta if span.end > end else start + len(inserted)
