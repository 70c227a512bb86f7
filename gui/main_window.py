"""The main window: a composition root wiring the library list to the reader."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QListView, QMainWindow, QSplitter, QWidget

from storage import Library

from .library_model import DocumentIdRole, LibraryModel
from .reader import ReaderView


class MainWindow(QMainWindow):
    """Library list on the left, the reader on the right."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Claimmark"))
        self.resize(1200, 800)
        self.library_model = LibraryModel(self)
        self.library_view = QListView(self)
        self.library_view.setObjectName("libraryView")
        self.library_view.setAccessibleName(self.tr("Documents"))
        self.library_view.setModel(self.library_model)
        self.reader = ReaderView(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.library_view)
        splitter.addWidget(self.reader)
        splitter.setSizes([280, 920])
        self.setCentralWidget(splitter)
        self.current_document_id: int | None = None
        self._connect_signals()
        self.refresh_library()

    def _connect_signals(self) -> None:
        self.library_view.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def refresh_library(self) -> None:
        """Reload the document list from the library."""
        self.library_model.set_documents(self.library.documents())

    def open_document(self, document_id: int) -> None:
        """Show one document and select it in the list."""
        row = self.library_model.row_of(document_id)
        if row >= 0:
            self.library_view.setCurrentIndex(self.library_model.index(row))
        self._show(document_id)

    def _show(self, document_id: int) -> None:
        document = self.library.document(document_id)
        self.current_document_id = document_id
        self.reader.show_blocks(document.blocks, document.text)
        self.reader.paint_highlights(self.library.annotations(document_id), self.library.claim_types())
        self.setWindowTitle(self.tr("{title} — Claimmark").format(title=document.metadata.title or self.tr("Untitled")))

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show(indexes[0].data(DocumentIdRole))
