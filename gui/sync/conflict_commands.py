"""Keep Mine / Keep Theirs as an undoable change on the window's undo stack.

Like gui/commands.py: the resolution is stored before the command is pushed
(``storage.sync.resolve_conflict``, one transaction); undo puts the conflict
and what it replaced back (``storage.sync.unresolve``), redo resolves it
again. One that re-anchors a whole document's claims (my text kept) is
written on the JobRunner, on a connection of its own, both the first time
(``resolve_job``) and when undone or redone. Every change is announced on
``ConflictEvents.changed``; the window's shared library listens there and
refreshes its views; the command never touches a widget.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from storage import Library
from storage.progress import Cancel, Progress
from storage.sync import Resolution, resolve_conflict, unresolve

from ..commands import AnnotationEvents, StoredCommand
from ..jobs import Job


def _tr(text: str) -> str:
    return QCoreApplication.translate("conflict_commands", text)


class ConflictEvents(QObject):
    """Announces that a conflict was resolved or opened again (a change, its undo or its redo)."""

    changed = Signal(object)  # the Resolution done or undone


def resolve_job(library_path: Path, conflict_id: int, keep: str) -> Job:
    """A job resolving one conflict on its own connection (for one that re-anchors a book); its result: Resolution."""

    def job(progress: Progress, cancel: Cancel) -> Resolution:
        with Library(library_path) as library:
            return resolve_conflict(library, conflict_id, keep, progress=progress, cancel=cancel)

    return job


class ResolveConflictCommand(StoredCommand):
    """A conflict resolved keeping mine or theirs: undo opens it again with the claim (or text) as it was."""

    def __init__(
        self, library: Library, events: AnnotationEvents, conflict_events: ConflictEvents, resolution: Resolution
    ) -> None:
        found = resolution.conflict
        label = _tr("Keep mine: {what}") if resolution.keep == "mine" else _tr("Keep theirs: {what}")
        quote = found.record.get("exact") or found.record.get("title") or found.key
        super().__init__(library, events, label.format(what=" ".join(str(quote).split())[:40]))
        self.conflict_events = conflict_events
        self.resolution = resolution

    def _apply(self) -> None:
        self._apply_on(self.library)

    def _unapply(self) -> None:
        self._unapply_on(self.library)

    def _apply_on(self, library: Library) -> None:
        self.resolution = resolve_conflict(library, self.resolution.conflict.id, self.resolution.keep)

    def _unapply_on(self, library: Library) -> None:
        unresolve(library, self.resolution)

    def background_write(self, undo: bool) -> Job | None:
        """Undo or redo on the JobRunner when it re-anchors a whole document's claims; else None (written here)."""
        if not self.resolution.reanchors:
            return None
        return self._job_writing(self._unapply_on if undo else self._apply_on)

    def _announce_done(self) -> None:
        self.conflict_events.changed.emit(self.resolution)

    def _announce_undone(self) -> None:
        self.conflict_events.changed.emit(self.resolution)
