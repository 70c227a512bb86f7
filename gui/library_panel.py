"""The library panel: the documents (title, byline, claim counts), a filter box and an import button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from storage import Annotation, ClaimType, DocumentSummary

from .commands import AnnotationEvents
from .library_model import BylineRole, DocumentFilterModel, DocumentIdRole, LibraryModel, SearchTextRole, SummaryRole
from .themes import DEFAULT_THEME, Theme, theme_named

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession
    from .research.collections_tree import CollectionsTree

Index = QModelIndex | QPersistentModelIndex
PAD = 8


class DocumentDelegate(QStyledItemDelegate):
    """Paints a document row: title, author · date, and a coloured count per claim type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim_types: list[ClaimType] = []
        self.theme = theme_named(DEFAULT_THEME)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(200, 2 * PAD + 3 * line + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: DocumentSummary = index.data(SummaryRole)
        painter.save()
        theme, rect = self.theme, QRectF(option.rect).adjusted(4, 2, -4, -2)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.selection))
            painter.drawRoundedRect(rect, 6, 6)
        line = QFontMetrics(option.font).lineSpacing()
        left, width = rect.left() + PAD, rect.width() - 2 * PAD
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(theme.text))
        title = QFontMetrics(bold).elidedText(
            summary.title or self.tr("Untitled"), Qt.TextElideMode.ElideRight, int(width)
        )
        painter.drawText(QRectF(left, rect.top() + PAD, width, line), title)
        painter.setFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor(theme.text if selected else theme.muted))  # muted on the selection reads too faint
        byline = str(index.data(BylineRole) or "")
        byline = QFontMetrics(option.font).elidedText(byline, Qt.TextElideMode.ElideRight, int(width))
        painter.drawText(QRectF(left, rect.top() + PAD + line, width, line), byline)
        self._paint_counts(painter, summary, left, rect.top() + PAD + 2 * line + 2, line)
        painter.restore()

    def _paint_counts(self, painter: QPainter, summary: DocumentSummary, x: float, y: float, line: int) -> None:
        metrics = painter.fontMetrics()
        for claim_type in self.claim_types:
            count = summary.counts.get(claim_type.name, 0)
            text = f"{count} {claim_type.label.lower()}"
            colour = QColor(claim_type.colour)
            dark_page = QColor(self.theme.base).lightness() < 100
            painter.setPen(
                (colour.lighter(130) if dark_page else colour.darker(140)) if count else QColor(self.theme.muted)
            )
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(text) + 2, line), text)
            x += metrics.horizontalAdvance(text) + 12


class LibraryPanel(QWidget):
    """Documents of the library with a filter box; the import button triggers actionImport."""

    document_chosen = Signal(int)  # the user made another document current: open it

    def __init__(self, import_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.model = LibraryModel(self)
        self.proxy = DocumentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SearchTextRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.delegate = DocumentDelegate(self)
        self.view = QListView(self)
        self.view.setObjectName("libraryView")
        self.view.setAccessibleName(self.tr("Documents"))
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(self.delegate)
        # Ctrl/Shift+click picks several documents (for export); the current one is the one shown.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)  # onto a collection of the tree
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.collections: CollectionsTree | None = None
        self.context_menu: QMenu | None = None
        self.filter_box = QLineEdit(self, clearButtonEnabled=True)
        self.filter_box.setObjectName("libraryFilter")
        self.filter_box.setPlaceholderText(self.tr("Filter documents…"))
        self.filter_box.setAccessibleName(self.tr("Filter documents"))
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.no_match = QLabel(self)
        self.no_match.setObjectName("libraryNoMatch")
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.import_button = QPushButton(self.tr("Import Articles…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName(self.tr("Import articles"))
        self.import_button.setToolTip(self.tr("Import article files (or drop them on the window)"))
        self.import_button.clicked.connect(import_action.trigger)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        title = QLabel(self.tr("LIBRARY"), self)
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        layout.addWidget(self.filter_box)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.no_match)
        layout.addWidget(self.import_button)
        self.shown_id: int | None = None  # the document on screen, kept current when the filter changes

    def follow(self, session: DocumentSession, events: AnnotationEvents) -> None:
        """Mark the session's document as current, and keep every document's counts as claims come and go."""
        session.shown.connect(self._on_shown)
        events.added.connect(lambda a: self.model.adjust_count(a.document_id, a.claim_type, +1))
        events.removed.connect(lambda a: self.model.adjust_count(a.document_id, a.claim_type, -1))
        events.changed.connect(self._on_changed)

    def set_collections(self, tree: CollectionsTree) -> None:
        """Show the collections tree above the list; the collection chosen there filters it."""
        self.collections = tree
        self.splitter.insertWidget(0, tree)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._tree_sized_by_user = False
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_tree_sized_by_user", True))
        tree.model.modelReset.connect(self._fit_collections)
        tree.filter_changed.connect(self._on_collection_filter)
        tree.set_total(self.model.rowCount())
        self._fit_collections()

    def _fit_collections(self) -> None:
        """Give the tree the height of its rows (at most 45% of the panel) until the user moves the splitter."""
        if self.collections is None or self._tree_sized_by_user:
            return
        total = max(sum(self.splitter.sizes()), 600)
        tree = min(self.collections.fitted_height(), int(0.45 * total))
        self.splitter.setSizes([tree, total - tree])

    def _on_collection_filter(self, ids: set[int] | None) -> None:
        """Show only a collection's documents, without choosing another document (like the filter box)."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.proxy.set_document_ids(ids)
        if self.shown_id is not None:
            self._make_current(self.shown_id)
        selection.blockSignals(False)
        self.view.viewport().update()

    def build_context_menu(self, ids: list[int]) -> QMenu:
        """Return the menu of the selected documents: add to a collection, remove from the chosen one."""
        menu = QMenu(self)
        if self.collections is not None:
            self.collections.document_menu(ids, menu)
        return menu

    def _on_context_menu_requested(self, point: QPoint) -> None:
        ids = self.selected_ids()
        if not ids or self.collections is None:
            return
        self.context_menu = self.build_context_menu(ids)
        self.context_menu.popup(self.view.viewport().mapToGlobal(point))

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.select(prepared.stored.id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = current.data(DocumentIdRole) if current.isValid() else None
        if document_id is not None:
            self.document_chosen.emit(document_id)

    def _on_filter_changed(self, text: str) -> None:
        """Filter the list without choosing another document: the one on screen stays open."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.proxy.setFilterFixedString(text)
        if self.shown_id is not None:
            self._make_current(self.shown_id)
        selection.blockSignals(False)
        empty = bool(text.strip()) and self.proxy.rowCount() == 0
        self.no_match.setText(self.tr("No documents match “{text}”.").format(text=text.strip()))
        self.no_match.setVisible(empty)
        self.view.viewport().update()

    def _on_changed(self, old: Annotation, new: Annotation) -> None:
        if old.claim_type != new.claim_type:
            self.model.adjust_count(old.document_id, old.claim_type, -1)
            self.model.adjust_count(new.document_id, new.claim_type, +1)

    def set_documents(self, documents: list[DocumentSummary], claim_types: list[ClaimType]) -> None:
        """Show documents, counting claims of claim_types."""
        self.delegate.claim_types = claim_types
        self.model.set_documents(documents)
        if self.collections is not None:
            self.collections.set_total(len(documents))

    def set_claim_types(self, claim_types: list[ClaimType]) -> None:
        """Count and colour the rows by these claim types (the documents' counts unchanged)."""
        self.delegate.claim_types = claim_types
        self.view.viewport().update()

    def set_theme(self, theme: Theme) -> None:
        """Paint the rows in theme's colours."""
        self.delegate.theme = theme
        self.view.viewport().update()

    def selected_ids(self) -> list[int]:
        """Return the ids of the selected documents, in list order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(DocumentIdRole) for index in rows]

    def select(self, document_id: int) -> None:
        """Make document_id's row current (it is the one on screen) without emitting document_chosen."""
        self.shown_id = document_id
        self.view.selectionModel().blockSignals(True)
        self._make_current(document_id)
        self.view.selectionModel().blockSignals(False)
        self.view.viewport().update()

    def _make_current(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
        else:
            self.view.selectionModel().clear()
