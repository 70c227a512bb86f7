"""Undo commands for managing the library: collections, claim types and tags.

Like gui/commands.py: the change is stored before the command is pushed; undo
and redo each write one committed transaction through storage/research, then
announce on ``ManageEvents`` what kind of thing changed. Views listen there
and re-read the library; commands never touch a widget.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from storage import Library
from storage.research import claim_type_changes, collections, tag_changes
from storage.research.claim_type_changes import DeletedType, TypeChange
from storage.research.collections import Collection, Places, RemovedCollections
from storage.research.tag_changes import TagDeletion, TagMerge, TagRename

from ..commands import AnnotationEvents, StoredCommand
from ..jobs import Job

BACKGROUND_FROM = 1_000  # claims touched from which a change is written on the JobRunner (~70 ms at 100,000)


def _tr(text: str) -> str:
    return QCoreApplication.translate("manage_commands", text)


class ManageEvents(QObject):
    """Announces stored changes to collections, claim types and tags (after a change, its undo or redo)."""

    collections_changed = Signal()
    claim_types_changed = Signal()
    tags_changed = Signal()


class ManageCommand(StoredCommand):
    """A stored change to the library's organisation; done and undone alike announce what kind changed.

    A change touching ``BACKGROUND_FROM`` claims or more (a type or tag renamed on
    thousands of claims: the cascade and the full-text index take a second at
    100,000) is undone and redone on the JobRunner, on a connection of its own.
    """

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, text: str) -> None:
        super().__init__(library, events, text)
        self.manage = manage
        self.affected = 0  # claims the change touches (set by the LibraryManager)
        self.background_from = BACKGROUND_FROM

    def _apply(self) -> None:
        self._apply_on(self.library)

    def _unapply(self) -> None:
        self._unapply_on(self.library)

    def _apply_on(self, library: Library) -> None:
        raise NotImplementedError

    def _unapply_on(self, library: Library) -> None:
        raise NotImplementedError

    def background_write(self, undo: bool) -> Job | None:
        """The undo (or redo) as a job on its own connection when it touches many claims; else None."""
        if self.affected < self.background_from:
            return None
        return self._job_writing(self._unapply_on if undo else self._apply_on)

    def _announce(self) -> None:
        raise NotImplementedError

    def _announce_done(self) -> None:
        self._announce()

    def _announce_undone(self) -> None:
        self._announce()


class CollectionCommand(ManageCommand):
    """A change to collections or their members."""

    def _announce(self) -> None:
        self.manage.collections_changed.emit()


class CreateCollectionCommand(CollectionCommand):
    """A new collection: undo deletes it, redo puts it back with the same id."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, created: Collection) -> None:
        super().__init__(library, events, manage, _tr("New collection {name}").format(name=created.name))
        self.created = created
        self.removed: RemovedCollections | None = None

    def _apply_on(self, library: Library) -> None:
        assert self.removed is not None
        collections.restore(library, self.removed)

    def _unapply_on(self, library: Library) -> None:
        self.removed = collections.delete(library, self.created.id)


class RenameCollectionCommand(CollectionCommand):
    """A collection renamed: undo gives it its old name."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, before: Collection, name: str
    ) -> None:
        super().__init__(library, events, manage, _tr("Rename collection {name}").format(name=before.name))
        self.before, self.name = before, name

    def _apply_on(self, library: Library) -> None:
        collections.rename(library, self.before.id, self.name)

    def _unapply_on(self, library: Library) -> None:
        collections.rename(library, self.before.id, self.before.name)


class MoveCollectionCommand(CollectionCommand):
    """A collection put under another, at the top level or before a sibling: undo puts back every place it changed."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, moved: tuple[Collection, Places],
        parent: int | None, before: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(library, events, manage, _tr("Move collection {name}").format(name=moved[0].name))
        self.moved, self.places, self.parent, self.before = moved[0], moved[1], parent, before

    def _apply_on(self, library: Library) -> None:
        self.places = collections.move(library, self.moved.id, self.parent, self.before)[1]

    def _unapply_on(self, library: Library) -> None:
        collections.restore_places(library, self.places)


class DeleteCollectionCommand(CollectionCommand):
    """A collection deleted with the collections under it: undo restores them and their members."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, removed: RemovedCollections
    ) -> None:
        name = removed.collections[0].name if removed.collections else ""
        super().__init__(library, events, manage, _tr("Delete collection {name}").format(name=name))
        self.removed = removed

    def _apply_on(self, library: Library) -> None:
        self.removed = collections.delete(library, self.removed.collections[0].id)

    def _unapply_on(self, library: Library) -> None:
        collections.restore(library, self.removed)


class AddToCollectionCommand(CollectionCommand):
    """Documents put into a collection: undo takes out those that were not in it before."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, target: Collection, added: list[int]
    ) -> None:
        text = (_tr("Add 1 document to {name}") if len(added) == 1 else _tr("Add {n} documents to {name}")).format(
            n=len(added), name=target.name
        )
        super().__init__(library, events, manage, text)
        self.collection_id, self.added = target.id, list(added)
        self.times: dict[int, str] = {}

    def _apply_on(self, library: Library) -> None:
        collections.add_documents(library, self.collection_id, self.added, added=self.times)

    def _unapply_on(self, library: Library) -> None:
        self.times = collections.remove_documents(library, self.collection_id, self.added)


class RemoveFromCollectionCommand(CollectionCommand):
    """Documents taken out of a collection: undo puts them back with their time of adding."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, target: Collection,
        removed: dict[int, str],
    ) -> None:  # fmt: skip
        text = (_tr("Remove 1 document from {name}") if len(removed) == 1 else _tr("Remove {n} documents from {name}")
                ).format(n=len(removed), name=target.name)  # fmt: skip
        super().__init__(library, events, manage, text)
        self.collection_id, self.removed = target.id, dict(removed)

    def _apply_on(self, library: Library) -> None:
        self.removed = collections.remove_documents(library, self.collection_id, list(self.removed))

    def _unapply_on(self, library: Library) -> None:
        collections.add_documents(library, self.collection_id, list(self.removed), added=self.removed)


class ClaimTypeCommand(ManageCommand):
    """A change to the claim types."""

    def _announce(self) -> None:
        self.manage.claim_types_changed.emit()


class AddClaimTypeCommand(ClaimTypeCommand):
    """A new claim type: undo deletes it (no claim has it yet), redo restores it."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, name: str) -> None:
        super().__init__(library, events, manage, _tr("New claim type {name}").format(name=name))
        self.name = name
        self.deleted: DeletedType | None = None

    def _apply_on(self, library: Library) -> None:
        assert self.deleted is not None
        claim_type_changes.restore(library, self.deleted)

    def _unapply_on(self, library: Library) -> None:
        self.deleted = claim_type_changes.delete(library, self.name)


class ChangeClaimTypeCommand(ClaimTypeCommand):
    """A claim type renamed, recoloured, restyled or given another shortcut: undo puts it back as it was."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, done: TypeChange) -> None:
        super().__init__(library, events, manage, _tr("Change claim type {name}").format(name=done.before.name))
        self.done = done

    def _apply_on(self, library: Library) -> None:
        a = self.done.after
        self.done = claim_type_changes.change(
            library, self.done.before.name, new_name=a.name, label=a.label, colour=a.colour,
            underline=a.underline, shortcut=a.shortcut,
        )  # fmt: skip

    def _unapply_on(self, library: Library) -> None:
        claim_type_changes.undo_change(library, self.done)


class ReorderClaimTypesCommand(ClaimTypeCommand):
    """The claim types put in another order: undo restores the order before."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, before: list[str], after: list[str]
    ) -> None:
        super().__init__(library, events, manage, _tr("Reorder claim types"))
        self.before, self.after = list(before), list(after)

    def _apply_on(self, library: Library) -> None:
        claim_type_changes.reorder(library, self.after)

    def _unapply_on(self, library: Library) -> None:
        claim_type_changes.reorder(library, self.before)


class DeleteClaimTypeCommand(ClaimTypeCommand):
    """A claim type deleted (its claims given another type): undo restores it and gives its claims back."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, deleted: DeletedType) -> None:
        super().__init__(library, events, manage, _tr("Delete claim type {name}").format(name=deleted.claim_type.name))
        self.deleted = deleted

    def _apply_on(self, library: Library) -> None:
        target = self.deleted.reassigned_to or None
        self.deleted = claim_type_changes.delete(library, self.deleted.claim_type.name, reassign_to=target)

    def _unapply_on(self, library: Library) -> None:
        claim_type_changes.restore(library, self.deleted)


class TagCommand(ManageCommand):
    """A change to the tags."""

    def _announce(self) -> None:
        self.manage.tags_changed.emit()


class RenameTagCommand(TagCommand):
    """A tag renamed on every claim: undo renames it back."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, done: TagRename) -> None:
        super().__init__(library, events, manage, _tr("Rename tag {name}").format(name=done.before))
        self.done = done

    def _apply_on(self, library: Library) -> None:
        self.done = tag_changes.rename(library, self.done.before, self.done.after)

    def _unapply_on(self, library: Library) -> None:
        tag_changes.undo_rename(library, self.done)


class MergeTagsCommand(TagCommand):
    """Tags merged into one: undo puts the sources back on their claims and the target off those it was not on."""

    def __init__(self, library: Library, events: AnnotationEvents, manage: ManageEvents, done: TagMerge) -> None:
        super().__init__(library, events, manage, _tr("Merge tags into {name}").format(name=done.into))
        self.done = done

    def _apply_on(self, library: Library) -> None:
        self.done = tag_changes.merge(library, [name for name, _ in self.done.sources], self.done.into)

    def _unapply_on(self, library: Library) -> None:
        tag_changes.unmerge(library, self.done)


class DeleteTagsCommand(TagCommand):
    """Tags taken off every claim and deleted, in one transaction: undo puts each back on its claims."""

    def __init__(
        self, library: Library, events: AnnotationEvents, manage: ManageEvents, deleted: list[TagDeletion]
    ) -> None:
        text = _tr("Delete tag {name}").format(name=deleted[0].name) if len(deleted) == 1 else \
            _tr("Delete {n} tags").format(n=len(deleted))  # fmt: skip
        super().__init__(library, events, manage, text)
        self.deleted = list(deleted)

    def _apply_on(self, library: Library) -> None:
        with library.transaction():  # every deletion joins this one commit
            self.deleted = [tag_changes.delete(library, d.name) for d in self.deleted]

    def _unapply_on(self, library: Library) -> None:
        with library.transaction():
            for deletion in self.deleted:
                tag_changes.restore(library, deletion)
