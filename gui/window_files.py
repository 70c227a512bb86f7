"""The window's files: imports (from dialogs, the recent menu and drops) and the Export dialog.

A part of MainWindow kept apart by purpose (MainWindow inherits it, ahead of QMainWindow,
so its drag and drop handlers are the window's).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from storage import LibraryError

from .window_parts import WindowParts

if TYPE_CHECKING:
    from .jobs import JobHandle


class WindowFiles(WindowParts):
    """Import files, URLs and annotation files; export documents; take files dropped on the window."""

    def import_files(self, paths: list[str]) -> JobHandle:
        """Import files on a pool thread, then open the last one; errors become one dialog."""
        return self.imports.import_files(paths)

    def import_url(self, url: str) -> JobHandle:
        """Fetch and import url on a pool thread (the one network access, asked for by the user)."""
        return self.imports.import_url(url)

    def import_annotations(self, path: str) -> JobHandle:
        """Import W3C annotations from path on a pool thread; the counts go to the status bar."""
        return self.imports.import_annotations(path)

    def _on_imported(self, ids: list[int]) -> None:
        self.claim_types.refresh()
        self.refresh_library()
        if ids:
            self.open_document(ids[-1])

    def _on_annotations_imported(self, summary: str) -> None:
        self.notices.say(summary)
        self.claim_types.refresh()
        self.refresh_library()
        self.session.reopen()

    def _on_export_requested(self) -> None:
        """Open the Export dialog on the selected documents (the open one; the whole library when none is)."""
        ids = self.library_panel.selected_ids()
        if not ids and self.current_document_id is not None:
            ids = [self.current_document_id]
        self.export_documents(ids)

    def export_documents(self, ids: list[int]) -> None:
        """Open the Export dialog on these documents (a collection's, the selected ones; none: the whole library)."""
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.library, ids, self.runner, self, self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda path: self.notices.say(self.tr("Exported to {path}").format(path=path)))
        self.export_dialog = dialog  # for tests and screen readers, like error_dialog
        dialog.open()

    def export_markdown(self, path: str) -> None:
        """Write the open document's claims to path as Markdown."""
        from storage.export import ExportOptions, export_text, write_atomically

        if self.current_document_id is None:
            return
        try:
            write_atomically(path, export_text(self.library, [self.current_document_id], ExportOptions()))
        except LibraryError as error:
            self.show_error(self.tr("Cannot export"), str(error))
            return
        self.notices.say(self.tr("Exported to {path}").format(path=path))

    def _fill_recent_menu(self) -> None:
        menu = self.menus["recent"]
        menu.clear()
        for path in self.settings.recent_files:
            menu.addAction(Path(path).name).triggered.connect(lambda _=False, p=path: self.import_files([p]))
        menu.setEnabled(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)
