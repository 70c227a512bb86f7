"""Render a document's blocks into a QTextDocument so that position p is canonical offset p.

The document is built and highlighted before any view lays it out, so opening a book
costs one pass of cursor inserts; the view then lays it out lazily, a screen at a time.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from documents import Block
from documents.model import block_starts

from .offsets import OffsetMap

BODY_FAMILIES = ["Source Serif 4", "Charter", "Georgia", "DejaVu Serif", "serif"]
MONO_FAMILIES = ["DejaVu Sans Mono", "monospace"]
LINK_COLOUR = "#3b73b9"
# Qt's relative font size steps: +1 is x1.2, +2 is x1.5, +3 is x2.
_HEADING_ADJUSTMENT = {1: 2, 2: 1, 3: 1}


class SafeTextDocument(QTextDocument):
    """A QTextDocument that never loads any resource (images, stylesheets, anything)."""

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None


def body_font(point_size: float) -> QFont:
    """Return the reading font at point_size."""
    font = QFont()
    font.setFamilies(BODY_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def build_document(
    blocks: list[Block], text: str, point_size: float, parent: QObject | None = None, offsets: OffsetMap | None = None
) -> QTextDocument:
    """Return a read-only-ready QTextDocument holding blocks (whose canonical text is text)."""
    document = SafeTextDocument(parent)
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(body_font(point_size))
    document.setDocumentMargin(28)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for index, block in enumerate(blocks):
        block_format, char_format = block_formats(block)
        if index == 0:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char_format)
        else:
            cursor.insertBlock(block_format, char_format)
        cursor.insertText(block.text, char_format)
    _apply_spans(cursor, blocks, offsets or OffsetMap(text))
    cursor.endEditBlock()
    return document


def block_formats(block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
    """Return the block and char formats of one block kind (sizes relative to the body font)."""
    block_format, char_format = QTextBlockFormat(), QTextCharFormat()
    block_format.setBottomMargin(10)
    block_format.setLineHeight(145, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if block.kind == "heading":
        char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, _HEADING_ADJUSTMENT.get(block.level, 0))
        block_format.setTopMargin(14)
        block_format.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setHeadingLevel(max(1, block.level))
    elif block.kind == "quote":
        block_format.setLeftMargin(28)
        block_format.setRightMargin(16)
        char_format.setFontItalic(True)
    elif block.kind == "list_item":
        block_format.setLeftMargin(26)
        block_format.setTextIndent(-14)
    elif block.kind == "code":
        char_format.setFontFamilies(MONO_FAMILIES)
        char_format.setFontFixedPitch(True)
        block_format.setLeftMargin(18)
        block_format.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return block_format, char_format


def _apply_spans(cursor: QTextCursor, blocks: list[Block], offsets: OffsetMap) -> None:
    """Merge inline emphasis, strong, code and link formats (links are never opened)."""
    for start, block in zip(block_starts(blocks), blocks, strict=True):
        for span in block.spans:
            fmt = QTextCharFormat()
            if span.kind == "emphasis":
                fmt.setFontItalic(True)
            elif span.kind == "strong":
                fmt.setFontWeight(QFont.Weight.Bold)
            elif span.kind == "code":
                fmt.setFontFamilies(MONO_FAMILIES)
            elif span.kind == "link":
                fmt.setForeground(QColor(LINK_COLOUR))  # colour only: underlines belong to claim types
                fmt.setToolTip(span.href or "")
            cursor.setPosition(offsets.to_qt(start + span.start))
            cursor.setPosition(offsets.to_qt(start + span.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
