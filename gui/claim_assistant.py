"""The claim assistant in the window: sentence selection, the tag bar's suggested type and reason, the speaker.

Suggestions are only ever offered: the bar marks the likely type and says why,
and nothing is stored until the reader presses a key or a button. A book's
index of names (for speakers) is built on a pool thread once the reader has
laid the book out: the index is a long pure-Python pass holding Python's lock,
and run while the book opens it stalled the first paint and the layout's steps
(70-220 ms) waiting for that lock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance

from storage.assistant.rules import NONE
from storage.assistant.sentences import sentence_at, snap_to_sentence
from storage.assistant.speakers import SpeakerFinder
from storage.assistant.suggest import suggest_for_selection
from storage.progress import Cancel, Progress

from .document_loader import BACKGROUND_CHARACTERS, PreparedDocument
from .document_session import DocumentSession
from .jobs import JobRunner


class Suggestion:
    """What the assistant offers for one selection: a type (or none), why, and who says it."""

    def __init__(self, start: int, end: int, claim_type: str, reason: str, speaker: str) -> None:
        self.start, self.end, self.claim_type, self.reason, self.speaker = start, end, claim_type, reason, speaker

    @property
    def is_claim(self) -> bool:
        """Whether the assistant thinks the selection is a claim at all."""
        return self.claim_type != NONE


class ClaimAssistant(QObject):
    """Suggestions for the open document's selections."""

    suggested = Signal(object)  # Suggestion for the current selection (or None when there is none)

    def __init__(
        self, session: DocumentSession, runner: JobRunner, parent: QObject | None = None,
        laid_out: SignalInstance | None = None,
    ) -> None:  # fmt: skip
        """laid_out: the reader's, when the document shown is laid out (a book's names are indexed then)."""
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.text, self.language = "", ""
        self.finder: SpeakerFinder | None = None
        self.current: Suggestion | None = None
        self._unindexed: int | None = None  # a book shown whose names wait for its layout
        session.shown.connect(self._on_shown)
        session.opening.connect(lambda _id: self._forget())
        self._waits_for_layout = laid_out is not None
        if laid_out is not None:
            laid_out.connect(self._index_names)

    def _forget(self) -> None:
        self.text, self.finder, self.current, self._unindexed = "", None, None, None

    def _on_shown(self, prepared: PreparedDocument) -> None:
        self.text, self.language = prepared.stored.text, prepared.stored.metadata.language
        self.finder, self.current, self._unindexed = None, None, None
        if len(self.text) > BACKGROUND_CHARACTERS:  # a book's names take a moment to index: not on the UI thread
            self._unindexed = prepared.stored.id
            if not self._waits_for_layout:
                self._index_names()

    def _index_names(self) -> None:
        """Index the shown book's names on a pool thread, once (the reader has laid it out)."""
        document_id, self._unindexed = self._unindexed, None
        if document_id is None or document_id != self.session.current_id:
            return
        text, language = self.text, self.language
        self.runner.start(
            lambda progress, cancel: _indexed(text, language, progress, cancel),
            lambda finder: self._on_indexed(document_id, finder), title=self.tr("Reading names"),
        )  # fmt: skip

    def _on_indexed(self, document_id: int, finder: SpeakerFinder) -> None:
        if self.session.current_id == document_id:
            self.finder = finder

    def sentence(self, offset: int) -> tuple[int, int] | None:
        """Return the sentence of the open document around offset, or None."""
        return sentence_at(self.text, offset, self.language) if self.text else None

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Return [start, end) grown to whole sentences."""
        return snap_to_sentence(self.text, start, end, self.language) if self.text else (start, end)

    def suggest(self, start: int, end: int) -> Suggestion | None:
        """Suggest a type, a reason and a speaker for the selection [start, end); announce it on ``suggested``."""
        self.current = None
        if self.text and start < end:
            big = len(self.text) > BACKGROUND_CHARACTERS
            if not big or self.finder is not None:  # on a book, speakers once its names are indexed
                finder = self.finder or SpeakerFinder(self.text, self.language)
                self.finder = finder
                snapped, suggestion, speaker = suggest_for_selection(self.text, start, end, self.language, finder)
                self.current = Suggestion(*snapped, suggestion.claim_type, suggestion.reason, speaker)
            else:
                snapped, suggestion, _ = suggest_for_selection(self.text, start, end, self.language, _NoSpeakers())
                self.current = Suggestion(*snapped, suggestion.claim_type, suggestion.reason, "")
        self.suggested.emit(self.current)
        return self.current

    def speaker_for(self, claim_type: str, start: int, end: int) -> str:
        """The speaker to store with a new claim: the suggested one, for a quote of the suggested span."""
        current = self.current
        if current is None or claim_type != "quote" or not current.speaker:
            return ""
        return current.speaker if current.start <= start and end <= current.end else ""


class _NoSpeakers(SpeakerFinder):
    """A finder that finds no one (a book whose names are not indexed yet)."""

    def __init__(self) -> None:
        super().__init__("", "")

    def speaker(self, *args: object, **kwargs: object) -> str:
        return ""


def _indexed(text: str, language: str, progress: Progress, cancel: Cancel) -> SpeakerFinder:
    finder = SpeakerFinder(text, language)
    finder.index_names()
    return finder
