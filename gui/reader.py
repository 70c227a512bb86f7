"""The reader: renders a document's blocks into a read-only QTextDocument and paints highlights.

Document position p is canonical offset p (through OffsetMap for non-BMP text).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from documents import Block
from storage import Annotation, ClaimType

from .offsets import OffsetMap

_UNDERLINES = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}
_HEADING_SCALE = {1: 1.6, 2: 1.35, 3: 1.2, 4: 1.1, 5: 1.0, 6: 1.0}


class SafeTextDocument(QTextDocument):
    """A QTextDocument that never loads any resource (images, stylesheets, anything)."""

    def loadResource(self, type: int, name: QUrl) -> object:  # noqa: A002 - Qt's signature
        return None


def highlight_format(claim_type: ClaimType) -> QTextCharFormat:
    """Return the shared char format painting one claim type: tinted background + typed underline."""
    colour = QColor(claim_type.colour)
    fmt = QTextCharFormat()
    background = QColor(colour)
    background.setAlpha(60)
    fmt.setBackground(background)
    fmt.setUnderlineStyle(_UNDERLINES.get(claim_type.underline, _UNDERLINES["solid"]))
    fmt.setUnderlineColor(colour)
    return fmt


class ReaderView(QTextBrowser):
    """Read-only view of one document's blocks with claim highlights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setAccessibleName(self.tr("Article text"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._document = SafeTextDocument(self)
        self.setDocument(self._document)
        self.offsets = OffsetMap("")
        self._base_size = 13.0

    def loadResource(self, type: int, name: QUrl) -> object:  # noqa: A002 - Qt's signature
        return None

    def show_blocks(self, blocks: list[Block], text: str) -> None:
        """Replace the view's content by blocks (whose canonical text is text)."""
        self.offsets = OffsetMap(text)
        document = SafeTextDocument(self)
        body = QFont("DejaVu Serif", 1)
        body.setPointSizeF(self._base_size)
        document.setDefaultFont(body)
        document.setDocumentMargin(24)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for index, block in enumerate(blocks):
            block_format, char_format = self._formats(block)
            if index == 0:
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
            else:
                cursor.insertBlock(block_format, char_format)
            cursor.insertText(block.text, char_format)
        cursor.endEditBlock()
        self._document = document
        self.setDocument(document)

    def _formats(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block_format, char_format = QTextBlockFormat(), QTextCharFormat()
        block_format.setBottomMargin(self._base_size * 0.7)
        block_format.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if block.kind == "heading":
            char_format.setFontWeight(QFont.Weight.Bold)
            char_format.setFontPointSize(self._base_size * _HEADING_SCALE.get(block.level, 1.0))
            block_format.setTopMargin(self._base_size * 0.8)
        elif block.kind == "quote":
            block_format.setLeftMargin(28)
            char_format.setFontItalic(True)
        elif block.kind == "list_item":
            block_format.setLeftMargin(22)
            block_format.setTextIndent(-12)
        elif block.kind == "code":
            char_format.setFontFamilies(["DejaVu Sans Mono"])
            block_format.setLeftMargin(16)
        return block_format, char_format

    def paint_highlights(self, annotations: Iterable[Annotation], claim_types: Iterable[ClaimType]) -> None:
        """Paint annotations with one cursor in one edit block and one shared format per type."""
        formats = {t.name: highlight_format(t) for t in claim_types}
        cursor = QTextCursor(self._document)
        cursor.beginEditBlock()
        for annotation in annotations:
            fmt = formats.get(annotation.claim_type)
            if fmt is None or annotation.status == "orphaned":
                continue
            cursor.setPosition(self.offsets.to_qt(annotation.start))
            cursor.setPosition(self.offsets.to_qt(annotation.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
