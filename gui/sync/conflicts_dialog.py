"""Conflicts sync could not merge: the claim, the field, mine and theirs; keep one side for each.

``ConflictsModel`` is a table over ``storage.sync.Conflict`` records; the
dialog resolves the chosen conflict with ``storage.sync.resolve_conflict``
(one local transaction: keeping mine makes it a change the next sync sends;
keeping theirs closes it) — on the JobRunner when it re-anchors a whole
document's claims (my text kept), else at once — hands the ``Resolution`` to
``push`` (the window puts it on its undo stack) and says so through
``resolved``, so the window can refresh its views and sync.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import Library, LibraryError
from storage.sync import Conflict, Resolution, list_conflicts, reanchors, resolve_conflict

from .. import dialogs
from ..jobs import JobHandle, JobRunner
from .conflict_commands import resolve_job

Index = QModelIndex | QPersistentModelIndex
ConflictIdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Claim", "Field", "Yours", "Theirs")
FIELD_NAMES = {"claim_type": "type", "note": "note", "speaker": "speaker", "deleted": "deleted", "sha256": "text"}


def shown_value(conflict: Conflict, value: Any) -> str:
    """A side of a conflict in words: a deletion as "deleted"/"kept", empty as "(empty)"."""
    if conflict.field == "deleted":
        return "deleted" if value else "kept, changed"
    if conflict.field == "sha256":
        return "another version of the text"
    text = " ".join(str(value if value is not None else "").split())
    return text or "(empty)"


def what(conflict: Conflict) -> str:
    """The claim's quote (or the document's title) a conflict is about."""
    quote = conflict.record.get("exact") or conflict.record.get("title") or conflict.key
    return " ".join(str(quote).split())


class ConflictsModel(QAbstractTableModel):
    """One row per open conflict: the claim, the field, my value and theirs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts: list[Conflict] = []

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        """Show conflicts (reset)."""
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.endResetModel()

    def remove(self, conflict_id: int) -> None:
        """Drop one conflict's row (it was resolved)."""
        rows = [row for row, c in enumerate(self.conflicts) if c.id == conflict_id]
        if rows:
            self.beginRemoveRows(QModelIndex(), rows[0], rows[0])
            del self.conflicts[rows[0]]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.conflicts):
            return None
        conflict = self.conflicts[index.row()]
        if role == ConflictIdRole:
            return conflict.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return what(conflict)
            if column == 1:
                return FIELD_NAMES.get(conflict.field, conflict.field)
            if column in (2, 3):
                return shown_value(conflict, conflict.mine if column == 2 else conflict.theirs)
        return None

    def conflict_at(self, row: int) -> Conflict:
        """The conflict of one row."""
        return self.conflicts[row]


class ConflictsDialog(QDialog):
    """The open conflicts; Keep Mine or Keep Theirs resolves the selected one (undoable in the window)."""

    HINT = "Someone else changed these claims differently. Keep your value or theirs (Edit ▸ Undo takes it back)."

    resolved = Signal(int)  # a conflict's id, resolved and committed

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        runner: JobRunner | None = None,
        push: Callable[[Resolution], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.push = runner, push
        self.running: JobHandle | None = None  # a resolution being written on the JobRunner
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Sync Conflicts"))
        self.resize(820, 360)
        self.library = library
        self.model = ConflictsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("conflictsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.hint = QLabel(self.tr(self.HINT), self)
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.keep_mine = QPushButton(self.tr("Keep &Mine"), self)
        self.keep_mine.setObjectName("keepMine")
        self.keep_theirs = QPushButton(self.tr("Keep &Theirs"), self)
        self.keep_theirs.setObjectName("keepTheirs")
        for button in (self.keep_mine, self.keep_theirs):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.keep_mine.clicked.connect(lambda: self.resolve_current("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve_current("theirs"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts afresh."""
        self.model.set_conflicts(list_conflicts(self.library))
        if self.model.rowCount():
            self.view.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.view.selectionModel().selectedRows()) and self.running is None
        self.keep_mine.setEnabled(chosen)
        self.keep_theirs.setEnabled(chosen)

    def resolve_current(self, keep: str) -> bool:
        """Resolve the selected conflict keeping "mine" or "theirs"; return whether it was (or is being) resolved.

        One that re-anchors a document's claims is written on the JobRunner; the buttons wait for it.
        """
        rows = self.view.selectionModel().selectedRows()
        if not rows or self.running is not None:
            return False
        chosen = self.model.conflict_at(rows[0].row())
        if self.runner is not None and reanchors(chosen, keep):
            self._resolve_in_background(chosen, keep)
            return True
        try:
            resolution = resolve_conflict(self.library, chosen.id, keep)
        except (LibraryError, ValueError) as error:
            self._failed(str(error))
            return False
        self._resolved(resolution)
        return True

    def _resolve_in_background(self, chosen: Conflict, keep: str) -> None:
        assert self.runner is not None
        self.hint.setText(self.tr("Keeping your text: re-anchoring the claims on it…"))
        self.running = self.runner.start(
            resolve_job(self.library.path, chosen.id, keep), self._resolved, self._failed,
            title=self.tr("Keeping your text"), unit=self.tr("claims"),
            on_cancelled=lambda: self._failed(self.tr("Cancelled: the conflict is still open.")),
        )  # fmt: skip
        self._enable()

    def _resolved(self, resolution: Resolution) -> None:
        self.running = None
        self.hint.setText(self.tr(self.HINT))
        if self.push is not None:
            self.push(resolution)  # (the window reloads this list when it hears of the change)
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        self.model.remove(resolution.conflict.id)
        if self.model.rowCount():
            self.view.selectRow(min(row, self.model.rowCount() - 1))
        self._enable()
        self.resolved.emit(resolution.conflict.id)

    def _failed(self, message: str) -> None:
        self.running = None
        self.hint.setText(self.tr(self.HINT))
        dialogs.error_box(self, self.tr("Cannot resolve the conflict"), message)
        self.reload()
