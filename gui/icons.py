"""The window's icons: the project's SVG set (resources/icons) drawn in the theme's text colour, and claim type chips.

Icons are plain SVG files read through importlib.resources; each is drawn in
the colour of the current theme so it reads on light, sepia and dark pages.
A claim type's icon is drawn from its colour and underline style, so a type a
library adds gets one too.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

from storage import ClaimType

SIZE = 48  # drawn at twice the usual toolbar size, for sharp icons on high-density screens
_STROKE = 'stroke="#000000"'


@cache
def _source(name: str) -> str:
    return (files("resources") / "icons" / f"{name}.svg").read_text(encoding="utf-8")


@cache
def icon(name: str, colour: str = "#1d1d1f") -> QIcon:
    """Return the icon called name (a file of resources/icons) drawn in colour."""
    renderer = QSvgRenderer(QByteArray(_source(name).replace(_STROKE, f'stroke="{colour}"').encode("utf-8")))
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    """Return Claimmark's own icon (the window icon, the launcher's)."""
    return icon("claimmark")


def claim_type_icon(claim_type: ClaimType) -> QIcon:
    """Return a chip in the type's colour with its underline style beneath: how its highlights look."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(claim_type.colour)
    fill = QColor(colour)
    fill.setAlpha(110)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(6, 8, 36, 22), 5, 5)
    painter.setPen(QPen(colour, 4, _pen_style(claim_type.underline), Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if claim_type.underline == "wave":
        path = QPainterPath(QPointF(6, 38))
        for step in range(6):
            path.quadTo(QPointF(9 + 6 * step, 32 if step % 2 else 44), QPointF(12 + 6 * step, 38))
        painter.drawPath(path)
    else:
        painter.drawLine(QPointF(6, 38), QPointF(42, 38))
    painter.end()
    return QIcon(pixmap)


def _pen_style(underline: str) -> Qt.PenStyle:
    return {"dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine}.get(underline, Qt.PenStyle.SolidLine)
