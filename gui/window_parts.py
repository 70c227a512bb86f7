"""What the window's parts kept in other modules (window_files, window_tools) use of the window, for the type checker.

MainWindow inherits those parts; at run time this base is a plain object and adds
nothing. The type checker sees a QMainWindow with the window's attributes, as
MainWindow sets them up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter, QTabWidget

    from storage import Library

    from .actions import WindowActions
    from .annotation_panel import AnnotationPanel
    from .annotator import Annotator
    from .claim_assistant import ClaimAssistant
    from .claim_type_registry import ClaimTypeRegistry
    from .commands import GuardedUndoStack
    from .compare_dialog import CompareDialog
    from .document_session import DocumentSession
    from .document_updates import DocumentUpdates
    from .export_dialog import ExportDialog
    from .imports import Imports
    from .jobs import JobRunner
    from .library_panel import LibraryPanel
    from .notices import Notices
    from .reader import ReaderView
    from .research.busy_indicator import BusyIndicator
    from .research.claims_view import ClaimsView
    from .research.collections_tree import CollectionsTree
    from .research.library_manager import LibraryManager
    from .research.manage_views import ManageViews
    from .research.search_panel import SearchPanel
    from .selection_bar import SelectionBar
    from .settings import WindowSettings
    from .suggestions_dialog import SuggestionsDialog
    from .sync.refresh import DeferredReload
    from .sync.shared import SharedLibrary
    from .themes import Theme

    class WindowParts(QMainWindow):
        library: Library
        settings: WindowSettings
        notices: Notices
        runner: JobRunner
        claim_types: ClaimTypeRegistry
        annotator: Annotator
        window_actions: WindowActions
        menus: dict[str, QMenu]
        reader: ReaderView
        session: DocumentSession
        imports: Imports
        assistant: ClaimAssistant
        library_panel: LibraryPanel
        annotation_panel: AnnotationPanel
        export_dialog: ExportDialog | None
        suggestions_dialog: SuggestionsDialog | None
        compare_dialog: CompareDialog | None
        queries: JobRunner
        undo_stack: GuardedUndoStack
        theme: Theme
        selection_bar: SelectionBar
        search_panel: SearchPanel
        manage_views: ManageViews
        library_manager: LibraryManager
        collections_tree: CollectionsTree
        busy_indicator: BusyIndicator
        claims_dock: QDockWidget
        left_tabs: QTabWidget
        splitter: QSplitter
        _claims_view: ClaimsView | None
        shared: SharedLibrary
        sync_reload: DeferredReload
        document_updates: DocumentUpdates

        @property
        def current_document_id(self) -> int | None: ...
        def refresh_library(self) -> None: ...
        def open_document(self, document_id: int) -> None: ...
        def show_error(self, title: str, message: str) -> None: ...
        def show_claim_of(self, document_id: int, uuid: str | None = None) -> None: ...
        def export_documents(self, ids: list[int]) -> None: ...
        def _remember_place(self) -> None: ...

else:

    class WindowParts:
        """(Nothing at run time: see the module's docstring.)"""
