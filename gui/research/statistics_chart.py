"""The statistics picture, drawn with QPainter: one function paints it on a widget, a PNG or an SVG alike.

Four parts, top to bottom: the claim types' shares (one stacked bar and a
legend); where each type falls along the article (a strip per type: a tick per
claim for one document, a histogram of positions for many); the top speakers
and tags (bars); claims over time (a stacked column per day or week). Colours
are the library's claim types' and the theme's; sizes are in pixels of a
``WIDTH``-wide picture, so the widget, the PNG and the SVG look the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QImageWriter, QPainter

from storage.research.stats import Statistics, TypeShare

from ..themes import Theme

WIDTH = 960
MARGIN = 28
ROW = 20  # one strip or bar row
GAP = 6
HEADING = 30  # a part's heading and the space above it
TIMELINE = 130  # the columns' height
LABEL = 130  # the column of row labels (types, speakers, tags)
TOP_SHOWN = 8  # speakers and tags drawn


@dataclass(frozen=True)
class ChartColours:
    """The theme's colours as the chart uses them."""

    background: QColor
    text: QColor
    muted: QColor
    rule: QColor  # axes and empty strips
    dark: bool


def chart_colours(theme: Theme) -> ChartColours:
    """Return the chart's colours for theme (the page's: the chart reads like the article)."""
    background, text, muted = QColor(theme.base), QColor(theme.text), QColor(theme.muted)
    rule = QColor(muted)
    rule.setAlphaF(0.28)
    return ChartColours(background, text, muted, rule, background.lightness() < 100)


def shown_types(stats: Statistics) -> list[TypeShare]:
    """The claim types drawn: those with claims (every type when none has any)."""
    used = [t for t in stats.types if t.count]
    return used or list(stats.types)


def chart_size(stats: Statistics) -> QSize:
    """The picture's size for these figures (WIDTH wide; as tall as its parts need)."""
    types = len(shown_types(stats))
    legend_lines = 1 + max(0, types - 1) // 4
    top = max(1, min(TOP_SHOWN, max(len(stats.speakers), len(stats.tags))))
    height = (
        MARGIN + 52 + HEADING + 24 + legend_lines * 22 + HEADING + types * (ROW + GAP) + 18
        + HEADING + top * (ROW + GAP) + HEADING + TIMELINE + 24 + MARGIN
    )  # fmt: skip
    return QSize(WIDTH, height)


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font


class _Painter:
    """Paints one Statistics picture top to bottom; ``y`` is where the next part starts."""

    def __init__(self, painter: QPainter, stats: Statistics, colours: ChartColours) -> None:
        self.p, self.stats, self.c = painter, stats, colours
        self.left, self.right = float(MARGIN), float(WIDTH - MARGIN)
        self.y = float(MARGIN)
        self.types = shown_types(stats)

    def colour(self, name: str) -> QColor:
        found = next((t.colour for t in self.stats.types if t.name == name), "#888888")
        colour = QColor(found)
        if self.c.dark and colour.lightnessF() < 0.55:  # a dark type colour on a dark page: lighter, same hue
            colour.setHslF(colour.hslHueF(), colour.hslSaturationF(), 0.6)
        elif not self.c.dark and colour.lightnessF() > 0.85:  # a pale one on a light page
            colour.setHslF(colour.hslHueF(), colour.hslSaturationF(), 0.7)
        return colour

    def text(self, rect: QRectF, text: str, size: int = 12, *, bold: bool = False, muted: bool = False,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:  # fmt: skip
        self.p.setFont(_font(size, bold))
        self.p.setPen(self.c.muted if muted else self.c.text)
        shown = QFontMetricsF(self.p.font()).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        self.p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)

    def heading(self, text: str) -> None:
        self.y += 10
        self.text(QRectF(self.left, self.y, self.right - self.left, 18), text.upper(), 11, bold=True, muted=True)
        self.y += HEADING - 10

    def box(self, rect: QRectF, colour: QColor) -> None:
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(colour)
        self.p.drawRect(rect)

    # -- the parts -----------------------------------------------------------------
    def title(self, library: str) -> None:
        s = self.stats
        title = library if s.scope == "library" else s.title  # the library's title is its file's name
        self.text(QRectF(self.left, self.y, self.right - self.left, 26), title, 20, bold=True)
        documents = f"{s.documents:,} document" + ("" if s.documents == 1 else "s")
        claims = f"{s.claims:,} claim" + ("" if s.claims == 1 else "s")
        self.text(QRectF(self.left, self.y + 28, self.right - self.left, 18), f"{documents} · {claims}", 13, muted=True)
        self.y += 52

    def shares(self, heading: str) -> None:
        self.heading(heading)
        width, x = self.right - self.left, self.left
        total = sum(t.count for t in self.types)
        if total:
            for t in self.types:
                part = width * t.count / total
                self.box(QRectF(x, self.y, part, 18), self.colour(t.name))
                x += part
        else:
            self.box(QRectF(self.left, self.y, width, 18), self.c.rule)
        self.y += 24
        column = width / 4
        for i, t in enumerate(self.types):
            x, y = self.left + (i % 4) * column, self.y + (i // 4) * 22
            self.box(QRectF(x, y + 5, 12, 12), self.colour(t.name))
            self.text(QRectF(x + 18, y, column - 22, 22), f"{t.label}  {t.count:,} · {t.share:.0%}", 13)
        self.y += (1 + max(0, len(self.types) - 1) // 4) * 22

    def strips(self, heading: str, start: str, end: str) -> None:
        self.heading(heading)
        x0, x1 = self.left + LABEL, self.right
        one_document = self.stats.scope == "document"
        for t in self.types:
            # Each type's own scale: half the row is its average stretch, a full row twice that (or more),
            # so an even spread reads as a level band and a cluster stands out, whatever the type's size.
            counts = [b.counts.get(t.name, 0) for b in self.stats.position_bins]
            peak = 2 * sum(counts) / max(1, len(counts))
            self.text(QRectF(self.left, self.y, LABEL - 10, ROW), t.label, 13)
            self.box(QRectF(x0, self.y + ROW - 1, x1 - x0, 1), self.c.rule)
            colour = self.colour(t.name)
            if one_document:
                for fraction, claim_type in self.stats.positions:
                    if claim_type == t.name:
                        self.box(QRectF(x0 + fraction * (x1 - x0) - 1, self.y + 2, 2.5, ROW - 3), colour)
            elif peak:
                bins = self.stats.position_bins
                width = (x1 - x0) / max(1, len(bins))
                for i, b in enumerate(bins):
                    count = b.counts.get(t.name, 0)
                    height = (ROW - 3) * min(1.0, count / peak)
                    self.box(QRectF(x0 + i * width + 1, self.y + ROW - 1 - height, width - 2, height), colour)
            self.y += ROW + GAP
        self.text(QRectF(x0, self.y, 200, 14), start, 11, muted=True)
        self.text(QRectF(x1 - 200, self.y, 200, 14), end, 11, muted=True, align=Qt.AlignmentFlag.AlignRight)
        self.y += 18

    def tops(self, speakers: str, tags: str, none: str) -> None:
        self.heading("")  # the two columns carry their own headings
        self.y -= HEADING - 10
        half = (self.right - self.left - 24) / 2
        rows = max(1, min(TOP_SHOWN, max(len(self.stats.speakers), len(self.stats.tags))))
        for column, (heading, items) in enumerate(((speakers, self.stats.speakers), (tags, self.stats.tags))):
            x = self.left + column * (half + 24)
            self.text(QRectF(x, self.y, half, 18), heading.upper(), 11, bold=True, muted=True)
            self._bars(x, self.y + HEADING - 10, half, items[:TOP_SHOWN], none)
        self.y += HEADING - 10 + rows * (ROW + GAP)

    def _bars(self, x: float, y: float, width: float, items: list[tuple[str, int]], none: str) -> None:
        if not items:
            self.text(QRectF(x, y, width, ROW), none, 12, muted=True)
            return
        peak = max(count for _, count in items)
        label = width * 0.42
        bar_left, bar_width = x + label + 8, width - label - 64
        accent = QColor(self.c.text)
        accent.setAlphaF(0.55)  # speakers and tags have no type: one quiet colour, the theme's
        for name, count in items:
            self.text(QRectF(x, y, label, ROW), name, 13)
            self.box(QRectF(bar_left, y + 5, max(2.0, bar_width * count / peak), ROW - 10), accent)
            self.text(QRectF(bar_left + bar_width * count / peak + 6, y, 60, ROW), f"{count:,}", 12, muted=True)
            y += ROW + GAP

    def timeline(self, heading: str, none: str) -> None:
        self.heading(heading)
        periods = self.stats.timeline
        x0, x1, bottom = self.left + 36, self.right, self.y + TIMELINE
        self.box(QRectF(x0, bottom, x1 - x0, 1), self.c.rule)
        if not periods:
            self.text(QRectF(x0, self.y, x1 - x0, TIMELINE), none, 12, muted=True, align=Qt.AlignmentFlag.AlignCenter)
            self.y = bottom + 24
            return
        peak = max(sum(p.counts.values()) for p in periods)
        self.text(
            QRectF(self.left - 8, self.y - 7, 40, 14), f"{peak:,}", 11, muted=True, align=Qt.AlignmentFlag.AlignRight
        )
        self.text(QRectF(self.left, bottom - 7, 30, 14), "0", 11, muted=True, align=Qt.AlignmentFlag.AlignRight)
        slot = (x1 - x0) / len(periods)
        width = max(1.0, min(48.0, slot * 0.7))
        for i, period in enumerate(periods):
            x, top = x0 + i * slot + (slot - width) / 2, bottom
            for t in self.types:
                height = TIMELINE * period.counts.get(t.name, 0) / peak
                self.box(QRectF(x, top - height, width, height), self.colour(t.name))
                top -= height
        labels = [0, len(periods) - 1] if len(periods) > 1 else [0]
        for i in labels:
            centre = x0 + i * slot + slot / 2
            align = Qt.AlignmentFlag.AlignLeft if i == 0 and len(periods) > 1 else Qt.AlignmentFlag.AlignRight
            rect = QRectF(centre - 4, bottom + 4, 120, 14) if align == Qt.AlignmentFlag.AlignLeft else \
                QRectF(centre - 116, bottom + 4, 120, 14)  # fmt: skip
            if len(periods) == 1:
                rect, align = QRectF(centre - 60, bottom + 4, 120, 14), Qt.AlignmentFlag.AlignCenter
            self.text(rect, periods[i].start, 11, muted=True, align=align)
        self.y = bottom + 24


@dataclass(frozen=True)
class ChartWords:
    """The chart's words, translated by the view that draws it."""

    shares: str = "Claim types"
    strips: str = "Where each type falls along the article"
    start: str = "start"
    end: str = "end"
    speakers: str = "Top speakers"
    tags: str = "Top tags"
    timeline: str = "Claims per week"
    none: str = "none yet"
    library: str = "Whole library"


def paint_statistics(painter: QPainter, stats: Statistics, theme: Theme, words: ChartWords | None = None) -> None:
    """Paint the whole picture at (0, 0), ``chart_size(stats)`` large, background included."""
    words = words or ChartWords()
    colours = chart_colours(theme)
    size = chart_size(stats)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), colours.background)
    chart = _Painter(painter, stats, colours)
    chart.title(words.library)
    chart.shares(words.shares)
    chart.strips(words.strips, words.start, words.end)
    chart.tops(words.speakers, words.tags, words.none)
    chart.timeline(words.timeline, words.none)
    painter.restore()


def render_png(stats: Statistics, theme: Theme, path: str | Path, words: ChartWords | None = None,
               scale: float = 2.0) -> bool:  # fmt: skip
    """Write the picture as a PNG, scale times the pixels (sharp on a high-density screen); False when not written."""
    size = chart_size(stats)
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(chart_colours(theme).background)
    painter = QPainter(image)
    paint_statistics(painter, stats, theme, words)
    painter.end()
    writer = QImageWriter(str(path))
    writer.setFormat(b"PNG")  # whatever the file is called
    return writer.write(image)


def render_svg(stats: Statistics, theme: Theme, path: str | Path, words: ChartWords | None = None,
               title: str = "") -> None:  # fmt: skip
    """Write the picture as an SVG (QtSvg's generator: shapes and text, not pixels)."""
    from PySide6.QtSvg import QSvgGenerator

    size = chart_size(stats)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title or stats.title)
    generator.setDescription("Claimmark statistics")
    painter = QPainter(generator)
    paint_statistics(painter, stats, theme, words)
    painter.end()
