"""Claim highlights as char formats: one shared format per combination of overlapping types.

Highlights are painted into the QTextDocument itself (no ExtraSelections): the text is cut
into segments where the set of covering annotations is constant; each segment gets the
blended background of every type covering it and the typed underline of the innermost
annotation, so overlapping highlights both stay visible and types differ without colour.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from heapq import heappop, heappush
from itertools import pairwise

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from storage import AnchorStatus, Annotation, ClaimType

from .offsets import OffsetMap

UNDERLINES = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}
BACKGROUND_ALPHA = 60
_CLEARED = (
    QTextFormat.Property.BackgroundBrush,
    QTextFormat.Property.TextUnderlineStyle,
    QTextFormat.Property.TextUnderlineColor,
    QTextFormat.Property.FontUnderline,
)

Segment = tuple[int, int, tuple[str, ...], str]  # start, end, covering types, innermost type


def visible(annotation: Annotation) -> bool:
    """Return whether an annotation has a place in the text (orphans are listed, not painted)."""
    return annotation.status != AnchorStatus.ORPHANED and annotation.end > annotation.start


def segments(annotations: Iterable[Annotation], low: int = 0, high: int | None = None) -> list[Segment]:
    """Cut [low, high) into maximal runs covered by a constant set of annotations.

    One sweep over the starts and ends: the covering types are counted as
    annotations open and close, the innermost comes from a heap of the open ones
    (lazily cleaned), so a book's 10,000 claims are cut in one pass.

    Returns:
        (start, end, types covering it in a stable order, type of the shortest covering annotation)
        for every run covered by at least one annotation.
    """
    orphaned = AnchorStatus.ORPHANED
    spans = sorted((a for a in annotations if a.status != orphaned and a.end > a.start), key=_start)
    ends = sorted(spans, key=_end)
    cuts = sorted({a.start for a in spans} | {a.end for a in spans} | {low})
    open_types: dict[str, int] = {}
    types: tuple[str, ...] = ()  # sorted(open_types), made again only when a type opens or closes
    shortest: list[tuple[int, str, int, Annotation]] = []  # (length, created, order, annotation), open ones
    closed_ids: set[int] = set()
    opened = closed = 0
    count = len(spans)
    result: list[Segment] = []
    append = result.append
    for left, right in pairwise(cuts):
        while opened < count and spans[opened].start <= left:
            a = spans[opened]
            kind = a.claim_type
            if kind in open_types:
                open_types[kind] += 1
            else:
                open_types[kind] = 1
                types = tuple(sorted(open_types))
            heappush(shortest, (a.end - a.start, a.created, opened, a))
            opened += 1
        while closed < count and ends[closed].end <= left:
            a = ends[closed]
            kind = a.claim_type
            open_types[kind] -= 1
            if not open_types[kind]:
                del open_types[kind]
                types = tuple(sorted(open_types))
            closed_ids.add(id(a))
            closed += 1
        while shortest and id(shortest[0][3]) in closed_ids:
            heappop(shortest)
        if left < low:
            left = low
        if high is not None and right > high:
            right = high
        if shortest and left < right:
            append((left, right, types, shortest[0][3].claim_type))
    return result


def _start(annotation: Annotation) -> int:
    return annotation.start


def _end(annotation: Annotation) -> int:
    return annotation.end


class HighlightIndex:
    """The painted annotations of one document by position: who covers a range, without looking at all of them.

    Kept sorted by start; a range's covering annotations start no earlier than
    the longest annotation's length before it, so a key press in a book of
    100,000 claims looks at a few dozen, not at all of them.
    """

    def __init__(self, by_start: Iterable[Annotation] = ()) -> None:
        """Index annotations given sorted by start (as storage lists them)."""
        self._items = [a for a in by_start if visible(a)]
        self._starts = [a.start for a in self._items]
        self._longest = max((a.end - a.start for a in self._items), default=0)

    def add(self, annotation: Annotation) -> None:
        """Index one more annotation (nothing for one without a place in the text)."""
        if visible(annotation):
            at = bisect_right(self._starts, annotation.start)
            self._starts.insert(at, annotation.start)
            self._items.insert(at, annotation)
            self._longest = max(self._longest, annotation.end - annotation.start)

    def remove(self, annotation: Annotation) -> None:
        """Drop the annotation with annotation's uuid (as indexed at annotation.start)."""
        at = bisect_left(self._starts, annotation.start)
        while at < len(self._starts) and self._starts[at] == annotation.start:
            if self._items[at].uuid == annotation.uuid:
                del self._starts[at], self._items[at]
                return
            at += 1

    def covering(self, start: int, end: int) -> list[Annotation]:
        """Return the annotations overlapping [start, end), by start."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [a for a in self._items[first:last] if a.end > start]

    def at(self, offset: int) -> list[Annotation]:
        """Return the annotations covering offset, innermost (shortest) first."""
        return sorted(self.covering(offset, offset + 1), key=lambda a: a.end - a.start)


class HighlightFormats:
    """Builds and caches the shared char format of each (types, innermost) combination."""

    def __init__(self, claim_types: Iterable[ClaimType]) -> None:
        self.claim_types = {t.name: t for t in claim_types}
        self._cache: dict[tuple[tuple[str, ...], str], QTextCharFormat] = {}

    def format_for(self, types: tuple[str, ...], innermost: str) -> QTextCharFormat:
        """Return the shared format for a run covered by types (innermost decides the underline)."""
        key = (types, innermost)
        if key not in self._cache:
            self._cache[key] = self._build(types, innermost)
        return self._cache[key]

    def _build(self, types: tuple[str, ...], innermost: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        colours = [QColor(self.claim_types[t].colour) for t in types if t in self.claim_types]
        if colours:
            mixed = QColor(
                sum(c.red() for c in colours) // len(colours),
                sum(c.green() for c in colours) // len(colours),
                sum(c.blue() for c in colours) // len(colours),
                min(255, BACKGROUND_ALPHA + 35 * (len(colours) - 1)),
            )
            fmt.setBackground(mixed)
        inner = self.claim_types.get(innermost)
        if inner is not None:
            fmt.setUnderlineStyle(UNDERLINES.get(inner.underline, UNDERLINES["solid"]))
            fmt.setUnderlineColor(QColor(inner.colour))
        return fmt


def paint(
    document: QTextDocument,
    offsets: OffsetMap,
    formats: HighlightFormats,
    runs: Sequence[Segment],
    cleared: tuple[int, int] | None = None,
) -> None:
    """Merge each run's shared format into document, with one cursor in one edit block.

    Args:
        cleared: Qt positions [start, end) whose old highlight properties are removed first,
            in the same edit block (so Qt re-lays out that range once).
    """
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    if cleared is not None:
        _clear(document, cursor, *cleared)
    for start, end, types, innermost in runs:
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(formats.format_for(types, innermost))
    cursor.endEditBlock()


def clear(document: QTextDocument, start: int, end: int) -> None:
    """Remove highlight properties from Qt positions [start, end), keeping every other format."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    _clear(document, cursor, start, end)
    cursor.endEditBlock()


def _clear(document: QTextDocument, cursor: QTextCursor, start: int, end: int) -> None:
    ranges: list[tuple[int, int, QTextCharFormat]] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            left = max(start, fragment.position())
            right = min(end, fragment.position() + fragment.length())
            if left < right and fragment.charFormat().hasProperty(QTextFormat.Property.BackgroundBrush):
                fmt = fragment.charFormat()
                for prop in _CLEARED:
                    fmt.clearProperty(prop)
                ranges.append((left, right, fmt))
            iterator += 1
        block = block.next()
    for left, right, fmt in ranges:  # applied after the walk: setCharFormat splits fragments
        cursor.setPosition(left)
        cursor.setPosition(right, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)
