"""The library list: a QAbstractListModel over DocumentSummary records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from storage import DocumentSummary

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2  # the DocumentSummary (title, author, date, counts)
SearchTextRole = Qt.ItemDataRole.UserRole + 3
BylineRole = Qt.ItemDataRole.UserRole + 4  # author · date (· file and import date when titles repeat)

DOCUMENT_IDS_MIME = "application/x-claimmark-document-ids"  # "1,5,7": documents dragged from the list

Index = QModelIndex | QPersistentModelIndex


def origin(document: DocumentSummary) -> str:
    """Return where and when a document came in: "article.txt, imported 2026-12-01 21:04"."""
    name = document.url or (PurePath(document.source).name if document.source else "")
    when = document.imported[:16].replace("T", " ")
    return ", ".join(v for v in (name, f"imported {when}" if when else "") if v)


class LibraryModel(QAbstractListModel):
    """Documents of the library, one row each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._documents: list[DocumentSummary] = []
        self.repeated_titles: set[str] = set()  # titles (casefolded) that several documents share

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._documents = list(documents)
        titles = Counter(d.title.casefold() for d in self._documents)
        self.repeated_titles = {title for title, count in titles.items() if count > 1}
        self.endResetModel()

    def ids(self) -> list[int]:
        """The ids of the documents listed, in list order (newest import first)."""
        return [d.id for d in self._documents]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        document = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return document.title or self.tr("Untitled")
        if role == Qt.ItemDataRole.ToolTipRole:
            byline = " · ".join(v for v in (document.author, document.published) if v)
            return "\n".join(v for v in (document.title, byline, origin(document)) if v)
        if role == BylineRole:
            parts = [document.author, document.published]
            if document.title.casefold() in self.repeated_titles:  # tell two imports of one book apart
                parts.append(origin(document))
            return " · ".join(v for v in parts if v)
        if role == DocumentIdRole:
            return document.id
        if role == SummaryRole:
            return document
        if role == SearchTextRole:
            return f"{document.title} {document.author} {document.published}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged documents' ids (dropped on a collection, they join it)."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime = QMimeData()
        mime.setData(DOCUMENT_IDS_MIME, ",".join(str(self._documents[row].id) for row in rows).encode("ascii"))
        return mime

    def update_counts(self, document_id: int, counts: dict[str, int]) -> None:
        """Show new per-type claim counts for one document."""
        row = self.row_of(document_id)
        if row >= 0:
            self._documents[row].counts = dict(counts)
            self.dataChanged.emit(self.index(row), self.index(row))

    def adjust_count(self, document_id: int, claim_type: str, delta: int) -> None:
        """Count one claim more (delta 1) or less (-1) of claim_type for one document: no query needed."""
        row = self.row_of(document_id)
        if row >= 0:
            counts = self._documents[row].counts
            counts[claim_type] = max(0, counts.get(claim_type, 0) + delta)
            self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, document_id: int) -> int:
        """Return the row showing document_id, or -1."""
        return next((row for row, d in enumerate(self._documents) if d.id == document_id), -1)


class DocumentFilterModel(QSortFilterProxyModel):
    """The library list as shown: the filter box's words, and only the chosen collection's documents."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.document_ids: set[int] | None = None  # None: every document

    def set_document_ids(self, ids: set[int] | None) -> None:
        """Show only these documents (None: all of them)."""
        if not hasattr(self, "beginFilterChange"):  # Qt before 6.10
            self.document_ids = None if ids is None else set(ids)
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self.document_ids = None if ids is None else set(ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.document_ids is not None:
            index = self.sourceModel().index(source_row, 0, source_parent)
            if index.data(DocumentIdRole) not in self.document_ids:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
