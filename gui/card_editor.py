"""The inline card editor: type, speaker, tags and note of one annotation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from storage import Annotation, ClaimType

from .text_ranges import excerpt


def parse_tags(text: str) -> list[str]:
    """Split a tags field ("war, #afghanistan; policy") into tag names."""
    return [tag.strip().lstrip("#") for tag in text.replace(";", ",").split(",") if tag.strip().lstrip("#")]


class CardEditor(QFrame):
    """Edits one annotation in place; Save or Ctrl+Enter commits, Cancel or Esc cancels."""

    commit_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, claim_types: list[ClaimType], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardEditor")
        self.setAutoFillBackground(True)
        self.quote_label = QLabel(self)  # the claim stays in view while its note is written
        self.quote_label.setObjectName("cardEditorQuote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.type_box = QComboBox(self)
        self.type_box.setAccessibleName(self.tr("Claim type"))
        for claim_type in claim_types:
            self.type_box.addItem(claim_type.label, claim_type.name)
        self.speaker_edit = QLineEdit(self)
        self.speaker_edit.setAccessibleName(self.tr("Speaker"))
        self.speaker_edit.setPlaceholderText(self.tr("Who says it (for quotes)"))
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setAccessibleName(self.tr("Tags"))
        self.tags_edit.setPlaceholderText(self.tr("topic, another topic"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setPlaceholderText(self.tr("Your note"))
        self.note_edit.setTabChangesFocus(True)
        layout = QFormLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addRow(self.quote_label)
        layout.addRow(self.tr("Type"), self.type_box)
        layout.addRow(self.tr("Speaker"), self.speaker_edit)
        layout.addRow(self.tr("Tags"), self.tags_edit)
        layout.addRow(self.tr("Note"), self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.commit_requested)
        buttons.rejected.connect(self._on_cancel_clicked)
        layout.addRow(buttons)
        self.closing = False  # set once the editor is committed or cancelled
        self.loaded: Annotation | None = None
        self.setFocusProxy(self.note_edit)

    def load(self, annotation: Annotation) -> None:
        """Fill the fields from annotation."""
        self.loaded = annotation
        self.quote_label.setText(f"“{excerpt(annotation.exact, 160)}”")
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(annotation.claim_type)))
        self.speaker_edit.setText(annotation.speaker)
        self.tags_edit.setText(", ".join(annotation.tags))
        self.note_edit.setPlainText(annotation.note)

    def changes(self, annotation: Annotation) -> dict[str, object]:
        """Return the fields that differ from annotation, as update_annotation keywords."""
        values: dict[str, object] = {
            "claim_type": self.type_box.currentData(),
            "speaker": self.speaker_edit.text().strip(),
            "note": self.note_edit.toPlainText().strip(),
            "tags": tuple(parse_tags(self.tags_edit.text())),
        }
        current = {"claim_type": annotation.claim_type, "speaker": annotation.speaker, "note": annotation.note}
        changed = {k: v for k, v in values.items() if k != "tags" and v != current[k]}
        if sorted(t.casefold() for t in values["tags"]) != sorted(t.casefold() for t in annotation.tags):  # type: ignore[attr-defined]
            changed["tags"] = values["tags"]
        return changed

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and modifiers & Qt.KeyboardModifier.ControlModifier:
            self.commit_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            if self.may_discard():
                self.cancel_requested.emit()
            return
        super().keyPressEvent(event)

    def _on_cancel_clicked(self) -> None:
        if self.may_discard():
            self.cancel_requested.emit()

    def may_discard(self) -> bool:
        """Whether closing without saving loses nothing, or the writer agrees to lose it."""
        if self.loaded is None or not self.changes(self.loaded):
            return True
        answer = QMessageBox.question(
            self, self.tr("Discard changes?"), self.tr("Close the editor and lose what you typed?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes
