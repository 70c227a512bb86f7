"""The reader: a read-only view of one document with claim highlights.

Document position p is canonical offset p (through OffsetMap for non-BMP text). The view
never asks for the whole document's size or sets its text width itself: Qt lays a big
book out lazily, a screen at a time, while the reader reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from documents import Block
from storage import AnchorStatus, Annotation, ClaimType

from . import highlights
from .commands import AnnotationEvents
from .document_builder import SafeTextDocument, body_font, build_document
from .highlight_overlay import HighlightOverlay
from .key_outlines import KeyMark, paint_key_marks, range_rects
from .layout_driver import LayoutDriver
from .offsets import OffsetMap
from .text_ranges import excerpt, snap_to_words
from .themes import Theme

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession

DEFAULT_POINT_SIZE = 13.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 9.0, 30.0
COLUMN_CHARACTERS = 70  # a comfortable line length
FLASH_MS = 900
FOUND_COLOUR = "#ffb340"  # a found match: orange, unlike any claim type's highlight


class ReaderView(QTextBrowser):
    """Read-only view of one document's blocks with claim highlights."""

    selection_finished = Signal(QRect)  # the snapped selection's rectangle, in viewport coordinates
    selection_cleared = Signal()
    highlight_clicked = Signal(str)  # uuid of the innermost annotation under the click
    sentence_requested = Signal(int)  # Alt+click at this canonical offset: select its sentence
    laid_out = Signal()  # Qt has laid the whole document out (again, after a relayout)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setAccessibleName(self.tr("Article text"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMouseTracking(True)
        flags = Qt.TextInteractionFlag
        self.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
        self.layout_driver = LayoutDriver(self)  # lays a book out in small steps, never in a long stall
        self.layout_driver.laid_out.connect(self.laid_out)
        self.setDocument(SafeTextDocument(self))
        self.text = ""
        self.offsets = OffsetMap("")
        self.point_size = DEFAULT_POINT_SIZE
        self.annotations: dict[str, Annotation] = {}
        self._index = highlights.HighlightIndex()  # the painted ones by position: a key press looks at a few
        self.document_id: int | None = None  # the document shown (None while none is, or another one opens)
        self._formats = highlights.HighlightFormats(())
        self.overlay = HighlightOverlay(self._show_selections, self)  # a book's new highlights, until a pause
        self._marks: list[QTextEdit.ExtraSelection] = []  # a flashed claim or a found match
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self.clear_marks)
        self._place: int | None = None  # a reading place to restore after the layout changed
        self._place_timer = QTimer(self, singleShot=True, interval=0)
        self._place_timer.timeout.connect(self._on_place_timer)
        self._press_position: QPoint | None = None
        self._alt_click = False
        self.key_marks: list[KeyMark] = []  # an answer key's claims, outlined beside the highlights
        # When set (Annotate > Snap Selections to Sentences), a mouse selection grows to whole sentences.
        self.snap_to_sentences: Callable[[int, int], tuple[int, int]] | None = None
        self._bar_shown = False  # a mouse selection is waiting to be tagged: keep its bar beside it
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        # Always there: a scroll bar appearing as a book's layout grows would narrow the page and lay it out anew.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None

    # -- following the session and the stored changes ----------------------------
    def follow(self, session: DocumentSession, events: AnnotationEvents) -> None:
        """Show the session's document and paint every stored change to its annotations."""
        session.opening.connect(self._on_opening)
        session.shown.connect(self._on_shown)
        events.added.connect(self._on_added)
        events.removed.connect(self._on_removed)
        events.changed.connect(self._on_changed)

    def _on_opening(self, _document_id: int) -> None:
        """Another document is being prepared: show nothing that could still be tagged meanwhile."""
        self.document_id = None
        self.clear_selection()
        self.show_blocks([], "")

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.adopt_document(
            prepared.qt_document, prepared.stored.text, prepared.offsets, prepared.by_uuid.values(),
            prepared.claim_types, prepared.index, prepared.by_uuid,
        )  # fmt: skip
        self.document_id = prepared.stored.id

    def _on_added(self, annotation: Annotation) -> None:
        if annotation.document_id == self.document_id:
            self.add_highlight(annotation)

    def _on_removed(self, annotation: Annotation) -> None:
        if annotation.document_id == self.document_id:
            self.remove_highlight(annotation)

    def _on_changed(self, _old: Annotation, new: Annotation) -> None:
        if new.document_id == self.document_id:
            self.update_highlight(new)

    # -- content ---------------------------------------------------------------
    def show_document(
        self, blocks: list[Block], text: str, annotations: Iterable[Annotation], claim_types: Iterable[ClaimType]
    ) -> None:
        """Replace the content by blocks (canonical text text) painted with annotations."""
        annotations, claim_types, offsets = list(annotations), list(claim_types), OffsetMap(text)
        document = build_document(blocks, text, self.point_size, None, offsets)
        formats = highlights.HighlightFormats(claim_types)
        highlights.paint(document, offsets, formats, highlights.segments(annotations))
        self.adopt_document(document, text, offsets, annotations, claim_types)

    def adopt_document(
        self,
        document: QTextDocument,
        text: str,
        offsets: OffsetMap,
        annotations: Iterable[Annotation],
        claim_types: Iterable[ClaimType],
        index: highlights.HighlightIndex | None = None,
        by_uuid: dict[str, Annotation] | None = None,
    ) -> None:
        """Show a document built (and highlighted) elsewhere, before any layout: Qt lays it out lazily.

        Args:
            index, by_uuid: the annotations indexed already (on the pool thread that prepared the document).
        """
        self.text, self.offsets = text, offsets
        self.annotations = by_uuid if by_uuid is not None else {a.uuid: a for a in annotations}
        self._index = index if index is not None else _indexed(self.annotations.values())
        self._formats = highlights.HighlightFormats(claim_types)
        self.overlay.attach(document, offsets, self._formats, self._index.covering, self._page())
        self._marks = []
        document.setParent(self)
        document.setDefaultFont(body_font(self.point_size))
        self._set_column(document)
        old = self.document()
        self.layout_driver.drive(document)
        self.setDocument(document)
        self._show_selections()  # none: the overlay and the marks belonged to the document shown before
        if old is not document and old.parent() is self:
            old.deleteLater()
        QTimer.singleShot(0, self.layout_driver.check)  # a short document is laid out already

    def show_blocks(self, blocks: list[Block], text: str) -> None:
        """Replace the content by blocks without highlights."""
        self.show_document(blocks, text, (), self._formats.claim_types.values())

    def paint_highlights(self, annotations: Iterable[Annotation], claim_types: Iterable[ClaimType]) -> None:
        """Replace every highlight by annotations."""
        self._formats = highlights.HighlightFormats(claim_types)
        self.annotations = {a.uuid: a for a in annotations}
        self._index = _indexed(self.annotations.values())
        self.overlay.attach(self.document(), self.offsets, self._formats, self._index.covering, self._page())
        highlights.clear(self.document(), 0, self.document().characterCount())
        highlights.paint(self.document(), self.offsets, self._formats, highlights.segments(self.annotations.values()))

    def add_highlight(self, annotation: Annotation) -> None:
        """Paint one more annotation, repainting only its range."""
        self._forget(annotation.uuid)
        self.annotations[annotation.uuid] = annotation
        self._index.add(annotation)
        self._repaint(annotation.start, annotation.end)

    def remove_highlight(self, annotation: Annotation) -> None:
        """Unpaint an annotation, repainting only its range."""
        self._forget(annotation.uuid)
        self._repaint(annotation.start, annotation.end)

    def update_highlight(self, annotation: Annotation) -> None:
        """Repaint an annotation whose type or fields changed."""
        old = self.annotations.get(annotation.uuid, annotation)
        self._forget(annotation.uuid)
        self.annotations[annotation.uuid] = annotation
        self._index.add(annotation)
        self._repaint(min(old.start, annotation.start), max(old.end, annotation.end))

    def _forget(self, uuid: str) -> None:
        old = self.annotations.pop(uuid, None)
        if old is not None:
            self._index.remove(old)

    def _repaint(self, start: int, end: int) -> None:
        self.overlay.repaint(start, end)  # into the document at once, or (a book) over it until a pause

    def _page(self) -> QColor:
        return self.palette().color(self.palette().ColorRole.Base)

    def _show_selections(self) -> None:
        self.setExtraSelections(self.overlay.selections() + self._marks)

    def annotations_at(self, offset: int) -> list[Annotation]:
        """Return the painted annotations covering canonical offset, innermost first."""
        return self._index.at(offset)

    # -- typography ------------------------------------------------------------
    def set_point_size(self, point_size: float) -> None:
        """Set the body font size (headings follow), within sensible bounds."""
        # The reading place is a canonical offset: the same words stay at the top through the relayout.
        place = self._place or (self.top_offset() if self.text else 0)
        self._place = place or None  # a resize while the font changes keeps the same place
        self.point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, point_size))
        self.document().setDefaultFont(body_font(self.point_size))
        self._set_column(self.document())
        if place:
            self.keep_place(place)

    def zoom(self, steps: int) -> None:
        """Grow (positive steps) or shrink the font by one point per step."""
        self.set_point_size(self.point_size + steps)

    def set_theme(self, theme: Theme) -> None:
        """Print the page in theme's colours (highlights keep their type colours)."""
        palette = self.palette()
        palette.setColor(palette.ColorRole.Base, QColor(theme.base))
        palette.setColor(palette.ColorRole.Text, QColor(theme.text))
        palette.setColor(palette.ColorRole.Highlight, QColor(theme.selection))
        palette.setColor(palette.ColorRole.HighlightedText, QColor(theme.text))
        self.setPalette(palette)
        self.overlay.set_page(self._page())

    def _set_column(self, document: QTextDocument) -> None:
        """Centre a column of about COLUMN_CHARACTERS characters by the root frame's side margins."""
        column = QFontMetricsF(body_font(self.point_size)).averageCharWidth() * COLUMN_CHARACTERS
        side = max(12.0, (self.viewport().width() - column) / 2 - document.documentMargin())
        frame_format = document.rootFrame().frameFormat()
        if abs(frame_format.leftMargin() - side) > 1:
            frame_format.setLeftMargin(side)
            frame_format.setRightMargin(side)
            # A frame format change is laid out at once, all of it: 3 s for a book. Without a page size
            # there is no layout to change; given its size back, Qt lays the book out lazily (in steps).
            page = document.pageSize()
            document.setPageSize(QSizeF())
            document.rootFrame().setFrameFormat(frame_format)
            document.setPageSize(page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        resized = self.text and event.oldSize().width() != event.size().width()
        place = (self._place or self.top_offset()) if resized else 0
        super().resizeEvent(event)
        self._set_column(self.document())
        if place:
            self.keep_place(place)

    # -- selection ---------------------------------------------------------------
    def selected_range(self) -> tuple[int, int] | None:
        """Return the selection as a canonical range snapped to whole words, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.from_qt(cursor.selectionStart())
        end = self.offsets.from_qt(cursor.selectionEnd())
        start, end = snap_to_words(self.text, start, end)
        return (start, end) if start < end else None

    def select_and_offer(self, start: int, end: int) -> None:
        """Select canonical [start, end) as a mouse selection would, the tag bar beside it."""
        self.select_range(start, end)
        self._bar_shown = True
        self.selection_finished.emit(self.selection_rect())

    def select_range(self, start: int, end: int) -> None:
        """Select canonical [start, end) in the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def text_right(self) -> int:
        """Return the x of the text column's right edge, in viewport coordinates."""
        # The root frame's right margin, once set, replaces the document margin on that side.
        return int(self.viewport().width() - self.document().rootFrame().frameFormat().rightMargin())

    def selection_rect(self) -> QRect:
        """Return the rectangle around the selection's start and end, in viewport coordinates."""
        cursor = self.textCursor()
        first, last = QTextCursor(cursor), QTextCursor(cursor)
        first.setPosition(cursor.selectionStart())
        last.setPosition(cursor.selectionEnd())
        return self.cursorRect(first).united(self.cursorRect(last))

    def clear_selection(self) -> None:
        """Drop the selection, keeping the caret where it was."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self._bar_shown = False
        self.selection_cleared.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_position = event.position().toPoint()
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.button() == Qt.MouseButton.LeftButton:
            self._alt_click = True  # Alt+click selects the sentence under the pointer, on release
            return
        self._alt_click = False
        plain_press = event.button() == Qt.MouseButton.LeftButton and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        if plain_press and self.textCursor().hasSelection():
            # A press on the selection would start dragging its text out (a modal loop waiting on the
            # pointer); here a press always begins a new selection, as in a reader, not an editor.
            self.setTextCursor(self.cursorForPosition(self._press_position))
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._alt_click:
            self._alt_click = False
            offset = self.offsets.from_qt(self.cursorForPosition(event.position().toPoint()).position())
            self.sentence_requested.emit(offset)
            return
        super().mouseReleaseEvent(event)
        snapped = self.selected_range()
        if snapped is not None:
            if self.snap_to_sentences is not None:
                snapped = self.snap_to_sentences(*snapped)
            self.select_range(*snapped)
            self._bar_shown = True
            self.selection_finished.emit(self.selection_rect())
            return
        self._bar_shown = False
        self.selection_cleared.emit()
        offset = self.offsets.from_qt(self.cursorForPosition(event.position().toPoint()).position())
        under = self.annotations_at(offset)
        if under and self._press_position is not None:
            self.highlight_clicked.emit(under[0].uuid)

    def _on_scrolled(self, _value: int) -> None:
        if self._bar_shown and self.textCursor().hasSelection():
            self.selection_finished.emit(self.selection_rect())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        return super().viewportEvent(event)

    def _show_tooltip(self, event: QEvent) -> None:
        point = event.pos()  # type: ignore[attr-defined]
        offset = self.offsets.from_qt(self.cursorForPosition(point).position())
        lines = [self.describe(annotation) for annotation in self.annotations_at(offset)]
        lines += [mark.tip for mark in self.key_marks if mark.start <= offset < mark.end]
        if lines:
            QToolTip.showText(event.globalPos(), "\n\n".join(lines), self.viewport())  # type: ignore[attr-defined]
        else:
            QToolTip.hideText()

    def describe(self, annotation: Annotation) -> str:
        """Return the hover text of one annotation: type, speaker and note."""
        claim_type = self._formats.claim_types.get(annotation.claim_type)
        lines = [claim_type.label if claim_type else annotation.claim_type]
        if annotation.speaker:
            lines.append(self.tr("Speaker: {speaker}").format(speaker=annotation.speaker))
        if annotation.note:
            lines.append(excerpt(annotation.note, 200))
        return "\n".join(lines)

    # -- navigation --------------------------------------------------------------
    def show_claim(self, uuid: str) -> bool:
        """Scroll to the claim uuid and flash it; False when it is not here or has no place (an orphan)."""
        annotation = self.annotations.get(uuid)
        if annotation is None or annotation.status == AnchorStatus.ORPHANED:
            return False
        self.scroll_to(annotation.start, annotation.end)
        return True

    def scroll_to(self, start: int, end: int, flash: bool = True) -> None:
        """Bring canonical [start, end) into view, a third of the way down, and flash it (once laid out there)."""
        self.layout_driver.when_reached(self.offsets.to_qt(start), lambda: self._scroll_to(start, end, flash))

    def _scroll_to(self, start: int, end: int, flash: bool) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.viewport().height() // 3)
        if flash:
            self.flash(start, end)

    def flash(self, start: int, end: int) -> None:
        """Briefly mark [start, end): one transient selection, not a highlight."""
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(self.document())
        selection.cursor.setPosition(self.offsets.to_qt(start))
        selection.cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection.format.setBackground(self.palette().color(self.palette().ColorRole.Highlight))
        self._marks = [selection]
        self._show_selections()
        self._flash_timer.start()

    def show_key(self, marks: list[KeyMark]) -> None:
        """Outline an answer key's claims (none: take the outlines away)."""
        self.key_marks = sorted(marks, key=lambda mark: mark.start)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.key_marks:
            self._paint_key_marks()

    def _paint_key_marks(self) -> None:
        """Draw each visible key claim as a rounded outline around its lines (only what is on screen)."""
        top = self.offsets.from_qt(self.cursorForPosition(QPoint(0, 0)).position())
        bottom = self.offsets.from_qt(self.cursorForPosition(QPoint(0, self.viewport().height())).position())
        scroll = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        visible = [mark for mark in self.key_marks if mark.end >= top and mark.start <= bottom]
        paint_key_marks(self.viewport(), visible, lambda start, end: range_rects(
            self.document(), self.offsets.to_qt(start), self.offsets.to_qt(end), scroll))  # fmt: skip

    def mark_match(self, start: int, end: int) -> None:
        """Show a found match: scroll it into view and mark it until the next one (not a highlight)."""
        self._flash_timer.stop()
        self.scroll_to(start, end, flash=False)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(self.document())
        selection.cursor.setPosition(self.offsets.to_qt(start))
        selection.cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection.format.setBackground(QColor(FOUND_COLOUR))
        selection.format.setForeground(QColor("#000000"))
        self._marks = [selection]
        self._show_selections()

    def clear_marks(self) -> None:
        """Remove a found match's mark (or a flashed claim's)."""
        self._marks = []
        self._show_selections()

    def top_offset(self) -> int:
        """Return the canonical offset shown at the top of the viewport."""
        return self.offsets.from_qt(self.cursorForPosition(QPoint(0, 0)).position())

    def keep_place(self, offset: int) -> None:
        """Bring offset back to the top once Qt has laid the text out anew (after a font or width change)."""
        self._place = offset
        self._place_timer.start()

    def _on_place_timer(self) -> None:
        if self._place is not None:
            self.scroll_to_offset(self._place)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that canonical offset is at the top of the viewport (a place kept from a relayout is dropped).

        Beyond what Qt has laid out so far, the scroll waits for the layout's steps to get there.
        """
        self._place = None
        position = self.offsets.to_qt(max(0, min(offset, len(self.text))))
        self.layout_driver.when_reached(position, lambda: self._scroll_to_position(position))

    def _scroll_to_position(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())


def _indexed(annotations: Iterable[Annotation]) -> highlights.HighlightIndex:
    return highlights.HighlightIndex(sorted(annotations, key=lambda a: a.start))
