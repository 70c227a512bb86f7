"""The window shows the library's documents and renders the selected one with its highlights."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor

from documents import load_path
from gui.app import seed_samples
from storage import Library, find_occurrence

FOUNDED = "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan."


def test_new_library_gets_the_sample_article(library: Library) -> None:
    """A fresh library is seeded with the bundled sample article, which has a title and date."""
    first = seed_samples(library)
    documents = library.documents()
    assert first == documents[0].id
    assert documents[0].title and documents[0].published
    assert "said" in library.document_text(first)


def test_window_renders_blocks_and_paints_highlights(qtbot, library: Library, trt_path: Path) -> None:
    """The reader's text is the canonical text and a stored fact is painted at its offsets."""
    from gui.main_window import MainWindow

    summary, _ = library.import_document(load_path(trt_path))
    start, end = find_occurrence(library.document_text(summary.id), FOUNDED)
    library.add_annotation(summary.id, start, end, "fact")
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.open_document(summary.id)
    reader = window.findChild(type(window.reader), "readerView")
    text = library.document_text(summary.id)
    assert text == reader.document().toPlainText()
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(start) + 1)
    fact_colour = library.claim_types()[0].colour.lower()
    assert fact_colour == cursor.charFormat().underlineColor().name()
    cursor.setPosition(reader.offsets.to_qt(start) - 1)
    assert cursor.charFormat().underlineStyle() == cursor.charFormat().UnderlineStyle.NoUnderline
