"""Undo commands: every change a user makes to annotations, each undo/redo one committed library call.

The window performs the first change itself (so a refused change shows an error and
never reaches the stack), then pushes a command holding the result. Undo and redo
write before the stack moves: ``GuardedUndoStack.undo()``/``redo()`` call the
command's ``write_undo()``/``write_redo()`` first and leave the stack where it was
when the write fails (QUndoCommand.undo cannot refuse). Only then does Qt call
``undo()``/``redo()``, which announce the stored change on AnnotationEvents; views
listen there, so commands never touch a widget. Were Qt itself to move the stack
(a QUndoView, setIndex), a command whose write fails makes itself obsolete, so
Qt drops it instead of showing a change that is not in the library.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from storage import Annotation, Library, LibraryError
from storage.progress import Cancel, Progress

from .jobs import Job, JobRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


def failure_message(error: BaseException) -> str:
    """Return what a person reads when a change could not be written."""
    if isinstance(error, LibraryError):
        return str(error)
    return _tr("The change was not saved ({kind}: {error}).").format(kind=type(error).__name__, error=error)


class AnnotationEvents(QObject):
    """Announces stored changes to annotations, for every view to follow."""

    added = Signal(object)  # Annotation
    removed = Signal(object)  # Annotation
    changed = Signal(object, object)  # old Annotation, new Annotation
    committed = Signal(str)  # a change (or its undo or redo) was committed; its description
    write_failed = Signal(str)  # an undo or redo could not be written; the message for a dialog


class StoredCommand(QUndoCommand):
    """A change that is in the library when the command is pushed; undo and redo write, then announce."""

    def __init__(self, library: Library, events: AnnotationEvents, text: str) -> None:
        super().__init__(text)
        self.library, self.events = library, events
        self._done = True  # the window stored the change before pushing

    def write_undo(self) -> None:
        """Take the change out of the library (once). Raises LibraryError or anything the write raises."""
        if self._done:
            self._unapply()
            self._done = False

    def write_redo(self) -> None:
        """Put the change back into the library (once). Raises LibraryError or anything the write raises."""
        if not self._done:
            self._apply()
            self._done = True

    def undo(self) -> None:
        if self._written(self.write_undo):
            self._announce_undone()

    def redo(self) -> None:
        if self._written(self.write_redo):
            self._announce_done()

    def _written(self, write: Callable[[], None]) -> bool:
        """Run write; on failure make the command obsolete (Qt drops it) and report."""
        try:
            write()
        except Exception as error:  # every failure is shown: a change never silently fails to be stored
            self.setObsolete(True)
            self.events.write_failed.emit(failure_message(error))
            return False
        return True

    def background_write(self, undo: bool) -> Job | None:
        """The undo (or redo) as a job on its own connection, when too long for the UI thread; None: written here."""
        return None

    def _job_writing(self, write: Callable[[Library], None]) -> Job:
        """A job doing write (the command's undo or redo) through its own connection to the library."""
        path = self.library.path

        def job(progress: Progress, cancel: Cancel) -> None:
            with Library(path) as library:
                write(library)

        return job

    def mark_written(self, undo: bool) -> None:
        """Record that a background job wrote the undo (or redo), so undo()/redo() only announce it."""
        self._done = not undo

    def _apply(self) -> None:
        raise NotImplementedError

    def _unapply(self) -> None:
        raise NotImplementedError

    def _announce_done(self) -> None:
        raise NotImplementedError

    def _announce_undone(self) -> None:
        raise NotImplementedError


class AddAnnotationCommand(StoredCommand):
    """Tag a span: undo deletes the annotation, redo restores it with the same uuid (checked on the current text)."""

    def __init__(self, library: Library, events: AnnotationEvents, annotation: Annotation) -> None:
        super().__init__(library, events, _tr("Tag as {type}").format(type=annotation.claim_type))
        self.annotation = annotation

    def _apply(self) -> None:
        self.annotation = self.library.restore_annotation(self.annotation)  # moved or orphaned if the text changed

    def _unapply(self) -> None:
        self.library.delete_annotation(self.annotation.uuid)

    def _announce_done(self) -> None:
        self.events.added.emit(self.annotation)

    def _announce_undone(self) -> None:
        self.events.removed.emit(self.annotation)


class DeleteAnnotationCommand(StoredCommand):
    """Delete an annotation: undo puts it back as it was (checked on the current text)."""

    def __init__(self, library: Library, events: AnnotationEvents, deleted: Annotation) -> None:
        super().__init__(library, events, _tr("Delete {type}").format(type=deleted.claim_type))
        self.annotation = deleted

    def _apply(self) -> None:
        self.library.delete_annotation(self.annotation.uuid)

    def _unapply(self) -> None:
        self.annotation = self.library.restore_annotation(self.annotation)

    def _announce_done(self) -> None:
        self.events.removed.emit(self.annotation)

    def _announce_undone(self) -> None:
        self.events.added.emit(self.annotation)


class EditAnnotationCommand(StoredCommand):
    """Change an annotation's type, note, speaker or tags: undo restores the previous state."""

    def __init__(self, library: Library, events: AnnotationEvents, before: Annotation, after: Annotation) -> None:
        super().__init__(library, events, _tr("Edit {type}").format(type=after.claim_type))
        self.before, self.after = before, after
        self._shown = after  # the state views show now

    def _apply(self) -> None:
        self.after = self.library.replace_annotation(self.after)

    def _unapply(self) -> None:
        self.before = self.library.replace_annotation(self.before)

    def _announce_done(self) -> None:
        self.events.changed.emit(self._shown, self.after)
        self._shown = self.after

    def _announce_undone(self) -> None:
        self.events.changed.emit(self._shown, self.before)
        self._shown = self.before


class AddManyCommand(StoredCommand):
    """Several annotations stored together (accepted suggestions): one undo takes them all out, one redo back."""

    def __init__(self, library: Library, events: AnnotationEvents, annotations: list[Annotation], text: str) -> None:
        super().__init__(library, events, text)
        self.annotations = list(annotations)

    def _apply(self) -> None:
        with self.library.transaction():  # every restore joins this one commit
            self.annotations = [self.library.restore_annotation(a) for a in self.annotations]

    def _unapply(self) -> None:
        with self.library.transaction():
            for annotation in self.annotations:
                self.library.delete_annotation(annotation.uuid)

    def _announce_done(self) -> None:
        for annotation in self.annotations:
            self.events.added.emit(annotation)

    def _announce_undone(self) -> None:
        for annotation in self.annotations:
            self.events.removed.emit(annotation)


class GuardedUndoStack(QUndoStack):
    """The undo stack: an undo or redo is written first, and the stack moves only when the write committed.

    ``undo``/``redo`` are what the window's actions call. ``committed(str)`` is
    emitted after every committed change: a push (the change was stored before),
    an undo, a redo; ``write_failed(str)`` when an undo or redo could not be written.
    """

    committed = Signal(str)
    write_failed = Signal(str)
    background_started = Signal(str)  # a long undo or redo is being written on the JobRunner: what it is
    background_ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner: JobRunner | None = None  # set by the window: long undos and redos are written there
        self.busy = False  # such a write runs: undo and redo wait for it

    def push(self, command: QUndoCommand) -> None:
        super().push(command)
        if isinstance(command, StoredCommand):
            self.committed.emit(command.text())

    def undo(self) -> None:
        if self.busy or not self.canUndo() or self._in_background(self.command(self.index() - 1), undo=True):
            return
        if self._write(self.command(self.index() - 1), undo=True):
            text = self.undoText()
            super().undo()
            self.committed.emit(_tr("Undo {change}").format(change=text))

    def redo(self) -> None:
        if self.busy or not self.canRedo() or self._in_background(self.command(self.index()), undo=False):
            return
        if self._write(self.command(self.index()), undo=False):
            text = self.redoText()
            super().redo()
            self.committed.emit(_tr("Redo {change}").format(change=text))

    def _in_background(self, command: QUndoCommand | None, *, undo: bool) -> bool:
        """Start the command's long write on the JobRunner, if it has one; the stack moves when it committed."""
        job = command.background_write(undo) if isinstance(command, StoredCommand) and self.runner else None
        if job is None or self.runner is None or not isinstance(command, StoredCommand):
            return False
        text = (_tr("Undo {change}") if undo else _tr("Redo {change}")).format(
            change=self.undoText() if undo else self.redoText()
        )
        self.busy = True
        self.background_started.emit(text)
        self.runner.start(
            job, lambda _: self._background_done(command, undo, text), self._background_failed, title=text,
            on_cancelled=lambda: self._background_failed(_tr("The change was not saved (cancelled).")),
        )  # fmt: skip
        return True

    def _background_done(self, command: StoredCommand, undo: bool, text: str) -> None:
        self.busy = False
        self.background_ended.emit()
        command.mark_written(undo)
        if command is not self.command(self.index() - 1 if undo else self.index()):
            return  # the stack moved meanwhile (nothing the window offers does): the command keeps its state
        super().undo() if undo else super().redo()  # the write is done: Qt's call only announces it
        self.committed.emit(text)

    def _background_failed(self, message: str) -> None:
        self.busy = False
        self.background_ended.emit()
        self.write_failed.emit(message)

    def _write(self, command: QUndoCommand | None, *, undo: bool) -> bool:
        if not isinstance(command, StoredCommand):
            return True  # another kind of command does its own work in undo()/redo()
        try:
            command.write_undo() if undo else command.write_redo()
        except Exception as error:  # every failure is shown; the stack stays in step with the file
            self.write_failed.emit(failure_message(error))
            return False
        return True
