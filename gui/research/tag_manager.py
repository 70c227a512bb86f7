"""Manage Tags: every tag with its number of claims; rename, merge several into one, delete — each undoable.

Changes go through the window's LibraryManager; the dialog re-reads the tags
whenever ``ManageEvents.tags_changed`` says they changed (a change, its undo or
redo), and so does the window's claims panel (it shows the document again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import Library
from storage.research import tag_changes
from storage.research.tag_changes import TagUse

from .library_manager import LibraryManager
from .named import named

TagNameRole = Qt.ItemDataRole.UserRole + 1
COUNT_COLUMN = 1

Index = QModelIndex | QPersistentModelIndex


class TagTableModel(QAbstractTableModel):
    """Tags and how many claims carry each: two columns, most used first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tags: list[TagUse] = []

    def set_tags(self, tags: list[TagUse]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._tags = list(tags)
        self.endResetModel()

    def names(self) -> list[str]:
        """The tag names, in row order."""
        return [t.name for t in self._tags]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Tag"), self.tr("Claims"))[section] if 0 <= section < 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tags):
            return None
        tag = self._tags[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return tag.name if index.column() == 0 else str(tag.count)
        if role == Qt.ItemDataRole.EditRole:  # what the proxy sorts by
            return tag.name.casefold() if index.column() == 0 else tag.count
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TagNameRole:
            return tag.name
        return None


class TagManagerDialog(QDialog):
    """A filterable table of tags and the buttons that rename, merge and delete the selected ones."""

    def __init__(self, library: Library, manager: LibraryManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagManager")
        self.setWindowTitle(self.tr("Manage Tags"))
        self.resize(480, 520)
        self.library, self.manager = library, manager
        self.model = TagTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.filter_box = named(QLineEdit(self, clearButtonEnabled=True), "tagFilter")
        self.filter_box.setPlaceholderText(self.tr("Filter tags…"))
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView(self)
        self.view.setObjectName("tagTable")
        self.view.setAccessibleName(self.tr("Tags"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COUNT_COLUMN, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.rename_button = named(QPushButton(self.tr("Rename…"), self), "tagRename")
        self.merge_button = named(QPushButton(self.tr("Merge…"), self), "tagMerge")
        self.delete_button = named(QPushButton(self.tr("Delete"), self), "tagDelete")
        self.close_button = named(QPushButton(self.tr("Close"), self), "tagClose")
        self.rename_button.clicked.connect(lambda: self.ask_rename())
        self.merge_button.clicked.connect(lambda: self.ask_merge())
        self.delete_button.clicked.connect(lambda: self.delete(self.selected_names()))
        self.close_button.clicked.connect(self.close)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        manager.manage.tags_changed.connect(self.reload)
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.rename_button, self.merge_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        """Re-read the tags with their counts, keeping the selection where the names remain."""
        chosen = self.selected_names()
        self.model.set_tags(tag_changes.tags(self.library))
        self.select_names(chosen)
        self._enable()

    def _enable(self) -> None:
        chosen = len(self.selected_names())
        self.rename_button.setEnabled(chosen == 1)
        self.merge_button.setEnabled(chosen >= 1)
        self.delete_button.setEnabled(chosen >= 1)

    def selected_names(self) -> list[str]:
        """The selected tags, in row order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(TagNameRole) for index in rows]

    def select_names(self, names: list[str]) -> None:
        """Select these tags (and no others)."""
        self.view.clearSelection()
        selection = self.view.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(TagNameRole) in names:
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    # -- changing ------------------------------------------------------------------
    def ask_rename(self) -> bool:
        """Ask for a new name for the selected tag and rename it on every claim."""
        names = self.selected_names()
        if len(names) != 1:
            return False
        new, ok = QInputDialog.getText(self, self.tr("Rename Tag"), self.tr("New name:"), text=names[0])
        return bool(ok and new.strip()) and self.rename(names[0], new)

    def rename(self, name: str, new_name: str) -> bool:
        """Rename a tag on every claim (one undoable change)."""
        return self.manager.rename_tag(name, new_name)

    def ask_merge(self) -> bool:
        """Ask which tag the selected ones become, and merge them into it."""
        names = self.selected_names()
        if not names:
            return False
        into, ok = QInputDialog.getItem(
            self, self.tr("Merge Tags"), self.tr("Merge {n} tag(s) into:").format(n=len(names)), names, 0, True
        )
        return bool(ok and into.strip()) and self.merge(names, into)

    def merge(self, names: list[str], into: str) -> bool:
        """Merge tags into one (one undoable change)."""
        return self.manager.merge_tags(names, into)

    def delete(self, names: list[str]) -> bool:
        """Take tags off every claim and delete them (one undoable change)."""
        return bool(names) and self.manager.delete_tags(names)
