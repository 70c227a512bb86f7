"""The Orphans section of the claims panel: claims whose text was not found in a new version.

Orphans keep their quote, note and type. A reader re-attaches one by selecting
the text it now belongs to and pressing "Re-attach to Selection"; that is one
undoable change like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from storage import AnchorStatus, Annotation, Library
from storage.anchoring.versions import reattach_annotation

from .commands import AnnotationEvents, EditAnnotationCommand

if TYPE_CHECKING:
    from .document_loader import PreparedDocument
    from .document_session import DocumentSession

Index = QModelIndex | QPersistentModelIndex
OrphanUuidRole = Qt.ItemDataRole.UserRole + 1


class OrphanListModel(QAbstractListModel):
    """The orphaned annotations of one document, shown as "Type: quote — note"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._orphans: list[Annotation] = []
        self._labels: dict[str, str] = {}

    def set_orphans(self, orphans: list[Annotation], labels: dict[str, str]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._orphans, self._labels = list(orphans), dict(labels)
        self.endResetModel()

    def orphan_at(self, row: int) -> Annotation:
        """Return the annotation shown in row."""
        return self._orphans[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._orphans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._orphans):
            return None
        orphan = self._orphans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(orphan.exact.split())
            text = f"{self._labels.get(orphan.claim_type, orphan.claim_type)}: “{quote}”"
            return f"{text} — {orphan.note}" if orphan.note else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return orphan.exact
        if role == OrphanUuidRole:
            return orphan.uuid
        return None


class ReattachCommand(EditAnnotationCommand):
    """Re-attach an orphan to new text: undo makes it the orphan it was."""

    def __init__(self, library: Library, events: AnnotationEvents, before: Annotation, after: Annotation) -> None:
        super().__init__(library, events, before, after)  # stored before the command is pushed
        self.setText(QCoreApplication.translate("orphans", "Re-attach claim"))


def reattach(library: Library, uuid: str, start: int, end: int) -> tuple[Annotation, Annotation]:
    """Store annotation uuid re-attached to [start, end); return (before, after). Raises LibraryError."""
    before = library.annotation(uuid)
    return before, reattach_annotation(library, uuid, start, end)


class OrphansSection(QWidget):
    """A list of the open document's orphans with a button re-attaching the chosen one to the selection."""

    reattach_requested = Signal(str)  # uuid of the orphan to attach to the reader's selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orphansSection")
        self.model = OrphanListModel(self)
        self.title = QLabel(self)
        self.title.setObjectName("orphansTitle")
        self.hint = QLabel(self.tr("Not found in the new version. Select their text and re-attach."), self)
        self.hint.setWordWrap(True)
        self.view = QListView(self)
        self.view.setObjectName("orphanView")
        self.view.setAccessibleName(self.tr("Orphaned claims"))
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setMaximumHeight(160)
        self.button = QPushButton(self.tr("Re-attach to Selection"), self)
        self.button.setObjectName("reattachButton")
        self.button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        for widget in (self.title, self.hint, self.view, self.button):
            layout.addWidget(widget)
        self.view.selectionModel().currentChanged.connect(lambda current, _: self.button.setEnabled(current.isValid()))
        self.button.clicked.connect(self._on_reattach_clicked)
        self.setVisible(False)

    def follow(self, session: DocumentSession, events: AnnotationEvents, library: Library) -> None:
        """List the orphans of the session's document, kept in step with every stored change (no query)."""
        self._document_id: int | None = None
        self._orphans: dict[str, Annotation] = {}
        self._labels: dict[str, str] = {}
        session.opening.connect(lambda _id: self._show(None, [], self._labels))
        session.shown.connect(self._on_shown)
        events.added.connect(self._on_added)
        events.removed.connect(self._on_removed)
        events.changed.connect(lambda _old, new: self._on_added(new))

    def _on_shown(self, prepared: PreparedDocument) -> None:
        labels = {t.name: t.label for t in prepared.claim_types}
        self._show(prepared.stored.id, prepared.orphans, labels)  # found on the pool thread

    def _show(self, document_id: int | None, orphans: list[Annotation], labels: dict[str, str]) -> None:
        self._document_id, self._labels = document_id, labels
        self._orphans = {a.uuid: a for a in orphans if a.status == AnchorStatus.ORPHANED}
        self._refresh()

    def _on_added(self, annotation: Annotation) -> None:
        """Follow a stored change: only one that makes or unmakes an orphan touches the list (tagging never does)."""
        if annotation.document_id != self._document_id:
            return
        if annotation.status == AnchorStatus.ORPHANED:
            self._orphans[annotation.uuid] = annotation
        elif self._orphans.pop(annotation.uuid, None) is None:
            return
        self._refresh()

    def _on_removed(self, annotation: Annotation) -> None:
        if annotation.document_id == self._document_id and self._orphans.pop(annotation.uuid, None) is not None:
            self._refresh()

    def _refresh(self) -> None:
        self.set_orphans(sorted(self._orphans.values(), key=lambda a: (a.start, a.created)), self._labels)

    def set_orphans(self, orphans: list[Annotation], labels: dict[str, str]) -> None:
        """Show orphans (hiding the section when there are none)."""
        self.model.set_orphans(orphans, labels)
        self.title.setText(self.tr("ORPHANS  {count}").format(count=len(orphans)))
        self.button.setEnabled(False)
        self.setVisible(bool(orphans))

    def current_uuid(self) -> str | None:
        """Return the uuid of the chosen orphan, or None."""
        index = self.view.currentIndex()
        return index.data(OrphanUuidRole) if index.isValid() else None

    def _on_reattach_clicked(self) -> None:
        uuid = self.current_uuid()
        if uuid is not None:
            self.reattach_requested.emit(uuid)
