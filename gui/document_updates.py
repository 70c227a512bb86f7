"""New versions of documents in the window: Update from File…, What Changed…, orphans, files changed on disk.

DocumentUpdates is given the parts it works with (the library, the session, the
annotator, the reader, the claims panel, the job runner, the notices and the
window's actions) and follows the session itself. Re-anchoring runs on the
job runner with a cancellable progress dialog; the UI thread only shows results.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QProgressDialog, QWidget

from documents import Document
from storage import AnchorStatus, Library, LibraryError
from storage.anchoring.versions import changed_claims, current_version, source_may_have_changed

from .actions import WindowActions
from .annotation_panel import AnnotationPanel
from .annotator import Annotator
from .changes_view import ChangesView
from .document_loader import PreparedDocument
from .document_session import DocumentSession
from .jobs import JobHandle, JobRunner
from .notices import Notices
from .orphans import OrphansSection, ReattachCommand, reattach
from .reader import ReaderView
from .update_jobs import source_check_job, update_document_job

STATUS_MS = 8000


class DocumentUpdates(QObject):
    """Everything about updating the open document to a new version of its text."""

    update_finished = Signal(int, dict)  # document id, annotations per status
    claim_requested = Signal(str)  # a changed claim was chosen in What Changed: select its card

    def __init__(
        self,
        library: Library,
        session: DocumentSession,
        annotator: Annotator,
        reader: ReaderView,
        panel: AnnotationPanel,
        runner: JobRunner,
        notices: Notices,
        actions: WindowActions,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library, self.session, self.annotator, self.reader = library, session, annotator, reader
        self.runner, self.notices, self._parent = runner, notices, parent
        self.update_action, self.changes_action = actions.update_from_file, actions.show_changes
        self.orphans = OrphansSection(panel)
        layout = panel.layout()
        assert layout is not None  # the panel lays out its parts in __init__
        layout.addWidget(self.orphans)
        self.progress_dialog: QProgressDialog | None = None
        self.question: QMessageBox | None = None
        self.changes_view: ChangesView | None = None
        self._asked: set[tuple[int, str]] = set()  # (document, file) already asked about this session
        self._versions: dict[int, int] = {}
        self._update: JobHandle | None = None  # the update running, if any
        self._pending: tuple[int, Document] | None = None  # the changed file a question is about
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.orphans.follow(self.session, self.annotator.events, self.library)
        self.session.shown.connect(self._on_document_shown)
        self.update_action.triggered.connect(self._on_update_requested)
        self.changes_action.triggered.connect(self.show_changes)
        self.orphans.reattach_requested.connect(self._on_reattach_requested)

    # -- the open document -----------------------------------------------------------
    def _on_document_shown(self, prepared: PreparedDocument) -> None:
        """Follow a newly shown document: its versions, and whether its file changed."""
        document_id = prepared.stored.id
        version = current_version(self.library, document_id)
        if self._versions.setdefault(document_id, version) != version:
            self.annotator.undo_stack.clear()  # earlier changes refer to the old text
            self._versions[document_id] = version
        self.changes_action.setEnabled(version > 1)
        self.check_source(document_id)

    def keep_undo_across(self, document_id: int) -> None:
        """The document's text changed by an undoable command (a conflict's text kept): keep the undo stack for it."""
        self._versions[document_id] = current_version(self.library, document_id)

    # -- files changed on disk -------------------------------------------------------
    def check_source(self, document_id: int) -> JobHandle | None:
        """If the document's source file was modified, read it on a pool thread and ask before loading it."""
        if not source_may_have_changed(self.library, document_id):
            return None
        job = source_check_job(self.library.path, document_id)
        return self.runner.start(job, self._on_source_checked, lambda message: self.notices.say(message, STATUS_MS))

    def _on_source_checked(self, result: tuple[int, Document | None]) -> None:
        document_id, document = result
        key = (document_id, document.metadata.source if document else "")
        if document is None or document_id != self.session.current_id or key in self._asked:
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
            self._parent,
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
        document_id = self.session.current_id
        if document_id is None:
            return
        source = self.library.document_summary(document_id).source
        from documents import supported_suffixes  # the importers' list: loads them, when a dialog asks

        patterns = " ".join("*" + suffix for suffix in supported_suffixes())
        path, _ = QFileDialog.getOpenFileName(
            self._parent, self.tr("Update from File"), str(Path(source).parent) if source else "",
            self.tr("Articles ({patterns})").format(patterns=patterns),
        )  # fmt: skip
        if path:
            self.update(document_id, path)

    def update(self, document_id: int, source: str | Document) -> JobHandle:
        """Make source (a file path or a read document) the document's new version, on a pool thread."""
        self.update_action.setEnabled(False)  # one update at a time
        text = self.tr("Carrying the claims over to the new version…")
        dialog = QProgressDialog(text, self.tr("Cancel"), 0, 0, self._parent)
        dialog.setObjectName("updateProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self.progress_dialog = dialog
        job = update_document_job(self.library.path, document_id, source)
        handle = self._update = self.runner.start(
            job, self._on_updated, self._on_update_failed, title=self.tr("Updating"),
            on_cancelled=self._on_update_cancelled,
        )  # fmt: skip
        dialog.canceled.connect(handle.cancel)
        handle.signals.progress.connect(self._on_progress)
        return handle

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled():
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _on_updated(self, result: tuple[int, dict[str, int]]) -> None:
        document_id, counts = result
        self._close_progress()
        shown = self.session.current_id == document_id
        self.update_finished.emit(document_id, counts)  # the window refreshes the library list
        message = self.tr("Updated: {anchored} in place, {moved} moved, {changed} changed, {orphaned} orphaned")
        self.notices.say(message.format(**counts), STATUS_MS)
        if shown:
            self.session.open(document_id)
            if counts.get(AnchorStatus.CHANGED):
                self.show_changes()

    def _on_update_failed(self, message: str) -> None:
        self._close_progress()
        self.notices.fail(self.tr("Cannot update the document"), message)

    def _on_update_cancelled(self) -> None:
        self._close_progress()
        self.notices.say(self.tr("Update cancelled; nothing was changed."), STATUS_MS)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.blockSignals(True)  # closing emits canceled; the job is over anyway
            self.progress_dialog.reset()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.update_action.setEnabled(True)

    # -- what changed, orphans ---------------------------------------------------------
    def show_changes(self) -> ChangesView | None:
        """Open the side-by-side view of the open document's changed claims and orphans."""
        document_id, library = self.session.current_id, self.library
        if document_id is None:
            return None
        if self.changes_view is not None:
            self.changes_view.close()
        view = ChangesView(library.document_summary(document_id).title, self._parent)
        view.set_changes(
            changed_claims(library, document_id), library.annotations(document_id, status=AnchorStatus.ORPHANED),
            library.claim_types(),
        )  # fmt: skip
        view.claim_requested.connect(self._show_claim)
        view.show()
        self.changes_view = view
        return view

    def _show_claim(self, uuid: str) -> None:
        if self.reader.show_claim(uuid):
            self.claim_requested.emit(uuid)

    def _on_reattach_requested(self, uuid: str) -> None:
        selected = self.reader.selected_range()
        if selected is None:
            self.notices.say(self.tr("Select the text this claim belongs to first"), STATUS_MS)
            return
        try:
            before, after = reattach(self.library, uuid, *selected)
        except LibraryError as error:
            self.notices.fail(self.tr("Cannot re-attach the claim"), str(error))
            return
        self.annotator.undo_stack.push(ReattachCommand(self.library, self.annotator.events, before, after))
        self.reader.clear_selection()
