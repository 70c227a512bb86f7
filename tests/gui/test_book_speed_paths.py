"""The paths that keep a book fast behave like the plain ones: the highlight overlay, stepped layout, the card proxy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from documents import Block, Document, Metadata
from gui.highlight_overlay import OVERLAY_BLOCKS
from storage import Library

from .conftest import drag_select


def _book(library: Library, paragraphs: int = OVERLAY_BLOCKS + 500) -> int:
    """A document of more blocks than the overlay threshold (short, so the test stays quick)."""
    blocks = [Block("paragraph", f"Line {n} says the ferry left at dawn.") for n in range(paragraphs)]
    summary, _ = library.import_document(Document(Metadata(title="Many lines"), blocks))
    return summary.id


def _alpha_at(reader, offset: int) -> int:
    """The alpha of the document's own background at offset (0 where none is set)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset) + 1)
    brush = cursor.charFormat().background()
    return 0 if brush.style() == Qt.BrushStyle.NoBrush else brush.color().alpha()


def _colour_at(reader, offset: int):
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset) + 1)
    return cursor.charFormat().background().color()


def test_a_book_shows_a_new_highlight_over_the_text_then_writes_it(make_window, library: Library, qtbot) -> None:
    """Tagging in a long document draws the claim at once (overlay), its formats follow when the reader pauses."""
    window = make_window(library)
    window.open_document(_book(library))
    reader = window.reader
    start = reader.text.index("Line 40 says")
    end = start + len("Line 40 says the ferry left at dawn.")
    drag_select(reader, start, end)
    QTest.keyClick(reader, "F")
    assert [(start, end)] == reader.overlay.pending()
    drawn = [s for s in reader.extraSelections() if s.cursor.selectionStart() <= reader.offsets.to_qt(start) + 1]
    assert drawn and drawn[0].format.background().color().alpha() == 255  # composed over the page: it covers
    assert 0 == _alpha_at(reader, start)  # not in the document's formats yet
    qtbot.waitUntil(lambda: not reader.overlay.pending(), timeout=5000)  # the reader paused
    assert _alpha_at(reader, start) > 0
    assert [] == reader.extraSelections()
    assert [start] == [a.start for a in library.annotations(window.current_document_id)]


def test_overlay_and_document_paint_the_same_colour(make_window, library: Library) -> None:
    """The overlay's opaque colour is the document's highlight composed over the page: no change when written."""
    window = make_window(library)
    window.open_document(_book(library))
    reader = window.reader
    start = reader.text.index("Line 7 says")
    reader.select_range(start, start + 11)
    window.tag_selection("opinion")
    selections = reader.extraSelections()  # (kept: each format lives as long as its selection)
    overlay_colour = QColor(selections[0].format.background().color())
    reader.overlay.flush()
    page, highlight = reader.palette().color(reader.palette().ColorRole.Base), _colour_at(reader, start)
    alpha = highlight.alphaF()
    pairs = zip(highlight.getRgb()[:3], page.getRgb()[:3], strict=True)
    composed = [round(alpha * h + (1 - alpha) * p) for h, p in pairs]
    assert composed == list(overlay_colour.getRgb()[:3])


def test_an_article_takes_its_highlight_formats_at_once(trt_window) -> None:
    """Short documents need no overlay: the format is in the document as soon as the key is pressed."""
    reader = trt_window.reader
    start = reader.text.index("Founded in 2015")
    reader.select_range(start, start + 15)
    trt_window.tag_selection("fact")
    assert [] == reader.overlay.pending()
    assert _alpha_at(reader, start) > 0


def test_a_long_document_is_laid_out_in_steps_and_says_so(make_window, library: Library, qtbot) -> None:
    """The reader lays a long document out in steps and signals laid_out once all of it is."""
    window = make_window(library)
    reader = window.reader
    with qtbot.waitSignal(reader.laid_out, timeout=20_000):
        window.open_document(_book(library, 6000))
    assert reader.layout_driver.complete()


def test_filtering_with_a_card_added_keeps_the_proxy_in_step(make_window, library: Library) -> None:
    """With a type hidden, a new claim of another type is one more card; one of the hidden type is none."""
    window = make_window(library)
    window.open_document(_book(library, 50))
    panel, reader = window.annotation_panel, window.reader
    panel.type_buttons["opinion"].setChecked(False)
    for line, claim_type in ((3, "fact"), (5, "opinion"), (4, "quote")):
        start = reader.text.index(f"Line {line} says")
        reader.select_range(start, start + 10)
        window.tag_selection(claim_type)
    shown = [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]
    assert ["Line 3 says", "Line 4 says"] == shown  # snapped to whole words
    assert "CLAIMS  2/3" == panel.title.text()
