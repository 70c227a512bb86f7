"""The open document: which one is shown, and opening another one (in place, or prepared on a pool thread).

Views follow the session: ``opening`` when a document is asked for (the
reader stops offering the old one for tagging), ``shown`` with the prepared
document once it is adopted. A change to an annotation of a document that is
not shown (an undo, say) opens that document, read afresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from storage import Annotation, Library, LibraryError

from .commands import AnnotationEvents
from .document_loader import BACKGROUND_CHARACTERS, PreparedDocument, prepare, prepare_job
from .jobs import JobRunner
from .notices import Notices


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentSession", text)


class DocumentSession(QObject):
    """Owns the open document and the opening of one."""

    opening = Signal(int)  # a document was asked for and is being prepared
    shown = Signal(object)  # PreparedDocument: the document now on screen

    def __init__(
        self,
        library: Library,
        runner: JobRunner,
        notices: Notices,
        point_size: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library, self.runner, self.notices, self.point_size = library, runner, notices, point_size
        self.current_id: int | None = None  # the document on screen (None while another opens)
        self.requested_id: int | None = None  # the document asked for last
        self.prepared: PreparedDocument | None = None
        self._changes = 0  # stored changes to claims seen so far (a refresh read before one is stale)

    def follow(self, events: AnnotationEvents) -> None:
        """Open the document of a change made elsewhere (an undo in another document)."""
        events.added.connect(self._on_changed)
        events.removed.connect(self._on_changed)
        events.changed.connect(lambda _old, new: self._on_changed(new))

    def open(self, document_id: int) -> None:
        """Show one document: an article at once, a book prepared on a pool thread and shown when ready."""
        self.requested_id = document_id
        try:
            if not self.prepares_in_background(document_id):
                self._adopt(prepare(self.library, document_id, self.point_size()))
                return
        except LibraryError as error:
            self.notices.fail(_tr("Cannot open the document"), str(error))
            return
        self.current_id = None  # nothing may be tagged on the old document while the new one opens
        self.opening.emit(document_id)
        self.notices.say(_tr("Opening…"), 0)
        job = prepare_job(self.library.path, document_id, self.point_size())
        self.runner.start(job, self._on_prepared, self._on_failed, title=_tr("Opening"))

    def prepares_in_background(self, document_id: int) -> bool:
        """Whether document_id is long enough to be prepared on a pool thread (a book) rather than at once.

        Raises:
            NotFound: no such document.
        """
        return len(self.library.document_text(document_id)) > BACKGROUND_CHARACTERS

    def reopen(self) -> None:
        """Read the open document afresh (its text or claims changed elsewhere)."""
        if self.current_id is not None:
            self.open(self.current_id)

    def refresh(self, before_adopt: Callable[[], bool] | None = None) -> None:
        """Read the open document afresh on a pool thread (sync changed it); it stays on screen, taggable, meanwhile.

        What was read is shown unless another document was opened since; a change stored here meanwhile is
        not in it, so then it is read again. before_adopt() runs just before it is shown (to keep the place);
        when it returns False, what was read is dropped (the caller asks again when it suits).
        """
        document_id, changes = self.current_id, self._changes
        if document_id is None:
            return

        def prepared(fresh: PreparedDocument) -> None:
            if self.current_id != document_id or self.requested_id != document_id:
                return
            if self._changes != changes:
                self.refresh(before_adopt)
                return
            if before_adopt is None or before_adopt():
                self._adopt(fresh)

        job = prepare_job(self.library.path, document_id, self.point_size())
        self.runner.start(job, prepared, self._on_failed, title=_tr("Reading"), quiet=True)

    def _on_prepared(self, prepared: PreparedDocument) -> None:
        if prepared.stored.id == self.requested_id:  # else another document was chosen meanwhile
            self.notices.say("", 1)
            self._adopt(prepared)

    def _on_failed(self, message: str) -> None:
        self.notices.fail(_tr("Cannot open the document"), message)

    def _adopt(self, prepared: PreparedDocument) -> None:
        self.current_id, self.prepared = prepared.stored.id, prepared
        self.shown.emit(prepared)

    def shows(self, document_id: int) -> bool:
        """Whether document_id is the document on screen."""
        return document_id == self.current_id

    def _on_changed(self, annotation: Annotation) -> None:
        self._changes += 1
        if annotation.document_id != self.current_id and annotation.document_id != self.requested_id:
            self.open(annotation.document_id)  # read afresh, the change included
