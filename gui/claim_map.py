"""The claim map: a thin strip beside the reader's scroll bar marking where each claim sits."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from storage import AnchorStatus, Annotation, ClaimType

from .commands import AnnotationEvents
from .view_data import claim_marks

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession

STRIP_WIDTH = 12


class ClaimMap(QWidget):
    """Marks each annotation at its share of the text's length; clicking jumps there.

    Positions come from canonical offsets, not from the layout, so a book's map is
    right before Qt has laid the whole book out.
    """

    jump_requested = Signal(int)  # canonical offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimMap")
        self.setAccessibleName(self.tr("Claim map"))
        self.setToolTip(self.tr("Where the claims are: click to jump"))
        self.setFixedWidth(STRIP_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.text_length = 0
        self.marks: dict[str, tuple[float, str]] = {}  # uuid -> (fraction, colour)
        self._colours: dict[str, str] = {}
        self.background = QColor("#eceae6")
        self._pixmap: QPixmap | None = None  # the painted strip, redrawn only when marks go away
        self.document_id: int | None = None
        self._types: list[ClaimType] = []
        self._sorted: tuple[list[float], list[str]] | None = None  # marks as sorted columns, while unchanged

    def follow(self, session: DocumentSession, events: AnnotationEvents) -> None:
        """Mark the claims of the session's document and follow every stored change to them."""
        session.opening.connect(lambda _id: self._show(None, [], self._types, 1))
        session.shown.connect(self._on_shown)
        events.added.connect(lambda a: self.add(a) if a.document_id == self.document_id else None)
        events.removed.connect(lambda a: self.remove(a) if a.document_id == self.document_id else None)
        events.changed.connect(self._on_changed)

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.document_id = prepared.stored.id
        self._types = list(prepared.claim_types)
        self._colours = {t.name: t.colour for t in prepared.claim_types}
        self.text_length = max(1, len(prepared.stored.text))
        self.marks = prepared.marks  # worked out on the pool thread
        self._invalidate()
        self._sorted = prepared.sorted_marks

    def _show(self, document_id: int | None, annotations: list[Annotation], types: list[ClaimType], n: int) -> None:
        self.document_id = document_id
        self._types = list(types)
        self.set_annotations(annotations, types, n)

    def _on_changed(self, old: Annotation, new: Annotation) -> None:
        if new.document_id == self.document_id:
            self.remove(old)
            self.add(new)

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 200)

    def set_annotations(self, annotations: Iterable[Annotation], claim_types: Iterable[ClaimType], length: int) -> None:
        """Show every annotation of a text of length characters."""
        self._colours = {t.name: t.colour for t in claim_types}
        self.text_length = max(1, length)
        self.marks = claim_marks(annotations, claim_types, length)
        self._invalidate()
        self._sorted = None

    def add(self, annotation: Annotation) -> None:
        """Mark one more annotation (drawn onto the cached strip, not a full repaint)."""
        self._sorted = None
        self._mark(annotation)
        mark = self.marks.get(annotation.uuid)
        if self._pixmap is not None and mark is not None:
            painter = QPainter(self._pixmap)
            self._draw(painter, *mark)
            painter.end()
        self.update()

    def remove(self, annotation: Annotation) -> None:
        """Drop an annotation's mark."""
        if self.marks.pop(annotation.uuid, None) is not None:
            self._sorted = None
            self._invalidate()

    def _mark(self, annotation: Annotation) -> None:
        if annotation.status != AnchorStatus.ORPHANED:
            colour = self._colours.get(annotation.claim_type, "#888888")
            self.marks[annotation.uuid] = (annotation.start / self.text_length, colour)

    def set_background(self, colour: str) -> None:
        """Paint the strip's background in colour (the theme's window colour)."""
        self.background = QColor(colour)
        self._invalidate()

    def offset_at(self, y: float) -> int:
        """Return the canonical offset a click at height y points to."""
        fraction = min(1.0, max(0.0, y / max(1, self.height())))
        return int(fraction * self.text_length)

    def _invalidate(self) -> None:
        self._pixmap = None
        self.update()

    def _draw(self, painter: QPainter, fraction: float, colour: str) -> None:
        painter.fillRect(1, int(fraction * (self.height() - 3)), self.width() - 2, 3, QColor(colour))

    def _render(self) -> QPixmap:
        pixmap = QPixmap(self.size())
        pixmap.fill(self.background)
        painter = QPainter(pixmap)
        # One mark per pixel row: 10,000 claims, a few hundred rects (the height asked once, not per claim).
        height, width = self.height() - 3, self.width() - 2
        colours: dict[str, QColor] = {}
        for y, colour in self._rows(height).items():
            painter.fillRect(1, y, width, 3, colours.get(colour) or colours.setdefault(colour, QColor(colour)))
        painter.end()
        return pixmap

    def _rows(self, height: int) -> dict[int, str]:
        """Return pixel row -> colour of the last mark on it, rows in the order their first mark comes."""
        if self._sorted is None or height <= 0:
            return {int(fraction * height): colour for fraction, colour in self.marks.values()}
        # The same rows from sorted marks, a bisection per row instead of a step per mark (100,000 claims).
        fractions, colours = self._sorted
        rows: dict[int, str] = {}
        start, end = 0, len(fractions)
        while start < end:
            y = int(fractions[start] * height)
            after = bisect_left(fractions, (y + 1) / height, start + 1, end)  # near the row's end; made exact:
            while after < end and int(fractions[after] * height) <= y:
                after += 1
            while int(fractions[after - 1] * height) > y:
                after -= 1
            rows[y], start = colours[after - 1], after
        return rows

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None or self._pixmap.size() != self.size():
            self._pixmap = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.jump_requested.emit(self.offset_at(event.position().y()))
