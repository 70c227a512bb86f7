"""The collections tree: "All documents", then the library's collections nested, as a QAbstractItemModel.

Documents dragged from the library list carry their ids as ``DOCUMENT_IDS_MIME``;
dropped on a collection, the model asks for them to be added (``documents_dropped``)
and leaves the storing to the window's LibraryManager. A collection dragged in the
tree carries its id as ``COLLECTION_ID_MIME``: dropped on another collection it asks
to go under it, on "All documents" to the top level, and between two rows to go
beside them, before the lower one (``collection_dropped``). An edited name asks for a rename (``rename_requested``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from storage.research.collections import Collection, CollectionNode

from ..library_model import DOCUMENT_IDS_MIME

CollectionIdRole = Qt.ItemDataRole.UserRole + 1  # the collection's id; None for "All documents"
CollectionRole = Qt.ItemDataRole.UserRole + 2  # the Collection record
ALL_KEY = 1  # the key of the "All documents" row; a collection's key is its id + 1 (0: the invisible root)
COLUMNS = 2  # name, number of documents
COLLECTION_ID_MIME = "application/x-claimmark-collection-id"  # "7": a collection dragged in the tree

Index = QModelIndex | QPersistentModelIndex


def document_ids_from(mime: QMimeData) -> list[int]:
    """Return the document ids a drag from the library list carries (none for anything else)."""
    raw = bytes(mime.data(DOCUMENT_IDS_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


def document_ids_mime(ids: list[int]) -> QMimeData:
    """Return the drag data carrying document ids."""
    mime = QMimeData()
    mime.setData(DOCUMENT_IDS_MIME, ",".join(str(i) for i in ids).encode("ascii"))
    return mime


def collection_id_from(mime: QMimeData) -> int | None:
    """Return the id of the collection a drag in the tree carries (None for anything else)."""
    raw = bytes(mime.data(COLLECTION_ID_MIME).data()).decode("ascii", "replace").strip()
    return int(raw) if raw.isdigit() else None


def collection_id_mime(collection_id: int) -> QMimeData:
    """Return the drag data carrying a collection's id."""
    mime = QMimeData()
    mime.setData(COLLECTION_ID_MIME, str(collection_id).encode("ascii"))
    return mime


class CollectionTreeModel(QAbstractItemModel):
    """Row 0 is "All documents"; then each top-level collection with its children under it."""

    documents_dropped = Signal(int, list)  # collection id, document ids: add them
    # collection id, new parent id (None: top level), the sibling to go before (None: last): move it
    collection_dropped = Signal(int, object, object)
    rename_requested = Signal(int, str)  # collection id, the name typed: rename it

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._children: dict[int, list[int]] = {0: [ALL_KEY]}  # key -> keys of its children, in order
        self._parent: dict[int, int] = {ALL_KEY: 0}
        self._collections: dict[int, Collection] = {}
        self.total = 0  # documents in the library, shown beside "All documents"

    def set_tree(self, roots: list[CollectionNode], total: int) -> None:
        """Show these collections (a fresh tree from storage) and the library's number of documents."""
        self.beginResetModel()
        self.total = total
        self._children, self._parent, self._collections = {0: [ALL_KEY]}, {ALL_KEY: 0}, {}
        self._add(0, roots)
        self.endResetModel()

    def _add(self, parent_key: int, nodes: list[CollectionNode]) -> None:
        for node in nodes:
            key = node.collection.id + 1
            self._children.setdefault(parent_key, []).append(key)
            self._parent[key] = parent_key
            self._collections[key] = node.collection
            self._add(key, node.children)

    def collection_ids(self) -> list[int]:
        """Every collection shown, in tree order."""
        return [c.id for c in self._collections.values()]

    def index_of(self, collection_id: int | None) -> QModelIndex:
        """Return the index of a collection (None: "All documents"); invalid when it is not shown."""
        key = ALL_KEY if collection_id is None else collection_id + 1
        if key not in self._parent:
            return QModelIndex()
        parent = self._parent[key]
        return self.createIndex(self._children[parent].index(key), 0, parent)

    def _key(self, index: Index) -> int:
        """The key of the row index points at (0 for the invisible root)."""
        if not index.isValid():
            return 0
        siblings = self._children.get(index.internalId(), [])
        return siblings[index.row()] if 0 <= index.row() < len(siblings) else 0

    # -- Qt model ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt's default
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._key(parent))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent_key = index.internalId()
        if parent_key == 0:
            return QModelIndex()
        grandparent = self._parent[parent_key]
        return self.createIndex(self._children[grandparent].index(parent_key), 0, grandparent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._key(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self._key(index)
        if key == 0:
            return None
        found = self._collections.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:  # a collection's own documents (none shown for a course of weeks)
                count = self.total if found is None else found.documents
                return str(count) if count or found is None else ""
            return self.tr("All documents") if found is None else found.name
        if role == Qt.ItemDataRole.ToolTipRole:
            if found is None:
                return self.tr("Every document in the library ({n})").format(n=self.total)
            if found.documents == 1:
                return self.tr("{path}: 1 document").format(path=found.path)
            return self.tr("{path}: {n} documents").format(path=found.path, n=found.documents)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CollectionIdRole:
            return None if found is None else found.id
        if role == CollectionRole:
            return found
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edited name asks for a rename (the manager stores it or refuses it); the tree re-reads then."""
        found = self._collections.get(self._key(index))
        if role != Qt.ItemDataRole.EditRole or index.column() != 0 or found is None:
            return False
        name = str(value)
        if name == found.name:
            return False
        self.rename_requested.emit(found.id, name)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():  # the invisible root: a collection dropped between top-level rows goes there
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        if self._key(index) != ALL_KEY:  # All documents takes collections only (to the top level)
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            if index.column() == 0:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- dragging collections, dropping collections and documents ------------------
    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_IDS_MIME, COLLECTION_ID_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        found = [self._collections.get(self._key(index)) for index in indexes]
        dragged = [c for c in found if c is not None]
        return collection_id_mime(dragged[0].id) if dragged else None

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if data.hasFormat(COLLECTION_ID_MIME):
            return collection_id_from(data) in {c.id for c in self._collections.values()}
        return data.hasFormat(DOCUMENT_IDS_MIME) and self._collections.get(self._key(parent)) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if data.hasFormat(COLLECTION_ID_MIME):
            return self._drop_collection(data, row, parent)
        target = self._collections.get(self._key(parent))
        ids = document_ids_from(data)
        if target is None or not ids:
            return False
        self.documents_dropped.emit(target.id, ids)
        return True

    def _drop_collection(self, data: QMimeData, row: int, parent: Index) -> bool:
        """Ask to move the dragged collection: dropped on a row, under it (All documents: the top level), last;
        between rows (row >= 0), beside them, before the one below the drop."""
        dragged = collection_id_from(data)
        moved_key = next((key for key, c in self._collections.items() if c.id == dragged), None)
        if moved_key is None:
            return False
        moved = self._collections[moved_key]
        parent_key = self._key(parent)
        if row < 0 or parent_key == ALL_KEY:  # on a row
            target = self._collections.get(parent_key)
            new_parent = None if target is None else target.id
            if moved.parent_id == new_parent:
                return False  # already there
            self.collection_dropped.emit(moved.id, new_parent, None)
            return True
        keys = self._children.get(parent_key, [])
        below = [key for key in keys[row:] if key not in (ALL_KEY, moved_key)]
        before = self._collections[below[0]].id if below else None
        new_parent = None if parent_key == 0 else self._collections[parent_key].id
        order = [key for key in keys if key not in (ALL_KEY, moved_key)]
        at = order.index(below[0]) if below else len(order)
        if moved.parent_id == new_parent and [*order[:at], moved_key, *order[at:]] == [k for k in keys if k != ALL_KEY]:
            return False  # dropped where it is
        self.collection_dropped.emit(moved.id, new_parent, before)
        return True
