"""The main window: a composition root wiring the library panel, the reader and the claims panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QMainWindow, QSplitter, QWidget

from documents import supported_suffixes
from storage import Annotation, Library, LibraryError
from storage.export.markdown import claim_markdown, export_markdown

from . import dialogs, workers
from .actions import WindowActions
from .annotation_panel import AnnotationPanel
from .annotator import Annotator
from .claim_map import ClaimMap
from .document_loader import BACKGROUND_CHARACTERS, PreparedDocument, prepare, prepare_job
from .document_updates import DocumentUpdates
from .export_dialog import ExportDialog, import_annotations_job
from .job_progress import JobProgress
from .library_model import DocumentIdRole
from .library_panel import LibraryPanel
from .reader import DEFAULT_POINT_SIZE, ReaderView
from .selection_bar import SelectionBar
from .settings import WindowSettings
from .themes import apply_theme, theme_named

STATUS_MS = 4000


class MainWindow(QMainWindow):
    """Library on the left, the reader in the middle, the claims panel on the right."""

    def __init__(self, library: Library, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = WindowSettings(settings)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Claimmark"))
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.current_document_id: int | None = None
        self._opening: int | None = None  # the document asked for last (a book may still be preparing)
        self.last_claim_type = "fact"  # what N (tag and note) tags as
        self.error_dialog: QWidget | None = None  # the last error shown, for tests and screen readers
        self.annotator = Annotator(library, self)
        self.undo_stack = self.annotator.undo_stack
        self.window_actions = WindowActions(self)
        self.addActions(self.window_actions.all())  # shortcuts work even with the menu bar hidden
        self.menus = self.window_actions.build_menus(self.menuBar())
        self.library_panel = LibraryPanel(self.window_actions.import_, self)
        self.reader = ReaderView(self)
        self.claim_map = ClaimMap(self)
        self.annotation_panel = AnnotationPanel(self)
        self.selection_bar = SelectionBar(self.window_actions.tag_actions(), self.reader.viewport())
        self.splitter = self._lay_out()
        self.document_updates = DocumentUpdates(self)  # versions: update from file, what changed, orphans
        self._running: set[workers.WorkerSignals] = set()
        self.closed = False  # a job finishing after the window closed must not touch it (or its library)
        self.job_progress = JobProgress(self)
        self.statusBar().addPermanentWidget(self.job_progress)
        self._stale_counts: set[int] = set()
        self._connect_signals()
        self.refresh_library()
        self._restore_settings()

    def _lay_out(self) -> QSplitter:
        centre = QWidget(self)
        row = QHBoxLayout(centre)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.reader, 1)
        row.addWidget(self.claim_map)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        for widget in (self.library_panel, centre, self.annotation_panel):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800, 340])
        self.setCentralWidget(splitter)
        return splitter

    def _connect_signals(self) -> None:
        acts, events, panel = self.window_actions, self.annotator.events, self.annotation_panel
        acts.import_.triggered.connect(self._on_import_requested)
        acts.open_url.triggered.connect(self._on_open_url_requested)
        acts.export.triggered.connect(self._on_export_requested)
        acts.import_annotations.triggered.connect(self._on_import_annotations_requested)
        acts.quit.triggered.connect(self.close)
        acts.undo.triggered.connect(self.undo_stack.undo)
        acts.redo.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(acts.undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(acts.redo.setEnabled)
        acts.undo.setEnabled(False)
        acts.redo.setEnabled(False)
        acts.copy.triggered.connect(self._on_copy)
        acts.zoom_in.triggered.connect(lambda: self._zoom(+1))
        acts.zoom_out.triggered.connect(lambda: self._zoom(-1))
        acts.zoom_reset.triggered.connect(lambda: self._zoom(0))
        acts.show_library.toggled.connect(self.library_panel.setVisible)
        acts.show_panel.toggled.connect(self.annotation_panel.setVisible)
        for name, action in acts.themes.items():
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        acts.tag_fact.triggered.connect(lambda: self.tag_selection("fact"))
        acts.tag_opinion.triggered.connect(lambda: self.tag_selection("opinion"))
        acts.tag_quote.triggered.connect(lambda: self.tag_selection("quote"))
        acts.add_note.triggered.connect(self._on_add_note)
        acts.delete.triggered.connect(self._on_delete_requested)
        acts.shortcuts.triggered.connect(lambda: dialogs.shortcuts_sheet(self, acts.all()))
        acts.about.triggered.connect(lambda: dialogs.about_box(self))
        self.menus["recent"].aboutToShow.connect(self._fill_recent_menu)
        self.library_panel.view.selectionModel().currentChanged.connect(self._on_document_chosen)
        self.reader.selection_finished.connect(self.selection_bar.show_near)
        self.reader.selection_cleared.connect(self.selection_bar.hide)
        self.reader.highlight_clicked.connect(panel.select)
        self.claim_map.jump_requested.connect(self.reader.scroll_to_offset)
        panel.annotation_activated.connect(self._on_card_activated)
        panel.edit_requested.connect(self.annotator.update)
        panel.delete_requested.connect(self.annotator.delete)
        panel.copy_requested.connect(self.copy_markdown)
        events.added.connect(self._on_annotation_added)
        events.removed.connect(self._on_annotation_removed)
        events.changed.connect(self._on_annotation_changed)
        self.annotator.saved.connect(self._on_saved)
        self.annotator.failed.connect(self._on_save_failed)

    # -- documents -----------------------------------------------------------------
    def refresh_library(self) -> None:
        """Reload the document list (titles, bylines, counts) from the library."""
        self.library_panel.set_documents(self.library.documents(), self.library.claim_types())
        if self.current_document_id is not None:
            self.library_panel.select(self.current_document_id)

    def open_document(self, document_id: int) -> None:
        """Show one document with its highlights and cards, back where it was last read.

        An article is shown at once; a book is prepared on a pool thread and shown when ready.
        """
        self._remember_place()
        self._opening = document_id
        try:
            if len(self.library.document_text(document_id)) <= BACKGROUND_CHARACTERS:
                self._show_prepared(prepare(self.library, document_id, self.reader.point_size))
                return
        except LibraryError as error:
            self.show_error(self.tr("Cannot open the document"), str(error))
            return
        self.statusBar().showMessage(self.tr("Opening…"))
        job = prepare_job(self.library.path, document_id, self.reader.point_size)
        self._start(job, self._on_prepared, self.tr("Cannot open the document"))

    def _on_prepared(self, prepared: PreparedDocument) -> None:
        if prepared.stored.id == self._opening:  # else another document was chosen meanwhile
            self.statusBar().clearMessage()
            self._show_prepared(prepared)

    def _show_prepared(self, prepared: PreparedDocument) -> None:
        document, annotations, claim_types = prepared.stored, prepared.annotations, prepared.claim_types
        document_id = document.id
        self.current_document_id = document_id
        self.selection_bar.hide()
        self.reader.adopt_document(prepared.qt_document, document.text, prepared.offsets, annotations, claim_types)
        self.annotation_panel.set_annotations(annotations, claim_types)
        self.claim_map.set_annotations(annotations, claim_types, len(document.text))
        self.library_panel.select(document_id)
        self.settings.set("reading/lastDocument", document_id)
        self.document_updates.document_opened(document_id)
        title = document.metadata.title or self.tr("Untitled")
        self.setWindowTitle(self.tr("{title} — Claimmark").format(title=title))
        offset = self.settings.scroll_offset(document_id)
        if offset:
            QTimer.singleShot(0, lambda: self._restore_place(document_id, offset))

    def open_initial(self, preferred: int | None = None) -> None:
        """Open preferred, else the document read last time, else the newest one."""
        known = [d.id for d in self.library.documents()]
        for candidate in (preferred, self.settings.last_document, *known[:1]):
            if candidate in known:
                self.open_document(candidate)
                return

    def _restore_place(self, document_id: int, offset: int) -> None:
        if self.current_document_id == document_id:
            self.reader.scroll_to_offset(offset)

    def _remember_place(self) -> None:
        if self.current_document_id is not None:
            self.settings.set_scroll_offset(self.current_document_id, self.reader.top_offset())

    def _on_document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = current.data(DocumentIdRole) if current.isValid() else None
        if document_id is not None and document_id != self.current_document_id:
            self.open_document(document_id)

    # -- annotating ----------------------------------------------------------------
    def tag_selection(self, claim_type: str) -> Annotation | None:
        """Tag the reader's selection (snapped to whole words) as claim_type."""
        selected = self.reader.selected_range()
        if self.current_document_id is None or selected is None:
            self.statusBar().showMessage(self.tr("Select some text first"), STATUS_MS)
            return None
        annotation = self.annotator.tag(self.current_document_id, *selected, claim_type)
        if annotation is not None:
            self.last_claim_type = claim_type
            self.reader.clear_selection()
        return annotation

    def _on_add_note(self) -> None:
        annotation = self.tag_selection(self.last_claim_type) if self.reader.selected_range() else None
        uuid = annotation.uuid if annotation else self.annotation_panel.current_uuid()
        if uuid:
            self.annotation_panel.edit(uuid)

    def _on_delete_requested(self) -> None:
        uuid = self.annotation_panel.current_uuid()
        if uuid is None:
            under = self.reader.annotations_at(self.reader.offsets.from_qt(self.reader.textCursor().position()))
            uuid = under[0].uuid if under else None
        if uuid is not None:
            self.annotator.delete(uuid)

    def _on_card_activated(self, uuid: str) -> None:
        annotation = self.reader.annotations.get(uuid)
        if annotation is not None and annotation.status != "orphaned":
            self.reader.scroll_to(annotation.start, annotation.end)

    def _shows(self, document_id: int) -> bool:
        """Return whether document_id is on screen; undoing a change in another document opens it."""
        if document_id == self.current_document_id:
            return True
        self.open_document(document_id)  # read afresh, the change included
        return False

    def _on_annotation_added(self, annotation: Annotation) -> None:
        if self._shows(annotation.document_id):
            self.reader.add_highlight(annotation)
            self.annotation_panel.model.add(annotation)
            self.annotation_panel.select(annotation.uuid)
            self.claim_map.add(annotation)
        self._refresh_counts(annotation.document_id)

    def _on_annotation_removed(self, annotation: Annotation) -> None:
        if self._shows(annotation.document_id):
            self.reader.remove_highlight(annotation)
            self.annotation_panel.model.remove(annotation.uuid)
            self.claim_map.remove(annotation)
        self._refresh_counts(annotation.document_id)

    def _on_annotation_changed(self, old: Annotation, new: Annotation) -> None:
        if self._shows(new.document_id):
            self.reader.update_highlight(new)
            self.annotation_panel.model.replace(new)
            self.claim_map.remove(old)
            self.claim_map.add(new)
        self._refresh_counts(new.document_id)

    def _on_saved(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _on_save_failed(self, message: str) -> None:
        self.show_error(self.tr("Cannot save the claim"), message)

    def _refresh_counts(self, document_id: int) -> None:
        """Recount a document's claims once the current change is painted (several changes, one count)."""
        if not self._stale_counts:
            QTimer.singleShot(0, self._update_counts)
        self._stale_counts.add(document_id)

    def _update_counts(self) -> None:
        for document_id in self._stale_counts:
            summary = self.library.document_summary(document_id)
            self.library_panel.model.update_counts(document_id, summary.counts)
        self._stale_counts.clear()

    def _on_copy(self) -> None:
        uuid = self.annotation_panel.current_uuid()
        if self.reader.textCursor().hasSelection() or uuid is None:
            self.reader.copy()
        else:
            self.copy_markdown(uuid)

    def copy_markdown(self, uuid: str) -> str:
        """Put one claim on the clipboard as the Markdown export writes it; return the text."""
        try:
            text = claim_markdown(self.library, uuid)
        except LibraryError as error:
            self.show_error(self.tr("Cannot copy the claim"), str(error))
            return ""
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("Copied as Markdown"), STATUS_MS)
        return text

    # -- files -----------------------------------------------------------------------
    def import_files(self, paths: list[str]) -> workers.WorkerSignals:
        """Import files on a worker thread, then open the last one; errors become one dialog."""
        self.statusBar().showMessage(self.tr("Importing…"))
        job = workers.import_files_job(self.library.path, paths)
        return self._start(job, lambda ids: self._on_imported(ids, paths), self.tr("Cannot import"))

    def import_url(self, url: str) -> workers.WorkerSignals:
        """Fetch and import url on a worker thread (the one network access, asked for by the user)."""
        from documents import load_url  # imported when asked: the fetching code is not needed to read

        self.statusBar().showMessage(self.tr("Fetching {url}…").format(url=url))
        job = workers.import_url_job(self.library.path, url, load_url)
        return self._start(job, lambda ids: self._on_imported(ids, []), self.tr("Cannot open URL"))

    def _start(self, job: workers.Job, on_done: Callable[[Any], None], failure_title: str) -> workers.WorkerSignals:
        """Run job on the thread pool, its signals connected before it starts."""
        worker = workers.Worker(job)
        signals = worker.signals
        self._running.add(signals)
        signals.finished.connect(lambda result: None if self.closed else on_done(result))
        signals.failed.connect(lambda message: None if self.closed else self.show_error(failure_title, message))
        signals.finished.connect(lambda _: self._running.discard(signals))
        signals.failed.connect(lambda _: self._running.discard(signals))
        self.job_progress.track(signals)
        QThreadPool.globalInstance().start(worker)
        return signals

    def _on_imported(self, ids: list[int], paths: list[str]) -> None:
        for path in paths:
            self.settings.add_recent_file(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("Imported {count} document(s)").format(count=len(ids)), STATUS_MS)
        self.refresh_library()
        if ids:
            self.open_document(ids[-1])

    def _on_import_requested(self) -> None:
        patterns = " ".join("*" + suffix for suffix in supported_suffixes())
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open Articles"), "", self.tr("Articles ({patterns})").format(patterns=patterns)
        )
        if paths:
            self.import_files(paths)

    def _on_open_url_requested(self) -> None:
        url, accepted = QInputDialog.getText(self, self.tr("Open URL"), self.tr("Address of the article:"))
        if accepted and url.strip():
            self.import_url(url.strip())

    def _on_export_requested(self) -> None:
        """Open the Export dialog on the selected documents (the open one; the whole library when none is)."""
        ids = self.library_panel.selected_ids()
        if not ids and self.current_document_id is not None:
            ids = [self.current_document_id]
        dialog = ExportDialog(self.library, ids, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_exported)
        self.export_dialog = dialog  # for tests and screen readers, like error_dialog
        dialog.open()

    def _on_exported(self, path: str) -> None:
        self.statusBar().showMessage(self.tr("Exported to {path}").format(path=path), STATUS_MS)

    def _on_import_annotations_requested(self) -> None:
        kinds = self.tr("W3C annotations (*.json *.jsonld)")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import Annotations"), "", kinds)
        if path:
            self.import_annotations(path)

    def import_annotations(self, path: str) -> workers.WorkerSignals:
        """Import W3C annotations from path on a worker; the counts go to the status bar."""
        job = import_annotations_job(self.library.path, path)
        return self._start(job, self._on_annotations_imported, self.tr("Cannot import annotations"))

    def _on_annotations_imported(self, summary: str) -> None:
        self.statusBar().showMessage(summary, STATUS_MS)
        self.refresh_library()
        if self.current_document_id is not None:
            self.open_document(self.current_document_id)

    def export_markdown(self, path: str) -> None:
        """Write the open document's claims to path as Markdown."""
        try:
            Path(path).write_text(export_markdown(self.library, [self.current_document_id]), encoding="utf-8")
        except (OSError, LibraryError) as error:
            self.show_error(self.tr("Cannot export"), str(error))
            return
        self.statusBar().showMessage(self.tr("Exported to {path}").format(path=path), STATUS_MS)

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

    def show_error(self, title: str, message: str) -> None:
        """Show a domain error's message in a window-modal dialog."""
        self.statusBar().clearMessage()
        self.error_dialog = dialogs.error_box(self, title, message)

    # -- view and settings -----------------------------------------------------------
    def set_theme(self, name: str) -> None:
        """Switch to the light, sepia or dark theme."""
        theme = theme_named(name)
        apply_theme(self, theme)
        self.reader.set_theme(theme)
        self.library_panel.set_theme(theme)
        self.annotation_panel.set_theme(theme)
        self.claim_map.set_background(theme.window)
        for key, action in self.window_actions.themes.items():
            action.setChecked(key == theme.name)
        self.settings.set("view/theme", theme.name)

    def _zoom(self, steps: int) -> None:
        if steps:
            self.reader.zoom(steps)
        else:
            self.reader.set_point_size(DEFAULT_POINT_SIZE)
        self.settings.set("view/pointSize", self.reader.point_size)

    def _restore_settings(self) -> None:
        geometry, state = self.settings.bytes("window/geometry"), self.settings.bytes("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.reader.set_point_size(self.settings.point_size)
        self.set_theme(self.settings.theme)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed = True
        self._remember_place()
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
