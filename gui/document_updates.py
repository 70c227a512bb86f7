"""New versions of documents in the window: Update from File…, What Changed…, orphans, files changed on disk.

The main window creates one DocumentUpdates and calls document_opened() after it
shows a document; everything else is wired here, so the window stays a
composition root. Re-anchoring runs on a worker with a cancellable progress
dialog; the UI thread only shows results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QProgressDialog

from documents import Document, supported_suffixes
from storage import LibraryError
from storage.anchoring.versions import changed_claims, current_version, source_may_have_changed

from .changes_view import ChangesView
from .orphans import OrphansSection, ReattachCommand, reattach
from .update_jobs import source_check_job, update_document_job
from .workers import Job, Worker, WorkerSignals

if TYPE_CHECKING:
    from .main_window import MainWindow

STATUS_MS = 8000


class DocumentUpdates(QObject):
    """Everything about updating the open document to a new version of its text."""

    update_finished = Signal(int, dict)  # document id, annotations per status

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.update_action = QAction(self.tr("&Update from File…"), window, objectName="actionUpdateFromFile")
        self.update_action.setStatusTip(self.tr("Load a newer version of this article and carry the claims over"))
        self.changes_action = QAction(self.tr("What &Changed…"), window, objectName="actionShowChanges")
        self.changes_action.setStatusTip(self.tr("Compare the old and new wording of changed claims"))
        window.menus["file"].insertAction(window.window_actions.export, self.update_action)
        window.menus["view"].addSeparator()
        window.menus["view"].addAction(self.changes_action)
        window.addActions([self.update_action, self.changes_action])
        self.orphans = OrphansSection(window.annotation_panel)
        window.annotation_panel.layout().addWidget(self.orphans)
        self.progress_dialog: QProgressDialog | None = None
        self.question: QMessageBox | None = None
        self.changes_view: ChangesView | None = None
        self._asked: set[tuple[int, str]] = set()  # (document, file) already asked about this session
        self._versions: dict[int, int] = {}
        self._running: set[WorkerSignals] = set()
        self._cancel = threading.Event()  # of the update running, if any
        self._pending: tuple[int, Document] | None = None  # the changed file a question is about
        self._connect_signals()

    def _connect_signals(self) -> None:
        events = self.window.annotator.events
        for signal in (events.added, events.removed, events.changed):
            signal.connect(self.refresh_orphans)
        self.update_action.triggered.connect(self._on_update_requested)
        self.changes_action.triggered.connect(self.show_changes)
        self.orphans.reattach_requested.connect(self._on_reattach_requested)

    # -- the open document -----------------------------------------------------------
    def document_opened(self, document_id: int) -> None:
        """Follow a newly shown document: its orphans, its versions, and whether its file changed."""
        version = current_version(self.window.library, document_id)
        if self._versions.setdefault(document_id, version) != version:
            self.window.undo_stack.clear()  # earlier changes refer to the old text
            self._versions[document_id] = version
        self.changes_action.setEnabled(version > 1)
        self.refresh_orphans()
        self.check_source(document_id)

    def refresh_orphans(self, *_: object) -> None:
        """Show the open document's orphans in the panel's Orphans section."""
        document_id, library = self.window.current_document_id, self.window.library
        orphans = library.annotations(document_id, status="orphaned") if document_id is not None else []
        self.orphans.set_orphans(orphans, {t.name: t.label for t in library.claim_types()})

    # -- files changed on disk -------------------------------------------------------
    def check_source(self, document_id: int) -> WorkerSignals | None:
        """If the document's source file was modified, read it on a worker and ask before loading it."""
        if not source_may_have_changed(self.window.library, document_id):
            return None
        job = source_check_job(self.window.library.path, document_id)
        return self._start(job, self._on_source_checked, self._on_source_check_failed)

    def _on_source_check_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, STATUS_MS)

    def _on_source_checked(self, result: tuple[int, Document | None]) -> None:
        document_id, document = result
        key = (document_id, document.metadata.source if document else "")
        if document is None or document_id != self.window.current_document_id or key in self._asked:
            return
        self._asked.add(key)
        self.ask_to_reload(document_id, document)

    def ask_to_reload(self, document_id: int, document: Document) -> QMessageBox:
        """Ask (window-modal, not blocking) whether to load the changed file as the new version."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("The file has changed"),
            self.tr(
                "“{name}” has changed since it was imported.\n\nLoad the new version? Your claims are carried "
                "over; those that read differently are shown in What Changed."
            ).format(name=Path(document.metadata.source).name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setObjectName("sourceChangedDialog")
        box.buttonClicked.connect(self._on_reload_answered)
        box.open()
        self._pending = (document_id, document)
        self.question = box
        return box

    def _on_reload_answered(self, button: QAbstractButton) -> None:
        pending, self._pending = self._pending, None
        yes = self.question is not None and self.question.standardButton(button) == QMessageBox.StandardButton.Yes
        if pending is not None and yes:
            self.update(*pending)

    # -- updating ----------------------------------------------------------------------
    def _on_update_requested(self) -> None:
        document_id = self.window.current_document_id
        if document_id is None:
            return
        source = self.window.library.document_summary(document_id).source
        patterns = " ".join("*" + suffix for suffix in supported_suffixes())
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Update from File"), str(Path(source).parent) if source else "",
            self.tr("Articles ({patterns})").format(patterns=patterns),
        )  # fmt: skip
        if path:
            self.update(document_id, path)

    def update(self, document_id: int, source: str | Document) -> WorkerSignals:
        """Make source (a file path or a read document) the document's new version, on a worker."""
        cancel = self._cancel = threading.Event()
        self.update_action.setEnabled(False)  # one update at a time
        text = self.tr("Carrying the claims over to the new version…")
        dialog = QProgressDialog(text, self.tr("Cancel"), 0, 0, self.window)
        dialog.setObjectName("updateProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(cancel.set)
        self.progress_dialog = dialog
        job = update_document_job(self.window.library.path, document_id, source, cancel)
        signals = self._start(job, self._on_updated, self._on_update_failed)
        signals.progress.connect(self._on_progress)
        return signals

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled():
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _on_updated(self, result: tuple[int, dict[str, int]]) -> None:
        document_id, counts = result
        self._close_progress()
        self.window.refresh_library()
        if self.window.current_document_id == document_id:
            self.window.open_document(document_id)
        message = self.tr("Updated: {anchored} in place, {moved} moved, {changed} changed, {orphaned} orphaned")
        self.window.statusBar().showMessage(message.format(**counts), STATUS_MS)
        self.update_finished.emit(document_id, counts)
        if counts.get("changed") and self.window.current_document_id == document_id:
            self.show_changes()

    def _on_update_failed(self, message: str) -> None:
        cancelled = self._cancel.is_set()  # read before closing the dialog, which emits canceled
        self._close_progress()
        if cancelled:
            self.window.statusBar().showMessage(self.tr("Update cancelled; nothing was changed."), STATUS_MS)
        else:
            self.window.show_error(self.tr("Cannot update the document"), message)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.blockSignals(True)  # closing emits canceled; the job is over anyway
            self.progress_dialog.reset()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.update_action.setEnabled(True)

    def _start(self, job: Job, on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> WorkerSignals:
        """Run job on the thread pool, its signals connected before it starts."""
        worker = Worker(job)
        signals = worker.signals
        self._running.add(signals)
        signals.finished.connect(lambda result: None if self.window.closed else on_done(result))
        signals.failed.connect(lambda message: None if self.window.closed else on_failed(message))
        signals.finished.connect(self._forget_finished)
        signals.failed.connect(self._forget_finished)
        QThreadPool.globalInstance().start(worker)
        return signals

    def _forget_finished(self, *_: object) -> None:
        self._running = {signals for signals in self._running if signals is not self.sender()}

    # -- what changed, orphans ---------------------------------------------------------
    def show_changes(self) -> ChangesView | None:
        """Open the side-by-side view of the open document's changed claims and orphans."""
        document_id, library = self.window.current_document_id, self.window.library
        if document_id is None:
            return None
        if self.changes_view is not None:
            self.changes_view.close()
        view = ChangesView(library.document_summary(document_id).title, self.window)
        view.set_changes(
            changed_claims(library, document_id), library.annotations(document_id, status="orphaned"),
            library.claim_types(),
        )  # fmt: skip
        view.claim_requested.connect(self._show_claim)
        view.show()
        self.changes_view = view
        return view

    def _show_claim(self, uuid: str) -> None:
        annotation = self.window.reader.annotations.get(uuid)
        if annotation is not None and annotation.status != "orphaned":
            self.window.reader.scroll_to(annotation.start, annotation.end)
            self.window.annotation_panel.select(uuid)

    def _on_reattach_requested(self, uuid: str) -> None:
        selected = self.window.reader.selected_range()
        if selected is None:
            self.window.statusBar().showMessage(self.tr("Select the text this claim belongs to first"), STATUS_MS)
            return
        try:
            before, after = reattach(self.window.library, uuid, *selected)
        except LibraryError as error:
            self.window.show_error(self.tr("Cannot re-attach the claim"), str(error))
            return
        self.window.undo_stack.push(ReattachCommand(self.window.library, self.window.annotator.events, before, after))
        self.window.reader.clear_selection()
