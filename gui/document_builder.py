"""Render a document's blocks into a QTextDocument so that position p is canonical offset p.

The document is built and highlighted before any view lays it out. The text goes in as
plain text (canonical text is the blocks joined by newlines: Qt's blocks are the same, a
code block's lines aside), in pieces of 64K characters so that the UI thread is never
locked out for long; every block gets the paragraph format at once, and each run of blocks
of another kind gets its formats with one cursor selection: War and Peace's 12,000 blocks
cost 400 format calls instead of 12,000 insertBlock calls (70 -> 60 ms of CPU).
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
# Characters inserted per call. A Qt call holds Python's interpreter lock from start to end: one
# setPlainText of a book is 25-100 ms during which the UI thread cannot run a line of Python.
_CHUNK = 64 * 1024


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
    offsets = offsets or OffsetMap(text)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start in range(0, len(text), _CHUNK):  # as setPlainText does, in pieces: each holds Python's lock briefly
        cursor.insertText(text[start : start + _CHUNK])
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.setBlockFormat(block_formats(Block("paragraph", ""))[0])
    for start, end, block in _runs(blocks):
        if block.kind != "paragraph":
            block_format, char_format = block_formats(block)
            cursor.setPosition(offsets.to_qt(start))
            cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char_format)
            cursor.mergeCharFormat(char_format)
    _apply_spans(cursor, blocks, offsets)
    cursor.endEditBlock()
    return document


def _runs(blocks: list[Block]) -> list[tuple[int, int, Block]]:
    """Cut blocks into runs of one kind and level: (canonical start, end, the run's first block)."""
    runs: list[tuple[int, int, Block]] = []
    position = 0
    for block in blocks:
        end = position + len(block.text)
        if runs and (runs[-1][2].kind, runs[-1][2].level) == (block.kind, block.level):
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((position, end, block))
        position = end + 1
    return runs


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
