"""Collections in the library panel: a tree above the document list that filters it, with its menus.

Choosing a collection shows only its documents (and those of the collections
under it); "All documents" shows every one. New, rename, delete, add and remove
go through the window's LibraryManager (each undoable), as do a collection dragged
under another (or onto "All documents": the top level) and a name edited in place
(F2 or a double-click; Escape keeps the old name); the tree re-reads the
library whenever ``ManageEvents.collections_changed`` says it changed.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from storage import Library, LibraryError
from storage.research import collections
from storage.research.collections import Collection

from .collection_model import CollectionIdRole, CollectionRole, CollectionTreeModel
from .library_manager import LibraryManager


class CollectionsTree(QWidget):
    """The collections of the library as a tree; the chosen one filters the document list."""

    filter_changed = Signal(object)  # set[int] of the documents to show, or None for all
    export_requested = Signal(list)  # document ids: export this collection
    statistics_requested = Signal(int)  # collection id: chart it

    def __init__(self, library: Library, manager: LibraryManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectionsTree")
        self.library, self.manager = library, manager
        self.model = CollectionTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("collectionsView")
        self.view.setAccessibleName(self.tr("Collections"))
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(True)
        self.view.setUniformRowHeights(True)
        self.view.setIndentation(14)
        self.view.setMinimumHeight(self.fontMetrics().height() + 8)  # one row: the splitter fits it to the rows
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("newCollection")
        self.new_button.setText("+")
        self.new_button.setAutoRaise(True)
        self.new_button.setToolTip(self.tr("New collection"))
        self.new_button.setAccessibleName(self.tr("New collection"))
        self.context_menu: QMenu | None = None
        self.shown: set[int] | None = None  # the documents the list shows (None: all)
        self._lay_out()
        self._connect_signals()
        self.refresh()

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        title = QLabel(self.tr("COLLECTIONS"), self)
        title.setObjectName("panelTitle")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(lambda: self.ask_new(None))
        self.view.selectionModel().currentChanged.connect(lambda *_: self._emit_filter())
        self.view.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.model.documents_dropped.connect(self.manager.add_to_collection)
        self.model.collection_dropped.connect(self.manager.move_collection)
        self.model.rename_requested.connect(self.manager.rename_collection)
        self.manager.manage.collections_changed.connect(self.refresh)

    # -- the tree ------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the collections, keeping the chosen one (or "All documents" when it is gone)."""
        current = self.current_collection_id()
        self.model.set_tree(collections.tree(self.library), self.model.total)
        self.view.expandAll()
        self.select_collection(current if current in self.model.collection_ids() else None)

    def set_total(self, total: int) -> None:
        """Show the library's number of documents beside "All documents"."""
        self.model.total = total
        index = self.model.index_of(None)
        self.model.dataChanged.emit(index, index.siblingAtColumn(1))

    def current_collection_id(self) -> int | None:
        """Return the chosen collection's id (None: "All documents")."""
        index = self.view.currentIndex()
        return index.data(CollectionIdRole) if index.isValid() else None

    def current_collection(self) -> Collection | None:
        """Return the chosen collection (None: "All documents")."""
        index = self.view.currentIndex()
        return index.siblingAtColumn(0).data(CollectionRole) if index.isValid() else None

    def select_collection(self, collection_id: int | None) -> None:
        """Choose a collection (None: "All documents"): the list shows its documents."""
        index = self.model.index_of(collection_id)
        self.view.setCurrentIndex(index)
        self._emit_filter()

    def _emit_filter(self) -> None:
        collection_id = self.current_collection_id()
        try:
            shown = None if collection_id is None else set(collections.document_ids(self.library, collection_id))
        except LibraryError:
            shown = None  # deleted by another program meanwhile: show everything
        self.shown = shown
        self.filter_changed.emit(shown)

    # -- asking and doing ----------------------------------------------------------
    def ask_new(self, parent: int | None) -> Collection | None:
        """Ask for a name and add a collection (under parent)."""
        name, ok = QInputDialog.getText(self, self.tr("New Collection"), self.tr("Name:"))
        if not ok or not name.strip():
            return None
        created = self.manager.create_collection(name, parent)
        if created is not None:
            self.select_collection(created.id)
        return created

    def ask_rename(self, target: Collection) -> bool:
        """Ask for a new name for a collection and rename it."""
        name, ok = QInputDialog.getText(self, self.tr("Rename Collection"), self.tr("Name:"), text=target.name)
        return bool(ok and name.strip() and name.strip() != target.name) and self.manager.rename_collection(
            target.id, name
        )

    def export(self, target: Collection) -> list[int]:
        """Ask for the export of a collection's documents (with those of the collections under it)."""
        ids = collections.document_ids(self.library, target.id)
        self.export_requested.emit(ids)
        return ids

    # -- menus ---------------------------------------------------------------------
    def build_context_menu(self, target: Collection | None) -> QMenu:
        """Return the menu of one row of the tree (None: "All documents")."""
        menu = QMenu(self)
        self._add(menu, "actionNewCollection", self.tr("New Collection…"), lambda: self.ask_new(None))
        if target is not None:
            self._add(menu, "actionNewSubcollection", self.tr("New Collection Inside…"),
                      lambda: self.ask_new(target.id))  # fmt: skip
            self._add(menu, "actionRenameCollection", self.tr("Rename…"), lambda: self.ask_rename(target))
            menu.addSeparator()
            self._add(menu, "actionExportCollection", self.tr("Export Collection…"), lambda: self.export(target))
            self._add(menu, "actionCollectionStatistics", self.tr("Statistics…"),
                      lambda: self.statistics_requested.emit(target.id))  # fmt: skip
            menu.addSeparator()
            self._add(menu, "actionDeleteCollection", self.tr("Delete Collection"),
                      lambda: self.manager.delete_collection(target.id))  # fmt: skip
        return menu

    def document_menu(self, document_ids: list[int], menu: QMenu) -> None:
        """Add to a document list's menu: add the documents to a collection, or take them out of the chosen one."""
        add = menu.addMenu(self.tr("Add to Collection"))
        add.setObjectName("menuAddToCollection")
        for found in collections.collections(self.library):
            action = add.addAction("    " * found.depth + found.name)
            action.setObjectName(f"addToCollection_{found.id}")
            action.triggered.connect(lambda _=False, c=found.id: self.manager.add_to_collection(c, document_ids))
        if add.isEmpty():
            add.setEnabled(False)
        self._add(menu, "actionNewCollectionWith", self.tr("New Collection with These…"),
                  lambda: self._new_with(document_ids))  # fmt: skip
        current = self.current_collection()
        if current is not None:
            text = self.tr("Remove from “{name}”").format(name=current.name)
            self._add(menu, "actionRemoveFromCollection", text,
                      lambda: self.manager.remove_from_collection(current.id, document_ids))  # fmt: skip

    def _new_with(self, document_ids: list[int]) -> None:
        created = self.ask_new(None)
        if created is not None:
            self.manager.add_to_collection(created.id, document_ids)

    @staticmethod
    def _add(menu: QMenu, name: str, text: str, slot: object) -> None:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)

    def _on_context_menu_requested(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        target = index.siblingAtColumn(0).data(CollectionRole) if index.isValid() else None
        if index.isValid():
            self.view.setCurrentIndex(index.siblingAtColumn(0))
        self.context_menu = self.build_context_menu(target)
        self.context_menu.popup(self.view.viewport().mapToGlobal(point))

    def fitted_height(self) -> int:
        """The height showing every row (all are expanded), the title above them included."""
        rows = 1 + len(self.model.collection_ids())
        row = max(self.view.sizeHintForRow(0), self.fontMetrics().height() + 4)
        title = self.new_button.sizeHint().height() + 2
        return title + rows * row + 2 * self.view.frameWidth() + 6

    def first_index(self) -> QModelIndex:
        """The "All documents" row."""
        return self.model.index_of(None)
