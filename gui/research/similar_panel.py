"""The same claim elsewhere: near-identical quotes of a claim in other documents, with who said them and where.

The search (``storage.research.similar``) runs on the JobRunner with its own
connection; activating a row asks the window to open that document at that
claim (``claim_requested``), through the window's one open-and-select path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import Library
from storage.progress import Cancel, Progress
from storage.research.similar import SimilarClaim, similar

from ..jobs import Job, JobHandle, JobRunner
from .named import named

UuidRole = Qt.ItemDataRole.UserRole + 1
DocumentIdRole = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Document", "Speaker", "Type", "Alike", "Quote")
RELATIONS = {"same": "same", "near": "near", "contains": "holds it", "within": "inside it"}

Index = QModelIndex | QPersistentModelIndex


def similar_job(library_path: Path, uuid: str) -> Job:
    """Return a job finding the claims elsewhere like claim uuid (its own connection)."""

    def job(progress: Progress, cancel: Cancel) -> list[SimilarClaim]:
        with Library(library_path, read_only=True) as library:
            return similar(library, uuid)

    return job


class SimilarClaimsModel(QAbstractTableModel):
    """Similar claims, most alike first: document, speaker, type, how alike, quote."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._found: list[SimilarClaim] = []
        self.labels: dict[str, str] = {}  # claim type name -> label

    def set_found(self, found: list[SimilarClaim], labels: dict[str, str]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._found, self.labels = list(found), dict(labels)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._found)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._found):
            return None
        found = self._found[index.row()]
        claim = found.annotation
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                found.document_title or self.tr("Untitled"), claim.speaker,
                self.labels.get(claim.claim_type, claim.claim_type),
                f"{found.score:.0f} · {self.tr(RELATIONS.get(found.relation, found.relation))}",
                " ".join(claim.exact.split()),
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return " ".join(claim.exact.split())
        if role == UuidRole:
            return claim.uuid
        if role == DocumentIdRole:
            return claim.document_id
        return None


class SimilarClaimsDialog(QDialog):
    """Lists the claims elsewhere like one claim; activating one shows it in its document."""

    claim_requested = Signal(int, str)  # document id, claim uuid: open the document there
    search_finished = Signal()

    def __init__(
        self, library: Library, runner: JobRunner, labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("similarClaims")
        self.setWindowTitle(self.tr("Same Claim Elsewhere"))
        self.resize(900, 380)
        self.library, self.runner, self.labels = library, runner, labels
        self.model = SimilarClaimsModel(self)
        self.quote_label = named(QLabel(self, wordWrap=True), "similarQuote")
        self.status_label = named(QLabel(self), "similarStatus")
        self.view = QTableView(self)
        self.view.setObjectName("similarTable")
        self.view.setAccessibleName(self.tr("Similar claims"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        close = named(QPushButton(self.tr("Close"), self), "similarClose")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.status_label, 1)
        row.addWidget(close)
        layout.addLayout(row)
        self.uuid = ""
        self._job: JobHandle | None = None

    def show_claim(self, uuid: str, quote: str) -> JobHandle:
        """Search for the claims elsewhere like claim uuid (quote: its words, shown above the list)."""
        if self._job is not None:
            self._job.cancel()
        self.uuid = uuid
        self.quote_label.setText(
            self.tr("Claims in other documents like “{quote}”").format(quote=" ".join(quote.split()))
        )
        self.status_label.setText(self.tr("Searching…"))
        self.model.set_found([], self.labels)
        self._job = self.runner.start(
            similar_job(self.library.path, uuid), lambda found: self._on_found(uuid, found), self._on_failed,
            title=self.tr("Finding the same claim elsewhere"),
        )  # fmt: skip
        return self._job

    def _on_found(self, uuid: str, found: list[SimilarClaim]) -> None:
        if uuid != self.uuid:
            return  # a newer search replaced this one
        self.model.set_found(found, self.labels)
        self.status_label.setText(
            self.tr("Found in {n} other place(s).").format(n=len(found)) if found
            else self.tr("No other document has this claim.")
        )  # fmt: skip
        if found:
            self.view.selectRow(0)
        self.search_finished.emit()

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(message)
        self.search_finished.emit()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claim_requested.emit(index.data(DocumentIdRole), index.data(UuidRole))
