"""A book's changed highlights, shown over the text at once and written into its formats when the reader pauses.

Changing any char format of a QTextDocument makes Qt's layout walk every block
after the change (QTextDocumentLayout::layoutFlow): on War and Peace's 12,000
blocks that is 20-30 ms for a claim near the start, longer than a frame. So in
a document of more than OVERLAY_BLOCKS blocks a changed range is drawn as
extra selections first (no layout at all: the view paints them over the text),
each run in the colour the highlight will have on the page (its background
composed over the page's, so it hides what the document still shows there),
and FLUSH_MS after the last change the pending ranges are written into the
document, one range per pass of the event loop (one edit block spanning two
distant ranges would relayout every block between them). Articles are short
enough to take their formats at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from storage import Annotation

from . import highlights
from .offsets import OffsetMap

OVERLAY_BLOCKS = 2_000  # documents with more blocks than this get their changes as an overlay first
FLUSH_MS = 1_500  # how long the reader pauses before the overlay is written into the document

Covering = Callable[[int, int], list[Annotation]]


class HighlightOverlay(QObject):
    """Pending highlight changes of one document, as extra selections, until flushed into its formats."""

    def __init__(self, on_change: Callable[[], None], parent: QObject | None = None) -> None:
        """on_change is called whenever selections() changes (the view shows them)."""
        super().__init__(parent)
        self._on_change = on_change
        self._pending: dict[tuple[int, int], list[QTextEdit.ExtraSelection]] = {}  # canonical range -> pieces
        self._timer = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self._timer.timeout.connect(self._flush_one)
        self._target: tuple[QTextDocument, OffsetMap, highlights.HighlightFormats, Covering, QColor] | None = None

    def attach(
        self,
        document: QTextDocument,
        offsets: OffsetMap,
        formats: highlights.HighlightFormats,
        covering: Covering,
        page: QColor,
    ) -> None:
        """Work on document (dropping anything pending on the previous one: it is no longer shown)."""
        self._pending.clear()
        self._timer.stop()
        self._target = (document, offsets, formats, covering, page)

    def repaint(self, start: int, end: int) -> None:
        """Show canonical [start, end) as its covering annotations now paint it."""
        if self._target is None:
            return
        document, offsets, formats, covering, _page = self._target
        if document.blockCount() <= OVERLAY_BLOCKS:
            runs = highlights.segments(covering(start, end), start, end)
            highlights.paint(document, offsets, formats, runs, (offsets.to_qt(start), offsets.to_qt(end)))
            return
        for low, high in [r for r in self._pending if r[0] < end and start < r[1]]:
            del self._pending[(low, high)]  # one range for overlapping changes
            start, end = min(start, low), max(end, high)
        self._pending[(start, end)] = self._pieces(start, end)
        self._timer.start(FLUSH_MS)
        self._on_change()

    def selections(self) -> list[QTextEdit.ExtraSelection]:
        """The extra selections drawing every pending range."""
        return [piece for pieces in self._pending.values() for piece in pieces]

    def pending(self) -> list[tuple[int, int]]:
        """The canonical ranges not yet written into the document."""
        return sorted(self._pending)

    def flush(self) -> None:
        """Write every pending range into the document's formats now, and drop the overlay."""
        self._timer.stop()
        while self._pending:
            self._write(next(iter(self._pending)))
        self._on_change()

    def _flush_one(self) -> None:
        """Write the first pending range; the next one waits for the next pass of the event loop."""
        if self._pending:
            self._write(next(iter(self._pending)))
            self._on_change()
        if self._pending:
            self._timer.start(0)

    def _write(self, span: tuple[int, int]) -> None:
        assert self._target is not None
        document, offsets, formats, covering, _page = self._target
        start, end = span
        runs = highlights.segments(covering(start, end), start, end)
        highlights.paint(document, offsets, formats, runs, (offsets.to_qt(start), offsets.to_qt(end)))
        del self._pending[span]

    def set_page(self, page: QColor) -> None:
        """Compose the pending runs over a new page colour (the theme changed)."""
        if self._target is not None:
            self._target = (*self._target[:4], page)
            self._pending = {span: self._pieces(*span) for span in self._pending}
            self._on_change()

    def _pieces(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        assert self._target is not None
        document, offsets, formats, covering, page = self._target
        pieces: list[QTextEdit.ExtraSelection] = []
        at = start
        for low, high, types, innermost in highlights.segments(covering(start, end), start, end):
            if at < low:
                pieces.append(_piece(document, offsets, at, low, _bare(page)))
            pieces.append(_piece(document, offsets, low, high, _opaque(formats.format_for(types, innermost), page)))
            at = high
        if at < end:
            pieces.append(_piece(document, offsets, at, end, _bare(page)))
        return pieces


def _piece(
    document: QTextDocument, offsets: OffsetMap, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = QTextCursor(document)
    selection.cursor.setPosition(offsets.to_qt(start))
    selection.cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    selection.format = fmt
    return selection


def _opaque(shared: QTextCharFormat, page: QColor) -> QTextCharFormat:
    """The shared format with its background composed over the page: it covers what the document shows there."""
    fmt = QTextCharFormat()
    colour = shared.background().color()
    alpha = colour.alphaF()
    fmt.setBackground(QColor(
        round(alpha * colour.red() + (1 - alpha) * page.red()),
        round(alpha * colour.green() + (1 - alpha) * page.green()),
        round(alpha * colour.blue() + (1 - alpha) * page.blue()),
    ))  # fmt: skip
    fmt.setUnderlineStyle(shared.underlineStyle())
    fmt.setUnderlineColor(shared.underlineColor())
    return fmt


def _bare(page: QColor) -> QTextCharFormat:
    """No highlight: the page's own colour, no underline."""
    fmt = QTextCharFormat()
    fmt.setBackground(page)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
    return fmt
