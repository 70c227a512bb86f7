"""An answer key's claims outlined in the reader: where each is, in which colour, drawn round its lines.

The outlines are painted over the reader's viewport after Qt has painted the text
(ReaderView.paintEvent); only the marks on screen are drawn, one rounded
rectangle per line a mark spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextDocument, QTextLine
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class KeyMark:
    """One claim of an answer key, as the reader outlines it: where, in which colour, and what the key says."""

    start: int
    end: int
    colour: str
    outcome: str  # agreed | type differs | missed
    tip: str  # the hover text: the key's type, note and how the student's tagging compares


def paint_key_marks(viewport: QWidget, marks: Iterable[KeyMark], rects_of: Callable[[int, int], list[QRectF]]) -> None:
    """Draw each mark as rounded outlines round rects_of(start, end) (a missed claim's dashed)."""
    painter = QPainter(viewport)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for mark in marks:
        style = Qt.PenStyle.DashLine if mark.outcome == "missed" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(QColor(mark.colour), 1.6, style))
        for rect in rects_of(mark.start, mark.end):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
    painter.end()


def range_rects(document: QTextDocument, first: int, last: int, scroll: QPointF) -> list[QRectF]:
    """The viewport rectangles of Qt positions [first, last) of a laid-out document, one per line it spans."""
    rects = []
    block = document.findBlock(first)
    while block.isValid() and block.position() < last:
        layout = block.layout()
        origin = document.documentLayout().blockBoundingRect(block).topLeft() - scroll
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            low = max(first - block.position(), line.textStart())
            high = min(last - block.position(), line.textStart() + line.textLength())
            if low < high:
                x1, x2 = _x_of(line, low), _x_of(line, high)
                rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
        block = block.next()
    return rects


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a block position on one of its lines (PySide returns Qt's in-out argument as a pair)."""
    found: Any = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)
