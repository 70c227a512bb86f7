"""The window's research views: search, the claims across the library, similar claims, statistics, managing.

A part of MainWindow kept apart by purpose (MainWindow inherits it). The views
themselves live in gui/research; this wires them to the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage import ClaimType

from .research.search_panel import PREFERRED_WIDTH
from .window_parts import WindowParts

if TYPE_CHECKING:  # the claims view loads when first shown (its imports cost ~50 ms at start)
    from .research.claims_view import ClaimsView


class WindowResearch(WindowParts):
    """The research views and the managing of collections, claim types and tags, wired to the window."""

    def _connect_managing(self) -> None:
        """Collections, claim types and tags managed (gui/research): views follow ManageEvents."""
        acts, manager, views = self.window_actions, self.library_manager, self.manage_views
        manager.failed.connect(lambda message: self.show_error(self.tr("Not changed"), message))
        for started, ended in ((manager.busy, manager.idle),
                               (self.undo_stack.background_started, self.undo_stack.background_ended)):  # fmt: skip
            started.connect(self.busy_indicator.start)
            ended.connect(self.busy_indicator.stop)
        manager.manage.claim_types_changed.connect(self.claim_types.refresh)
        manager.manage.tags_changed.connect(self.session.reopen)  # the cards show the tags as stored
        self.collections_tree.export_requested.connect(self.export_documents)
        self.collections_tree.statistics_requested.connect(lambda key: views.open_statistics("collection", key))
        self.annotation_panel.similar_requested.connect(views.open_similar)
        views.claim_requested.connect(self.show_claim_of)
        acts.manage_types.triggered.connect(views.open_type_manager)
        acts.manage_tags.triggered.connect(views.open_tag_manager)
        acts.similar_claims.triggered.connect(self._on_similar_requested)
        acts.statistics.triggered.connect(self._on_statistics_requested)

    def _on_similar_requested(self) -> None:
        uuid = self.annotation_panel.current_uuid()
        if uuid is None:
            self.notices.say(self.tr("Select a claim's card first"))
        else:
            self.manage_views.open_similar(uuid)

    def _on_statistics_requested(self) -> None:
        document_id = self.current_document_id
        kind = "document" if document_id is not None else "library"
        self.manage_views.open_statistics(kind, document_id, document_id)

    def _on_claim_types_known(self, claim_types: list[ClaimType]) -> None:
        self.search_panel.set_claim_types(claim_types)
        if self._claims_view is not None:
            self._claims_view.set_claim_types(claim_types)

    @property
    def claims_view(self) -> ClaimsView:
        """The claims across the library (the dock's widget), built and wired on first use."""
        if self._claims_view is None:
            from .research.claims_view import ClaimsView, claims_text

            view = self._claims_view = ClaimsView(self.library.path, self.queries, self.runner, self)
            view.follow(self.annotator.events)
            view.claim_activated.connect(self.show_claim_of)
            view.exported.connect(
                lambda path, n: self.notices.say(
                    self.tr("Exported {claims} to {path}").format(claims=claims_text(n), path=path)
                )
            )
            view.export_failed.connect(lambda message: self.show_error(self.tr("Cannot export"), message))
            view.set_claim_types(self.claim_types.types)
            view.set_theme(self.theme)
            self.claims_dock.setWidget(view)
        return self._claims_view

    def _on_claims_dock_shown(self, _visible: bool) -> None:
        if self.claims_dock.isVisibleTo(self):
            _ = self.claims_view  # the dock shown (by the action or restored settings): its view is built now
        self.window_actions.show_claims_view.setChecked(self.claims_dock.isVisibleTo(self))

    def _on_search_requested(self) -> None:
        self.window_actions.show_library.setChecked(True)
        self.left_tabs.setCurrentWidget(self.search_panel)
        left, centre, right = self.splitter.sizes()
        if left < PREFERRED_WIDTH and centre > 2 * PREFERRED_WIDTH:
            self.splitter.setSizes([PREFERRED_WIDTH, centre - (PREFERRED_WIDTH - left), right])
        self.search_panel.focus_field()
