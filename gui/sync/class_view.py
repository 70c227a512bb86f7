"""The teacher's view: every student's tagging of the open document side by side, against the key.

``ClassTaggingModel``: one row per key claim in reading order (then the
claims beyond the key), one column per student, each cell the type they gave
it in its colour (or missed); the agreement per claim in the last column.
``StudentResultsModel``: per student, key claims found, with the key's type,
and extra claims. The dialog builds its ``ClassView`` on a pool thread and
shows the most missed claims under the grid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import ClaimType, Library

from ..jobs import JobRunner
from ..text_ranges import excerpt
from .class_rows import EXTRA, MISSED, OTHER, SAME, ClassRow, ClassView, class_view_job

Index = QModelIndex | QPersistentModelIndex
OutcomeRole = Qt.ItemDataRole.UserRole + 1  # a student cell's outcome (same, other, missed, extra)
AgreementRole = Qt.ItemDataRole.UserRole + 2  # a key row's agreement, 0..1 (None for an extra row)
MISSED_COLOUR = "#9e9e9e"
FIXED_COLUMNS = 2  # the claim, the key's type; then one per student, then the agreement


def tint(colour: str, alpha: int = 70) -> QColor:
    """The type's colour, light enough to read black text over."""
    tinted = QColor(colour)
    tinted.setAlpha(alpha)
    return tinted


class ClassTaggingModel(QAbstractTableModel):
    """Key claims (then extras) by students: the type each gave, coloured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ClassView | None = None
        self.claim_types: dict[str, ClaimType] = {}

    def set_view(self, view: ClassView | None, claim_types: list[ClaimType]) -> None:
        """Show a ClassView (reset)."""
        self.beginResetModel()
        self.view, self.claim_types = view, {t.name: t for t in claim_types}
        self.endResetModel()

    @property
    def students(self) -> tuple[str, ...]:
        """The students, one column each."""
        return self.view.students if self.view is not None else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() or self.view is None else len(self.view.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.view is None else FIXED_COLUMNS + len(self.students) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return self.tr("Claim")
        if section == 1:
            return self.tr("Key")
        if section == self.columnCount() - 1:
            return self.tr("Agreement")
        return self.students[section - FIXED_COLUMNS]

    def row_at(self, row: int) -> ClassRow:
        """The ClassRow of one row."""
        assert self.view is not None
        return self.view.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.view is None or not index.isValid() or not 0 <= index.row() < len(self.view.rows):
            return None
        row, column = self.view.rows[index.row()], index.column()
        if column == 0:
            return self._claim_data(row, role)
        if column == 1:
            return self._type_data(row.key_type, role, self.tr("(not in the key)"))
        if column == self.columnCount() - 1:
            return self._agreement_data(row, role)
        if FIXED_COLUMNS <= column < self.columnCount() - 1:
            return self._cell_data(row, self.students[column - FIXED_COLUMNS], role)
        return None

    def _claim_data(self, row: ClassRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return excerpt(row.exact, 90)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.exact
        if role == Qt.ItemDataRole.FontRole and not row.key_type:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _label(self, name: str) -> str:
        claim_type = self.claim_types.get(name)
        return claim_type.label if claim_type is not None else name

    def _type_data(self, name: str, role: int, empty: str) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(name) if name else empty
        if role == Qt.ItemDataRole.BackgroundRole and name in self.claim_types:
            return QBrush(tint(self.claim_types[name].colour))
        if role == Qt.ItemDataRole.ForegroundRole and not name:
            return QBrush(QColor(MISSED_COLOUR))
        return None

    def _cell_data(self, row: ClassRow, student: str, role: int) -> Any:
        cell = row.cells.get(student)
        outcome = cell.outcome if cell is not None else ""
        if role == OutcomeRole:
            return outcome
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {SAME: "✓ ", OTHER: "≠ ", EXTRA: "+ "}.get(outcome, "") + (self._label(cell.claim_type) or "—")
        if role == Qt.ItemDataRole.ToolTipRole:
            words = {SAME: self.tr("the key's type"), OTHER: self.tr("another type than the key"),
                     MISSED: self.tr("not tagged"), EXTRA: self.tr("not in the key")}  # fmt: skip
            return f"{student}: {words[outcome]}" + (f" — “{excerpt(cell.exact, 120)}”" if cell.exact else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if outcome == MISSED:
            return QBrush(QColor(MISSED_COLOUR)) if role == Qt.ItemDataRole.ForegroundRole else None
        return self._type_data(cell.claim_type, role, "") if role == Qt.ItemDataRole.BackgroundRole else None

    def _agreement_data(self, row: ClassRow, role: int) -> Any:
        if role == AgreementRole:
            return row.agreement
        if row.agreement is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.agreement:.0%}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{missed} of {count} missed it").format(missed=row.missed, count=len(self.students))
        return None


class StudentResultsModel(QAbstractTableModel):
    """Per student: key claims found, found with the key's type, extra claims."""

    COLUMNS = ("Student", "Found", "Same type", "Extra")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ClassView | None = None

    def set_view(self, view: ClassView | None) -> None:
        """Show a ClassView's results (reset)."""
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.view is None else len(self.view.results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.view is None or not index.isValid() or not 0 <= index.row() < len(self.view.results):
            return None
        line, total = self.view.results[index.row()], self.view.key_claims
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.student, f"{line.found}/{total}", f"{line.same_type}/{total}", str(line.extra))[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return (line.student, line.found, line.same_type, line.extra)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def most_missed_text(view: ClassView) -> str:
    """The most missed key claims, one line each: “quote” — missed by 3 of 4."""
    if not view.most_missed:
        return "Nobody missed a claim of the key." if view.key_claims else "The key has no claims on this document."
    count = len(view.students)
    lines = [f"“{excerpt(row.exact, 64)}” — missed by {row.missed} of {count}" for row in view.most_missed]
    return "\n".join(lines)


class ClassViewDialog(QDialog):
    """The teacher's view of one document, with the key chosen among its annotators."""

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        document_id: int,
        key_annotator: str,
        claim_types: list[ClaimType],
        parent: QWidget | None = None,
        *,
        with_members: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("classViewDialog")
        self.setWindowTitle(self.tr("Teacher's View"))
        self.resize(1100, 640)
        self.library, self.runner, self.document_id = library, runner, document_id
        self.claim_types, self.with_members = claim_types, with_members
        self.key_annotator = key_annotator
        self.tagging = ClassTaggingModel(self)
        self.results = StudentResultsModel(self)
        self.key_box = QComboBox(self)
        self.key_box.setObjectName("classKey")
        self.key_box.setAccessibleName(self.tr("Whose claims are the key"))
        self.key_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid = self._table(self.tagging, "classTagging")
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.result_table = self._table(self.results, "classResults")
        self.result_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setObjectName("classSummary")
        self.missed = QLabel(self)
        self.missed.setObjectName("classMostMissed")
        self.missed.setWordWrap(True)
        self.missed.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out()
        self.key_box.activated.connect(lambda _: self.compare(self.key_box.currentText()))
        self.view: ClassView | None = None
        self.compare(key_annotator)

    def _table(self, model: QAbstractTableModel, name: str) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Key:"), self))
        top.addWidget(self.key_box)
        top.addWidget(self.summary, 1)
        lower = QWidget(self)
        columns = QHBoxLayout(lower)
        columns.setContentsMargins(0, 0, 0, 0)
        missed_column = QVBoxLayout()
        heading = QLabel(self.tr("<b>Most missed</b>"), self)
        missed_column.addWidget(heading)
        missed_column.addWidget(self.missed, 1, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self.result_table, 1)
        columns.addLayout(missed_column, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.grid)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def compare(self, key_annotator: str) -> None:
        """Build the view with key_annotator's claims as the key, on a pool thread."""
        self.key_annotator = key_annotator
        self.summary.setText(self.tr("Comparing…"))
        job = class_view_job(self.library.path, self.document_id, key_annotator, self.with_members)
        self.runner.start(job, self.show_view, lambda message: self.summary.setText(message),
                          title=self.tr("Comparing the class"))  # fmt: skip

    def show_view(self, view: ClassView) -> None:
        """Show a built ClassView."""
        self.view = view
        self.tagging.set_view(view, self.claim_types)
        self.results.set_view(view)
        self.key_box.clear()
        self.key_box.addItems(sorted({*view.annotators, view.key_annotator}))
        self.key_box.setCurrentText(view.key_annotator)
        mean = [r.agreement for r in view.rows if r.agreement is not None]
        average = sum(mean) / len(mean) if mean else 0.0
        count = len(view.students)
        claims = self.tr("1 key claim") if view.key_claims == 1 else self.tr("{n} key claims").format(
            n=view.key_claims)  # fmt: skip
        students = self.tr("1 student") if count == 1 else self.tr("{n} students").format(n=count)
        self.summary.setText(self.tr("{claims} · {students} · mean agreement {mean:.0%}").format(
            claims=claims, students=students, mean=average))  # fmt: skip
        self.missed.setText(most_missed_text(view))
        header = self.grid.horizontalHeader()  # (a reset forgets the sections' modes)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.tagging.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.result_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
