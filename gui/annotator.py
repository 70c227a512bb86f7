"""Tagging, editing and deleting claims: user requests become stored changes and undo commands.

The Annotator stores each change first (one committed transaction), then pushes an undo
command holding the result; views follow AnnotationEvents, never the other way round.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from storage import Annotation, Library, LibraryError

from .commands import AddAnnotationCommand, AnnotationEvents, DeleteAnnotationCommand, EditAnnotationCommand, edit


class Annotator(QObject):
    """Turns requests on the open document into library changes on one undo stack."""

    saved = Signal(str)  # what was saved, for the status bar
    failed = Signal(str)  # a domain error's message, for a dialog

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)  # the window's one stack; owned here so it dies first
        self.events = AnnotationEvents(self)
        self.undo_stack.indexChanged.connect(self._on_stack_moved)

    def _on_stack_moved(self, _index: int) -> None:
        """Every do, undo and redo is committed before the stack moves: say so."""
        self.saved.emit(self.tr("Saved"))

    def tag(self, document_id: int, start: int, end: int, claim_type: str) -> Annotation | None:
        """Store text[start:end] as claim_type; return the annotation (None when refused)."""
        try:
            annotation = self.library.add_annotation(document_id, start, end, claim_type)
        except LibraryError as error:
            self.failed.emit(str(error))
            return None
        self.undo_stack.push(AddAnnotationCommand(self.library, self.events, annotation))
        return annotation

    def delete(self, uuid: str) -> None:
        """Delete annotation uuid (undoable)."""
        try:
            deleted = self.library.delete_annotation(uuid)
        except LibraryError as error:
            self.failed.emit(str(error))
            return
        self.undo_stack.push(DeleteAnnotationCommand(self.library, self.events, deleted))

    def update(self, uuid: str, changes: dict[str, Any]) -> None:
        """Change annotation uuid's type, note, speaker or tags (undoable)."""
        try:
            before, after = edit(self.library, uuid, **changes)
        except LibraryError as error:
            self.failed.emit(str(error))
            return
        self.undo_stack.push(EditAnnotationCommand(self.library, self.events, before, after))
