"""The "Not saved" section of the claims panel: tags and edits whose write failed, to retry, copy or discard.

A change the library refused (a full disk, a locked or read-only library)
is never shown as saved: it is listed here until a retry stores it, or the
reader copies it somewhere safe and discards it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from .annotator import UnsavedChange

Index = QModelIndex | QPersistentModelIndex
KeyRole = Qt.ItemDataRole.UserRole + 1


class UnsavedModel(QAbstractListModel):
    """The unsaved changes, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.changes: list[UnsavedChange] = []

    def add(self, change: UnsavedChange) -> None:
        """Append one change."""
        row = len(self.changes)
        self.beginInsertRows(QModelIndex(), row, row)
        self.changes.append(change)
        self.endInsertRows()

    def remove(self, change: UnsavedChange) -> None:
        """Drop a change (stored by a retry, or discarded)."""
        row = next((n for n, c in enumerate(self.changes) if c.key == change.key), -1)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.changes[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.changes):
            return None
        change = self.changes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            action = self.tr("Tag") if change.kind == "tag" else self.tr("Edit")
            return f"{action} {change.claim_type}: “{' '.join(change.quote.split())[:80]}”"
        if role == Qt.ItemDataRole.ToolTipRole:
            return change.message
        if role == KeyRole:
            return change.key
        return None


class UnsavedSection(QWidget):
    """Lists unsaved changes with Retry, Copy and Discard; hidden while there are none."""

    retry_requested = Signal(int)  # key
    copy_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedSection")
        self.model = UnsavedModel(self)
        self.title = QLabel(self)
        self.title.setObjectName("unsavedTitle")
        self.title.setStyleSheet("QLabel { color: #c0392b; font-weight: bold; }")
        self.view = QListView(self)
        self.view.setObjectName("unsavedView")
        self.view.setAccessibleName(self.tr("Changes not saved"))
        self.view.setModel(self.model)
        self.view.setMaximumHeight(120)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text in (("retry", self.tr("Retry")), ("copy", self.tr("Copy")), ("discard", self.tr("Discard"))):
            button = QPushButton(text, self)
            button.setObjectName(f"unsaved_{name}")
            button.clicked.connect(lambda _=False, n=name: self._emit(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update)
        self._update()

    def _emit(self, name: str) -> None:
        index = self.view.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            signals = {"retry": self.retry_requested, "copy": self.copy_requested, "discard": self.discard_requested}
            signals[name].emit(index.data(KeyRole))

    def _update(self, *_: object) -> None:
        count = self.model.rowCount()
        self.title.setText(self.tr("NOT SAVED  {count}").format(count=count))
        self.setVisible(count > 0)
