"""Find in the document (Ctrl+F) and the contents panel with the reading position, on an article and a book."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from documents import Block, Document, Metadata, load_path
from storage import Library

from ..conftest import WAR_AND_PEACE, shared_file


def _book(library: Library) -> int:
    blocks = []
    for part in ("ONE", "TWO"):
        blocks.append(Block("heading", f"PART {part}", 2))
        for chapter in range(1, 4):
            blocks.append(Block("heading", f"Chapter {chapter}", 3))
            blocks += [
                Block("paragraph", f"The river ran past the mill in part {part.lower()}, day {n}.") for n in range(30)
            ]
    summary, _ = library.import_document(Document(Metadata(title="A book"), blocks))
    return summary.id


def test_ctrl_f_finds_counts_and_steps_through_matches(make_window, library: Library, qtbot) -> None:
    """Ctrl+F opens the bar; typing counts the matches; Enter and F3 step on, Shift+F3 back; Esc closes."""
    window = make_window(library)
    window.open_document(_book(library))
    QTest.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    QTest.keyClicks(bar.field, "MILL in part two")
    qtbot.waitUntil(lambda: "of 90" in bar.count.text(), timeout=2000)
    assert "1 of 90" == bar.count.text()
    first = bar.matches[bar.current]
    assert "mill in part two" == window.reader.text[first : first + 16]
    QTest.keyClick(bar.field, Qt.Key.Key_Return)
    assert "2 of 90" == bar.count.text()
    window.window_actions.find_previous.trigger()
    window.window_actions.find_previous.trigger()
    assert "90 of 90" == bar.count.text()  # wraps round
    bar.field.setText("no such words")
    bar.search()
    assert "No matches" == bar.count.text()
    QTest.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_contents_lists_the_headings_and_jumps_and_shows_where_the_reader_is(
    make_window, library: Library, qtbot
) -> None:
    """The outline nests chapters under parts; clicking one jumps there; the status bar names it with a percent."""
    window = make_window(library)
    window.open_document(_book(library))
    window.window_actions.show_contents.trigger()
    panel = window.contents_panel
    assert window.left_tabs.currentWidget() is panel
    shown = [panel.model.index(row).data() for row in range(panel.model.rowCount())]
    assert "PART TWO" == shown[4] and "    Chapter 1" == shown[5]
    index = panel.model.index(6)  # PART TWO, Chapter 2
    panel.view.clicked.emit(index)
    target = window.reader.text.index("Chapter 2", window.reader.text.index("PART TWO"))
    assert abs(window.reader.top_offset() - target) < 80
    qtbot.waitUntil(lambda: window.position_label.text().startswith("PART TWO · Chapter 2 · "), timeout=2000)
    assert 6 == panel.view.currentIndex().row()


def test_find_and_contents_work_on_war_and_peace(make_window, library: Library, qtbot) -> None:
    """On the whole book: "Natásha" is counted in one pass, and its contents hold its chapters."""
    summary, _ = library.import_document(load_path(shared_file(WAR_AND_PEACE)))
    window = make_window(library)
    window.open_document(summary.id)
    qtbot.waitUntil(lambda: window.current_document_id == summary.id, timeout=20_000)
    headings = [h.text for h in window.contents_panel.model.headings]
    assert 365 == sum(h.startswith("CHAPTER") for h in headings)
    assert "BOOK FIFTEEN: 1812 - 13" in headings and "FIRST EPILOGUE: 1813 - 20" in headings
    window.window_actions.find.trigger()
    window.find_bar.field.setText("Natásha")
    window.find_bar.search()
    assert len(window.find_bar.matches) > 1000
    start = window.find_bar.matches[window.find_bar.current]
    assert "Natásha" == window.reader.text[start : start + 7]


def test_reading_position_names_the_part_of_a_repeated_chapter_name() -> None:
    """ "BOOK TWO · CHAPTER I · 60%": a chapter under its part; the book's one title heading is left out."""
    from gui.contents_panel import position_text
    from gui.view_data import Heading

    headings = [Heading(0, 1, "WAR AND PEACE"), Heading(20, 2, "BOOK ONE"), Heading(30, 3, "CHAPTER I")]
    headings += [Heading(50, 2, "BOOK TWO"), Heading(55, 3, "CHAPTER I")]
    assert "BOOK TWO · CHAPTER I · 60%" == position_text(headings, 60, 100)
    assert "BOOK ONE · 25%" == position_text(headings, 25, 100)
    assert "WAR AND PEACE · 5%" == position_text(headings, 5, 100)
    assert "3%" == position_text([Heading(10, 2, "Later")], 3, 100)
