"""The Export dialog: format, grouping, template and scope, with a live preview, Save… and Copy.

Every export runs on a worker thread with its own library connection and
reports progress; the dialog only shows results. The preview renders Markdown
through Python-Markdown into a browser that loads no resource at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import yaml
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from storage import Library, LibraryError
from storage.export import SUFFIXES, ExportOptions, export_text, export_to_folder, note_filename, write_atomically
from storage.export.exporting import FolderExport, export_file
from storage.progress import Cancel, Progress

from .jobs import Job, JobHandle, JobRunner
from .settings import WindowSettings

PREVIEW_CHARS = 60_000  # the preview shows the start of a long export; Save and Copy take all of it
FILTERS = {
    "markdown": "Markdown (*.md)", "json": "JSON-LD (*.json)", "csv": "CSV (*.csv)",
    "xlsx": "Excel workbook (*.xlsx)", "hypothesis": "Hypothesis JSON (*.json)",
}  # fmt: skip


class SafePreview(QTextBrowser):
    """A read-only browser that never loads anything: no images, styles or links from the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPreview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:  # Qt override
        """Refuse every resource the previewed HTML names."""
        return None


class ExportSuperseded(LibraryError):
    """A preview export stopped because the options changed (or the dialog closed) meanwhile."""


def export_job(library_path: Path, ids: list[int], options: ExportOptions) -> Job:
    """Return a job producing (text, preview HTML or plain text, is_html) with its own connection.

    It stops between documents once it is cancelled (the options changed, or the dialog closed).
    """

    def job(progress: Progress, cancel: Cancel) -> tuple[str, str, bool]:
        def report(done: int, total: int) -> None:
            if cancel():
                raise ExportSuperseded("a newer export replaced this one")
            progress(done, total)

        shown_as = replace(options, format="csv") if options.format == "xlsx" else options  # a workbook previews as CSV
        with Library(library_path) as library:
            text = export_text(library, ids, shown_as, report)
        shown = text if len(text) <= PREVIEW_CHARS else text[: text.rfind("\n\n", 0, PREVIEW_CHARS) + 1] + "\n…\n"
        if options.format != "markdown":
            return text, shown, False
        return text, markdown.markdown(_with_title(shown)), True

    return job


def _with_title(note: str) -> str:
    """Return a note's Markdown for the preview: its front matter dropped, its title (which it holds) as a heading."""
    if not note.startswith("---\n") or "\n---\n" not in note:
        return note
    head, body = note[4:].split("\n---\n", 1)
    try:
        fields = yaml.safe_load(head)
    except yaml.YAMLError:
        return body
    title = fields.get("title") if isinstance(fields, dict) else None
    return f"# {title}\n\n{body}" if isinstance(title, str) and title and not body.lstrip().startswith("# ") else body


def folder_job(library_path: Path, ids: list[int], folder: str, options: ExportOptions) -> Job:
    """Return a job writing one file per document into folder; its result is the FolderExport (written, kept)."""

    def job(progress: Progress, cancel: Cancel) -> FolderExport:
        with Library(library_path) as library:
            return export_to_folder(library, ids, folder, options, progress)

    return job


def file_job(library_path: Path, ids: list[int], path: str, options: ExportOptions) -> Job:
    """Return a job writing the export to one file (a workbook is written only this way); its result is the path."""

    def job(progress: Progress, cancel: Cancel) -> Path:
        with Library(library_path) as library:
            return export_file(library, ids, path, options, progress)

    return job


class ExportDialog(QDialog):
    """Choose what and how to export; preview it; save it or copy it."""

    preview_ready = Signal()
    export_failed = Signal(str)
    saved = Signal(str)

    def __init__(
        self,
        library: Library,
        document_ids: list[int],
        runner: JobRunner,
        parent: QWidget | None = None,
        settings: WindowSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.settings = settings  # the window's: its file dialogs start in the folder chosen last
        self.setWindowTitle(self.tr("Export Claims"))
        self.resize(900, 700)
        self.library = library
        self.document_ids = list(document_ids)
        self.text = ""
        self._generation = 0
        self.runner = runner
        self._preview: JobHandle | None = None
        self._build()
        if not self.document_ids:
            self.scope_box.setCurrentIndex(self.scope_box.findData("all"))
        self._connect_signals()
        self.refresh()

    def _build(self) -> None:
        self.format_box = self._combo(
            "exportFormat",
            [("Markdown", "markdown"), ("W3C JSON-LD", "json"), ("CSV", "csv"),
             (self.tr("Spreadsheet (.xlsx)"), "xlsx"), ("Hypothesis JSON", "hypothesis")],
        )  # fmt: skip
        self.grouping_box = self._combo("exportGrouping", [(self.tr("By claim type"), "type"),
                                                          (self.tr("In reading order"), "position")])  # fmt: skip
        scopes = [(self.tr("Selected documents ({n})").format(n=len(self.document_ids)), "selection"),
                  (self.tr("Whole library"), "all")]  # fmt: skip
        self.scope_box = self._combo("exportScope", scopes)
        spreadsheet = self.tr("For spreadsheets (Excel): byte order mark, formulas kept as text")
        self.spreadsheet_box = QCheckBox(spreadsheet, self)
        self.spreadsheet_box.setObjectName("exportSpreadsheet")
        include_text = self.tr("Include the articles' text (for importing into an empty library)")
        self.exact_box = QCheckBox(self.tr("Exact text (for programs, not spreadsheets)"), self)
        self.exact_box.setObjectName("exportExact")
        self.include_text_box = QCheckBox(include_text, self)
        self.include_text_box.setObjectName("exportIncludeText")
        self.template_edit = QLineEdit(self, placeholderText=self.tr("Built-in template"))
        self.template_edit.setObjectName("exportTemplate")
        self.template_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.setObjectName("exportTemplateBrowse")
        self.preview = SafePreview(self)
        self.progress = QProgressBar(self, textVisible=False)
        self.progress.setObjectName("exportProgress")
        self.error_label = QLabel(self, wordWrap=True)
        self.error_label.setObjectName("exportError")
        self.error_label.hide()
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.setObjectName("exportSave")
        self.folder_button = QPushButton(self.tr("Save One File per Document…"), self)
        self.folder_button.setObjectName("exportSaveFolder")
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("exportCopy")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("exportClose")
        self._lay_out()

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        for label, value in items:
            box.addItem(label, value)
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_edit, 1)
        template_row.addWidget(self.browse_button)
        form.addRow(self.tr("&Format:"), self.format_box)
        form.addRow(self.tr("&Grouping:"), self.grouping_box)
        template_label = QLabel(self.tr("&Template:"), self)
        template_label.setBuddy(self.template_edit)  # a row holding a layout gets no buddy by itself
        form.addRow(template_label, template_row)
        form.addRow(self.tr("&Scope:"), self.scope_box)
        form.addRow("", self.spreadsheet_box)
        form.addRow("", self.exact_box)
        form.addRow("", self.include_text_box)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.folder_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        for box in (self.format_box, self.grouping_box, self.scope_box):
            box.currentIndexChanged.connect(self.refresh)
        self.template_edit.editingFinished.connect(self.refresh)
        self.spreadsheet_box.toggled.connect(self.refresh)
        self.exact_box.toggled.connect(self.refresh)
        self.include_text_box.toggled.connect(self.refresh)
        self.browse_button.clicked.connect(self._on_browse_template)
        self.save_button.clicked.connect(self._on_save_requested)
        self.folder_button.clicked.connect(self._on_save_folder_requested)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.close_button.clicked.connect(self.reject)

    # -- state -----------------------------------------------------------------------
    def options(self) -> ExportOptions:
        """Return the options the controls show."""
        chosen = self.format_box.currentData()
        return ExportOptions(
            format=chosen, group_by=self.grouping_box.currentData(),
            template_path=self.template_edit.text().strip() if chosen == "markdown" else "",
            bom=chosen == "csv" and self.spreadsheet_box.isChecked(),
            exact=chosen == "csv" and self.exact_box.isChecked(),
            include_text=chosen == "json" and self.include_text_box.isChecked(),
        )  # fmt: skip

    def selected_ids(self) -> list[int]:
        """Return the documents in scope: the selection, or every document of the library."""
        if self.scope_box.currentData() == "all":
            return [d.id for d in self.library.documents()]
        return list(self.document_ids)

    def set_template(self, path: str) -> None:
        """Use the template at path ("" for the built-in one) and refresh the preview."""
        self.template_edit.setText(path)
        self.refresh()

    def refresh(self) -> None:
        """Export again with the current options on a worker; the preview follows when it is done."""
        chosen = self.format_box.currentData()
        for widget in (self.grouping_box, self.template_edit, self.browse_button):
            widget.setEnabled(chosen == "markdown")
        self.spreadsheet_box.setVisible(chosen == "csv")
        self.exact_box.setVisible(chosen == "csv")
        self.include_text_box.setVisible(chosen == "json")
        self._generation += 1
        generation = self._generation
        self._set_busy(True)
        if self._preview is not None:
            self._preview.cancel()  # its result would be stale: stop it between documents
        job = export_job(self.library.path, self.selected_ids(), self.options())
        self._preview = self._start(job, lambda result: self._on_exported(generation, result), generation)

    # -- results ---------------------------------------------------------------------
    def _start(self, job: Job, on_done: Callable[[Any], None], generation: int) -> JobHandle:
        def failed(message: str) -> None:
            if generation == self._generation:
                self._on_failed(message)

        handle = self.runner.start(job, on_done, failed, title=self.tr("Exporting"))
        handle.signals.progress.connect(self._on_progress)
        return handle

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_exported(self, generation: int, result: tuple[str, str, bool]) -> None:
        if generation != self._generation:
            return  # options changed while this export ran
        self.text, shown, is_html = result
        if is_html:
            self.preview.setHtml(shown)
        else:
            self.preview.setPlainText(shown)
        self.error_label.hide()
        self._set_busy(False)
        self.preview_ready.emit()

    def _on_failed(self, message: str) -> None:
        self.text = ""
        self.preview.clear()
        self.error_label.setText(message)
        self.error_label.show()
        self._set_busy(False)
        self.export_failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        for button in (self.save_button, self.copy_button, self.folder_button):
            button.setEnabled(not busy)
        self.copy_button.setEnabled(not busy and self.format_box.currentData() != "xlsx")  # a workbook is no text

    # -- actions ---------------------------------------------------------------------
    def copy_to_clipboard(self) -> None:
        """Put the whole export on the clipboard."""
        QGuiApplication.clipboard().setText(self.text)

    def save_to(self, path: str) -> bool:
        """Write the export to path; show the reason in the dialog when that fails (a workbook: on a worker)."""
        if self.options().format == "xlsx":
            self._set_busy(True)
            generation = self._generation
            job = file_job(self.library.path, self.selected_ids(), path, self.options())
            self._start(job, lambda _path: self._on_file_written(generation, path), generation)
            return True
        try:
            write_atomically(path, self.text)
        except LibraryError as error:  # ExportFailed names the file and the reason
            self._on_failed(str(error))
            return False
        self.saved.emit(path)
        return True

    def save_to_folder(self, folder: str) -> None:
        """Write one file per document into folder on a worker; `saved` is emitted with the folder."""
        self._set_busy(True)
        generation = self._generation
        job = folder_job(self.library.path, self.selected_ids(), folder, self.options())
        self._start(job, lambda written: self._on_folder_written(generation, folder, written), generation)

    def _on_file_written(self, generation: int, path: str) -> None:
        if generation == self._generation:
            self._set_busy(False)
            self.saved.emit(path)

    def _on_folder_written(self, generation: int, folder: str, written: FolderExport) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        if written.kept:
            names = ", ".join(path.name for path, _reason in written.kept)
            kept = self.tr("1 note kept") if len(written.kept) == 1 else self.tr("{n} notes kept").format(
                n=len(written.kept))  # fmt: skip
            self.error_label.setText(self.tr("{kept}: you edited it since the last export: {names}").format(
                kept=kept, names=names))  # fmt: skip
            self.error_label.show()
        self.saved.emit(folder)

    def _on_save_requested(self) -> None:
        chosen, ids = self.format_box.currentData(), self.selected_ids()
        title = self.library.document_summary(ids[0]).title if len(ids) == 1 else "claims"
        name = note_filename(title, ids[0] if ids else 0, set()).removesuffix(".md") + SUFFIXES[chosen]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Export"), self._start_in(name), FILTERS[chosen])
        self._remember(path)
        if path:
            self.save_to(path)

    def _start_in(self, name: str = "") -> str:
        return self.settings.in_last_folder(name) if self.settings is not None else name

    def _remember(self, path: str, *, is_folder: bool = False) -> None:
        if self.settings is not None:
            self.settings.remember_folder_of(path, is_folder=is_folder)

    def _on_save_folder_requested(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save One File per Document"), self._start_in())
        self._remember(folder, is_folder=True)
        if folder:
            self.save_to_folder(folder)

    def _on_browse_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose Template"), self._start_in(), self.tr("Templates (*.j2 *.md *.txt)")
        )
        self._remember(path)
        if path:
            self.set_template(path)

    def done(self, result: int) -> None:
        """Stop the running export and its results before the dialog goes."""
        self._generation += 1
        if self._preview is not None:
            self._preview.cancel()
        super().done(result)
