"""The claims view's table: every claim matching a filter, read a page at a time (a QAbstractTableModel).

The model knows how many rows there are and holds the pages read so far;
asking for a row of a page not read yet emits ``page_needed`` once (the view
reads it on a pool thread and hands it back with ``add_page``) and shows a
placeholder meanwhile. So opening the view on 100,000 claims reads 100 of them.
Each answer carries the generation of the question it answers: a page read
for an older filter or sort is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from storage import ClaimType
from storage.research.claims import ClaimRow

from ..icons import claim_type_icon
from ..text_ranges import excerpt

Index = QModelIndex | QPersistentModelIndex
PAGE = 100  # rows read per question: a tall window shows 40; each row costs its record
LOADING = "…"
UuidRole = Qt.ItemDataRole.UserRole + 1
DocumentIdRole = Qt.ItemDataRole.UserRole + 2
RowRole = Qt.ItemDataRole.UserRole + 3  # the ClaimRow (None while its page is being read)
# (key, header, the storage sort it orders by or "" when none)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("type", "Type", "type"),
    ("quote", "Quote", ""),
    ("speaker", "Speaker", "speaker"),
    ("tags", "Tags", ""),
    ("document", "Document", "document"),
    ("status", "Status", ""),
    ("annotator", "Annotator", ""),
    ("created", "Created", "created"),
)
QUOTE_CHARS = 240
_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, UuidRole,
          DocumentIdRole, RowRole)  # fmt: skip


def column_of(key: str) -> int:
    """Return the column showing key ("type", "quote", ...)."""
    return next(number for number, (name, _header, _sort) in enumerate(COLUMNS) if name == key)


class ClaimsTableModel(QAbstractTableModel):
    """Rows of claims, read lazily a page at a time."""

    page_needed = Signal(int, int)  # generation, offset of a page not read yet
    sort_requested = Signal(str, bool)  # a storage sort ("document", "type", ...), descending

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.total = 0
        self._pages: dict[int, list[ClaimRow]] = {}  # offset -> rows
        self._asked: set[int] = set()
        self.claim_types: dict[str, ClaimType] = {}
        self._icons: dict[str, QIcon] = {}

    def show_first_page(self, generation: int, total: int, rows: list[ClaimRow]) -> None:
        """Show a new answer (a filter or sort changed): total rows, the first page of them."""
        self.beginResetModel()
        self.generation, self.total = generation, max(total, len(rows))
        self._pages = {0: list(rows)}
        self._asked = {0}
        self.endResetModel()

    def set_total(self, generation: int, total: int) -> None:
        """Show how many rows the answer of generation has in all, once counted (rows added or taken at the end)."""
        if generation != self.generation or total == self.total:
            return
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), total, self.total - 1)
            self.total = total
            self._pages = {offset: rows[: total - offset] for offset, rows in self._pages.items() if offset < total}
            self.endRemoveRows()

    def add_page(self, generation: int, offset: int, rows: list[ClaimRow]) -> None:
        """Fill in the rows of a page read later (dropped when a newer answer is shown meanwhile)."""
        if generation != self.generation or offset not in self._asked or offset >= self.total:
            return
        self._pages[offset] = list(rows)
        last = min(self.total, offset + PAGE) - 1
        self.dataChanged.emit(self.index(offset, 0), self.index(last, len(COLUMNS) - 1))

    def forget_page(self, generation: int, offset: int) -> None:
        """A page could not be read: the next time one of its rows is shown, it is asked for again."""
        if generation == self.generation:
            self._asked.discard(offset)

    def set_claim_types(self, claim_types: list[ClaimType]) -> None:
        """Show types by their labels as the library has them now."""
        self.claim_types = {t.name: t for t in claim_types}
        self._icons = {t.name: claim_type_icon(t) for t in claim_types}
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, 0))

    def row_at(self, row: int) -> ClaimRow | None:
        """The claim on row, or None while its page is being read (asking for it once)."""
        offset = row - row % PAGE
        page = self._pages.get(offset)
        if page is None:
            if offset not in self._asked:
                self._asked.add(offset)
                self.page_needed.emit(self.generation, offset)
            return None
        return page[row - offset] if row - offset < len(page) else None

    def loaded_rows(self) -> list[ClaimRow]:
        """Every row read so far, in order (for tests and the screenshots)."""
        return [row for offset in sorted(self._pages) for row in self._pages[offset]]

    # -- Qt's model interface ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(COLUMNS[section][1])
            if role == Qt.ItemDataRole.ToolTipRole and not COLUMNS[section][2]:
                return self.tr("Not sortable")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.total or not 0 <= index.column() < len(COLUMNS):
            return None
        if role not in _ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(row.annotation.claim_type) if index.column() == 0 else None
        if role == RowRole:
            return row
        if role == UuidRole:
            return row.annotation.uuid
        if role == DocumentIdRole:
            return row.annotation.document_id
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row) if key == "quote" else None
        return self._text(row, key)

    def _text(self, row: ClaimRow, key: str) -> str:
        a = row.annotation
        if key == "type":
            claim_type = self.claim_types.get(a.claim_type)
            return claim_type.label if claim_type else a.claim_type
        if key == "quote":
            return excerpt(a.exact, QUOTE_CHARS)
        if key == "tags":
            return ", ".join(a.tags)
        if key == "document":
            return row.document_title
        if key == "created":
            return a.created[:10]
        return str(getattr(a, key))

    def _tooltip(self, row: ClaimRow) -> str:
        a = row.annotation
        return "\n\n".join(v for v in (excerpt(a.exact, 600), a.note and excerpt(a.note, 300)) if v)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the claims in another order (only the columns storage sorts by: type, speaker, document, created)."""
        if 0 <= column < len(COLUMNS) and COLUMNS[column][2]:
            self.sort_requested.emit(COLUMNS[column][2], order == Qt.SortOrder.DescendingOrder)
