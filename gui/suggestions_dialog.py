"""Suggest Claims…: every sentence of the open document with a suggested type, its reason and speaker, to review.

The reader accepts, retypes or dismisses candidates one by one or in bulk;
accepted ones become annotations (one commit, one undo step); nothing is
stored unasked. The suggestions are made on a pool thread (a book has
tens of thousands of sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import ClaimType
from storage.assistant.rules import NONE
from storage.assistant.suggest import SuggestedClaim, suggest_claims
from storage.progress import Cancel, Progress

from .jobs import Job, JobRunner
from .text_ranges import excerpt

Index = QModelIndex | QPersistentModelIndex
SENTENCE, TYPE, REASON, SPEAKER = range(4)
ClaimRole = Qt.ItemDataRole.UserRole + 1


def suggest_job(text: str, blocks: list[Any], language: str) -> Job:
    """Return a job suggesting a type for every sentence of a document; its result is the list of suggestions."""

    def job(progress: Progress, cancel: Cancel) -> list[SuggestedClaim]:
        progress(0, 1)
        found = suggest_claims(text, blocks, language)
        progress(1, 1)
        return found

    return job


class SuggestionModel(QAbstractTableModel):
    """The candidates: sentence, suggested type (editable), reason, speaker (editable)."""

    def __init__(self, text: str, claim_types: list[ClaimType], parent: Any = None) -> None:
        super().__init__(parent)
        self.text = text
        self.labels = {t.name: t.label for t in claim_types} | {NONE: self.tr("Not a claim")}
        self.rows: list[SuggestedClaim] = []

    def set_rows(self, rows: list[SuggestedClaim]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def remove(self, claims: list[SuggestedClaim]) -> None:
        """Drop rows (accepted or dismissed), keeping the others in order."""
        gone = {id(claim) for claim in claims}
        self.beginResetModel()
        self.rows = [row for row in self.rows if id(row) not in gone]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Sentence"), self.tr("Type"), self.tr("Why"), self.tr("Speaker")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        claim = self.rows[index.row()]
        if role == ClaimRole:
            return claim
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SENTENCE:
            return self.text[claim.start : claim.end]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                SENTENCE: excerpt(self.text[claim.start : claim.end], 160),
                TYPE: claim.claim_type if role == Qt.ItemDataRole.EditRole else self.labels.get(claim.claim_type),
                REASON: claim.reason, SPEAKER: claim.speaker,
            }.get(index.column())  # fmt: skip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() in (TYPE, SPEAKER) else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in (TYPE, SPEAKER):
            return False
        claim = self.rows[index.row()]
        if index.column() == TYPE:
            self.rows[index.row()] = replace(claim, claim_type=str(value))
        else:
            self.rows[index.row()] = replace(claim, speaker=str(value))
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        return True


class _TypeDelegate(QStyledItemDelegate):
    """Edits a suggestion's type with a list of the library's claim types (and "Not a claim")."""

    def __init__(self, labels: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self.labels = labels

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for name, label in self.labels.items():
            box.addItem(label, name)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _ClaimsOnly(QSortFilterProxyModel):
    """Hides the sentences suggested as not claims, when asked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hide_none = True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self.hide_none or not isinstance(model, SuggestionModel):
            return True
        return model.rows[source_row].claim_type != NONE


class SuggestionsDialog(QDialog):
    """The review list of suggested claims for one document."""

    accepted_claims = Signal(list)  # the SuggestedClaims the reader accepted: store them
    claim_shown = Signal(int, int)  # a row was chosen: show its sentence in the reader

    def __init__(
        self, title: str, text: str, blocks: list[Any], language: str, claim_types: list[ClaimType],
        runner: JobRunner, parent: QWidget | None = None, store: Callable[[list[SuggestedClaim]], bool] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("suggestionsDialog")
        self.store = store
        self.setWindowTitle(self.tr("Suggested Claims — {title}").format(title=title))
        self.resize(1000, 640)
        self.model = SuggestionModel(text, claim_types, self)
        self.proxy = _ClaimsOnly(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("suggestionsView")
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(TYPE, _TypeDelegate(self.model.labels, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(SENTENCE, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.summary = QLabel(self.tr("Reading the sentences…"), self)
        self.summary.setObjectName("suggestionsSummary")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.hide_none = QCheckBox(self.tr("Hide sentences that are not claims"), self)
        self.hide_none.setChecked(True)
        self.buttons = {name: QPushButton(text, self) for name, text in (
            ("accept", self.tr("Accept Selected")), ("accept_all", self.tr("Accept All Shown")),
            ("dismiss", self.tr("Dismiss Selected")), ("close", self.tr("Close")),
        )}  # fmt: skip
        for name, button in self.buttons.items():
            button.setObjectName(f"suggestions_{name}")
        self._lay_out()
        self._connect()
        runner.start(suggest_job(text, blocks, language), self._on_suggested, self._on_failed,
                     title=self.tr("Suggesting claims"))  # fmt: skip

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.hide_none)
        row.addStretch(1)
        for name in ("accept", "accept_all", "dismiss", "close"):
            row.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def _connect(self) -> None:
        self.hide_none.toggled.connect(self._on_hide_toggled)
        self.buttons["accept"].clicked.connect(lambda: self.accept_rows(self.selected()))
        self.buttons["accept_all"].clicked.connect(lambda: self.accept_rows(self.shown()))
        self.buttons["dismiss"].clicked.connect(lambda: self.dismiss(self.selected()))
        self.buttons["close"].clicked.connect(self.close)
        self.view.clicked.connect(self._on_row_clicked)

    def _on_suggested(self, claims: list[SuggestedClaim]) -> None:
        self.busy.hide()
        self.model.set_rows(claims)
        self._update_summary()

    def _on_failed(self, message: str) -> None:
        self.busy.hide()
        self.summary.setText(message)

    def _on_hide_toggled(self, hide: bool) -> None:
        self.proxy.hide_none = hide
        self.proxy.invalidateFilter()
        self._update_summary()

    def _update_summary(self) -> None:
        claims = sum(row.claim_type != NONE for row in self.model.rows)
        text = self.tr("{claims} suggested claims in {sentences} sentences. Nothing is stored until you accept it.")
        self.summary.setText(text.format(claims=claims, sentences=len(self.model.rows)))

    def _on_row_clicked(self, index: QModelIndex) -> None:
        claim = index.data(ClaimRole)
        if claim is not None:
            self.claim_shown.emit(claim.start, claim.end)

    def selected(self) -> list[SuggestedClaim]:
        """The rows the reader selected, in order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(row, 0).data(ClaimRole) for row in rows]

    def shown(self) -> list[SuggestedClaim]:
        """Every row the list shows."""
        return [self.proxy.index(row, 0).data(ClaimRole) for row in range(self.proxy.rowCount())]

    def accept_rows(self, claims: list[SuggestedClaim]) -> None:
        """Ask for claims to be stored (not-claims are left in the list); they leave the list."""
        chosen = [claim for claim in claims if claim.claim_type != NONE]
        if chosen and (self.store is None or self.store(chosen)):  # stored: they leave the list; else they stay
            self.accepted_claims.emit(chosen)
            self.model.remove(chosen)
            self._update_summary()

    def dismiss(self, claims: list[SuggestedClaim]) -> None:
        """Drop claims from the list without storing them."""
        self.model.remove(claims)
        self._update_summary()
