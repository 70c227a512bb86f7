"""Paints a search result: the claim's type (or "In the text") and its document, then the snippet, matches marked.

The snippet and the other fields that matched are one small rich-text document
per row and width (``snippet_document``), made once: by the search job on its
pool thread, laid out there and handed over (``adopt``), else when first painted.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from storage import ClaimType
from storage.research.highlights import Highlighted

from ..themes import DEFAULT_THEME, Theme, theme_named
from .search_model import CLAIM, RowRole, SearchRow

Index = QModelIndex | QPersistentModelIndex
PAD, GAP, MARGIN = 8, 3, 2  # inside a row, between its header and its snippet, between rows
SNIPPET_LINES = 4  # at most, the rest clipped
MAX_CACHED = 400
_FIELD_NAMES = {"note": "Note", "speaker": "Speaker", "tags": "Tags"}


def marked_html(text: Highlighted, mark_style: str) -> str:
    """Return text as HTML with each matched range in a span of mark_style (everything else escaped)."""
    parts, at = [], 0
    for start, end in text.spans:
        parts += [escape(text.text[at:start]), f'<span style="{mark_style}">{escape(text.text[start:end])}</span>']
        at = end
    return "".join(parts) + escape(text.text[at:])


@dataclass(frozen=True)
class SnippetLayout:
    """What a snippet's document depends on besides its row: the width of its text, the font, the theme."""

    width: int
    font: QFont
    theme: Theme


def snippet_document(row: SearchRow, layout: SnippetLayout) -> QTextDocument:
    """Return row's snippet (and the other fields that matched) as a rich-text document, laid out at layout.width.

    Any thread may call this; a document made on a pool thread is moved to the application's thread by its caller.
    """
    theme, mark = layout.theme, f"background-color: {layout.theme.selection}; font-weight: 600"
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(layout.font)
    document.setTextWidth(layout.width)
    html = [f'<div style="color: {theme.text}">{marked_html(row.snippet, mark)}</div>']
    for name, text in row.also:
        label = escape(QCoreApplication.translate("SearchResultDelegate", _FIELD_NAMES[name]))
        html.append(f'<div style="color: {theme.muted}">{label}: {marked_html(text, mark)}</div>')
    document.setHtml("".join(html))
    document.size()  # lays it out here, not at the first paint
    return document


class SearchResultDelegate(QStyledItemDelegate):
    """Draws one SearchRow: a header line, then the snippet with the matched words marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim_types: dict[str, ClaimType] = {}
        self.theme = theme_named(DEFAULT_THEME)
        self._documents: dict[tuple[SearchRow, int, str], QTextDocument] = {}
        self.viewport: QWidget | None = None  # the list's viewport: its width is every row's width

    def set_theme(self, theme: Theme) -> None:
        """Paint rows in theme's colours (the snippets are made again)."""
        self.theme = theme
        self._documents.clear()

    def set_claim_types(self, claim_types: list[ClaimType]) -> None:
        """Name and colour the claims' types as the library has them now."""
        self.claim_types = {t.name: t for t in claim_types}

    def layout_for(self, font: QFont) -> SnippetLayout:
        """How a search job should lay out snippets to match these rows (the viewport's width now)."""
        return SnippetLayout(self._text_width(), QFont(font), self.theme)

    def adopt(self, documents: dict[SearchRow, QTextDocument], layout: SnippetLayout | None) -> None:
        """Take snippet documents a search job made for layout (used while the width and theme still match)."""
        if layout is None or layout.theme != self.theme:
            return
        if len(self._documents) > MAX_CACHED:
            self._documents.clear()
        for row, document in documents.items():
            self._documents[(row, layout.width, self.theme.name)] = document

    def _text_width(self, option: QStyleOptionViewItem | None = None) -> int:
        """The snippets' width: the viewport's (sizeHint's option may carry none), less the row's margins."""
        width = self.viewport.width() if self.viewport is not None else option.rect.width() if option else 0
        return max(80, width - 2 * PAD - 8)

    def _document(self, row: SearchRow, width: int, font: QFont) -> QTextDocument:
        key = (row, width, self.theme.name)
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) > MAX_CACHED:
                self._documents.clear()
            document = self._documents[key] = snippet_document(row, SnippetLayout(width, font, self.theme))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        row: SearchRow = index.data(RowRole)
        line = QFontMetrics(option.font).lineSpacing()
        body = self._body_height(row, self._document(row, self._text_width(option), option.font), line)
        return QSize(200, int(2 * MARGIN + 2 * PAD + line + GAP + body))

    def _body_height(self, row: SearchRow, document: QTextDocument, line: int) -> float:
        """The snippet's height: all of it, up to SNIPPET_LINES lines (and a line per other field that matched)."""
        return min(document.size().height(), line * (SNIPPET_LINES + len(row.also)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: SearchRow = index.data(RowRole)
        painter.save()
        rect = QRectF(option.rect).adjusted(4, MARGIN, -4, -MARGIN)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.theme.card))
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(QColor(self.theme.muted))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, 6, 6)
        line = QFontMetrics(option.font).lineSpacing()
        left, width = rect.left() + PAD, self._text_width(option)
        self._paint_header(painter, option, row, QRectF(left, rect.top() + PAD, width, line))
        document = self._document(row, width, option.font)
        top = rect.top() + PAD + line + GAP
        clip = QRectF(0, 0, width, self._body_height(row, document, line))
        painter.translate(QPointF(left, top))
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(self.theme.text))
        context.clip = clip
        document.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_header(self, painter: QPainter, option: QStyleOptionViewItem, row: SearchRow, rect: QRectF) -> None:
        """The claim's type in its colour (or "In the text"), then the document's title, elided."""
        bold = QFont(option.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        if row.kind == CLAIM:
            claim_type = self.claim_types.get(row.claim_type)
            label = claim_type.label if claim_type else row.claim_type
            colour = QColor(claim_type.colour if claim_type else self.theme.muted)
            dark_page = QColor(self.theme.base).lightness() < 100
            colour = colour.lighter(130) if dark_page else colour.darker(140)
        else:
            label, colour = self.tr("In the text"), QColor(self.theme.muted)
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(rect, label)
        shift = metrics.horizontalAdvance(label) + 10
        painter.setFont(option.font)
        painter.setPen(QColor(self.theme.muted))
        title = QFontMetrics(option.font).elidedText(
            row.document_title or self.tr("Untitled"), Qt.TextElideMode.ElideRight, int(rect.width() - shift)
        )
        painter.drawText(rect.adjusted(shift, 0, 0, 0), title)
