"""The library list: a QAbstractListModel over DocumentSummary records."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from storage import DocumentSummary

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2  # the DocumentSummary (title, author, date, counts)
SearchTextRole = Qt.ItemDataRole.UserRole + 3
BylineRole = Qt.ItemDataRole.UserRole + 4  # author · date (· file and import date when titles repeat)

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
