"""Managing the library from the window: collections, claim types and tags, each change undoable.

Like the Annotator for claims: each request is stored first (one committed
transaction through storage/research), then pushed onto the window's undo
stack as a command holding the result. A refused change (a name taken, a
built-in type in use) never reaches the stack: its message goes to ``failed``.

A change that touches ``BACKGROUND_FROM`` claims or more (renaming a type or a
tag that thousands of claims have: 0.4–2 s at 100,000) is written on the
JobRunner with its own connection; ``busy``/``idle`` bracket it (the window
shows a window-modal progress, so nothing else is changed meanwhile), and the
command is pushed when it committed. Its undo and redo run there too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from storage import ClaimType, Library, LibraryError
from storage.progress import Cancel, Progress
from storage.research import claim_type_changes, collections, tag_changes
from storage.research.collections import Collection

from ..commands import AnnotationEvents, GuardedUndoStack
from ..jobs import JobRunner
from . import manage_commands as commands
from .manage_commands import BACKGROUND_FROM, ManageCommand, ManageEvents

T = TypeVar("T")


class LibraryManager(QObject):
    """Turns requests to organise the library into stored changes on the window's undo stack."""

    failed = Signal(str)  # a change was refused or not written: the message, for a dialog
    busy = Signal(str)  # a long change is being written on the JobRunner: what it is
    idle = Signal()  # ... and it ended (stored and pushed, or failed)

    def __init__(
        self, library: Library, stack: GuardedUndoStack, events: AnnotationEvents, runner: JobRunner,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.library, self.stack, self.events, self.runner = library, stack, events, runner
        self.manage = ManageEvents(self)
        self.background_from = BACKGROUND_FROM
        self.running = False  # a long change is being written
        self.started_in_background = False  # the last request was started on the JobRunner

    def _store(
        self, write: Callable[[Library], T], command: Callable[[T], ManageCommand], affected: int = 0, text: str = ""
    ) -> T | None:
        """Write (one transaction) and push the command made from its result; None (and failed) when refused.

        With ``affected`` claims past ``background_from``, the write runs on the JobRunner and None is returned
        at once; the command is pushed (and the change announced) when it committed.
        """
        self.started_in_background = False
        if self.running:
            self.failed.emit(self.tr("Another change to the library is still being written."))
            return None
        if affected >= self.background_from:
            self._store_in_background(write, command, affected, text)
            return None
        try:
            result = write(self.library)
        except LibraryError as error:
            self.failed.emit(str(error))
            return None
        self._push(command(result), affected)
        return result

    def _push(self, command: ManageCommand, affected: int) -> None:
        command.affected, command.background_from = affected, self.background_from
        self.stack.push(command)  # Qt calls redo(): the change is announced, not written again

    def _store_in_background(
        self, write: Callable[[Library], T], command: Callable[[T], ManageCommand], affected: int, text: str
    ) -> None:
        path = self.library.path

        def job(progress: Progress, cancel: Cancel) -> T:
            with Library(path) as library:  # one connection per thread
                return write(library)

        def done(result: Any) -> None:
            self._end()
            self._push(command(result), affected)

        def failed(message: str) -> None:
            self._end()
            self.failed.emit(message)

        self.running = self.started_in_background = True
        self.busy.emit(text)
        self.runner.start(job, done, failed, title=text, on_cancelled=lambda: failed(self.tr("Not changed.")))

    def _end(self) -> None:
        self.running = False
        self.idle.emit()

    def _args(self) -> tuple[Library, AnnotationEvents, ManageEvents]:
        return self.library, self.events, self.manage

    def _refused(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except LibraryError as error:
            self.failed.emit(str(error))
            return None

    # -- collections ---------------------------------------------------------------
    def create_collection(self, name: str, parent: int | None = None) -> Collection | None:
        """Add a collection (under parent); return it, or None when refused."""
        return self._store(
            lambda library: collections.create(library, name, parent),
            lambda created: commands.CreateCollectionCommand(*self._args(), created),
        )

    def rename_collection(self, collection_id: int, name: str) -> bool:
        """Rename a collection; False when refused."""
        done = self._store(
            lambda library: collections.rename(library, collection_id, name),
            lambda before: commands.RenameCollectionCommand(*self._args(), before, " ".join(name.split())),
        )
        return done is not None

    def move_collection(self, collection_id: int, parent: int | None, before: int | None = None) -> bool:
        """Put a collection (with those under it) under parent (None: the top level), last or before the sibling
        before; False when refused."""
        done = self._store(
            lambda library: collections.move(library, collection_id, parent, before),
            lambda moved: commands.MoveCollectionCommand(*self._args(), moved, parent, before),
        )
        return done is not None

    def delete_collection(self, collection_id: int) -> bool:
        """Delete a collection and those under it (never their documents); False when refused."""
        done = self._store(
            lambda library: collections.delete(library, collection_id),
            lambda removed: commands.DeleteCollectionCommand(*self._args(), removed),
        )
        return done is not None

    def add_to_collection(self, collection_id: int, document_ids: Iterable[int]) -> list[int]:
        """Put documents into a collection; return those that were not in it yet."""
        ids = list(document_ids)
        target = self._refused(lambda: collections.collection(self.library, collection_id))
        if target is None:
            return []
        added = self._store(
            lambda library: collections.add_documents(library, collection_id, ids),
            lambda new: commands.AddToCollectionCommand(*self._args(), target, new),
        )
        return added or []

    def remove_from_collection(self, collection_id: int, document_ids: Iterable[int]) -> list[int]:
        """Take documents out of a collection; return those that were in it."""
        ids = list(document_ids)
        target = self._refused(lambda: collections.collection(self.library, collection_id))
        if target is None:
            return []
        removed = self._store(
            lambda library: collections.remove_documents(library, collection_id, ids),
            lambda gone: commands.RemoveFromCollectionCommand(*self._args(), target, gone),
        )
        return list(removed or {})

    # -- claim types ---------------------------------------------------------------
    def add_claim_type(
        self, name: str, label: str = "", colour: str = "#7a5cc4", underline: str = "dot", shortcut: str = ""
    ) -> ClaimType | None:
        """Add a claim type, shown after the others; return it, or None when refused."""
        return self._store(
            lambda library: library.add_claim_type(name, label, colour, underline, shortcut),
            lambda added: commands.AddClaimTypeCommand(*self._args(), added.name),
        )

    def change_claim_type(
        self,
        name: str,
        *,
        new_name: str | None = None,
        label: str | None = None,
        colour: str | None = None,
        underline: str | None = None,
        shortcut: str | None = None,
    ) -> ClaimType | None:
        """Change a claim type's name, label, colour, underline or shortcut; return it as changed.

        None when refused, or when a rename of many claims is being written in the background.
        """
        changes = {"new_name": new_name, "label": label, "colour": colour, "underline": underline,
                   "shortcut": shortcut}  # fmt: skip
        renamed = new_name is not None and new_name.strip().lower() != name
        affected = claim_type_changes.usage(self.library).get(name, 0) if renamed else 0  # their claims follow
        done = self._store(
            lambda library: claim_type_changes.change(library, name, **changes),
            lambda change: commands.ChangeClaimTypeCommand(*self._args(), change),
            affected,
            self.tr("Renaming claim type {name}").format(name=name),
        )
        return done.after if done is not None else None

    def move_claim_type(self, name: str, index: int) -> bool:
        """Move a claim type to a place in the order (0: first); False when refused or already there."""
        before = [t.name for t in self.library.claim_types()]
        after = [n for n in before if n != name]
        if name not in before:
            return False
        after.insert(max(0, min(index, len(after))), name)
        if after == before:
            return False
        done = self._store(
            lambda library: claim_type_changes.reorder(library, after),
            lambda old: commands.ReorderClaimTypesCommand(*self._args(), old, after),
        )
        return done is not None

    def delete_claim_type(self, name: str, reassign_to: str | None = None) -> bool:
        """Delete a claim type, its claims (if any) given reassign_to; False when refused (built in and in use).

        True as well when a deletion reassigning many claims was started in the background.
        """
        used = claim_type_changes.usage(self.library).get(name, 0)
        done = self._store(
            lambda library: claim_type_changes.delete(library, name, reassign_to=reassign_to),
            lambda deleted: commands.DeleteClaimTypeCommand(*self._args(), deleted),
            used if reassign_to else 0,
            self.tr("Deleting claim type {name}").format(name=name),
        )
        return done is not None or self.started_in_background

    # -- tags ----------------------------------------------------------------------
    def _tag_uses(self, names: Iterable[str]) -> int:
        wanted = {n.casefold() for n in names}
        return sum(t.count for t in tag_changes.tags(self.library) if t.name.casefold() in wanted)

    def rename_tag(self, name: str, new_name: str) -> bool:
        """Rename a tag on every claim; False when refused (the name is taken: merge instead)."""
        done = self._store(
            lambda library: tag_changes.rename(library, name, new_name),
            lambda renamed: commands.RenameTagCommand(*self._args(), renamed),
            self._tag_uses([name]),
            self.tr("Renaming tag {name}").format(name=name),
        )
        return done is not None or self.started_in_background

    def merge_tags(self, sources: list[str], into: str) -> bool:
        """Merge tags into one (made if needed); False when refused."""
        done = self._store(
            lambda library: tag_changes.merge(library, sources, into),
            lambda merged: commands.MergeTagsCommand(*self._args(), merged),
            self._tag_uses([*sources, into]),
            self.tr("Merging tags into {name}").format(name=into),
        )
        return done is not None or self.started_in_background

    def delete_tags(self, names: list[str]) -> bool:
        """Take tags off every claim and delete them, in one transaction; False when refused."""

        def write(library: Library) -> list[tag_changes.TagDeletion]:
            with library.transaction():
                return [tag_changes.delete(library, name) for name in names]

        done = self._store(
            write, lambda deleted: commands.DeleteTagsCommand(*self._args(), deleted),
            self._tag_uses(names), self.tr("Deleting {n} tag(s)").format(n=len(names)),
        )  # fmt: skip
        return done is not None or self.started_in_background
