"""Compare with Key…: a student's tagging of the open document against a teacher's key, with the report.

The key is a W3C JSON export of the document (a teacher's file) or another
annotator's tagging in this library; the student is an annotator of this
library (you, by default). The report is the one `claimmark compare` writes;
the key's claims can be shown as outlines beside the student's highlights.
"""

from __future__ import annotations

import json
from pathlib import Path

import markdown
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage import Library, LibraryError
from storage.assistant.answer_keys import claims_from_export, claims_of, report_markdown
from storage.assistant.compare import Comparison, compare
from storage.export import write_atomically

from .claim_type_registry import ClaimTypeRegistry
from .export_dialog import SafePreview
from .key_outlines import KeyMark
from .settings import WindowSettings

KEY_FILE = "\x00file"  # the key source "a key file…" (no annotator can be called that)


def key_marks(comparison: Comparison, claim_types: ClaimTypeRegistry) -> list[KeyMark]:
    """The key's claims of a comparison as outlines for the reader: agreed, type differs and missed ones."""
    labels = claim_types.labels()
    marks = []
    for outcome in comparison.outcomes:
        key = outcome.key
        if key is None:
            continue
        claim_type = claim_types.named(key.claim_type)
        label = labels.get(key.claim_type, key.claim_type)
        tip = _tr("Key: {type} ({outcome})").format(type=label, outcome=outcome.outcome)
        if key.note:
            tip += "\n" + key.note
        colour = claim_type.colour if claim_type is not None else "#888888"
        marks.append(KeyMark(key.start, key.end, colour, outcome.outcome, tip))
    return marks


def _tr(text: str) -> str:
    return QCoreApplication.translate("compare_dialog", text)


class CompareDialog(QDialog):
    """Choose the key and the student; read the report; save it; show the key in the reader."""

    key_shown = Signal(object)  # Comparison: outline the key's claims in the reader

    def __init__(
        self, library: Library, document_id: int, parent: QWidget | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.library, self.document_id = library, document_id
        self.settings = settings  # the window's: its file dialogs start in the folder chosen last
        summary = library.document_summary(document_id)
        self.title = summary.title
        self.setWindowTitle(self.tr("Compare with Key — {title}").format(title=summary.title))
        self.resize(820, 680)
        annotators = sorted({a.annotator for a in library.annotations(document_id)}, key=str.casefold)
        self.key_box = QComboBox(self)
        self.key_box.setObjectName("compareKey")
        self.key_box.addItem(self.tr("A key file (W3C JSON export)…"), KEY_FILE)
        self.student_box = QComboBox(self)
        self.student_box.setObjectName("compareStudent")
        for name in annotators:
            shown = name or self.tr("(nobody named)")
            self.key_box.addItem(self.tr("{name}'s claims in this library").format(name=shown), name)
            self.student_box.addItem(shown, name)
        mine = self.student_box.findData(library.annotator)
        self.student_box.setCurrentIndex(max(0, mine))
        self.key_file = ""
        self.comparison: Comparison | None = None
        self.report = ""
        self.preview = SafePreview(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("compareError")
        self.error_label.setWordWrap(True)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setObjectName("compareRun")
        self.save_button = QPushButton(self.tr("Save Report…"), self)
        self.save_button.setObjectName("compareSave")
        self.show_button = QPushButton(self.tr("Show the Key in the Text"), self)
        self.show_button.setObjectName("compareShowKey")
        close = QPushButton(self.tr("Close"), self)
        for button in (self.save_button, self.show_button):
            button.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("&Key:"), self.key_box)
        form.addRow(self.tr("&Student:"), self.student_box)
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.save_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.show_button.clicked.connect(lambda: self.key_shown.emit(self.comparison))
        close.clicked.connect(self.close)

    def _on_compare_clicked(self) -> None:
        if self.key_box.currentData() == KEY_FILE and not self.key_file:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Answer Key"), self._start_in(), self.tr("W3C JSON (*.json *.jsonld)")
            )
            self._remember(path)
            if not path:
                return
            self.key_file = path
        self.run()

    def run(self) -> Comparison | None:
        """Compare the chosen key with the chosen student; show the report (or the one reason it cannot be)."""
        self.error_label.clear()
        try:
            text = self.library.document_text(self.document_id)
            key_name, key = self._key(text)
            student_name = self.student_box.currentData() or ""
            student = claims_of(a for a in self.library.annotations(self.document_id) if a.annotator == student_name)
            self.comparison = compare(text, key, student)
        except (LibraryError, OSError, ValueError) as error:
            self.error_label.setText(str(error))
            return None
        self.report = report_markdown(self.comparison, self.title, key_name, student_name or self.tr("(nobody named)"))
        self.preview.setHtml(markdown.markdown(self.report, extensions=["tables"]))
        for button in (self.save_button, self.show_button):
            button.setEnabled(True)
        return self.comparison

    def _key(self, text: str) -> tuple[str, list]:  # type: ignore[type-arg]
        source = self.key_box.currentData()
        if source == KEY_FILE:
            data = json.loads(Path(self.key_file).read_bytes())
            return Path(self.key_file).name, claims_from_export(data, text)
        return source or self.tr("(nobody named)"), claims_of(
            a for a in self.library.annotations(self.document_id) if a.annotator == source
        )

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Report"), self._start_in(f"{self.title} — key.md"),
                                              self.tr("Markdown (*.md)"))  # fmt: skip
        self._remember(path)
        if path:
            self.save_report(path)

    def _start_in(self, name: str = "") -> str:
        return self.settings.in_last_folder(name) if self.settings is not None else name

    def _remember(self, path: str) -> None:
        if self.settings is not None:
            self.settings.remember_folder_of(path)

    def save_report(self, path: str) -> bool:
        """Write the report to path; show why in the dialog when that fails."""
        try:
            write_atomically(path, self.report)
        except LibraryError as error:
            self.error_label.setText(str(error))
            return False
        return True
