"""Paints annotation cards (type chip, quote, speaker, note, tags) and opens the inline editor."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from storage import AnchorStatus, Annotation, ClaimType

from .annotation_model import AnnotationRole
from .card_editor import CardEditor
from .text_ranges import excerpt
from .themes import DEFAULT_THEME, theme_named

Index = QModelIndex | QPersistentModelIndex
PAD, CHIP_H, GAP = 10, 18, 4
QUOTE_LINES = 4
EDITOR_HEIGHT = 290
_PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine}
_STATUS_COLOURS: dict[str, str] = {
    AnchorStatus.MOVED: "#8a8f98", AnchorStatus.CHANGED: "#c28a00", AnchorStatus.ORPHANED: "#c0392b",
}  # fmt: skip


def text_width(row_width: int) -> int:
    """The width of a card's text in a row row_width wide (sizeHint and paint must agree, or cards overlap)."""
    return row_width - 8 - 2 * PAD - 6


class CardDelegate(QStyledItemDelegate):
    """Draws one annotation as a card; editing it emits edit_committed(uuid, changes)."""

    edit_committed = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim_types: dict[str, ClaimType] = {}
        self.theme = theme_named(DEFAULT_THEME)
        self.editing: QPersistentModelIndex | None = None
        self._sizes: dict[tuple[object, ...], QSize] = {}  # measuring wrapped text is slow: once per card
        self._fonts: dict[str, tuple[QFont, QFontMetrics, int]] = {}
        self.viewport: QWidget | None = None  # the list's viewport: its width is every card's width

    def _lines(self, annotation: Annotation) -> list[tuple[str, bool]]:
        """Return the card's secondary lines and whether each is muted."""
        lines = []
        if annotation.speaker:
            lines.append(("— " + annotation.speaker, False))
        if annotation.note:
            lines.append((excerpt(annotation.note, 160), False))
        if annotation.tags:
            lines.append((" ".join("#" + tag for tag in annotation.tags), True))
        return lines

    def _quote_height(self, option: QStyleOptionViewItem, annotation: Annotation, width: int) -> int:
        metrics = self._metrics(option)[1]
        rect = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, excerpt(annotation.exact))
        return min(rect.height(), metrics.lineSpacing() * QUOTE_LINES)

    def _quote_font(self, option: QStyleOptionViewItem) -> QFont:
        return self._metrics(option)[0]

    def _metrics(self, option: QStyleOptionViewItem) -> tuple[QFont, QFontMetrics, int]:
        """The quote's font and metrics and the body's line spacing for option's font (made once per font)."""
        key = option.font.key()
        if key not in self._fonts:
            font = QFont(option.font)
            font.setFamilies(["Source Serif 4", "Georgia", "DejaVu Serif", "serif"])
            self._fonts[key] = (font, QFontMetrics(font), QFontMetrics(option.font).lineSpacing())
        return self._fonts[key]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        annotation: Annotation = index.data(AnnotationRole)
        if annotation is None:
            return super().sizeHint(option, index)
        if self.editing is not None and self.editing == QPersistentModelIndex(index):
            return QSize(option.rect.width(), EDITOR_HEIGHT)
        row_width = max(120, (self.viewport.width() if self.viewport is not None else option.rect.width()) or 300)
        key = (annotation.uuid, annotation.updated, annotation.exact, row_width, option.font.pointSizeF())
        if key not in self._sizes:
            self._sizes[key] = QSize(row_width, self.card_height(option, annotation, row_width))
        return self._sizes[key]

    def card_height(self, option: QStyleOptionViewItem, annotation: Annotation, row_width: int) -> int:
        """The height paint() needs for annotation's card in a row row_width wide."""
        line = self._metrics(option)[2]
        lines = bool(annotation.speaker) + bool(annotation.note) + bool(annotation.tags)  # as _lines() has them
        extra = lines * (line + GAP)
        quote = self._quote_height(option, annotation, text_width(row_width))
        return PAD + CHIP_H + GAP + quote + GAP + extra + PAD + 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        annotation: Annotation = index.data(AnnotationRole)
        if annotation is None:
            return super().paint(painter, option, index)
        claim_type = self.claim_types.get(annotation.claim_type)
        colour = QColor(claim_type.colour if claim_type else "#888888")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        inset = 1.0 if selected else 0.5  # half the outline's width: the outline stays inside the card's row
        card = QRectF(option.rect).adjusted(4 + inset, 3 + inset, -4 - inset, -3 - inset)
        theme = self.theme
        border = QColor(colour if selected else theme.muted)
        if not selected:
            border.setAlpha(90)
        painter.setPen(QPen(border, 2.0 if selected else 1.0))
        painter.setBrush(QColor(theme.card))
        painter.drawRoundedRect(card, 7, 7)
        painter.fillRect(QRectF(card.left(), card.top() + 6, 3, card.height() - 12), colour)
        self._paint_chip(painter, card, colour, claim_type.label if claim_type else annotation.claim_type, claim_type)
        self._paint_status(painter, card, annotation.status, option)
        text_left, width = card.left() + PAD + 4, text_width(option.rect.width())
        y = card.top() + PAD + CHIP_H + GAP
        painter.setPen(QColor(theme.text))
        painter.setFont(self._quote_font(option))
        quote_h = self._quote_height(option, annotation, int(width))
        option_text = QTextOption()
        option_text.setWrapMode(QTextOption.WrapMode.WordWrap)
        painter.drawText(QRectF(text_left, y, width, quote_h), excerpt(annotation.exact), option_text)
        y += quote_h + GAP
        painter.setFont(option.font)
        line = QFontMetrics(option.font).lineSpacing()
        for text, muted in self._lines(annotation):
            painter.setPen(QColor(theme.muted if muted else theme.text))
            elided = QFontMetrics(option.font).elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(text_left, y, width, line), elided)
            y += line + GAP
        painter.restore()

    def _paint_chip(
        self, painter: QPainter, card: QRectF, colour: QColor, label: str, claim_type: ClaimType | None
    ) -> None:
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        painter.setFont(font)
        width = QFontMetrics(font).horizontalAdvance(label) + 14
        chip = QRectF(card.left() + PAD + 4, card.top() + PAD, width, CHIP_H)
        fill = QColor(colour)
        fill.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, 4, 4)
        dark_page = QColor(self.theme.base).lightness() < 100
        painter.setPen(colour.lighter(140) if dark_page else colour.darker(150))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        underline = claim_type.underline if claim_type else "solid"
        pen = QPen(colour, 2, _PEN_STYLES.get(underline, Qt.PenStyle.SolidLine))
        painter.setPen(pen)
        x0, y0 = chip.right() + 6, chip.center().y()
        if underline == "wave":
            for step in range(0, 24, 4):
                rise = 2 if step % 8 else -2
                painter.drawLine(QPointF(x0 + step, y0 + rise), QPointF(x0 + step + 4, y0 - rise))
        else:
            painter.drawLine(QPointF(x0, y0), QPointF(x0 + 24, y0))

    def _paint_status(self, painter: QPainter, card: QRectF, status: str, option: QStyleOptionViewItem) -> None:
        if status == AnchorStatus.ANCHORED:
            return
        painter.setFont(option.font)
        painter.setPen(QColor(_STATUS_COLOURS.get(status, "#888888")))
        rect = QRectF(card.left(), card.top() + PAD, card.width() - PAD, CHIP_H)
        label: dict[str, str] = {AnchorStatus.MOVED: self.tr("moved"), AnchorStatus.CHANGED: self.tr("changed"),
                                 AnchorStatus.ORPHANED: self.tr("orphaned")}  # fmt: skip
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label.get(status, status))

    # -- inline editing ----------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = CardEditor(list(self.claim_types.values()), parent)
        editor.commit_requested.connect(lambda: self._close(editor, commit=True))
        editor.cancel_requested.connect(lambda: self._close(editor, commit=False))
        self.editing = QPersistentModelIndex(index)
        self.sizeHintChanged.emit(index)
        return editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        self.editing = None
        super().destroyEditor(editor, index)
        self.sizeHintChanged.emit(index)

    def _close(self, editor: CardEditor, commit: bool) -> None:
        if editor.closing:
            return
        editor.closing = True
        if commit:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The card editor commits through its own buttons and keys; the default filter would
        # commit again on focus-out or swallow Esc/Enter meant for the editor.
        if isinstance(watched, CardEditor):
            return False
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        annotation = index.data(AnnotationRole)
        if isinstance(editor, CardEditor) and annotation is not None:
            editor.load(annotation)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        annotation = index.data(AnnotationRole)
        if isinstance(editor, CardEditor) and annotation is not None:
            changes = editor.changes(annotation)
            if changes:
                self.edit_committed.emit(annotation.uuid, changes)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        editor.setGeometry(rect.adjusted(4, 3, -4, -3))
