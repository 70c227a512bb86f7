"""The annotation cards: a list model over one document's annotations and its filter/sort proxy.

Showing a book's 10,000 cards costs no Python call per card: the list comes
sorted from the document's preparation (on a pool thread), the model adopts
it, and the proxy is the identity until a filter or the time order is chosen.
Then it filters and sorts in one list comprehension over the annotations,
where a QSortFilterProxyModel would call ``filterAcceptsRow`` and ``lessThan``
in Python once per card (and per comparison).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractProxyModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

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


_position_key = attrgetter("start", "end", "created")  # reading order (C-fast, unlike a lambda)
_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.ToolTipRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value


def in_reading_order(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Return annotations in the cards' reading order (storage's order, nearly: a sort of sorted data is cheap)."""
    return sorted(annotations, key=_position_key)


class AnnotationListModel(QAbstractListModel):
    """One document's annotations in reading order, one card each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._annotations: list[Annotation] = []
        self.claim_types: dict[str, ClaimType] = {}

    def set_annotations(
        self, annotations: Iterable[Annotation], claim_types: list[ClaimType], in_order: bool = False
    ) -> None:
        """Replace every row (in_order: annotations come in reading order already, see in_reading_order)."""
        self.beginResetModel()
        self._annotations = list(annotations) if in_order else in_reading_order(annotations)
        self.claim_types = {t.name: t for t in claim_types}
        self.endResetModel()

    def annotations(self) -> list[Annotation]:
        """The annotations shown, in row order (not a copy: do not change it)."""
        return self._annotations

    def add(self, annotation: Annotation) -> int:
        """Insert one card at its reading position; return its row."""
        row = bisect_left(self._annotations, _position_key(annotation), key=_position_key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._annotations.insert(row, annotation)
        self.endInsertRows()
        return row

    def remove(self, uuid: str, near: Annotation | None = None) -> None:
        """Remove the card of annotation uuid, if shown (near: its annotation, found without a scan)."""
        row = self.row_of(uuid, near)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._annotations[row]
            self.endRemoveRows()

    def replace(self, annotation: Annotation) -> None:
        """Show the new state of an annotation already listed (its place in the text is the same)."""
        row = self.row_of(annotation.uuid, annotation)
        if row >= 0:
            self._annotations[row] = annotation
            self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, uuid: str, near: Annotation | None = None) -> int:
        """Return the row of annotation uuid, or -1 (near: an annotation at its place, looked up by bisection)."""
        if near is not None:
            row = bisect_left(self._annotations, (near.start, near.end), key=lambda a: (a.start, a.end))
            while row < len(self._annotations) and self._annotations[row].start == near.start:
                if self._annotations[row].uuid == uuid:
                    return row
                row += 1
        return next((row for row, a in enumerate(self._annotations) if a.uuid == uuid), -1)

    def annotation_at(self, row: int) -> Annotation:
        """Return the annotation shown in row."""
        return self._annotations[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.row_data(index.row(), role) if index.isValid() else None

    def row_data(self, row: int, role: int) -> Any:
        """What data() answers for row and role (the proxy asks here, without making an index)."""
        if not 0 <= row < len(self._annotations):
            return None
        annotation = self._annotations[row]
        if role == AnnotationRole:  # what the card delegate asks for, a few times per card
            return annotation
        if role == _DISPLAY:
            return excerpt(annotation.exact)
        if role in (_TOOLTIP, _ACCESSIBLE):
            return self._describe(annotation)
        return self._custom(annotation, role)

    def _custom(self, annotation: Annotation, role: int) -> Any:
        if role == UuidRole:
            return annotation.uuid
        if role == ClaimTypeRole:
            return annotation.claim_type
        if role == StatusRole:
            return annotation.status
        if role == PositionRole:
            return annotation.start
        if role == CreatedRole:
            return annotation.created
        if role == SearchTextRole:
            return search_text(annotation)
        return None

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


def search_text(annotation: Annotation) -> str:
    """What the text filter looks in: quote, note, speaker and tags, casefolded."""
    return " ".join((annotation.exact, annotation.note, annotation.speaker, *annotation.tags)).casefold()


class AnnotationFilterModel(QAbstractProxyModel):
    """Cards shown: hidden types and statuses removed, a text filter, sorted by position or time.

    With no filter and the reading order it is the identity: rows and signals
    pass straight through. Otherwise ``_rows`` maps each of its rows to a source
    row, computed in one comprehension; single inserts, removals and changes
    adjust it in place, so tagging with a filter on stays one row insert.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hidden_types: set[str] = set()
        self.statuses: set[str] | None = None  # None shows every status; {"orphaned"} only orphans
        self.needle = ""
        self.sort_order_name = SORT_POSITION
        self._rows: list[int] | None = None  # proxy row -> source row; None: every source row, in order
        self._inverse: dict[int, int] | None = None  # source row -> proxy row, built when first asked
        self._source: AnnotationListModel | None = None

    # -- filters and order ---------------------------------------------------------
    def set_type_visible(self, claim_type: str, shown: bool) -> None:
        """Show or hide the cards of one claim type."""
        (self.hidden_types.discard if shown else self.hidden_types.add)(claim_type)
        self._refilter()

    def set_statuses(self, statuses: set[str] | None) -> None:
        """Show only annotations whose anchor status is in statuses (None: all)."""
        self.statuses = None if statuses is None else set(statuses)
        self._refilter()

    def set_text_filter(self, text: str) -> None:
        """Show only cards whose quote, note, speaker or tags contain text (any case)."""
        self.needle = text.strip().casefold()
        self._refilter()

    def set_sort_order(self, order: str) -> None:
        """Sort cards by reading position or by time of creation (newest first)."""
        self.sort_order_name = order
        self._refilter()

    def accepts(self, annotation: Annotation) -> bool:
        """Whether annotation's card passes the filters."""
        if annotation.claim_type in self.hidden_types:
            return False
        if self.statuses is not None and annotation.status not in self.statuses:
            return False
        return not self.needle or self.needle in search_text(annotation)

    def _identity(self) -> bool:
        return not (self.hidden_types or self.needle or self.statuses is not None) and self.sort_order_name != SORT_TIME

    def _compute(self) -> list[int] | None:
        if self._identity() or self._source is None:
            return None
        annotations, accepts = self._source.annotations(), self.accepts
        rows = [row for row, annotation in enumerate(annotations) if accepts(annotation)]
        if self.sort_order_name == SORT_TIME:
            rows.sort(key=lambda row: (annotations[row].created, row), reverse=True)  # newest first
        return rows

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows, self._inverse = self._compute(), None
        self.endResetModel()

    # -- the proxy's structure -----------------------------------------------------
    def setSourceModel(self, source: QAbstractItemModel) -> None:
        assert isinstance(source, AnnotationListModel)
        self.beginResetModel()
        if self._source is not None:
            self._source.disconnect(self)
        super().setSourceModel(source)
        self._source = source
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_source_reset)
        source.rowsAboutToBeInserted.connect(self._on_rows_about_to_be_inserted)
        source.rowsInserted.connect(self._on_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        source.rowsRemoved.connect(self._on_rows_removed)
        source.dataChanged.connect(self._on_data_changed)
        self._rows, self._inverse = self._compute(), None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        if parent.isValid() or self._source is None:
            return 0
        return self._source.rowCount() if self._rows is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else 1

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or column != 0 or not 0 <= row < self.rowCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index | None = None) -> Any:
        if child is None:
            return super().parent()  # QObject.parent(): the same name in Python
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        row = proxy_index.row()
        return self._source.index(row if self._rows is None else self._rows[row])

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row(source_index.row())
        return self.index(row) if row >= 0 else QModelIndex()

    def _proxy_row(self, source_row: int) -> int:
        if self._rows is None:
            return source_row
        if self._inverse is None:
            self._inverse = {row: proxy for proxy, row in enumerate(self._rows)}
        return self._inverse.get(source_row, -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._source is None:
            return None
        row = index.row()
        return self._source.row_data(row if self._rows is None else self._rows[row], role)

    # -- following the source --------------------------------------------------------
    def _on_source_reset(self) -> None:
        self._rows, self._inverse = self._compute(), None
        self.endResetModel()

    def _on_rows_about_to_be_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.beginInsertRows(QModelIndex(), first, last)

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.endInsertRows()
            return
        count, self._inverse = last - first + 1, None
        self._rows = [row + count if row >= first else row for row in self._rows]
        for row in range(first, last + 1):
            self._insert(row)

    def _insert(self, source_row: int) -> None:
        assert self._source is not None and self._rows is not None
        annotations = self._source.annotations()
        if not self.accepts(annotations[source_row]):
            return
        if self.sort_order_name == SORT_TIME:  # newest first: before the first card not newer than it
            key, rows = (annotations[source_row].created, source_row), self._rows
            at = next((at for at, row in enumerate(rows) if (annotations[row].created, row) < key), len(rows))
        else:
            at = bisect_left(self._rows, source_row)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, source_row)
        self._inverse = None
        self.endInsertRows()

    def _on_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.beginRemoveRows(QModelIndex(), first, last)
            return
        for at in sorted((at for at, row in enumerate(self._rows) if first <= row <= last), reverse=True):
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self._inverse = None
            self.endRemoveRows()

    def _on_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.endRemoveRows()
            return
        count, self._inverse = last - first + 1, None
        self._rows = [row - count if row > last else row for row in self._rows]

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()) -> None:
        if self._rows is None:
            self.dataChanged.emit(self.index(top_left.row()), self.index(bottom_right.row()), roles)
            return
        assert self._source is not None
        for row in range(top_left.row(), bottom_right.row() + 1):
            at, shown = self._proxy_row(row), self.accepts(self._source.annotation_at(row))
            if at >= 0 and shown:
                self.dataChanged.emit(self.index(at), self.index(at), roles)
            elif at >= 0:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._rows[at]
                self._inverse = None
                self.endRemoveRows()
            elif shown:
                self._insert(row)
