"""The annotation cards: a list model over one document's annotations and its filter/sort proxy."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from storage import AnchorStatus, Annotation, ClaimType

from .text_ranges import excerpt

Index = QModelIndex | QPersistentModelIndex

UuidRole = Qt.ItemDataRole.UserRole + 1
AnnotationRole = Qt.ItemDataRole.UserRole + 2
ClaimTypeRole = Qt.ItemDataRole.UserRole + 3
StatusRole = Qt.ItemDataRole.UserRole + 4  # anchored | moved | changed | orphaned
PositionRole = Qt.ItemDataRole.UserRole + 5
CreatedRole = Qt.ItemDataRole.UserRole + 6
SearchTextRole = Qt.ItemDataRole.UserRole + 7

SORT_POSITION, SORT_TIME = "position", "time"


def _position_key(annotation: Annotation) -> tuple[int, int, str]:
    return (annotation.start, annotation.end, annotation.created)


class AnnotationListModel(QAbstractListModel):
    """One document's annotations in reading order, one card each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._annotations: list[Annotation] = []
        self.claim_types: dict[str, ClaimType] = {}

    def set_annotations(self, annotations: list[Annotation], claim_types: list[ClaimType]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._annotations = sorted(annotations, key=_position_key)  # nearly free: storage sorts them too
        self.claim_types = {t.name: t for t in claim_types}
        self.endResetModel()

    def add(self, annotation: Annotation) -> None:
        """Insert one card at its reading position."""
        row = bisect_left(self._annotations, _position_key(annotation), key=_position_key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._annotations.insert(row, annotation)
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        """Remove the card of annotation uuid, if shown."""
        row = self.row_of(uuid)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._annotations[row]
            self.endRemoveRows()

    def replace(self, annotation: Annotation) -> None:
        """Show the new state of an annotation already listed."""
        row = self.row_of(annotation.uuid)
        if row >= 0:
            self._annotations[row] = annotation
            self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, uuid: str) -> int:
        """Return the row of annotation uuid, or -1."""
        return next((row for row, a in enumerate(self._annotations) if a.uuid == uuid), -1)

    def annotation_at(self, row: int) -> Annotation:
        """Return the annotation shown in row."""
        return self._annotations[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._annotations):
            return None
        annotation = self._annotations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return excerpt(annotation.exact)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(annotation)
        return self._custom(annotation, role)

    def _custom(self, annotation: Annotation, role: int) -> Any:
        values = {
            UuidRole: annotation.uuid,
            AnnotationRole: annotation,
            ClaimTypeRole: annotation.claim_type,
            StatusRole: annotation.status,
            PositionRole: annotation.start,
            CreatedRole: annotation.created,
            SearchTextRole: _search_text(annotation),
        }
        return values.get(role)

    def _describe(self, annotation: Annotation) -> str:
        claim_type = self.claim_types.get(annotation.claim_type)
        parts = [claim_type.label if claim_type else annotation.claim_type, excerpt(annotation.exact, 120)]
        if annotation.speaker:
            parts.append(self.tr("speaker: {speaker}").format(speaker=annotation.speaker))
        if annotation.note:
            parts.append(self.tr("note: {note}").format(note=excerpt(annotation.note, 120)))
        if annotation.status != AnchorStatus.ANCHORED:
            parts.append(self.tr("status: {status}").format(status=annotation.status))
        return " — ".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Editable: the card delegate edits in place, through undo commands, not setData.
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({UuidRole: QByteArray(b"uuid"), ClaimTypeRole: QByteArray(b"claimType"),
                      StatusRole: QByteArray(b"status")})  # fmt: skip
        return names


class AnnotationFilterModel(QSortFilterProxyModel):
    """Cards shown: hidden types and statuses removed, a text filter, sorted by position or time."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hidden_types: set[str] = set()
        self.statuses: set[str] | None = None  # None shows every status; {"orphaned"} only orphans
        self.needle = ""
        self.sort_order_name = SORT_POSITION
        self.setDynamicSortFilter(True)  # the source keeps reading order: sorting is only for time

    def set_type_visible(self, claim_type: str, shown: bool) -> None:
        """Show or hide the cards of one claim type."""
        self.beginFilterChange()
        (self.hidden_types.discard if shown else self.hidden_types.add)(claim_type)
        self.endFilterChange()

    def set_statuses(self, statuses: set[str] | None) -> None:
        """Show only annotations whose anchor status is in statuses (None: all)."""
        self.beginFilterChange()
        self.statuses = None if statuses is None else set(statuses)
        self.endFilterChange()

    def set_text_filter(self, text: str) -> None:
        """Show only cards whose quote, note, speaker or tags contain text (any case)."""
        self.beginFilterChange()
        self.needle = text.strip().casefold()
        self.endFilterChange()

    def set_sort_order(self, order: str) -> None:
        """Sort cards by reading position or by time of creation (newest first)."""
        self.sort_order_name = order
        if order == SORT_TIME:
            self.sort(0, Qt.SortOrder.DescendingOrder)
        else:
            self.sort(-1)  # the source model's own order: reading order

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not (self.hidden_types or self.needle or self.statuses is not None):
            return True
        annotation = self.sourceModel().annotation_at(source_row)  # type: ignore[attr-defined]
        if annotation.claim_type in self.hidden_types:
            return False
        if self.statuses is not None and annotation.status not in self.statuses:
            return False
        return not self.needle or self.needle in _search_text(annotation)

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        first, second = source.annotation_at(left.row()), source.annotation_at(right.row())  # type: ignore[attr-defined]
        if self.sort_order_name == SORT_TIME:
            return (first.created, left.row()) < (second.created, right.row())
        return (first.start, left.row()) < (second.start, right.row())


def _search_text(annotation: Annotation) -> str:
    return " ".join((annotation.exact, annotation.note, annotation.speaker, *annotation.tags)).casefold()
