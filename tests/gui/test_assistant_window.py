"""The claim assistant in the window: sentences by Alt+click and S, the bar's suggestion, review, answer keys."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from documents import load_document
from resources import sample_articles
from storage import Library
from storage.export.w3c_export import export_json

from .conftest import point_of

QUOTE = "“We are not against visitors. We are against being turned into a theme park for six hours a day,”"


def _window(make_window, library: Library):
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    window = make_window(library)
    window.open_document(summary.id)
    return window, summary.id


def test_alt_click_selects_the_sentence_and_the_bar_marks_the_suggested_type(make_window, library: Library) -> None:
    """Alt+click in a sentence selects it; the tag bar marks the likely type and says why; nothing is stored."""
    window, document_id = _window(make_window, library)
    reader = window.reader
    offset = reader.text.index("Last year 212 cruise ships") + 10
    reader.scroll_to(offset, offset + 1, flash=False)
    QTest.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier,
                     point_of(reader, offset))  # fmt: skip
    start, end = reader.selected_range()
    assert reader.text[start:end].startswith("Last year 212 cruise ships") and reader.text[end - 1] == "."
    assert window.assistant.current is not None and "fact" == window.assistant.current.claim_type
    buttons = window.selection_bar.findChildren(QToolButton)
    assert ["actionTagFact"] == [b.defaultAction().objectName() for b in buttons if b.property("suggested")]
    assert window.assistant.current.reason in window.selection_bar.toolTip()
    assert [] == library.annotations(document_id)  # only offered


def test_s_selects_the_sentence_at_the_caret_and_a_quote_gets_its_speaker(make_window, library: Library) -> None:
    """S selects the sentence at the caret; Q tags it as a quote with the suggested speaker filled in."""
    window, document_id = _window(make_window, library)
    reader = window.reader
    reader.select_range(reader.text.index(QUOTE) + 5, reader.text.index(QUOTE) + 5)
    reader.setFocus()
    QTest.keyClick(reader, Qt.Key.Key_S)
    start, end = reader.selected_range()
    assert reader.text[start:end].startswith("“We are not against visitors.")
    QTest.keyClick(reader, Qt.Key.Key_Q)
    (stored,) = library.annotations(document_id)
    assert ("quote", "Ines Carvalho") == (stored.claim_type, stored.speaker.removeprefix("Mayor "))


def test_suggestions_are_reviewed_and_accepted_in_one_undoable_step(make_window, library: Library, qtbot) -> None:
    """Suggest Claims… lists candidates; Accept All Shown stores them at once; one undo takes them all out."""
    window, document_id = _window(make_window, library)
    dialog = window.suggest_claims()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    shown = dialog.shown()
    assert shown and all(claim.claim_type != "none" for claim in shown)
    dialog.buttons["accept_all"].click()
    stored = library.annotations(document_id)
    assert len(shown) == len(stored) == window.annotation_panel.model.rowCount()
    assert 0 == dialog.proxy.rowCount()
    window.undo_stack.undo()
    assert [] == library.annotations(document_id)
    window.undo_stack.redo()
    assert len(shown) == len(library.annotations(document_id))


def test_compare_with_a_key_file_reports_and_outlines_the_key(
    make_window, library: Library, tmp_path: Path, qtbot
) -> None:
    """A teacher's key (a W3C export) against my tagging: the report counts agreed and missed; the key is outlined."""
    window, document_id = _window(make_window, library)
    text = library.document_text(document_id)
    fact = text.index("Last year 212 cruise ships")
    library.add_annotation(document_id, fact, text.index(".", fact) + 1, "fact")
    opinion = text.index("The decision is long overdue.")
    library.add_annotation(document_id, opinion, opinion + 29, "opinion", note="The author's own judgement.")
    key_file = tmp_path / "key.json"
    key_file.write_text(export_json(library, [document_id]), encoding="utf-8")
    mine = library.annotations(document_id)
    library.delete_annotation(next(a.uuid for a in mine if a.claim_type == "opinion"))  # the student missed it
    window.open_document(document_id)
    dialog = window.compare_with_key()
    dialog.key_file = str(key_file)
    comparison = dialog.run()
    assert {"agreed": 1, "type differs": 0, "missed": 1, "extra": 0} == comparison.counts()
    assert "| missed | 1 |" in dialog.report
    dialog.show_button.click()
    assert 2 == len(window.reader.key_marks)
    missed = next(mark for mark in window.reader.key_marks if mark.outcome == "missed")
    assert "The author's own judgement." in missed.tip
    report = tmp_path / "report.md"
    assert dialog.save_report(str(report)) and "# Answer key" in report.read_text(encoding="utf-8")
    window.window_actions.hide_key.trigger()
    assert [] == window.reader.key_marks
    assert json.loads(key_file.read_text(encoding="utf-8"))["total"] == 2
