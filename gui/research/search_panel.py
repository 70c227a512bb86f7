"""The search panel (Ctrl+Shift+F): one field searching every claim and every document's text, results ranked.

Typing waits for a pause (``DEBOUNCE_MS``), then the query runs as a job on
its own connection; an answer to an older query is dropped. A query that
cannot be searched shows its one message in the panel. Activating a result
asks the window to open its document there: ``claim_chosen`` for a claim,
``text_chosen`` for a place in a document's text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from storage import Annotation, ClaimType
from storage.research.search import SearchTotals

from ..commands import AnnotationEvents
from ..jobs import JobHandle, JobRunner
from ..themes import Theme
from .queries import QueryConnections, SearchOutcome, search_job, totals_job
from .search_delegate import SearchResultDelegate
from .search_model import CLAIM, RowRole, SearchResultsModel, SearchRow

DEBOUNCE_MS = 120  # a pause in typing this long starts the search
REFRESH_MS = 600  # after a claim changed, the results are searched again this much later
LIMIT = 20  # claims shown at most (the totals count every match)
PREFERRED_WIDTH = 380  # the panel is widened to this when opened narrower (snippets of two lines, not five)


class SearchPanel(QWidget):
    """A search field, what the query found (counts, notes or one message), and the results."""

    claim_chosen = Signal(int, str)  # document id, claim uuid
    text_chosen = Signal(int, int, int)  # document id, start, end (canonical offsets)
    results_shown = Signal()  # the results of the latest query are in the list (or its message is shown)

    def __init__(self, library_path: Path, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.runner = runner
        self.connections = QueryConnections(library_path)
        self.model = SearchResultsModel(self)
        self.delegate = SearchResultDelegate(self)
        self.field = QLineEdit(self, clearButtonEnabled=True)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(self.tr("Search claims and documents…"))
        self.field.setAccessibleName(self.tr("Search the library"))
        self.field.setToolTip(self.tr('Words, a "phrase", word*, -word, a OR b; speaker:, tag:, type:, status:, '
                                      "doc:, collection:, annotator:"))  # fmt: skip
        self.summary = QLabel(self, wordWrap=True)
        self.summary.setObjectName("searchSummary")
        self.message = QLabel(self, wordWrap=True)
        self.message.setObjectName("searchMessage")
        self.message.hide()
        self.view = self._make_view()
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._generation = 0
        self._running: JobHandle | None = None
        self.shown_query = ""  # the query whose results (or message) are shown
        self._lay_out()
        self._connect_signals()

    def _make_view(self) -> QListView:
        view = QListView(self)
        view.setObjectName("searchResults")
        view.setAccessibleName(self.tr("Search results"))
        view.setModel(self.model)
        view.setItemDelegate(self.delegate)
        self.delegate.viewport = view.viewport()
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        # Always shown: a scroll bar appearing would narrow every row, and snippets are laid out for one width.
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        view.setWordWrap(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return view

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        title = QLabel(self.tr("SEARCH"), self)
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

    def _connect_signals(self) -> None:
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self.search_now)
        self.field.installEventFilter(self)
        self._timer.timeout.connect(self.search_now)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)

    # -- the window's hooks ----------------------------------------------------------
    def follow(self, events: AnnotationEvents) -> None:
        """Search again a moment after a claim is added, changed or removed (its quote, note or tags may match)."""
        refresh = QTimer(self, singleShot=True, interval=REFRESH_MS)
        refresh.timeout.connect(lambda: self.search_now() if self.field.text().strip() else None)

        def changed(*_annotations: Annotation) -> None:
            refresh.start()

        events.added.connect(changed)
        events.removed.connect(changed)
        events.changed.connect(changed)

    def focus_field(self) -> None:
        """Put the caret in the search field, its text selected (Ctrl+Shift+F)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_claim_types(self, claim_types: list[ClaimType]) -> None:
        """Name and colour the claims' types as the library has them now."""
        self.delegate.set_claim_types(claim_types)
        self.view.viewport().update()

    def set_theme(self, theme: Theme) -> None:
        """Paint the results in theme's colours."""
        self.delegate.set_theme(theme)
        self.message.setStyleSheet(f"color: {theme.text}; font-weight: bold;")
        self.model.layoutChanged.emit()  # heights follow the fonts and widths the snippets were made with

    # -- searching -------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Show text in the field and search it at once (no pause)."""
        self.field.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Search what the field holds now; an earlier query still running is superseded."""
        self._timer.stop()
        text = self.field.text()
        self._generation += 1
        generation = self._generation
        if self._running is not None:
            self._running.cancel()
        if not text.strip():
            self._running = None
            self._show(text, [], "", "")
            return
        self._running = self.runner.start(
            search_job(self.connections, text, LIMIT, layout=self.delegate.layout_for(self.view.font())),
            lambda outcome: self._on_found(generation, outcome),
            lambda message: self._on_failed(generation, text, message),
        )

    def _on_found(self, generation: int, outcome: SearchOutcome) -> None:
        if generation != self._generation:
            return  # the query changed while this one ran
        self.delegate.adopt(outcome.documents, outcome.layout)
        self._show(outcome.query, outcome.rows, self._summary_of(outcome, None), "")
        self._running = self.runner.start(
            totals_job(self.connections, outcome.query),
            lambda totals: self._on_counted(generation, outcome, totals),
            lambda _message: None,  # the results stand; only their count is missing
        )

    def _on_counted(self, generation: int, outcome: SearchOutcome, totals: SearchTotals) -> None:
        if generation == self._generation:
            self._running = None
            self.summary.setText(self._summary_of(outcome, totals))

    def _on_failed(self, generation: int, text: str, message: str) -> None:
        if generation != self._generation:
            return
        self._running = None
        self._show(text, [], "", message)

    def _show(self, query: str, rows: list[SearchRow], summary: str, message: str) -> None:
        self.model.set_rows(rows)
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.shown_query = query
        self.results_shown.emit()

    def _summary_of(self, outcome: SearchOutcome, totals: SearchTotals | None) -> str:
        """How much matched (… until the totals are counted), and how the query was read."""
        claims, documents = (totals or outcome.totals).claims, (totals or outcome.totals).documents
        if not claims and not documents:
            found = self.tr("Nothing matches.")
        elif totals is None:
            found = self.tr("Counting…")
        else:
            found = self.tr("{claims} claims, {documents} documents").format(claims=f"{claims:,}",
                                                                             documents=f"{documents:,}")  # fmt: skip
            if outcome.windowed:
                found += self.tr(" (the newest shown first)")
        return "\n".join([found, *outcome.notes])

    # -- results ---------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        row: SearchRow | None = index.data(RowRole) if index.isValid() else None
        if row is None:
            return
        if row.kind == CLAIM:
            self.claim_chosen.emit(row.document_id, row.uuid)
        else:
            self.text_chosen.emit(row.document_id, row.start, row.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the field moves to the first result, so the keyboard alone can pick one."""
        down = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
        if watched is self.field and down and self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0))
            return True
        return super().eventFilter(watched, event)
