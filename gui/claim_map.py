"""The claim map: a thin strip beside the reader's scroll bar marking where each claim sits."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from storage import Annotation, ClaimType

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

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 200)

    def set_annotations(self, annotations: Iterable[Annotation], claim_types: Iterable[ClaimType], length: int) -> None:
        """Show every annotation of a text of length characters."""
        self._colours = {t.name: t.colour for t in claim_types}
        self.text_length = max(1, length)
        self.marks = {}
        for annotation in annotations:
            self._mark(annotation)
        self.update()

    def add(self, annotation: Annotation) -> None:
        """Mark one more annotation."""
        self._mark(annotation)
        self.update()

    def remove(self, annotation: Annotation) -> None:
        """Drop an annotation's mark."""
        self.marks.pop(annotation.uuid, None)
        self.update()

    def _mark(self, annotation: Annotation) -> None:
        if annotation.status != "orphaned":
            colour = self._colours.get(annotation.claim_type, "#888888")
            self.marks[annotation.uuid] = (annotation.start / self.text_length, colour)

    def set_background(self, colour: str) -> None:
        """Paint the strip's background in colour (the theme's window colour)."""
        self.background = QColor(colour)
        self.update()

    def offset_at(self, y: float) -> int:
        """Return the canonical offset a click at height y points to."""
        fraction = min(1.0, max(0.0, y / max(1, self.height())))
        return int(fraction * self.text_length)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        height = self.height()
        for fraction, colour in self.marks.values():
            painter.fillRect(1, int(fraction * (height - 3)), self.width() - 2, 3, QColor(colour))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.jump_requested.emit(self.offset_at(event.position().y()))
