"""Managing the library from the window: collections, claim types and tags, each change undoable.

Like the Annotator for claims: each request is stored first (one committed
transaction through storage/research), then pushed onto the window's undo
stack as a command holding the result. A refused change (a name taken, a
built-in type in use) never reaches the stack: its message goes to ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from storage import ClaimType, Library, LibraryError
from storage.research import claim_type_changes, collections, tag_changes
from storage.research.collections import Collection

from ..commands import AnnotationEvents, GuardedUndoStack
from . import manage_commands as commands
from .manage_commands import ManageCommand, ManageEvents

T = TypeVar("T")


class LibraryManager(QObject):
    """Turns requests to organise the library into stored changes on the window's undo stack."""

    failed = Signal(str)  # a change was refused or not written: the message, for a dialog

    def __init__(
        self, library: Library, stack: GuardedUndoStack, events: AnnotationEvents, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library, self.stack, self.events = library, stack, events
        self.manage = ManageEvents(self)

    def _store(self, write: Callable[[], T], command: Callable[[T], ManageCommand]) -> T | None:
        """Run write (one transaction); push the command made from its result; None (and failed) when refused."""
        try:
            result = write()
        except LibraryError as error:
            self.failed.emit(str(error))
            return None
        self.stack.push(command(result))  # Qt calls redo(): the change is announced, not written again
        return result

    def _args(self) -> tuple[Library, AnnotationEvents, ManageEvents]:
        return self.library, self.events, self.manage

    # -- collections ---------------------------------------------------------------
    def create_collection(self, name: str, parent: int | None = None) -> Collection | None:
        """Add a collection (under parent); return it, or None when refused."""
        return self._store(
            lambda: collections.create(self.library, name, parent),
            lambda created: commands.CreateCollectionCommand(*self._args(), created),
        )

    def rename_collection(self, collection_id: int, name: str) -> bool:
        """Rename a collection; False when refused."""
        done = self._store(
            lambda: collections.rename(self.library, collection_id, name),
            lambda before: commands.RenameCollectionCommand(*self._args(), before, " ".join(name.split())),
        )
        return done is not None

    def delete_collection(self, collection_id: int) -> bool:
        """Delete a collection and those under it (never their documents); False when refused."""
        done = self._store(
            lambda: collections.delete(self.library, collection_id),
            lambda removed: commands.DeleteCollectionCommand(*self._args(), removed),
        )
        return done is not None

    def add_to_collection(self, collection_id: int, document_ids: Iterable[int]) -> list[int]:
        """Put documents into a collection; return those that were not in it yet."""
        ids = list(document_ids)
        try:
            target = collections.collection(self.library, collection_id)
        except LibraryError as error:
            self.failed.emit(str(error))
            return []
        added = self._store(
            lambda: collections.add_documents(self.library, collection_id, ids),
            lambda new: commands.AddToCollectionCommand(*self._args(), target, new),
        )
        return added or []

    def remove_from_collection(self, collection_id: int, document_ids: Iterable[int]) -> list[int]:
        """Take documents out of a collection; return those that were in it."""
        ids = list(document_ids)
        try:
            target = collections.collection(self.library, collection_id)
        except LibraryError as error:
            self.failed.emit(str(error))
            return []
        removed = self._store(
            lambda: collections.remove_documents(self.library, collection_id, ids),
            lambda gone: commands.RemoveFromCollectionCommand(*self._args(), target, gone),
        )
        return list(removed or {})

    # -- claim types ---------------------------------------------------------------
    def add_claim_type(
        self, name: str, label: str = "", colour: str = "#7a5cc4", underline: str = "dot", shortcut: str = ""
    ) -> ClaimType | None:
        """Add a claim type, shown after the others; return it, or None when refused."""
        return self._store(
            lambda: self.library.add_claim_type(name, label, colour, underline, shortcut),
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
        """Change a claim type's name, label, colour, underline or shortcut; return it as changed, or None."""
        changes = {"new_name": new_name, "label": label, "colour": colour, "underline": underline,
                   "shortcut": shortcut}  # fmt: skip
        done = self._store(
            lambda: claim_type_changes.change(self.library, name, **changes),
            lambda change: commands.ChangeClaimTypeCommand(*self._args(), change),
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
            lambda: claim_type_changes.reorder(self.library, after),
            lambda old: commands.ReorderClaimTypesCommand(*self._args(), old, after),
        )
        return done is not None

    def delete_claim_type(self, name: str, reassign_to: str | None = None) -> bool:
        """Delete a claim type, its claims (if any) given reassign_to; False when refused (built in and in use)."""
        done = self._store(
            lambda: claim_type_changes.delete(self.library, name, reassign_to=reassign_to),
            lambda deleted: commands.DeleteClaimTypeCommand(*self._args(), deleted),
        )
        return done is not None

    # -- tags ----------------------------------------------------------------------
    def rename_tag(self, name: str, new_name: str) -> bool:
        """Rename a tag on every claim; False when refused (the name is taken: merge instead)."""
        done = self._store(
            lambda: tag_changes.rename(self.library, name, new_name),
            lambda renamed: commands.RenameTagCommand(*self._args(), renamed),
        )
        return done is not None

    def merge_tags(self, sources: list[str], into: str) -> bool:
        """Merge tags into one (made if needed); False when refused."""
        done = self._store(
            lambda: tag_changes.merge(self.library, sources, into),
            lambda merged: commands.MergeTagsCommand(*self._args(), merged),
        )
        return done is not None

    def delete_tags(self, names: list[str]) -> bool:
        """Take tags off every claim and delete them, in one transaction; False when refused."""

        def write() -> list[tag_changes.TagDeletion]:
            with self.library.transaction():
                return [tag_changes.delete(self.library, name) for name in names]

        done = self._store(write, lambda deleted: commands.DeleteTagsCommand(*self._args(), deleted))
        return done is not None
