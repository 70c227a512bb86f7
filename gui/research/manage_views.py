"""Opens the window's managing views (claim types, tags, the same claim elsewhere, statistics), one of each.

The window (the composition root) builds this with the parts the views need
and connects its actions to the ``open_*`` methods; a view asked for again is
raised, not built twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from storage import Library, LibraryError

from ..claim_type_registry import ClaimTypeRegistry
from ..jobs import JobRunner
from ..themes import Theme
from .library_manager import LibraryManager

if TYPE_CHECKING:  # each dialog's module loads when it is first opened, not while the window starts
    from .similar_panel import SimilarClaimsDialog
    from .statistics_view import StatisticsDialog
    from .tag_manager import TagManagerDialog
    from .type_manager import TypeManagerDialog


class ManageViews(QObject):
    """The dialogs for managing and charting the library, made on first use."""

    claim_requested = Signal(int, str)  # document id, claim uuid: show it (from the same-claim list)

    def __init__(
        self, library: Library, runner: JobRunner, registry: ClaimTypeRegistry, manager: LibraryManager,
        theme: Callable[[], Theme], parent: QWidget,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.library, self.runner, self.registry, self.manager = library, runner, registry, manager
        self.theme, self.window = theme, parent
        self.type_manager: TypeManagerDialog | None = None
        self.tag_manager: TagManagerDialog | None = None
        self.similar: SimilarClaimsDialog | None = None
        self.statistics: StatisticsDialog | None = None

    @staticmethod
    def _raise(dialog: QDialog) -> None:
        dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # (which has no window stack to raise)
            dialog.raise_()
            dialog.activateWindow()

    def open_type_manager(self) -> TypeManagerDialog:
        """Show Manage Claim Types."""
        if self.type_manager is None:
            from .type_manager import TypeManagerDialog

            self.type_manager = TypeManagerDialog(self.library, self.registry, self.manager, self.window)
        else:
            self.type_manager.reload()  # claims were tagged meanwhile: count them again
        self._raise(self.type_manager)
        return self.type_manager

    def open_tag_manager(self) -> TagManagerDialog:
        """Show Manage Tags (its list re-read)."""
        if self.tag_manager is None:
            from .tag_manager import TagManagerDialog

            self.tag_manager = TagManagerDialog(self.library, self.manager, self.window)
        else:
            self.tag_manager.reload()
        self._raise(self.tag_manager)
        return self.tag_manager

    def open_similar(self, uuid: str) -> SimilarClaimsDialog | None:
        """Show the claims in other documents like claim uuid."""
        try:
            claim = self.library.annotation(uuid)
        except LibraryError:
            return None
        if self.similar is None:
            from .similar_panel import SimilarClaimsDialog

            self.similar = SimilarClaimsDialog(self.library, self.runner, self.registry.labels(), self.window)
            self.similar.claim_requested.connect(self.claim_requested)
        self.similar.labels = self.registry.labels()
        self.similar.show_claim(uuid, claim.exact)
        self._raise(self.similar)
        return self.similar

    def open_statistics(
        self, kind: str = "library", key: int | None = None, document_id: int | None = None
    ) -> StatisticsDialog:
        """Show the statistics of one scope ("document", "collection" or "library"); document_id: the open one."""
        if self.statistics is None:
            from .statistics_view import StatisticsDialog

            self.statistics = StatisticsDialog(self.library, self.runner, self.theme(), document_id, self.window)
        else:
            self.statistics.fill_scopes(document_id)
            self.statistics.set_theme(self.theme())
        self.statistics.show_scope(kind, key)
        self._raise(self.statistics)
        return self.statistics

    def set_theme(self, theme: Theme) -> None:
        """Draw the open chart in theme."""
        if self.statistics is not None:
            self.statistics.set_theme(theme)
