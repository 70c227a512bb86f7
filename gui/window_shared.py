"""The window and its shared library: sync follows what is stored here; the views follow what sync brings.

A part of MainWindow kept apart by purpose (MainWindow inherits it). The shared
library itself lives in gui/sync; this wires it to the window.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView

from .window_parts import WindowParts


class WindowShared(WindowParts):
    """Local changes reach sync; documents sync changed are read again without losing the place."""

    def _connect_shared(self) -> None:
        """The shared library: sync follows what is stored here; the views follow what sync brings."""
        acts, shared = self.window_actions, self.shared
        self.annotator.saved.connect(lambda _message: shared.local_change())
        self.imports.articles_imported.connect(lambda _ids: shared.local_change())
        self.imports.annotations_imported.connect(lambda _summary: shared.local_change())
        self.document_updates.update_finished.connect(lambda *_: shared.local_change())
        shared.documents_changed.connect(self._on_synced_changes)
        shared.link_changed.connect(acts.set_linked)
        shared.text_kept.connect(self.document_updates.keep_undo_across)
        acts.set_linked(shared.linked)
        acts.sync_now.triggered.connect(shared.sync_now)
        acts.join_group.triggered.connect(shared.ask_to_join)
        acts.leave_group.triggered.connect(lambda: shared.leave())
        acts.show_conflicts.triggered.connect(shared.show_conflicts)
        acts.class_view.triggered.connect(
            lambda: shared.show_class_view(self.current_document_id, self.claim_types.types)
        )

    def _on_synced_changes(self, ids: set[int] | None) -> None:
        """Sync changed documents here (None: maybe any): re-read the list, the types and the open document."""
        self.claim_types.refresh()
        self.refresh_library()
        if self.current_document_id is not None and (ids is None or self.current_document_id in ids):
            self.sync_reload.request()

    def _busy_for_reload(self) -> bool:
        """Whether the user is editing a card or holds a selection that a reload would take away."""
        editing = self.annotation_panel.view.state() == QAbstractItemView.State.EditingState
        return editing or self.reader.textCursor().hasSelection()

    def reload_document(self) -> None:
        """Read the open document afresh on a pool thread (sync changed it), keeping the place and the selected card."""

        def keep_place() -> bool:
            if self._busy_for_reload():  # the user began something meanwhile: show it once they are done
                self.sync_reload.request()
                return False
            card = self.annotation_panel.current_uuid()
            self._remember_place()
            if card is not None:
                QTimer.singleShot(0, lambda: self.annotation_panel.select(card))
            return True

        self.session.refresh(keep_place)
