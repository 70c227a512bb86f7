"""Claims across the library: every claim in one table, filtered, sorted, opened and exported exactly as shown.

The filters and the sort are one ``ClaimFilter`` and a storage sort; each
change asks storage for the first page and the total on a pool thread (an
answer to an older question is dropped), and the table reads further pages as
they scroll into view (``ClaimsTableModel``). **Export as Filtered…** writes
``claims.uuids`` of the filter through the one export path. Activating a row
asks the window to open the claim's document there (``claim_activated``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage import Annotation, ClaimType
from storage.research.claims import ClaimFilter, ClaimPage

from ..commands import AnnotationEvents
from ..jobs import JobHandle, JobRunner
from ..themes import Theme
from .claims_filters import ClaimFilterBar
from .claims_model import COLUMNS, PAGE, ClaimsTableModel, DocumentIdRole, UuidRole, column_of
from .queries import QueryConnections, ViewChoices, choices_job, count_job, export_filtered_job, page_job

REFRESH_MS = 800  # after a claim changed, the view reads its rows again this much later
EXPORT_FORMATS = {
    "Markdown (*.md)": "markdown", "W3C JSON-LD (*.json)": "json", "CSV (*.csv)": "csv",
    "Excel workbook (*.xlsx)": "xlsx",
}  # fmt: skip
_WIDTHS = {"type": 96, "speaker": 130, "tags": 130, "document": 220, "status": 80, "annotator": 90, "created": 92}


class ClaimsView(QWidget):
    """The filter bar, how many claims match, Export as Filtered…, and the table."""

    claim_activated = Signal(int, str)  # document id, claim uuid
    page_shown = Signal()  # the first page for the latest filter and sort is in the table (or its message)
    counted = Signal()  # the count above the table changed
    exported = Signal(str, int)  # path, claims written
    export_failed = Signal(str)

    def __init__(
        self, library_path: Path, queries: JobRunner, runner: JobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("claimsView")
        self.library_path, self.queries, self.runner = library_path, queries, runner
        self.connections = QueryConnections(library_path)
        self.model = ClaimsTableModel(self)
        self.filters = ClaimFilterBar(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("claimsCount")
        self.message = QLabel(self, wordWrap=True)
        self.message.setObjectName("claimsMessage")
        self.message.hide()
        self.export_button = QPushButton(self.tr("Export as Filtered…"), self)
        self.export_button.setObjectName("claimsExport")
        self.export_button.setToolTip(self.tr("Export exactly the claims listed: Markdown, JSON-LD, CSV or .xlsx"))
        self.table = self._make_table()
        self.sort, self.descending = "document", False
        self.claim_types: dict[str, ClaimType] = {}
        self.stale = True  # read afresh when next shown
        self._notes: tuple[str, ...] = ()  # how the words of the filter were read
        self.asked_filter = ClaimFilter()  # the filter of the latest question
        self.shown_filter = ClaimFilter()  # the filter whose claims the table shows (what an export writes)
        self._generation = 0
        self._page_failed = False  # a later page could not be read: the message says so
        self._running: list[JobHandle] = []
        self._counted: tuple[int, int] | None = None  # (generation, total) once counted
        self._refresh = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._lay_out()
        self._connect_signals()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("claimsTable")
        table.setAccessibleName(self.tr("Claims across the library"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 100,000 rows are never measured
        rows.setDefaultSectionSize(table.fontMetrics().lineSpacing() + 10)
        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setSortIndicator(column_of("document"), Qt.SortOrder.AscendingOrder)
        for number, (key, _header, _sort) in enumerate(COLUMNS):
            if key == "quote":
                columns.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            else:
                columns.resizeSection(number, _WIDTHS[key])
        table.setSortingEnabled(True)
        return table

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.filters)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.query)
        self.model.page_needed.connect(self._on_page_needed)
        self.model.sort_requested.connect(self._on_sort_requested)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.table.activated.connect(self._on_activated)
        self.export_button.clicked.connect(self._on_export_requested)
        self._refresh.timeout.connect(self.refresh)

    # -- the window's hooks --------------------------------------------------------------
    def follow(self, events: AnnotationEvents) -> None:
        """Read the rows again a moment after a claim is added, changed or removed (at once if hidden: when shown)."""

        def changed(*_annotations: Annotation) -> None:
            if self.isVisible():
                self._refresh.start()
            else:
                self.stale = True

        events.added.connect(changed)
        events.removed.connect(changed)
        events.changed.connect(changed)

    def set_claim_types(self, claim_types: list[ClaimType]) -> None:
        """Show the types' labels and colours as the library has them now (and offer them as filters)."""
        self.claim_types = {t.name: t for t in claim_types}
        self.model.set_claim_types(claim_types)

    def set_theme(self, theme: Theme) -> None:
        """Follow the window's theme (the message in its text colour)."""
        self.message.setStyleSheet(f"color: {theme.text}; font-weight: bold;")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    # -- asking storage ------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the filters' choices and the rows afresh (the view opened, or claims changed)."""
        self.stale = False
        self.queries.start(choices_job(self.connections), self._on_choices)
        self.query()

    def query(self) -> None:
        """Ask for the first page and (beside it, on another thread) the total of the filter and sort shown.

        Answers to older questions are dropped; the rows are shown as soon as they are read.
        """
        self._generation += 1
        generation = self._generation
        claim_filter = self.asked_filter = self.filters.claim_filter()
        for handle in self._running:
            handle.cancel()
        first = page_job(self.connections, claim_filter, self.sort, self.descending, 0, PAGE, False)
        self._running = [
            self.queries.start(first, lambda page: self._on_first_page(generation, page),
                               lambda text: self._on_failed(generation, text)),
            self.queries.start(count_job(self.connections, claim_filter),
                               lambda total: self._on_counted(generation, total), lambda _text: None),
        ]  # fmt: skip

    def _on_first_page(self, generation: int, page: ClaimPage) -> None:
        if generation != self._generation:
            return
        self.message.hide()
        self.shown_filter, self._notes = self.asked_filter, page.notes
        counted = self._counted[1] if self._counted and self._counted[0] == generation else None
        self.model.show_first_page(generation, len(page.rows) if counted is None else counted, page.rows)
        self._show_count(counted)
        self.export_button.setEnabled(bool(page.rows))
        self.page_shown.emit()

    def _on_counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._counted = (generation, total)
        if self.model.generation == generation:  # the first page is shown: its total follows
            self.model.set_total(generation, total)
            self._show_count(total)

    def _show_count(self, total: int | None) -> None:
        notes = "".join(f" — {note}" for note in self._notes)
        counted = self.tr("Counting…") if total is None else claims_text(total)
        self.count_label.setText(counted + notes)
        self.counted.emit()

    def _on_failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self.model.show_first_page(generation, 0, [])
        self.count_label.setText(self.tr("No claims"))
        self.message.setText(text)
        self.message.show()
        self.export_button.setEnabled(False)
        self.page_shown.emit()

    def _on_page_needed(self, generation: int, offset: int) -> None:
        if generation != self._generation:
            return
        job = page_job(self.connections, self.shown_filter, self.sort, self.descending, offset, PAGE, False)
        self.queries.start(job, lambda page: self._on_page(generation, offset, page),
                           lambda text: self._on_page_failed(generation, offset, text))  # fmt: skip

    def _on_page(self, generation: int, offset: int, page: ClaimPage) -> None:
        if generation == self._generation and self._page_failed:  # read after all
            self._page_failed = False
            self.message.hide()
        self.model.add_page(generation, offset, page.rows)

    def _on_page_failed(self, generation: int, offset: int, text: str) -> None:
        """Say why those rows are missing; scrolling to them (any repaint) asks for them again."""
        if generation != self._generation:
            return
        self.model.forget_page(generation, offset)
        self._page_failed = True
        self.message.setText(self.tr("Some claims could not be read ({why}); scroll to try again.").format(why=text))
        self.message.show()

    def _on_choices(self, choices: ViewChoices) -> None:
        self.filters.set_choices(choices, self.claim_types)

    def _on_sort_requested(self, sort: str, descending: bool) -> None:
        if (sort, descending) != (self.sort, self.descending):
            self.sort, self.descending = sort, descending
            self.query()

    def _on_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        """A column storage cannot sort by keeps the indicator where the order really is."""
        if not COLUMNS[column][2]:
            shown = next(n for n, (_k, _h, sort) in enumerate(COLUMNS) if sort == self.sort)
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(shown, order)
            header.blockSignals(False)

    # -- acting on rows ------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        uuid, document_id = index.data(UuidRole), index.data(DocumentIdRole)
        if uuid and document_id is not None:
            self.claim_activated.emit(int(document_id), str(uuid))

    def export_to(self, path: str, export_format: str) -> JobHandle:
        """Write exactly the claims the table shows (its filter) to path, as export_format, on a pool thread."""
        self.export_button.setEnabled(False)
        job = export_filtered_job(self.library_path, self.shown_filter, path, export_format)
        return self.runner.start(job, self._on_exported, self._on_export_failed, title=self.tr("Exporting"))

    def _on_exported(self, result: tuple[str, int]) -> None:
        self.export_button.setEnabled(self.model.total > 0)
        self.exported.emit(*result)

    def _on_export_failed(self, message: str) -> None:
        self.export_button.setEnabled(self.model.total > 0)
        self.export_failed.emit(message)

    def _on_export_requested(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export as Filtered"), "claims.md", ";;".join(EXPORT_FORMATS)
        )
        if path:
            self.export_to(path, _format_of(path, chosen))


def claims_text(count: int) -> str:
    """ "1 claim", "1,234 claims"."""
    if count == 1:
        return QCoreApplication.translate("ClaimsView", "1 claim")
    return QCoreApplication.translate("ClaimsView", "{n} claims").format(n=f"{count:,}")


def _format_of(path: str, chosen: str) -> str:
    """The format the file dialog's filter names (the suffix when the filter says nothing)."""
    by_suffix = {".md": "markdown", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
    return EXPORT_FORMATS.get(chosen) or by_suffix.get(Path(path).suffix.lower(), "markdown")
