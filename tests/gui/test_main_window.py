"""The window as a whole: names, settings kept between runs, themes, font size, files, claim map."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListView, QToolTip, QWidget

from documents import Block, Document, Metadata, load_path
from gui.library_model import DocumentIdRole
from storage import Library

from .conftest import FOUNDED, point_of

NAMES = ["mainWindow", "libraryView", "readerView", "annotationView", "claimMap"]
ACTIONS = [
    "actionTagFact", "actionTagOpinion", "actionTagQuote", "actionAddNote", "actionDeleteAnnotation",
    "actionUndo", "actionRedo", "actionImport", "actionExport",
]  # fmt: skip


def test_widgets_and_actions_have_stable_names(trt_window) -> None:
    """Tests and accessibility tools find the key widgets and actions by objectName, with accessible names."""
    from PySide6.QtGui import QAction

    for name in NAMES[1:]:
        widget = trt_window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    assert "mainWindow" == trt_window.objectName()
    for name in ACTIONS:
        assert trt_window.findChild(QAction, name) is not None, name


def test_settings_bring_back_theme_font_splitter_and_place(make_window, trt_window, library: Library) -> None:
    """A new window restores the theme, font size, splitter sizes, last document and scroll place."""
    trt_window.set_theme("dark")
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    trt_window.resize(760, 600)  # inside the offscreen screen, so restoring does not clamp it
    trt_window.splitter.setSizes([150, 400, 200])
    sizes = trt_window.splitter.sizes()
    offset = trt_window.reader.text.index("Local and regional capacity")
    trt_window.reader.scroll_to_offset(offset)
    place = trt_window.reader.top_offset()
    trt_window.close()
    again = make_window(library)
    again.open_initial()
    QTest.qWait(20)
    assert 15.0 == again.reader.point_size
    assert "dark" == again.settings.theme
    assert again.window_actions.themes["dark"].isChecked()
    assert (760, 600) == (again.width(), again.height())
    assert sizes == again.splitter.sizes()
    assert trt_window.current_document_id == again.current_document_id
    assert abs(again.reader.top_offset() - place) < 200


def test_font_size_keys_change_the_reading_font(trt_window) -> None:
    """Ctrl+= enlarges the body font and Ctrl+- shrinks it."""
    before = trt_window.reader.document().defaultFont().pointSizeF()
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert before + 1 == trt_window.reader.document().defaultFont().pointSizeF()
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert before - 1 == trt_window.reader.document().defaultFont().pointSizeF()


def test_dark_theme_prints_light_text_on_a_dark_page(trt_window) -> None:
    """Switching to the dark theme changes the reader's page and text colours."""
    trt_window.window_actions.themes["dark"].trigger()
    palette = trt_window.reader.palette()
    assert palette.color(palette.ColorRole.Base).lightness() < 60
    assert palette.color(palette.ColorRole.Text).lightness() > 180


def test_reader_never_loads_resources(trt_window) -> None:
    """Neither the view nor its document loads anything a document names."""
    url = QUrl("file:///etc/passwd")
    assert trt_window.reader.loadResource(2, url) is None
    assert trt_window.reader.document().loadResource(2, url) is None


def test_opening_a_long_document_does_not_lay_it_all_out(make_window, library: Library, qapp) -> None:
    """Right after a 700-paragraph article opens, its end has not been laid out yet (lazy layout)."""
    blocks = [Block("paragraph", f"Paragraph {i} " + "words in a sentence " * 12) for i in range(700)]
    summary, _ = library.import_document(Document(Metadata(title="Long"), blocks))
    window = make_window(library)
    window.open_document(summary.id)
    qapp.processEvents()
    document = window.reader.document()
    assert document.blockCount() == 700
    assert 0 == document.lastBlock().layout().lineCount()
    assert document.firstBlock().layout().lineCount() > 0


def test_a_book_is_prepared_off_the_ui_thread_then_shown(make_window, library: Library, qtbot) -> None:
    """A book opens on a worker; meanwhile the old page is gone and nothing can be tagged on it; then it shows."""
    from gui.document_loader import BACKGROUND_CHARACTERS

    article, _ = library.import_document(Document(Metadata(title="Short"), [Block("paragraph", "Short one.")]))
    blocks = [Block("paragraph", f"Chapter line {i} " + "and the war went on " * 10) for i in range(1500)]
    book, _ = library.import_document(Document(Metadata(title="Book"), blocks))
    assert len(library.document_text(book.id)) > BACKGROUND_CHARACTERS
    start = library.document_text(book.id).index("Chapter line 1000 ")
    library.add_annotation(book.id, start, start + 12, "opinion")
    window = make_window(library)
    window.open_document(article.id)
    window.reader.select_range(0, 5)
    window.open_document(book.id)
    assert window.current_document_id is None and "" == window.reader.text
    assert window.tag_selection("fact") is None
    assert [] == library.annotations(article.id)
    qtbot.waitUntil(lambda: window.current_document_id == book.id, timeout=10_000)
    assert 1500 == window.reader.document().blockCount()
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start + 3)
    assert cursor.charFormat().underlineStyle() == cursor.charFormat().UnderlineStyle.DashUnderline
    assert 1 == window.annotation_panel.model.rowCount()


def test_a_books_records_are_kept_from_the_collector_and_freed_when_another_opens(
    make_window, library: Library, qtbot, qapp
) -> None:
    """A book's prepared records are frozen (no collector pass walks them), yet go once another document shows."""
    article, _ = library.import_document(Document(Metadata(title="Short"), [Block("paragraph", "Short one.")]))
    blocks = [Block("paragraph", f"Chapter line {i} " + "and the war went on " * 10) for i in range(1500)]
    book, _ = library.import_document(Document(Metadata(title="Book"), blocks))
    for start in range(0, 200_000, 2_000):
        library.add_annotation(book.id, start, start + 7, "fact")
    window = make_window(library)
    frozen = gc.get_freeze_count()
    window.open_document(book.id)
    qtbot.waitUntil(lambda: window.current_document_id == book.id, timeout=10_000)
    assert gc.get_freeze_count() > frozen + 100  # the book's claims among them
    prepared = window.session.prepared
    assert prepared is not None and 100 == len(prepared.annotations)
    gone = [weakref.ref(prepared), weakref.ref(prepared.index), weakref.ref(prepared.stored)]
    del prepared
    window.open_document(article.id)
    qtbot.waitUntil(lambda: window.current_document_id == article.id, timeout=10_000)
    qapp.processEvents()
    gc.collect()  # a reference cycle would be freed here, were the book not frozen: frozen, it would stay
    assert [None, None, None] == [ref() for ref in gone]


def test_a_books_names_are_indexed_once_it_is_laid_out(make_window, library: Library, qtbot) -> None:
    """A book's speakers' index waits for the reader's layout (it would hold Python's lock meanwhile), then comes."""
    blocks = [Block("paragraph", f"Line {i}: “We go,” said Anna Pavlovna Scherer. " * 12) for i in range(1200)]
    book, _ = library.import_document(Document(Metadata(title="Book"), blocks))
    window = make_window(library)
    window.open_document(book.id)
    qtbot.waitUntil(lambda: window.current_document_id == book.id, timeout=10_000)
    assert window.assistant.finder is None and not window.reader.layout_driver.complete()
    qtbot.waitUntil(window.reader.layout_driver.complete, timeout=30_000)
    qtbot.waitUntil(lambda: window.assistant.finder is not None, timeout=10_000)
    assert window.assistant.finder.text == window.reader.text


def test_a_book_ready_after_the_window_closed_is_ignored(make_window, library_path: Path, qtbot) -> None:
    """Closing the window while a book is prepared: the late result touches neither window nor library."""
    from PySide6.QtCore import QThreadPool

    library = Library(library_path)  # this test closes it before the job reports
    blocks = [Block("paragraph", f"Chapter line {i} " + "and the war went on " * 10) for i in range(1500)]
    book, _ = library.import_document(Document(Metadata(title="Book"), blocks))
    window = make_window(library)
    window.open_document(book.id)
    window.close()
    library.close()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(200)  # deliver the job's queued result: an exception here fails the test
    assert book.id != window.current_document_id


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_hovering_a_highlight_shows_type_speaker_and_note(trt_window, library: Library) -> None:
    """The tooltip over a highlight names its type, speaker and note."""
    start = trt_window.reader.text.index(FOUNDED)
    trt_window.reader.select_range(start, start + len(FOUNDED))
    annotation = trt_window.tag_selection("quote")
    trt_window.annotator.update(annotation.uuid, {"speaker": "TRT World", "note": "check the year"})
    point = point_of(trt_window.reader, start + 5) + QPoint(2, 0)
    viewport = trt_window.reader.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    trt_window.reader.viewportEvent(event)
    assert QToolTip.isVisible()
    assert all(part in QToolTip.text() for part in ("Quote", "TRT World", "check the year"))
    QToolTip.hideText()


def test_claim_map_marks_claims_and_jumps_on_click(trt_window) -> None:
    """The strip has one mark per claim; clicking its bottom scrolls the reader down."""
    text = trt_window.reader.text
    for word in ("Founded", "Washington"):
        start = text.rindex(word)
        trt_window.reader.select_range(start, start + len(word))
        trt_window.tag_selection("fact")
    claim_map = trt_window.claim_map
    assert 2 == len(claim_map.marks)
    trt_window.reader.verticalScrollBar().setValue(0)
    QTest.mouseClick(claim_map, Qt.MouseButton.LeftButton, pos=QPoint(5, claim_map.height() - 5))
    assert trt_window.reader.verticalScrollBar().value() > 0


def test_importing_a_file_runs_on_a_worker_and_opens_it(make_window, library: Library, trt_path: Path, qtbot) -> None:
    """Import stores the document off the UI thread, then lists and opens it."""
    window = make_window(library)
    window.import_files([str(trt_path)])
    assert window.job_progress.isVisible()  # the status bar shows the import is under way
    qtbot.waitUntil(lambda: window.current_document_id is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.job_progress.isVisible(), timeout=10_000)
    assert 1 == len(library.documents())
    assert trt_path.read_text(encoding="utf-8")[:20] in window.reader.text[:40]
    assert 1 == window.library_panel.model.rowCount()
    assert str(trt_path.resolve()) in window.settings.recent_files


def test_unsupported_file_shows_its_reason_and_imports_nothing(
    make_window, library: Library, tmp_path: Path, qtbot
) -> None:
    """A file Claimmark cannot read gives one dialog naming it; a good file beside it is not half-imported."""
    bad, good = tmp_path / "notes.xyz", tmp_path / "good.txt"
    bad.write_text("hello", encoding="utf-8")
    good.write_text("A fine article.", encoding="utf-8")
    window = make_window(library)
    window.import_files([str(good), str(bad)])
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=10_000)
    assert "notes.xyz" in window.error_dialog.text()
    assert [] == library.documents()
    window.error_dialog.close()


def test_dropping_files_imports_them(make_window, library: Library, trt_path: Path, qtbot) -> None:
    """Dropping an article file on the window imports it."""
    window = make_window(library)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(trt_path))])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(library.documents()) == 1, timeout=10_000)


def test_export_writes_the_documents_claims_as_markdown(trt_window, tmp_path: Path) -> None:
    """Export writes the open document's claims, the quote included, to a Markdown file."""
    start = trt_window.reader.text.index(FOUNDED)
    trt_window.reader.select_range(start, start + len(FOUNDED))
    trt_window.tag_selection("fact")
    target = tmp_path / "claims.md"
    trt_window.export_markdown(str(target))
    assert "Daesh-K continues spilling blood" in target.read_text(encoding="utf-8")


def test_library_filter_narrows_the_document_list(make_window, library: Library, trt_path: Path) -> None:
    """Typing in the library's filter box hides documents whose title does not match."""
    library.import_document(load_path(trt_path))
    library.import_document(Document(Metadata(title="Harbour news"), [Block("paragraph", "Ships.")]))
    window = make_window(library)
    view = window.findChild(QListView, "libraryView")
    assert 2 == view.model().rowCount()
    QTest.keyClicks(window.library_panel.filter_box, "harbour")
    assert 1 == view.model().rowCount()


def test_choosing_a_document_in_the_list_opens_it(make_window, library: Library, trt_path: Path) -> None:
    """Clicking a document in the library list shows it in the reader."""
    library.import_document(Document(Metadata(title="Harbour news"), [Block("paragraph", "Ships.")]))
    summary, _ = library.import_document(load_path(trt_path))
    window = make_window(library)
    view = window.library_panel.view
    row = window.library_panel.proxy.mapFromSource(
        window.library_panel.model.index(window.library_panel.model.row_of(summary.id))
    )
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())
    assert summary.id == window.current_document_id
    assert "Daesh-K" in window.reader.document().toPlainText()


def test_filtering_the_library_never_switches_the_open_document(make_window, library: Library, qtbot) -> None:
    """Typing in the filter box narrows the list; the document on screen stays; no match says so."""
    first, _ = library.import_document(Document(Metadata(title="Alpha report"), [Block("paragraph", "One.")]))
    second, _ = library.import_document(Document(Metadata(title="Beta story"), [Block("paragraph", "Two.")]))
    window = make_window(library)
    window.open_document(first.id)
    panel = window.library_panel
    QTest.keyClicks(panel.filter_box, "Bet")
    assert first.id == window.current_document_id
    assert 1 == panel.proxy.rowCount()
    QTest.keyClicks(panel.filter_box, "zzz")
    assert first.id == window.current_document_id and 0 == panel.proxy.rowCount()
    assert panel.no_match.isVisible() and "Betzzz" in panel.no_match.text()
    panel.filter_box.clear()
    assert not panel.no_match.isVisible()
    assert first.id == panel.view.currentIndex().data(DocumentIdRole)
    QTest.keyClick(panel.view, Qt.Key.Key_Down if panel.view.currentIndex().row() == 0 else Qt.Key.Key_Up)
    assert second.id == window.current_document_id  # choosing with the keyboard still opens
