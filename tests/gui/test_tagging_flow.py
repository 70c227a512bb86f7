"""A person tags a claim with the mouse and keyboard, retypes, edits, deletes, undoes and reopens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest

from storage import Library

from .conftest import FOUNDED, drag_select


def char_format_at(reader, offset: int) -> QTextCharFormat:
    """Return the char format of the character at canonical offset."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset) + 1)
    return cursor.charFormat()


def founded_range(window) -> tuple[int, int]:
    start = window.reader.text.index(FOUNDED)
    return start, start + len(FOUNDED)


def tag_founded(window, key: Qt.Key = Qt.Key.Key_F) -> tuple[int, int]:
    """Select the Founded sentence with the mouse and press key."""
    start, end = founded_range(window)
    drag_select(window.reader, start, end)
    QTest.keyClick(window.reader, key)
    return start, end


def colour_of(library: Library, name: str) -> str:
    return next(t.colour for t in library.claim_types() if t.name == name).lower()


def test_mouse_selection_and_f_store_exactly_one_fact(trt_window, library: Library) -> None:
    """Selecting the sentence and pressing F stores one fact with exactly that quote, card and highlight."""
    start, end = tag_founded(trt_window)
    stored = library.annotations(trt_window.current_document_id)
    assert [(FOUNDED, "fact")] == [(a.exact, a.claim_type) for a in stored]
    assert (start, end) == (stored[0].start, stored[0].end)
    panel = trt_window.annotation_panel
    assert 1 == panel.proxy.rowCount()
    assert FOUNDED == panel.proxy.index(0, 0).data()
    fmt = char_format_at(trt_window.reader, start)
    assert colour_of(library, "fact") == fmt.underlineColor().name()
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert fmt.background().color().alpha() > 0
    assert "Saved" == trt_window.statusBar().currentMessage()
    with Library(library.path) as other_connection:  # committed: another process would see it now
        assert [FOUNDED] == [a.exact for a in other_connection.annotations()]


def test_undo_removes_the_fact_and_redo_restores_it(trt_window, library: Library) -> None:
    """Ctrl+Z removes the fact from library, cards and text; Ctrl+Shift+Z brings back the same one."""
    start, _ = tag_founded(trt_window)
    document_id = trt_window.current_document_id
    uuid = library.annotations(document_id)[0].uuid
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [] == library.annotations(document_id)
    assert 0 == trt_window.annotation_panel.proxy.rowCount()
    assert char_format_at(trt_window.reader, start).underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    assert not char_format_at(trt_window.reader, start).hasProperty(QTextCharFormat.Property.BackgroundBrush)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(trt_window.reader, Qt.Key.Key_Z, modifiers)
    assert [uuid] == [a.uuid for a in library.annotations(document_id)]
    assert 1 == trt_window.annotation_panel.proxy.rowCount()
    assert colour_of(library, "fact") == char_format_at(trt_window.reader, start).underlineColor().name()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # offscreen popups
def test_context_menu_retypes_the_card(trt_window, library: Library) -> None:
    """Change type > Opinion on a card's context menu makes it a dashed opinion; undo makes it a fact."""
    start, _ = tag_founded(trt_window)
    view = trt_window.annotation_panel.view
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(0, 0)).center())
    menu = trt_window.annotation_panel.context_menu
    menu.findChild(type(menu.actions()[0]), "retype_opinion").trigger()
    menu.close()
    assert ["opinion"] == [a.claim_type for a in library.annotations(trt_window.current_document_id)]
    fmt = char_format_at(trt_window.reader, start)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert colour_of(library, "opinion") == fmt.underlineColor().name()
    trt_window.undo_stack.undo()
    assert ["fact"] == [a.claim_type for a in library.annotations(trt_window.current_document_id)]


def test_inline_editor_saves_note_speaker_and_tags(trt_window, library: Library) -> None:
    """Editing a card in place stores its note, speaker and tags; undo restores the empty note."""
    from gui.card_editor import CardEditor

    tag_founded(trt_window)
    uuid = library.annotations(trt_window.current_document_id)[0].uuid
    trt_window.annotation_panel.edit(uuid)
    editor = trt_window.annotation_panel.view.findChild(CardEditor)
    QTest.keyClicks(editor.note_edit, "Check the founding year")
    editor.speaker_edit.setText("TRT World")
    editor.tags_edit.setText("terrorism, #afghanistan")
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = library.annotation(uuid)
    assert ("Check the founding year", "TRT World") == (stored.note, stored.speaker)
    assert ("afghanistan", "terrorism") == stored.tags
    assert "Check the founding year" in trt_window.reader.describe(stored)
    trt_window.undo_stack.undo()
    assert "" == library.annotation(uuid).note


def test_delete_key_removes_the_selected_card_and_undo_restores(trt_window, library: Library) -> None:
    """Delete on a selected card deletes the claim; undo puts the same claim back."""
    tag_founded(trt_window)
    uuid = library.annotations(trt_window.current_document_id)[0].uuid
    view = trt_window.annotation_panel.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [] == library.annotations(trt_window.current_document_id)
    assert 0 == trt_window.annotation_panel.model.rowCount()
    trt_window.window_actions.undo.trigger()
    assert uuid == library.annotations(trt_window.current_document_id)[0].uuid


def test_highlights_are_back_after_reopening(make_window, trt_window, library: Library, settings_path) -> None:
    """Close the window and open a new one on the same library: the document and its highlight return."""
    start, _ = tag_founded(trt_window)
    trt_window.close()
    again = make_window(library)
    again.open_initial()
    assert trt_window.current_document_id == again.current_document_id
    assert 1 == again.annotation_panel.model.rowCount()
    assert colour_of(library, "fact") == char_format_at(again.reader, start).underlineColor().name()
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value("reading/lastDocument") is not None


def test_keys_o_q_and_digits_tag_their_types(trt_window, library: Library) -> None:
    """O and 2 tag opinions, Q and 3 quotes, 1 a fact."""
    text = trt_window.reader.text
    words = ["Since", "Taliban", "virtually", "terrorism", "Khorasan"]
    for word, key in zip(words, [Qt.Key.Key_O, Qt.Key.Key_2, Qt.Key.Key_Q, Qt.Key.Key_3, Qt.Key.Key_1], strict=True):
        start = text.index(word)
        drag_select(trt_window.reader, start, start + len(word))
        QTest.keyClick(trt_window.reader, key)
    stored = {a.exact: a.claim_type for a in library.annotations(trt_window.current_document_id)}
    expected = dict(zip(words, ["opinion", "opinion", "quote", "quote", "fact"], strict=True))
    assert expected == stored


def test_n_tags_and_opens_the_note_editor(trt_window, library: Library) -> None:
    """N tags the selection and opens its card's editor with the note field focused."""
    from gui.card_editor import CardEditor

    tag_founded(trt_window, Qt.Key.Key_N)
    assert 1 == len(library.annotations(trt_window.current_document_id))
    editor = trt_window.annotation_panel.view.findChild(CardEditor)
    assert editor is not None and editor.isVisible()


def test_selection_snaps_to_whole_words(trt_window) -> None:
    """A drag from inside one word to inside another selects both words whole."""
    text = trt_window.reader.text
    start = text.index("offshoot")
    drag_select(trt_window.reader, start + 3, start + len("offshoot of Dae"))
    assert "offshoot of Daesh" == text.__getitem__(slice(*trt_window.reader.selected_range()))
    assert "offshoot of Daesh" == trt_window.reader.textCursor().selectedText()


def test_a_drag_that_starts_on_the_selection_selects_anew(trt_window) -> None:
    """Pressing on selected text and dragging makes a new selection; it never drags the old text out.

    A text drag runs a modal loop that waits for the real pointer, which froze the window (and the
    suite under X11) while the reader meant only to select again.
    """
    text = trt_window.reader.text
    start = text.index("offshoot")
    drag_select(trt_window.reader, start, start + len("offshoot of Daesh"))
    drag_select(trt_window.reader, start + len("offshoot of "), start + len("offshoot of Daesh, Daesh-K continues"))
    assert "Daesh, Daesh-K continues" == text.__getitem__(slice(*trt_window.reader.selected_range()))


def test_floating_bar_appears_and_its_button_tags(trt_window, library: Library) -> None:
    """A selection shows the Fact/Opinion/Quote/Note bar; clicking Quote tags a quote."""
    from PySide6.QtWidgets import QToolButton

    start, end = founded_range(trt_window)
    drag_select(trt_window.reader, start, end)
    bar = trt_window.selection_bar
    assert bar.isVisible()
    buttons = {b.defaultAction().objectName(): b for b in bar.findChildren(QToolButton)}
    assert {"actionTagFact", "actionTagOpinion", "actionTagQuote", "actionAddNote"} == set(buttons)
    where = bar.y()
    trt_window.reader.verticalScrollBar().setValue(trt_window.reader.verticalScrollBar().value() + 30)
    assert where - 30 == bar.y()  # the bar follows its selection when the page scrolls
    QTest.mouseClick(buttons["actionTagQuote"], Qt.MouseButton.LeftButton)
    assert ["quote"] == [a.claim_type for a in library.annotations(trt_window.current_document_id)]
    assert not bar.isVisible()


def test_clicking_a_highlight_selects_its_card(trt_window, library: Library) -> None:
    """A click inside a highlighted claim makes its card the current one."""
    from .conftest import point_of

    start, _ = tag_founded(trt_window)
    trt_window.annotation_panel.view.clearSelection()
    point = point_of(trt_window.reader, start + 10)
    QTest.mouseClick(trt_window.reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert library.annotations(trt_window.current_document_id)[0].uuid == trt_window.annotation_panel.current_uuid()


def test_clicking_a_card_scrolls_and_flashes_the_highlight(trt_window, library: Library) -> None:
    """Clicking a card brings its claim into view and marks it briefly."""
    text = trt_window.reader.text
    start = text.rindex("Taliban")
    drag_select(trt_window.reader, start, start + len("Taliban"))
    QTest.keyClick(trt_window.reader, Qt.Key.Key_F)
    trt_window.reader.verticalScrollBar().setValue(0)
    view = trt_window.annotation_panel.view
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(0, 0)).center())
    assert trt_window.reader.verticalScrollBar().value() > 0
    [flash] = trt_window.reader.extraSelections()
    assert "Taliban" == flash.cursor.selectedText()


def test_overlapping_highlights_both_stay_visible(trt_window, library: Library) -> None:
    """Where a quote overlaps a fact the colours mix; outside it each keeps its own look."""
    start, end = founded_range(trt_window)
    document_id = trt_window.current_document_id
    for claim_type, (s, e) in (("fact", (start, end)), ("quote", (start + 9, start + 39))):
        trt_window.reader.select_range(s, e)
        trt_window.tag_selection(claim_type)
    reader = trt_window.reader
    fact_only, both = char_format_at(reader, start + 2), char_format_at(reader, start + 20)
    assert 2 == len(library.annotations(document_id))
    assert fact_only.background().color() != both.background().color()
    assert both.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fact_only.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert QColor(colour_of(library, "quote")) == both.underlineColor()


def test_undo_in_another_document_opens_it(make_window, trt_window, library: Library) -> None:
    """Undoing a tag made in a document no longer shown brings that document back and removes the tag."""
    from documents import Block, Document, Metadata

    start, _ = tag_founded(trt_window)
    trt_id = trt_window.current_document_id
    other, _ = library.import_document(Document(Metadata(title="Other"), [Block("paragraph", "Elsewhere.")]))
    trt_window.open_document(other.id)
    trt_window.undo_stack.undo()
    assert trt_id == trt_window.current_document_id
    assert [] == library.annotations(trt_id)
    assert not char_format_at(trt_window.reader, start).hasProperty(QTextCharFormat.Property.BackgroundBrush)


def test_tagging_after_emoji_stores_code_point_offsets(make_window, library: Library) -> None:
    """Past astral characters (two UTF-16 units each) a mouse-tagged quote is stored and painted exactly."""
    from documents import Block, Document, Metadata

    text = "Fans 😀😀 cheered: 𝔸lpha team won the cup."
    summary, _ = library.import_document(Document(Metadata(title="Emoji"), [Block("paragraph", text)]))
    window = make_window(library)
    window.open_document(summary.id)
    start = text.index("team won")
    drag_select(window.reader, start, start + len("team won"))
    QTest.keyClick(window.reader, Qt.Key.Key_F)
    [stored] = library.annotations(summary.id)
    assert ("team won", start) == (stored.exact, stored.start)
    assert colour_of(library, "fact") == char_format_at(window.reader, start).underlineColor().name()
    assert not char_format_at(window.reader, start - 2).hasProperty(QTextCharFormat.Property.BackgroundBrush)
