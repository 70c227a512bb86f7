"""Tagging, editing and deleting claims: user requests become stored changes and undo commands.

The Annotator stores each change first (one committed transaction), then pushes an undo
command holding the result; views follow AnnotationEvents, never the other way round.

Saved means committed: ``saved`` is emitted only after a commit that succeeded (a
change, its undo or its redo), never because the stack moved. Every failure to
write (a full disk, a read-only or locked library, files removed under it, or any
unexpected error) is emitted on ``failed`` with a message; a tag or an edit that
could not be written is kept as an ``UnsavedChange`` (``unsaved_added``) that a
view shows as unsaved and offers to retry or copy.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from storage import Annotation, InvalidAnnotation, Library, NotFound

from .commands import (
    AddAnnotationCommand,
    AddManyCommand,
    AnnotationEvents,
    DeleteAnnotationCommand,
    EditAnnotationCommand,
    GuardedUndoStack,
    failure_message,
)

WINDOW_BUSY_TIMEOUT = 1.0  # seconds a write from the window waits for another program's lock

if TYPE_CHECKING:  # the assistant's rules load when suggestions are first accepted, not while the window starts
    from storage.assistant.suggest import SuggestedClaim


@dataclass(frozen=True)
class UnsavedChange:
    """A tag or edit that could not be written: shown as unsaved, to retry or copy."""

    key: int
    kind: str  # "tag" or "edit"
    document_id: int
    start: int
    end: int
    claim_type: str
    quote: str  # the text it concerns ("" when it could not be read either)
    message: str  # why it was not saved
    uuid: str = ""  # the claim an edit was for
    changes: dict[str, Any] = field(default_factory=dict)  # the edit's changes

    def as_text(self) -> str:
        """Return the change as plain text, to copy somewhere safe."""
        note = self.changes.get("note")
        text = f"{self.claim_type}: “{' '.join(self.quote.split())}”"
        return f"{text}\n{note}" if note else text


class Annotator(QObject):
    """Turns requests on the open document into library changes on one undo stack."""

    saved = Signal(str)  # after every committed change, undo or redo: for the status bar
    failed = Signal(str)  # a change, undo or redo was not written: the message, for a dialog
    unsaved_added = Signal(object)  # UnsavedChange: show it as unsaved, with Retry and Copy
    unsaved_removed = Signal(object)  # UnsavedChange: retried successfully, or discarded

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        library.set_busy_timeout(WINDOW_BUSY_TIMEOUT)  # the UI thread waits at most this long for a lock
        self.undo_stack = GuardedUndoStack(self)  # the window's one stack; owned here so it dies first
        self.events = AnnotationEvents(self)
        self.unsaved: dict[int, UnsavedChange] = {}
        self._retries: dict[int, Callable[[], bool]] = {}
        self._keys = itertools.count(1)
        self.undo_stack.committed.connect(lambda _text: self.saved.emit(self.tr("Saved")))
        self.undo_stack.write_failed.connect(self.failed)
        self.events.write_failed.connect(self.failed)

    def undo(self) -> None:
        """Undo the last change: written first; on failure the stack stays and `failed` says why."""
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the next change: written first; on failure the stack stays and `failed` says why."""
        self.undo_stack.redo()

    def tag(
        self, document_id: int, start: int, end: int, claim_type: str, quote: str | None = None, speaker: str = ""
    ) -> Annotation | None:
        """Store text[start:end] as claim_type; return the annotation (None when refused or not written).

        Args:
            quote: the text the reader shows selected; refused (TextChanged) when the library's text differs.
        """
        try:
            annotation = self.library.add_annotation(
                document_id, start, end, claim_type, speaker=speaker, expected=quote
            )
        except Exception as error:
            unsaved = self._not_written(error, "tag", document_id, start, end, claim_type, quote)
            if unsaved is not None:
                self._retries[unsaved.key] = lambda: self.tag(document_id, start, end, claim_type, quote) is not None
            return None
        self.undo_stack.push(AddAnnotationCommand(self.library, self.events, annotation))
        return annotation

    def accept(self, document_id: int, suggestions: list[SuggestedClaim]) -> list[Annotation]:
        """Store accepted suggestions as annotations, all in one commit and one undo step; return them."""
        from storage.assistant.accepting import accept_suggestions

        try:
            stored = accept_suggestions(self.library, document_id, suggestions)
        except Exception as error:
            self.failed.emit(failure_message(error))
            return []
        text = self.tr("Accept {count} suggested claims").format(count=len(stored))
        self.undo_stack.push(AddManyCommand(self.library, self.events, stored, text))
        return stored

    def delete(self, uuid: str) -> None:
        """Delete annotation uuid (undoable)."""
        try:
            deleted = self.library.delete_annotation(uuid)
        except Exception as error:
            self.failed.emit(failure_message(error))  # the claim is still stored and still shown
            return
        self.undo_stack.push(DeleteAnnotationCommand(self.library, self.events, deleted))

    def update(self, uuid: str, changes: dict[str, Any]) -> bool:
        """Change annotation uuid's type, note, speaker or tags (undoable); return whether it was stored."""
        try:
            before = self.library.annotation(uuid)
            after = self.library.update_annotation(uuid, **changes)
        except Exception as error:
            target = self._stored(uuid)
            span = (target.document_id, target.start, target.end, target.claim_type) if target else (-1, 0, 0, "")
            unsaved = self._not_written(error, "edit", *span, target.exact if target else "", uuid, changes)
            if unsaved is not None:
                self._retries[unsaved.key] = lambda: self.update(uuid, changes)
            return False
        self.undo_stack.push(EditAnnotationCommand(self.library, self.events, before, after))
        return True

    # -- changes that were not written ---------------------------------------------
    def retry(self, key: int) -> bool:
        """Try to write an unsaved change again; return whether it is saved now (it then leaves `unsaved`)."""
        unsaved, again = self.unsaved.pop(key, None), self._retries.pop(key, None)
        if unsaved is None or again is None:
            return False
        self.unsaved_removed.emit(unsaved)
        return again()  # a new failure records the change again, under a new key

    def discard(self, key: int) -> None:
        """Forget an unsaved change (the person copied it, or does not want it)."""
        unsaved = self.unsaved.pop(key, None)
        self._retries.pop(key, None)
        if unsaved is not None:
            self.unsaved_removed.emit(unsaved)

    def _not_written(
        self,
        error: BaseException,
        kind: str,
        document_id: int,
        start: int,
        end: int,
        claim_type: str,
        quote: str | None,
        uuid: str = "",
        changes: dict[str, Any] | None = None,
    ) -> UnsavedChange | None:
        """Report error; keep the change as unsaved unless the library refused it for what it is."""
        message = failure_message(error)
        self.failed.emit(message)
        if isinstance(error, InvalidAnnotation | NotFound):
            return None  # refused for what it is (empty selection, unknown type, ...): nothing to retry
        if quote is None:
            quote = self._text_at(document_id, start, end)
        unsaved = UnsavedChange(next(self._keys), kind, document_id, start, end, claim_type, quote, message, uuid,
                                dict(changes or {}))  # fmt: skip
        self.unsaved[unsaved.key] = unsaved
        self.unsaved_added.emit(unsaved)
        return unsaved

    def _text_at(self, document_id: int, start: int, end: int) -> str:
        try:
            return self.library.document_text(document_id)[start:end]
        except Exception:  # the library cannot even be read: the view passes the quote it shows
            return ""

    def _stored(self, uuid: str) -> Annotation | None:
        try:
            return self.library.annotation(uuid)
        except Exception:
            return None
