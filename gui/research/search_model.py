"""The search panel's results: one row per claim hit or document-text hit, best first (a QAbstractListModel).

The rows are plain ``SearchRow`` records built on the pool thread from storage's
``SearchResults`` (``rows_of``), so the UI thread only swaps the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from storage.research.highlights import Highlighted
from storage.research.search import SearchResults

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1  # the SearchRow
UuidRole = Qt.ItemDataRole.UserRole + 2  # the claim's uuid ("" for a hit in a document's text)
DocumentIdRole = Qt.ItemDataRole.UserRole + 3
CLAIM, TEXT = "claim", "text"
_MATCH_ORDER = ("note", "speaker", "tags")  # besides the quote, what else matched, in this order


@dataclass(frozen=True)
class SearchRow:
    """One result as the panel shows it: what it is, where it is, and the words that matched."""

    kind: str  # CLAIM or TEXT
    document_id: int
    document_title: str
    snippet: Highlighted  # the quote (a claim) or the text around the first match (a document)
    uuid: str = ""
    claim_type: str = ""
    start: int = 0  # canonical offsets in the document: the claim, or the first match in its text
    end: int = 0
    also: tuple[tuple[str, Highlighted], ...] = ()  # ("note" | "speaker" | "tags", what matched there)

    def plain(self) -> str:
        """The row as one line of plain text (for screen readers and tests)."""
        return f"{self.document_title}: {self.snippet.text}"


def rows_of(results: SearchResults) -> list[SearchRow]:
    """Return the panel's rows for results: the claims (ranked), then the documents whose text matched."""
    rows = []
    for hit in results.claims:
        a = hit.annotation
        also = tuple((name, hit.matches[name]) for name in _MATCH_ORDER if name in hit.matches)
        rows.append(SearchRow(CLAIM, a.document_id, hit.document_title, hit.quote, a.uuid, a.claim_type, a.start,
                              a.end, also))  # fmt: skip
    for document in results.documents:
        title = document.title.text
        rows.append(SearchRow(TEXT, document.document_id, title, document.snippet, start=document.start,
                              end=document.end))  # fmt: skip
    return rows


class SearchResultsModel(QAbstractListModel):
    """The results of the last search, one row each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchRow] = []

    def set_rows(self, rows: list[SearchRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SearchRow]:
        """The rows shown, in order."""
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.plain()
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.document_title
        if role == RowRole:
            return row
        if role == UuidRole:
            return row.uuid
        if role == DocumentIdRole:
            return row.document_id
        return None
