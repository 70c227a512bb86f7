"""The annotation panel: filterable, sortable cards of the open document's claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storage import Annotation, ClaimType

from .annotation_model import SORT_POSITION, SORT_TIME, AnnotationFilterModel, AnnotationListModel, UuidRole
from .card_delegate import CardDelegate
from .commands import AnnotationEvents
from .themes import Theme

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession


class CardList(QListView):
    """The list of cards, laid out again whenever its width changes (a card's height depends on it).

    QListView re-lays out a top-to-bottom list only when its height changes; when a filter
    shows or hides the scroll bar, the width changes alone, and rows placed at the old
    width kept their places with new heights: cards overlapped, or gaps opened.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class AnnotationPanel(QWidget):
    """Cards of one document's annotations, with type toggles, a text filter and a sort order."""

    annotation_activated = Signal(str)  # a card was clicked: show it in the reader
    edit_requested = Signal(str, dict)  # uuid, update_annotation keywords
    delete_requested = Signal(str)
    copy_requested = Signal(str)  # copy the claim as Markdown
    similar_requested = Signal(str)  # list the same claim in other documents

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.model = AnnotationListModel(self)
        self.proxy = AnnotationFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.delegate = CardDelegate(self)
        self.view = self._make_view()
        self.title = QLabel(self.tr("CLAIMS"), self)
        self.title.setObjectName("panelTitle")
        self.text_filter = QLineEdit(self, clearButtonEnabled=True)
        self.text_filter.setObjectName("annotationFilter")
        self.text_filter.setPlaceholderText(self.tr("Filter claims…"))
        self.text_filter.setAccessibleName(self.tr("Filter claims"))
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("annotationSort")
        self.sort_box.setAccessibleName(self.tr("Sort claims"))
        self.sort_box.addItem(self.tr("In reading order"), SORT_POSITION)
        self.sort_box.addItem(self.tr("Newest first"), SORT_TIME)
        self.empty_hint = QLabel(self.tr("Select a sentence and press F, O or Q to tag it."), self, wordWrap=True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.type_buttons: dict[str, QToolButton] = {}
        self._toggles = QHBoxLayout()
        self._toggles.setSpacing(4)
        self.context_menu: QMenu | None = None
        self.document_id: int | None = None  # whose cards are shown
        self._lay_out()
        self._connect_signals()

    def _make_view(self) -> QListView:
        view = CardList(self)
        view.setObjectName("annotationView")
        view.setAccessibleName(self.tr("Claims"))
        view.setModel(self.proxy)
        view.setItemDelegate(self.delegate)
        self.delegate.viewport = view.viewport()
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setLayoutMode(QListView.LayoutMode.Batched)  # a book's 10,000 cards lay out between events
        view.setBatchSize(50)  # cards measured per pass of the event loop: a few milliseconds
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return view

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.sort_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addLayout(header)
        layout.addLayout(self._toggles)
        layout.addWidget(self.text_filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_hint)

    def _connect_signals(self) -> None:
        self.text_filter.textChanged.connect(self.proxy.set_text_filter)
        self.sort_box.currentIndexChanged.connect(lambda _: self.proxy.set_sort_order(self.sort_box.currentData()))
        self.view.clicked.connect(self._on_card_clicked)
        self.view.activated.connect(self._on_card_clicked)
        self.view.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.delegate.edit_committed.connect(self.edit_requested)
        # The proxy drops a row while its source still holds it: count again once the source has changed too.
        proxy, model = self.proxy, self.model
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged,
                       model.rowsInserted, model.rowsRemoved, model.modelReset):  # fmt: skip
            signal.connect(self._update_count)

    # -- following the session and the stored changes ----------------------------
    def follow(self, session: DocumentSession, events: AnnotationEvents) -> None:
        """Show the cards of the session's document and follow every stored change to them."""
        session.opening.connect(lambda _id: self._show_document(None, [], list(self.delegate.claim_types.values())))
        session.shown.connect(self._on_shown)
        events.added.connect(self._on_added)
        events.removed.connect(self._on_removed)
        events.changed.connect(self._on_changed)

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.document_id = prepared.stored.id
        self.set_annotations(prepared.in_order, prepared.claim_types, in_order=True)  # sorted on the pool thread

    def _show_document(self, document_id: int | None, annotations: list[Annotation], types: list[ClaimType]) -> None:
        self.document_id = document_id
        self.set_annotations(annotations, types)

    def _on_added(self, annotation: Annotation) -> None:
        if annotation.document_id == self.document_id:
            self._select_row(self.model.add(annotation))

    def _on_removed(self, annotation: Annotation) -> None:
        if annotation.document_id == self.document_id:
            self.model.remove(annotation.uuid, annotation)

    def _on_changed(self, _old: Annotation, new: Annotation) -> None:
        if new.document_id == self.document_id:
            self.model.replace(new)

    # -- content -----------------------------------------------------------------
    def set_annotations(
        self, annotations: list[Annotation], claim_types: list[ClaimType], in_order: bool = False
    ) -> None:
        """Show annotations as cards, with one filter toggle per claim type (in_order: in reading order already)."""
        self.delegate.claim_types = {t.name: t for t in claim_types}
        self._rebuild_toggles(claim_types)
        self.model.set_annotations(annotations, claim_types, in_order)

    def _rebuild_toggles(self, claim_types: list[ClaimType]) -> None:
        if list(self.type_buttons) == [t.name for t in claim_types]:
            for claim_type in claim_types:  # the same types: a label or colour may have changed (Manage Claim Types)
                self._style_toggle(self.type_buttons[claim_type.name], claim_type)
            return
        for button in self.type_buttons.values():
            self._toggles.removeWidget(button)
            button.deleteLater()
        self.type_buttons = {}
        for claim_type in claim_types:
            button = QToolButton(self)
            button.setObjectName(f"filter_{claim_type.name}")
            button.setCheckable(True)
            button.setChecked(True)
            self._style_toggle(button, claim_type)
            button.toggled.connect(lambda shown, name=claim_type.name: self.proxy.set_type_visible(name, shown))
            self._toggles.addWidget(button)
            self.type_buttons[claim_type.name] = button
        self._toggles.addStretch(1)

    def _style_toggle(self, button: QToolButton, claim_type: ClaimType) -> None:
        button.setText(claim_type.label)
        button.setAccessibleName(self.tr("Show {type} claims").format(type=claim_type.label))
        button.setStyleSheet(f"QToolButton {{ border-bottom: 3px solid {claim_type.colour}; }}")

    def set_theme(self, theme: Theme) -> None:
        """Paint the cards in theme's colours."""
        self.delegate.theme = theme
        self.view.viewport().update()

    def show_only_types(self, names: set[str]) -> None:
        """Check the toggles of names and uncheck the others."""
        for name, button in self.type_buttons.items():
            button.setChecked(name in names)

    def set_status_filter(self, statuses: set[str] | None) -> None:
        """Show only cards whose anchor status is in statuses, e.g. {"orphaned"} (None: all)."""
        self.proxy.set_statuses(statuses)

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.title.setText(self.tr("CLAIMS  {shown}/{total}").format(shown=shown, total=total))
        self.empty_hint.setVisible(total == 0)

    # -- selection ---------------------------------------------------------------
    def select(self, uuid: str) -> bool:
        """Make annotation uuid's card current and visible; return False when it is filtered out."""
        return self._select_row(self.model.row_of(uuid))

    def _select_row(self, row: int) -> bool:
        index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        return True

    def current_uuid(self) -> str | None:
        """Return the uuid of the selected card, or None."""
        index = self.view.currentIndex()
        return index.data(UuidRole) if index.isValid() and self.view.selectionModel().isSelected(index) else None

    def edit(self, uuid: str) -> None:
        """Open the inline editor on annotation uuid's card, focused on the note."""
        if self.select(uuid):
            self.view.edit(self.view.currentIndex())

    def _on_card_clicked(self, index: QModelIndex) -> None:
        self.annotation_activated.emit(index.data(UuidRole))

    # -- context menu ------------------------------------------------------------
    def build_context_menu(self, uuid: str) -> QMenu:
        """Return the menu of one card: change type, edit, copy as Markdown, delete."""
        annotation = self.model.annotation_at(self.model.row_of(uuid))
        menu = QMenu(self)
        retype = menu.addMenu(self.tr("Change type"))
        retype.setObjectName("menuChangeType")
        for claim_type in self.delegate.claim_types.values():
            action = retype.addAction(claim_type.label)
            action.setObjectName(f"retype_{claim_type.name}")
            action.setCheckable(True)
            action.setChecked(claim_type.name == annotation.claim_type)
            action.triggered.connect(lambda _=False, n=claim_type.name: self.retype(uuid, n))
        self._add(menu, "actionEditCard", self.tr("Edit note, speaker and tags…"), lambda: self.edit(uuid))
        self._add(menu, "actionCopyMarkdown", self.tr("Copy as Markdown"), lambda: self.copy_markdown(uuid))
        self._add(
            menu, "actionSimilarCard", self.tr("Same Claim Elsewhere…"), lambda: self.similar_requested.emit(uuid)
        )
        menu.addSeparator()
        self._add(menu, "actionDeleteCard", self.tr("Delete"), lambda: self.delete_requested.emit(uuid))
        return menu

    def retype(self, uuid: str, claim_type: str) -> None:
        """Ask for annotation uuid to become claim_type."""
        self.edit_requested.emit(uuid, {"claim_type": claim_type})

    @staticmethod
    def _add(menu: QMenu, name: str, text: str, slot: object) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _on_context_menu_requested(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.select(index.data(UuidRole))
        self.context_menu = self.build_context_menu(index.data(UuidRole))
        self.context_menu.popup(self.view.viewport().mapToGlobal(point))

    def copy_markdown(self, uuid: str) -> None:
        """Ask for annotation uuid to be copied as Markdown."""
        self.copy_requested.emit(uuid)
