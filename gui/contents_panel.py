"""The contents of a book or a long article: its headings as an outline, where the reader is, and jumping there.

Built from the document's blocks (heading levels), not from Qt's layout, so a
book's contents are there before the book is laid out.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from .view_data import Heading

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession
    from .reader import ReaderView

Index = QModelIndex | QPersistentModelIndex
OffsetRole = Qt.ItemDataRole.UserRole + 1
INDENT = "    "


def position_text(headings: list[Heading], offset: int, length: int) -> str:
    """Return "Part · Chapter · 42%" for a reading offset: the last heading before it, under its parents.

    A book's chapters repeat their names in every part ("CHAPTER I" fifteen times in War and
    Peace), so the headings it sits under come first — but not the document's title (the one
    heading at the top level, when there is only one).
    """
    percent = round(100 * offset / length) if length else 0
    index = bisect_right([h.offset for h in headings], offset) - 1
    if index < 0:
        return f"{percent}%"
    top = min(heading.level for heading in headings)
    title_level = top if sum(heading.level == top for heading in headings) == 1 else top - 1
    path = [headings[index]]
    for heading in reversed(headings[:index]):
        if title_level < heading.level < path[0].level:
            path.insert(0, heading)
    return " · ".join([*(heading.text for heading in path), f"{percent}%"])


class OutlineModel(QAbstractListModel):
    """The headings of one document, indented by level."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headings: list[Heading] = []

    def set_headings(self, headings: list[Heading]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.headings = list(headings)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.headings):
            return None
        heading = self.headings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return INDENT * (min(heading.level, 4) - 1) + heading.text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading.text
        if role == OffsetRole:
            return heading.offset
        return None

    def row_at(self, offset: int) -> int:
        """Return the row of the heading the offset is under (-1 before the first)."""
        return bisect_right([h.offset for h in self.headings], offset) - 1


class ContentsPanel(QWidget):
    """The outline of the open document; clicking a heading jumps there; the current one is marked."""

    jump_requested = Signal(int)  # canonical offset
    position_changed = Signal(str)  # "Chapter · 42%": where the reader is

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentsPanel")
        self.model = OutlineModel(self)
        self.view = QListView(self)
        self.view.setObjectName("contentsView")
        self.view.setAccessibleName(self.tr("Contents"))
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # a book's hundreds of chapters lay out at once
        self.empty = QLabel(self.tr("This document has no headings."), self)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.length = 0
        self._reader: ReaderView | None = None
        self._throttle = QTimer(self, singleShot=True, interval=150)
        self._throttle.timeout.connect(self._on_scrolled)
        self.view.clicked.connect(lambda index: self.jump_requested.emit(index.data(OffsetRole)))
        self.view.activated.connect(lambda index: self.jump_requested.emit(index.data(OffsetRole)))

    def follow(self, session: DocumentSession, reader: ReaderView) -> None:
        """Show the outline of the session's document, and where in it the reader is."""
        self._reader = reader
        session.opening.connect(lambda _id: self.set_headings([]))
        session.shown.connect(self._on_shown)
        reader.verticalScrollBar().valueChanged.connect(lambda _: self._throttle.start())

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.length = len(prepared.stored.text)
        self.set_headings(prepared.headings)  # the outline was read on the pool thread
        self._throttle.start()

    def _on_scrolled(self) -> None:
        if self._reader is None or not self._reader.text:
            self.position_changed.emit("")
            return
        offset = self._reader.top_offset()
        self.mark_position(offset)
        self.position_changed.emit(position_text(self.model.headings, offset, self.length))

    def set_headings(self, headings: list[Heading]) -> None:
        """Show headings."""
        self.model.set_headings(headings)
        self.empty.setVisible(not headings)

    def mark_position(self, offset: int) -> None:
        """Make the heading the reader is under current (without jumping)."""
        row = self.model.row_at(offset)
        if row >= 0 and row != self.view.currentIndex().row():
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(self.model.index(row))
            self.view.selectionModel().blockSignals(False)
