"""The window's claim assistant and clipboard: sentences, suggestions, the answer key, copying claims and citations.

A part of MainWindow kept apart by purpose (MainWindow inherits it); its methods use
the window's parts (the reader, the assistant, the annotator, the panels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from storage import LibraryError

from .actions import tag_action_name
from .window_parts import WindowParts

if TYPE_CHECKING:  # the dialogs and exporters load when first used
    from storage.assistant.compare import Comparison
    from storage.assistant.suggest import SuggestedClaim

    from .compare_dialog import CompareDialog
    from .suggestions_dialog import SuggestionsDialog


class WindowTools(WindowParts):
    """Select a sentence, suggest claims, compare with a key, copy a claim or a citation."""

    def _on_selection_finished(self, rect: QRect) -> None:
        """Offer the tag bar beside the selection, the assistant's suggested type marked, and say why."""
        selected = self.reader.selected_range()
        suggestion = self.assistant.suggest(*selected) if selected is not None else None
        if suggestion is not None and suggestion.is_claim:
            self.selection_bar.show_suggestion(tag_action_name(suggestion.claim_type), suggestion.reason)
            speaker = self.tr(" — speaker: {name}").format(name=suggestion.speaker) if suggestion.speaker else ""
            self.notices.say(self.tr("Suggested: {reason}{speaker}").format(reason=suggestion.reason, speaker=speaker))
        else:
            self.selection_bar.show_suggestion("", suggestion.reason if suggestion is not None else "")
        self.selection_bar.show_near(rect, self.reader.text_right())

    def select_sentence(self, offset: int) -> bool:
        """Select the sentence around canonical offset (Alt+click, S) and offer the tag bar; False when none."""
        span = self.assistant.sentence(offset)
        if span is None or self.current_document_id is None:
            return False
        self.reader.select_and_offer(*span)
        return True

    def _on_select_sentence(self) -> None:
        cursor = self.reader.textCursor()
        self.select_sentence(self.reader.offsets.from_qt(cursor.selectionStart()))

    def _on_snap_toggled(self, snap: bool) -> None:
        self.reader.snap_to_sentences = self.assistant.snap if snap else None
        self.settings.set("assistant/snapToSentences", snap)

    def suggest_claims(self) -> SuggestionsDialog | None:
        """Open the review list of suggested claims for the open document."""
        prepared = self.session.prepared
        if self.current_document_id is None or prepared is None:
            self.notices.say(self.tr("Open a document first"))
            return None
        from .suggestions_dialog import SuggestionsDialog

        document = prepared.stored
        dialog = SuggestionsDialog(
            document.metadata.title, document.text, document.blocks, document.metadata.language,
            self.claim_types.types, self.runner, self, store=lambda claims: self._accept(document.id, claims),
        )  # fmt: skip
        dialog.claim_shown.connect(lambda start, end: self.reader.scroll_to(start, end))
        dialog.show()
        self.suggestions_dialog = dialog
        return dialog

    def _accept(self, document_id: int, claims: list[SuggestedClaim]) -> bool:
        return bool(self.annotator.accept(document_id, claims))

    def compare_with_key(self) -> CompareDialog | None:
        """Open Compare with Key… on the open document."""
        if self.current_document_id is None:
            self.notices.say(self.tr("Open a document first"))
            return None
        from .compare_dialog import CompareDialog  # answer keys import the exporters and the interchange readers

        dialog = CompareDialog(self.library, self.current_document_id, self, self.settings)
        dialog.key_shown.connect(self.show_key)
        dialog.show()
        self.compare_dialog = dialog
        return dialog

    def show_key(self, comparison: Comparison | None) -> None:
        """Outline the key's claims beside the highlights, with the key's notes as explanations (None: take away)."""
        from .compare_dialog import key_marks

        marks = key_marks(comparison, self.claim_types) if comparison is not None else []
        self.reader.show_key(marks)
        self.window_actions.hide_key.setEnabled(bool(marks))

    def copy_citation(self, kind: str) -> str:
        """Put the open (or selected) documents' references on the clipboard as BibTeX or CSL-JSON."""
        from storage.export.citations import bibtex, csl_json, references

        ids = self.library_panel.selected_ids() or ([self.current_document_id] if self.current_document_id else [])
        if not ids:
            return ""
        refs = references(self.library, ids)
        text = bibtex(refs) if kind == "bibtex" else csl_json(refs)
        QGuiApplication.clipboard().setText(text)
        self.notices.say(self.tr("Copied the citation"))
        return text

    def _copy_unsaved(self, key: int) -> None:
        change = self.annotator.unsaved.get(key)
        if change is not None:
            QGuiApplication.clipboard().setText(change.as_text())
            self.notices.say(self.tr("Copied the unsaved change"))

    def _on_copy(self) -> None:
        uuid = self.annotation_panel.current_uuid()
        if self.reader.textCursor().hasSelection() or uuid is None:
            self.reader.copy()
        else:
            self.copy_markdown(uuid)

    def copy_markdown(self, uuid: str) -> str:
        """Put one claim on the clipboard as the Markdown export writes it; return the text."""
        from storage.export import claim_markdown

        try:
            text = claim_markdown(self.library, uuid)
        except LibraryError as error:
            self.show_error(self.tr("Cannot copy the claim"), str(error))
            return ""
        QGuiApplication.clipboard().setText(text)
        self.notices.say(self.tr("Copied as Markdown"))
        return text
