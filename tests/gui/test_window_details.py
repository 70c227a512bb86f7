"""Details a reader meets in the window: counts that follow undo, keys on a selected card, the note editor."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from documents import load_document
from resources import sample_articles
from storage import Library


def _window_on_sample(make_window, library: Library):
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    window = make_window(library)
    window.open_document(summary.id)
    return window, summary.id


def _tag(window, start: int, end: int, claim_type: str = "fact"):
    window.reader.select_range(start, end)
    return window.tag_selection(claim_type)


def test_the_claim_count_follows_undo_and_delete(make_window, library: Library) -> None:
    """After an undo or a Delete the panel's header counts the claims that are left."""
    window, _ = _window_on_sample(make_window, library)
    for n in range(6):
        _tag(window, 100 + 10 * n, 105 + 10 * n)
    title = window.annotation_panel.title
    assert "6/6" in title.text()
    window.undo_stack.undo()
    assert "5/5" in title.text()
    window.annotation_panel.select(next(iter(window.reader.annotations)))
    window.window_actions.delete.trigger()
    assert "4/4" in title.text()


def test_a_type_key_on_a_selected_card_retypes_it(make_window, library: Library, qtbot) -> None:
    """With a card selected and no text selected, O retypes that claim (undoably) instead of asking for text."""
    window, document_id = _window_on_sample(make_window, library)
    annotation = _tag(window, 100, 120)
    window.annotation_panel.select(annotation.uuid)
    window.reader.setFocus()
    QTest.keyClick(window.reader, Qt.Key.Key_O)
    assert ["opinion"] == [a.claim_type for a in library.annotations(document_id)]
    window.undo_stack.undo()
    assert ["fact"] == [a.claim_type for a in library.annotations(document_id)]


def test_the_note_editor_shows_the_quote_and_escape_asks_before_dropping_a_note(
    make_window, library: Library, qtbot, monkeypatch
) -> None:
    """The editor keeps the quote in view; Escape with a typed note asks first, and No keeps editing."""
    window, document_id = _window_on_sample(make_window, library)
    annotation = _tag(window, 100, 160)
    window.annotation_panel.edit(annotation.uuid)
    from gui.card_editor import CardEditor

    editor = window.annotation_panel.view.viewport().findChild(CardEditor)
    assert " ".join(annotation.exact.split())[:30] in editor.quote_label.text()
    QTest.keyClicks(editor.note_edit, "my careful note")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append("asked") or QMessageBox.StandardButton.No)
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert ["asked"] == asked and not editor.closing  # still editing, the note still typed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert editor.closing
    assert "" == library.annotations(document_id)[0].note


def test_the_reading_place_survives_zoom_and_resize(make_window, library: Library, qtbot) -> None:
    """Ctrl+=, Ctrl+0 and a narrower window keep the same passage at the top of the page."""
    from documents import Block, Document, Metadata

    blocks = [Block("paragraph", f"Paragraph {n}: " + "words that fill a line of text " * 6) for n in range(600)]
    summary, _ = library.import_document(Document(Metadata(title="Long"), blocks))
    window = make_window(library)
    window.open_document(summary.id)
    reader = window.reader
    middle = reader.text.index("Paragraph 300:")
    reader.scroll_to_offset(middle)
    before = reader.top_offset()
    assert abs(before - middle) < 200
    for action in (window.window_actions.zoom_in, window.window_actions.zoom_in, window.window_actions.zoom_reset):
        action.trigger()
        qtbot.wait(20)
        assert abs(reader.top_offset() - before) < 250, action.objectName()
    window.resize(900, 700)
    qtbot.wait(20)
    assert abs(reader.top_offset() - before) < 250


def test_cards_never_overlap(make_window, library: Library, qtbot) -> None:
    """Each card's row is as tall as its painted content at the row's real width, and rows do not overlap."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from gui.annotation_model import AnnotationRole

    window, _document_id = _window_on_sample(make_window, library)
    for n in range(16):
        annotation = _tag(window, 40 + 50 * n, 60 + 50 * n + 6 * n)  # quotes of 20 to 110 characters
        window.annotator.update(
            annotation.uuid, {"note": "a note " * n, "tags": ("t",) * (n % 2), "speaker": "S" * (n % 3)}
        )
    panel = window.annotation_panel
    for width in (200, 260, 340, 520):
        window.splitter.setSizes([200, 1400 - 200 - width, width])
        qtbot.wait(30)
        view, delegate = panel.view, panel.delegate
        rects = [view.visualRect(panel.proxy.index(row, 0)) for row in range(panel.proxy.rowCount())]
        for above, below in itertools.pairwise(rects):
            assert above.bottom() < below.top()
        for row, rect in enumerate(rects):
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.rect = rect
            annotation = panel.proxy.index(row, 0).data(AnnotationRole)
            assert delegate.card_height(option, annotation, rect.width()) <= rect.height(), (width, row)
            assert rect.width() <= view.viewport().width()  # no card reaches past the list's edge


def _right_of_text_around(reader, offset: int) -> int:
    """The right edge of the widest line of the paragraph holding offset, in viewport coordinates."""
    from PySide6.QtGui import QTextCursor

    block = reader.document().findBlock(reader.offsets.to_qt(offset))
    cursor = QTextCursor(reader.document())
    edges = []
    for position in range(block.position(), block.position() + block.length() - 1):
        cursor.setPosition(position + 1)
        edges.append(reader.cursorRect(cursor).right())
    return max(edges)


def test_the_tag_bar_never_covers_the_text_around_the_selection(make_window, library: Library, qtbot) -> None:
    """In a wide reader the bar stands in the margin beside the selection; in a narrow one, above it."""
    from .conftest import drag_select

    window, _ = _window_on_sample(make_window, library)
    window.resize(1500, 900)
    qtbot.wait(20)
    text = window.reader.text
    start = text.index("Last year 212 cruise ships")
    drag_select(window.reader, start, start + 40)
    bar = window.selection_bar
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    assert bar.geometry().left() >= _right_of_text_around(window.reader, start)
    assert bar.geometry().height() > bar.geometry().width()  # a column of icons
    window.splitter.setSizes([200, 560, 640])
    qtbot.wait(20)
    drag_select(window.reader, start, start + 40)
    selection = window.reader.selection_rect()
    assert bar.geometry().bottom() < selection.top() or bar.geometry().top() > selection.bottom()


def test_a_tag_the_library_refused_is_listed_as_not_saved_and_retried(
    make_window, library: Library, library_path, qtbot, monkeypatch
) -> None:
    """While another program holds the library's lock a tag is not saved: the panel lists it; Retry stores it."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    window, document_id = _window_on_sample(make_window, library)
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)  # the error dialog, not waited for here
    other = sqlite3.connect(library_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    assert _tag(window, 100, 120) is None
    section = window.unsaved_section
    assert section.isVisible() and 1 == section.model.rowCount()
    assert "Not saved" == window.error_dialog.windowTitle()
    assert [] == library.annotations(document_id)
    other.execute("ROLLBACK")
    other.close()
    section.buttons["retry"].click()
    assert 1 == len(library.annotations(document_id)) and not section.isVisible()


def test_copy_citation_puts_the_reference_on_the_clipboard(make_window, library: Library) -> None:
    """Edit > Copy Citation copies the open document as BibTeX (or CSL-JSON), as `claimmark cite` writes it."""
    from PySide6.QtGui import QGuiApplication

    window, _ = _window_on_sample(make_window, library)
    window.window_actions.copy_citation.trigger()
    assert QGuiApplication.clipboard().text().startswith("@")
    assert "Harbour town votes" in QGuiApplication.clipboard().text()
    window.window_actions.copy_csl.trigger()
    assert QGuiApplication.clipboard().text().lstrip().startswith("[")
