"""Undo commands: every change a user makes to annotations, each redo/undo one library call.

The window performs the first change itself (so a refused change shows an error and
never reaches the stack), then pushes a command holding the result. A command's
redo/undo call storage/ and announce the change on AnnotationEvents; views listen
there, so commands never touch a widget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand

from storage import Annotation, Library


def _tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class AnnotationEvents(QObject):
    """Announces stored changes to annotations, for every view to follow."""

    added = Signal(object)  # Annotation
    removed = Signal(object)  # Annotation
    changed = Signal(object, object)  # old Annotation, new Annotation


class AddAnnotationCommand(QUndoCommand):
    """Tag a span: undo deletes the annotation, redo restores it with the same uuid."""

    def __init__(self, library: Library, events: AnnotationEvents, annotation: Annotation) -> None:
        super().__init__(_tr("Tag as {type}").format(type=annotation.claim_type))
        self.library, self.events, self.annotation = library, events, annotation
        self._stored = True  # the window stored it before pushing

    def redo(self) -> None:
        if not self._stored:
            self.library.restore_annotation(self.annotation)
            self._stored = True
        self.events.added.emit(self.annotation)

    def undo(self) -> None:
        self.library.delete_annotation(self.annotation.uuid)
        self._stored = False
        self.events.removed.emit(self.annotation)


class DeleteAnnotationCommand(QUndoCommand):
    """Delete an annotation: undo puts it back exactly as it was."""

    def __init__(self, library: Library, events: AnnotationEvents, deleted: Annotation) -> None:
        super().__init__(_tr("Delete {type}").format(type=deleted.claim_type))
        self.library, self.events, self.annotation = library, events, deleted
        self._deleted = True

    def redo(self) -> None:
        if not self._deleted:
            self.library.delete_annotation(self.annotation.uuid)
            self._deleted = True
        self.events.removed.emit(self.annotation)

    def undo(self) -> None:
        self.library.restore_annotation(self.annotation)
        self._deleted = False
        self.events.added.emit(self.annotation)


class EditAnnotationCommand(QUndoCommand):
    """Change an annotation's type, note, speaker or tags: undo restores the previous state."""

    def __init__(self, library: Library, events: AnnotationEvents, before: Annotation, after: Annotation) -> None:
        super().__init__(_tr("Edit {type}").format(type=after.claim_type))
        self.library, self.events, self.before, self.after = library, events, before, after
        self._applied = True

    def redo(self) -> None:
        if not self._applied:
            self.library.replace_annotation(self.after)
            self._applied = True
        self.events.changed.emit(self.before, self.after)

    def undo(self) -> None:
        self.library.replace_annotation(self.before)
        self._applied = False
        self.events.changed.emit(self.after, self.before)


def edit(library: Library, uuid: str, **changes: Any) -> tuple[Annotation, Annotation]:
    """Apply changes to the stored annotation; return (before, after). Raises LibraryError."""
    before = library.annotation(uuid)
    after = library.update_annotation(uuid, **changes)
    return before, after
