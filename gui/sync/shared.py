"""The window's shared library: background sync, its status-bar widget and the dialogs of the Shared menu.

``SharedLibrary`` is one part of the window (built by the composition root,
``gui/main_window.py``): it owns the ``BackgroundSync`` and the
``SyncStatusWidget``, opens Join a Group…, the conflicts and the teacher's
view, and leaves a group. It says ``documents_changed(ids)`` when sync (or
resolving a conflict) changed documents here, so the window refreshes its views.
Resolving a conflict is a command on the window's undo stack
(``conflict_commands.py``); ``text_kept(document_id)`` says that one of them
(or its undo) replaced a document's text, so the window keeps its undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from storage import ClaimType, Library, LibraryError

from ..commands import AnnotationEvents, GuardedUndoStack
from ..jobs import JobRunner
from ..notices import Notices
from .background import BackgroundSync
from .status_widget import SyncStatusWidget

if TYPE_CHECKING:
    from storage.sync import Resolution, SyncLink, SyncState

    from .class_view import ClassViewDialog
    from .conflict_commands import ConflictEvents
    from .conflicts_dialog import ConflictsDialog
    from .join_dialog import JoinDialog


class SharedLibrary(QObject):
    """Sync with a group from the window: in the background, and from the Shared menu."""

    documents_changed = Signal(object)  # set of document ids whose text or claims changed here
    link_changed = Signal(bool)  # the library is now linked (True) or not
    text_kept = Signal(int)  # a conflict's resolution (or its undo) replaced this document's text

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        notices: Notices,
        parent: QWidget,
        undo: tuple[GuardedUndoStack, AnnotationEvents] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library, self.runner, self.notices = library, runner, notices
        self.undo = undo  # the window's undo stack (resolving a conflict is undoable there) and its events
        self.conflict_events: ConflictEvents | None = None  # made with the conflicts dialog
        self._parent = parent
        self.background = BackgroundSync(library, runner, self)
        self.status = SyncStatusWidget(self.background, parent)
        self.status.conflicts_requested.connect(self.show_conflicts)
        self.background.changes_arrived.connect(self._on_changes_arrived)
        self.background.state_changed.connect(self._on_state)
        self.join_dialog: JoinDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.class_dialog: ClassViewDialog | None = None
        self._conflicts_seen = 0

    @property
    def linked(self) -> bool:
        """Whether the library syncs with a group."""
        return self.background.linked

    def start(self) -> None:
        """Plan the first background sync (after the window is up)."""
        self.background.begin()

    def close(self) -> None:
        """Plan no more syncs (the window closes; its runner cancels what runs)."""
        self.background.stop()

    def sync_now(self) -> None:
        """Sync now (Sync Now, or after resolving conflicts)."""
        if not self.linked:
            self.notices.say(self.tr("This library syncs with no group: File ▸ Shared Library ▸ Join a Group…"))
            return
        self.background.sync_now()

    def local_change(self) -> None:
        """A change was stored here: it is sent by a sync a few seconds after the last one."""
        self.background.note_local_change()

    # -- outcomes --------------------------------------------------------------------
    def _on_changes_arrived(self, state: SyncState) -> None:
        self.documents_changed.emit(set(state.changed_documents))

    def _on_state(self, state: SyncState) -> None:
        if state.new_conflicts:
            found = self.tr("Sync found a conflict") if state.new_conflicts == 1 else self.tr(
                "Sync found {count} conflicts").format(count=state.new_conflicts)  # fmt: skip
            self.notices.say(self.tr("{found}: click it in the status bar to keep yours or theirs").format(found=found))
        if self.conflicts_dialog is not None and self.conflicts_dialog.isVisible():
            self.conflicts_dialog.reload()

    # -- dialogs ---------------------------------------------------------------------
    def ask_to_join(self) -> JoinDialog | None:
        """Open Join a Group… (None, with a message, when the library syncs with a group already)."""
        from .join_dialog import JoinDialog

        if self.linked:
            group = self.background.local.group if self.background.local else ""
            self.notices.fail(self.tr("Already in a group"), self.tr(
                "This library syncs with {group}. Leave that group first.").format(group=group))  # fmt: skip
            return None
        dialog = JoinDialog(self.library, self.runner, self._parent)
        dialog.joined.connect(self._on_joined)
        dialog.open()
        self.join_dialog = dialog
        return dialog

    def _on_joined(self, link: SyncLink) -> None:
        self.library.annotator = link.person  # what is tagged from now on is this person's
        self.background.refresh_local()
        self.link_changed.emit(True)
        self.notices.say(self.tr("Joined {group} as {person}; syncing…").format(
            group=link.group_name, person=link.person))  # fmt: skip
        self.background.sync_now()

    def leave(self, confirm: bool = True) -> bool:
        """Stop syncing with the group (after asking); the library keeps what it holds."""
        from .join_dialog import confirm_leave

        local = self.background.local
        if local is None:
            self.notices.say(self.tr("This library syncs with no group"))
            return False
        if confirm and not confirm_leave(self._parent, local.group):
            return False
        from storage.sync import unlink

        try:
            unlink(self.library)
        except LibraryError as error:
            self.notices.fail(self.tr("Cannot leave the group"), str(error))
            return False
        self.background.refresh_local()
        self.link_changed.emit(False)
        self.notices.say(self.tr("Left {group}; this library no longer syncs").format(group=local.group))
        return True

    def show_conflicts(self) -> ConflictsDialog:
        """Open the conflicts dialog."""
        from .conflict_commands import ConflictEvents
        from .conflicts_dialog import ConflictsDialog

        if self.conflicts_dialog is None:
            self.conflict_events = ConflictEvents(self)
            self.conflict_events.changed.connect(self._on_conflict_changed)
            self.conflicts_dialog = ConflictsDialog(self.library, self._parent, self.runner, self._push_resolution)
            self.conflicts_dialog.resolved.connect(self._on_resolved)
            self.conflicts_dialog.finished.connect(lambda _: self._after_resolving())
        else:
            self.conflicts_dialog.reload()
        self.conflicts_dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # (which has no window stack to raise)
            self.conflicts_dialog.raise_()
        return self.conflicts_dialog

    def _push_resolution(self, resolution: Resolution) -> None:
        """Put a stored resolution on the window's undo stack (which announces it), or just announce it."""
        from .conflict_commands import ResolveConflictCommand

        if self.undo is None or self.conflict_events is None:
            self._on_conflict_changed(resolution)
            return
        stack, events = self.undo
        stack.push(ResolveConflictCommand(self.library, events, self.conflict_events, resolution))

    def _on_conflict_changed(self, resolution: Resolution) -> None:
        """A conflict was resolved, or opened again by an undo: what waits, the views and the list follow."""
        self.background.note_local_change()  # (an undo after the dialog closed is sent too)
        if resolution.reanchors:
            self.text_kept.emit(int(resolution.conflict.key))
        self.documents_changed.emit(None)  # keeping mine may have changed a claim of any document
        dialog = self.conflicts_dialog
        if dialog is not None and dialog.isVisible() and dialog.running is None:
            dialog.reload()

    def _on_resolved(self, _conflict_id: int) -> None:
        self._conflicts_seen += 1

    def _after_resolving(self) -> None:
        if self._conflicts_seen:
            self._conflicts_seen = 0
            self.sync_now()

    def show_class_view(
        self, document_id: int | None, claim_types: list[ClaimType], with_members: bool = True
    ) -> ClassViewDialog | None:
        """Open the teacher's view of document_id, the key being this library's person."""
        from .class_view import ClassViewDialog

        if document_id is None:
            self.notices.say(self.tr("Open a document first"))
            return None
        local = self.background.local
        key = local.person if local is not None else self.library.annotator
        dialog = ClassViewDialog(self.library, self.runner, document_id, key, claim_types, self._parent,
                                 with_members=with_members and self.linked)  # fmt: skip
        dialog.show()
        self.class_dialog = dialog
        return dialog
