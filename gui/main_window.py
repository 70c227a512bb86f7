"""The main window: a composition root wiring the library panel, the reader and the claims panel.

The window builds the parts and connects them in ``_connect_signals``; the
parts do the work. What it does with them is kept by purpose in the modules it
inherits: window_files, window_tools, window_research and window_shared. The
document on screen belongs to the DocumentSession, every background job to the
JobRunner, every action to WindowActions; the views follow the session and the
annotation events themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storage import Annotation, Library
from storage.links import ClaimLink

from . import dialogs
from .actions import WindowActions
from .annotation_panel import AnnotationPanel
from .annotator import Annotator
from .claim_assistant import ClaimAssistant
from .claim_map import ClaimMap
from .claim_type_registry import ClaimTypeRegistry
from .contents_panel import ContentsPanel
from .document_loader import PreparedDocument
from .document_session import DocumentSession
from .document_updates import DocumentUpdates
from .find_bar import FindBar
from .icons import app_icon
from .imports import Imports
from .job_progress import JobProgress
from .jobs import JobRunner
from .library_panel import LibraryPanel
from .notices import Notices
from .reader import DEFAULT_POINT_SIZE, ReaderView
from .research.busy_indicator import BusyIndicator
from .research.collections_tree import CollectionsTree
from .research.library_manager import LibraryManager
from .research.manage_views import ManageViews
from .research.search_panel import SearchPanel
from .selection_bar import SelectionBar
from .settings import WindowSettings
from .sync.refresh import DeferredReload
from .sync.shared import SharedLibrary
from .themes import apply_theme, theme_named
from .unsaved_section import UnsavedSection
from .window_files import WindowFiles
from .window_research import WindowResearch
from .window_shared import WindowShared
from .window_tools import WindowTools

if TYPE_CHECKING:  # the exporters (Jinja2, Markdown, YAML) and the dialogs load when first used, after the window shows
    from .compare_dialog import CompareDialog
    from .export_dialog import ExportDialog
    from .research.claims_view import ClaimsView
    from .suggestions_dialog import SuggestionsDialog


class MainWindow(WindowFiles, WindowTools, WindowResearch, WindowShared, QMainWindow):
    """Library on the left, the reader in the middle, the claims panel on the right."""

    def __init__(self, library: Library, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = WindowSettings(settings)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Claimmark"))
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.last_claim_type = "fact"  # what N (tag and note) tags as
        self.error_dialog: QWidget | None = None  # the last error shown, for tests and screen readers
        self.export_dialog: ExportDialog | None = None
        self.notices = Notices(self)
        self.runner = JobRunner(self)
        self.queries = JobRunner(self)  # the research views' searches and pages: not shown in the status bar
        self.claim_types = ClaimTypeRegistry(library, self)
        self.annotator = Annotator(library, self)
        self.undo_stack = self.annotator.undo_stack
        self.window_actions = WindowActions(self, self.claim_types.types)
        self.addActions(self.window_actions.all())  # shortcuts work even with the menu bar hidden
        self.menus = self.window_actions.build_menus(self.menuBar())
        self.toolbar = self.addToolBar(self.tr("Main"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.window_actions.build_toolbar(self.toolbar)
        self.setWindowIcon(app_icon())
        self.reader = ReaderView(self)
        self.session = DocumentSession(library, self.runner, self.notices, lambda: self.reader.point_size, self)
        self.imports = Imports(library, self.runner, self.notices, self.settings, self)
        self.assistant = ClaimAssistant(self.session, self.runner, self, laid_out=self.reader.laid_out)
        self.suggestions_dialog: SuggestionsDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        self.library_panel = LibraryPanel(self.window_actions.import_, self)
        self.library_manager = LibraryManager(library, self.undo_stack, self.annotator.events, self.runner, self)
        self.undo_stack.runner = self.runner  # long undos (a tag renamed on thousands of claims) run there
        self.busy_indicator = BusyIndicator(self)
        self.collections_tree = CollectionsTree(library, self.library_manager, self)
        self.library_panel.set_collections(self.collections_tree)
        self.theme = theme_named("")
        self.manage_views = ManageViews(
            library, self.runner, self.claim_types, self.library_manager, lambda: self.theme, self
        )
        self.contents_panel = ContentsPanel(self)
        self.find_bar = FindBar(self)
        self.position_label = QLabel(self)
        self.position_label.setObjectName("readingPosition")
        self.claim_map = ClaimMap(self)
        self.annotation_panel = AnnotationPanel(self)
        self.search_panel = SearchPanel(library.path, self.queries, self)
        self._claims_view: ClaimsView | None = None  # built when first shown (its imports cost ~50 ms at start)
        self.selection_bar = SelectionBar(self.window_actions.tag_actions(), self.reader.viewport())
        self.splitter = self._lay_out()
        self.document_updates = DocumentUpdates(
            library, self.session, self.annotator, self.reader, self.annotation_panel, self.runner, self.notices,
            self.window_actions, self,
        )  # fmt: skip
        self.unsaved_section = UnsavedSection(self.annotation_panel)
        panel_layout = self.annotation_panel.layout()
        assert panel_layout is not None
        panel_layout.addWidget(self.unsaved_section)
        self.job_progress = JobProgress(self.runner, self)
        self.shared = SharedLibrary(
            library, self.runner, self.notices, self, undo=(self.undo_stack, self.annotator.events)
        )
        self.sync_reload = DeferredReload(self._busy_for_reload, self.reload_document, self)
        self.statusBar().addPermanentWidget(self.shared.status)
        self.statusBar().addPermanentWidget(self.job_progress)
        self.statusBar().addPermanentWidget(self.position_label)
        self._pending_claim: tuple[int, str] | None = None  # a claim to select once its document is shown
        self._pending_text: tuple[int, int, int] | None = None  # a place in a text to mark once it is shown
        self._on_claim_types_known(self.claim_types.types)
        self._connect_signals()
        self.refresh_library()
        self._restore_settings()
        self.shared.start()  # the first background sync, a few seconds after the window is up

    def _lay_out(self) -> QSplitter:
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addWidget(self.reader, 1)
        row.addWidget(self.claim_map)
        column.addLayout(row, 1)
        column.addWidget(self.find_bar)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.library_panel, self.tr("Library"))
        self.left_tabs.addTab(self.contents_panel, self.tr("Contents"))
        self.left_tabs.addTab(self.search_panel, self.tr("Search"))
        self.claims_dock = QDockWidget(self.tr("Claims Across the Library"), self)
        self.claims_dock.setObjectName("claimsDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.claims_dock)
        self.claims_dock.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        for widget in (self.left_tabs, centre, self.annotation_panel):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800, 340])
        self.setCentralWidget(splitter)
        return splitter

    def _connect_signals(self) -> None:
        acts, events, panel, session = self.window_actions, self.annotator.events, self.annotation_panel, self.session
        # Views follow the open document and the stored changes themselves.
        session.follow(events)
        for view in (self.reader, panel, self.claim_map, self.library_panel):
            view.follow(session, events)
        session.shown.connect(self._on_document_shown)
        self.contents_panel.follow(session, self.reader)
        self.contents_panel.jump_requested.connect(self.reader.scroll_to_offset)
        self.contents_panel.position_changed.connect(self.position_label.setText)
        self.find_bar.match_chosen.connect(self.reader.mark_match)
        self.find_bar.closed.connect(self._on_find_closed)
        self.claim_types.changed.connect(self._on_claim_types_changed)
        self.notices.message.connect(self._on_message)
        self.notices.error.connect(self.show_error)
        self.annotator.saved.connect(self.notices.say)
        self.annotator.failed.connect(lambda message: self.show_error(self.tr("Not saved"), message))
        self.annotator.unsaved_added.connect(self.unsaved_section.model.add)
        self.annotator.unsaved_removed.connect(self.unsaved_section.model.remove)
        self.unsaved_section.retry_requested.connect(self.annotator.retry)
        self.unsaved_section.discard_requested.connect(self.annotator.discard)
        self.unsaved_section.copy_requested.connect(self._copy_unsaved)
        # Menu and keyboard actions.
        acts.import_.triggered.connect(self.imports.ask_for_files)
        acts.open_url.triggered.connect(self.imports.ask_for_url)
        acts.import_annotations.triggered.connect(self.imports.ask_for_annotations)
        acts.export.triggered.connect(self._on_export_requested)
        acts.quit.triggered.connect(self.close)
        acts.undo.triggered.connect(self.undo_stack.undo)
        acts.redo.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(acts.undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(acts.redo.setEnabled)
        acts.undo.setEnabled(False)
        acts.redo.setEnabled(False)
        acts.copy.triggered.connect(self._on_copy)
        acts.copy_citation.triggered.connect(lambda: self.copy_citation("bibtex"))
        acts.copy_csl.triggered.connect(lambda: self.copy_citation("csl"))
        acts.zoom_in.triggered.connect(lambda: self._zoom(+1))
        acts.zoom_out.triggered.connect(lambda: self._zoom(-1))
        acts.zoom_reset.triggered.connect(lambda: self._zoom(0))
        acts.show_library.toggled.connect(self.left_tabs.setVisible)
        acts.show_contents.triggered.connect(self._on_show_contents)
        acts.find.triggered.connect(self._on_find_requested)
        acts.find_next.triggered.connect(self.find_bar.next)
        acts.find_previous.triggered.connect(self.find_bar.previous)
        acts.show_panel.toggled.connect(panel.setVisible)
        for name, action in acts.themes.items():
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        acts.tag_requested.connect(self.tag_selection)
        acts.claim_types_changed.connect(lambda: self.selection_bar.set_actions(acts.tag_actions()))
        acts.add_note.triggered.connect(self._on_add_note)
        acts.select_sentence.triggered.connect(self._on_select_sentence)
        acts.snap_sentences.toggled.connect(self._on_snap_toggled)
        acts.suggest_claims.triggered.connect(self.suggest_claims)
        acts.compare_key.triggered.connect(self.compare_with_key)
        acts.hide_key.triggered.connect(lambda: self.show_key(None))
        acts.delete.triggered.connect(self._on_delete_requested)
        acts.shortcuts.triggered.connect(lambda: dialogs.shortcuts_sheet(self, acts.all()))
        acts.about.triggered.connect(lambda: dialogs.about_box(self))
        self.menus["recent"].aboutToShow.connect(self._fill_recent_menu)
        # Between the parts.
        self.imports.articles_imported.connect(self._on_imported)
        self.document_updates.update_finished.connect(lambda *_: self.refresh_library())
        self.document_updates.claim_requested.connect(panel.select)
        self.imports.annotations_imported.connect(self._on_annotations_imported)
        self.library_panel.document_chosen.connect(self._on_document_chosen)
        self.reader.selection_finished.connect(self._on_selection_finished)
        self.reader.sentence_requested.connect(self.select_sentence)
        self.reader.selection_cleared.connect(self.selection_bar.hide)
        self.reader.highlight_clicked.connect(panel.select)
        self.claim_map.jump_requested.connect(self.reader.scroll_to_offset)
        panel.annotation_activated.connect(self.reader.show_claim)
        panel.edit_requested.connect(self.annotator.update)
        panel.delete_requested.connect(self.annotator.delete)
        panel.copy_requested.connect(self.copy_markdown)
        # The research views.
        self.search_panel.follow(events)
        acts.search_library.triggered.connect(self._on_search_requested)
        acts.show_claims_view.toggled.connect(self.claims_dock.setVisible)
        self.claims_dock.visibilityChanged.connect(self._on_claims_dock_shown)
        self.search_panel.claim_chosen.connect(self.show_claim_of)
        self.search_panel.text_chosen.connect(self.show_text_of)
        self._connect_shared()
        self._connect_managing()

    # -- documents -----------------------------------------------------------------
    @property
    def current_document_id(self) -> int | None:
        """The document on screen (None while none is, or while another one opens)."""
        return self.session.current_id

    def refresh_library(self) -> None:
        """Reload the document list (titles, bylines, counts) from the library."""
        self.library_panel.set_documents(self.library.documents(), self.claim_types.types)
        if self.current_document_id is not None:
            self.library_panel.select(self.current_document_id)

    def open_document(self, document_id: int) -> None:
        """Show one document with its highlights and cards, back where it was last read."""
        self._remember_place()
        self.selection_bar.hide()
        self.session.open(document_id)

    def open_initial(self, preferred: int | None = None) -> None:
        """Open preferred, else the document read last time, else the newest one."""
        document_id = self.initial_document(preferred)
        if document_id is not None:
            self.open_document(document_id)

    def initial_document(self, preferred: int | None = None) -> int | None:
        """The document to open first: preferred, else the one read last time, else the newest (None: none)."""
        known = self.library_panel.model.ids()  # as listed just now: the claim count query runs once
        return next((c for c in (preferred, self.settings.last_document, *known[:1]) if c in known), None)

    def show_claim_of(self, document_id: int, uuid: str | None = None) -> None:
        """Open document_id (if it is not on screen) and select the claim uuid there, once it is shown."""
        if uuid is not None:
            self._pending_claim = (document_id, uuid)
        if self.current_document_id == document_id:
            self._select_pending()
        else:
            self.open_document(document_id)

    def show_text_of(self, document_id: int, start: int, end: int) -> None:
        """Open document_id (if it is not on screen) and mark [start, end) of its text (a search hit) once shown."""
        self._pending_text = (document_id, start, end)
        self.show_claim_of(document_id)

    def show_link(self, link: ClaimLink) -> bool:
        """Show what a claimmark:// link points at; return False when its document is not in the library."""
        if link.document_id not in {d.id for d in self.library.documents()}:
            self.show_error(self.tr("Cannot open the link"), self.tr("The document is not in this library."))
            return False
        self.show_claim_of(link.document_id, link.annotation)
        if QGuiApplication.platformName() != "offscreen":  # (which has no window stack to raise)
            self.raise_()
            self.activateWindow()
        return True

    def take_over(self, files: list[str]) -> None:
        """Come forward for a second start on this library, importing the files it was given."""
        if QGuiApplication.platformName() != "offscreen":
            if self.isMinimized():
                self.showNormal()
            self.raise_()
            self.activateWindow()
        paths = [f for f in files if "://" not in f]
        if paths:
            self.import_files(paths)
        for url in (f for f in files if "://" in f):
            self.import_url(url)

    def _on_document_shown(self, prepared: PreparedDocument) -> None:
        document = prepared.stored
        self.find_bar.set_text(document.text)
        self.setWindowTitle(self.tr("{title} — Claimmark").format(title=document.metadata.title or self.tr("Untitled")))
        self.settings.set("reading/lastDocument", document.id)
        offset = self.settings.scroll_offset(document.id)
        if offset and self._pending_claim is None and self._pending_text is None:
            QTimer.singleShot(0, lambda: self._restore_place(document.id, offset))
        self._select_pending()

    def _select_pending(self) -> None:
        pending, document_id = self._pending_claim, self.current_document_id
        if pending is not None and pending[0] == document_id:
            self._pending_claim = None
            self.annotation_panel.select(pending[1])
            self.reader.show_claim(pending[1])
        place = self._pending_text
        if place is not None and place[0] == document_id:
            self._pending_text = None
            self.reader.mark_match(place[1], place[2])

    def _restore_place(self, document_id: int, offset: int) -> None:
        if self.current_document_id == document_id:
            self.reader.scroll_to_offset(offset)

    def _remember_place(self) -> None:
        if self.current_document_id is not None:
            self.settings.set_scroll_offset(self.current_document_id, self.reader.top_offset())

    def _on_document_chosen(self, document_id: int) -> None:
        if document_id != self.session.requested_id:
            self.open_document(document_id)

    def _on_claim_types_changed(self, claim_types: list[object]) -> None:
        self.window_actions.set_claim_types(self.claim_types.types)
        self._on_claim_types_known(self.claim_types.types)
        if {t.name for t in self.library_panel.delegate.claim_types} == {t.name for t in self.claim_types.types}:
            self.library_panel.set_claim_types(self.claim_types.types)  # recoloured or reordered: the counts hold
        else:
            self.refresh_library()
        self._remember_place()
        self.session.reopen()  # highlights, cards and the map in the new colours and underlines

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.claim_types.refresh()  # `claimmark types add` may have run meanwhile

    def _on_find_requested(self) -> None:
        self.find_bar.open_bar(self.reader.textCursor().selectedText())
        self.find_bar.search(self.reader.top_offset())

    def _on_find_closed(self) -> None:
        self.reader.clear_marks()
        self.reader.setFocus()

    def _on_show_contents(self) -> None:
        self.window_actions.show_library.setChecked(True)
        self.left_tabs.setCurrentWidget(self.contents_panel)
        self.contents_panel.view.setFocus()

    # -- annotating ----------------------------------------------------------------
    def tag_selection(self, claim_type: str) -> Annotation | None:
        """Tag the reader's selection (snapped to whole words) as claim_type."""
        selected = self.reader.selected_range()
        card = self.annotation_panel.current_uuid()
        if selected is None and card is not None and self.current_document_id is not None:
            self.annotator.update(card, {"claim_type": claim_type})  # a key on a selected card retypes it
            return None
        if self.current_document_id is None or selected is None:
            self.notices.say(self.tr("Select some text, or a claim's card, first"))
            return None
        quote = self.reader.text[selected[0] : selected[1]]  # what the reader shows: refused if the library differs
        speaker = self.assistant.speaker_for(claim_type, *selected)  # offered by the assistant, editable on the card
        annotation = self.annotator.tag(self.current_document_id, *selected, claim_type, quote=quote, speaker=speaker)
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

    # -- messages --------------------------------------------------------------------
    def _on_message(self, text: str, milliseconds: int) -> None:
        if text:
            self.statusBar().showMessage(text, milliseconds)
        else:
            self.statusBar().clearMessage()

    def show_error(self, title: str, message: str) -> None:
        """Show a domain error's message in a window-modal dialog."""
        self.statusBar().clearMessage()
        self.error_dialog = dialogs.error_box(self, title, message)

    # -- view and settings -----------------------------------------------------------
    def set_theme(self, name: str) -> None:
        """Switch to the light, sepia or dark theme."""
        theme = self.theme = theme_named(name)
        apply_theme(self, theme)
        self.manage_views.set_theme(theme)
        self.reader.set_theme(theme)
        self.library_panel.set_theme(theme)
        self.annotation_panel.set_theme(theme)
        self.claim_map.set_background(theme.window)
        self.search_panel.set_theme(theme)
        if self._claims_view is not None:
            self._claims_view.set_theme(theme)
        self.window_actions.set_icon_colour(theme.text)
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
        snap = self.settings.qsettings.value("assistant/snapToSentences") in (True, "true")
        self.window_actions.snap_sentences.setChecked(snap)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shared.close()
        self.runner.close()  # running jobs stop; none of their results reach a closed window
        self.queries.close()
        self._remember_place()
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
