"""A claim type the library gains (from `claimmark types add`) is tagged, shown, toggled and exported in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest

from documents import load_document
from resources import sample_articles
from storage import Library
from storage.export import ExportOptions, export_text

from ..cli.runner import claimmark
from .conftest import drag_select


def _sample(library: Library) -> int:
    sample = sample_articles()[0]
    summary, _ = library.import_document(load_document(sample.read_bytes(), sample.name))
    return summary.id


def _format_at(reader, offset: int) -> QTextCharFormat:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset) + 1)
    return cursor.charFormat()


def _add_type(library_path: Path) -> None:
    env = {"CLAIMMARK_LIBRARY": str(library_path)}
    claimmark(env, "types", "add", "claim-x", "--colour", "#aa3377", "--underline", "wavy", "--shortcut", "K")


def _tag_first_sentence_with_k(window) -> tuple[int, int]:
    text = window.reader.text
    start = text.index(next(line for line in text.split("\n") if len(line) > 60))
    end = text.index(".", start) + 1
    drag_select(window.reader, start, end)
    QTest.keyClick(window.reader, Qt.Key.Key_K)
    return start, end


def test_a_type_added_before_the_window_opens_is_tagged_shown_toggled_and_exported(
    make_window, library: Library, library_path: Path, qtbot
) -> None:
    """K tags as the new type; its colour and wavy underline paint the text; its toggle hides it; export labels it."""
    document_id = _sample(library)
    _add_type(library_path)
    window = make_window(library)
    window.open_document(document_id)
    assert "actionTagClaimX" in {a.objectName() for a in window.window_actions.tag_actions()}
    start, _ = _tag_first_sentence_with_k(window)
    stored = library.annotations(document_id)
    assert ["claim-x"] == [a.claim_type for a in stored]
    painted = _format_at(window.reader, start + 2)
    assert QTextCharFormat.UnderlineStyle.WaveUnderline == painted.underlineStyle()
    assert QColor("#aa3377") == painted.underlineColor()
    button = window.annotation_panel.type_buttons["claim-x"]
    assert "Claim X" == button.text()
    assert 1 == window.annotation_panel.proxy.rowCount()
    button.click()
    assert 0 == window.annotation_panel.proxy.rowCount()
    markdown = export_text(library, [document_id], ExportOptions())
    assert "## Claim X (1)" in markdown
    assert "4" == window.window_actions.tags["claim-x"].shortcuts()[-1].toString()  # its position's digit


def test_a_type_added_while_the_window_is_open_is_picked_up(
    make_window, library: Library, library_path: Path, qtbot
) -> None:
    """The window re-reads the claim types when it is activated: the new type's key works at once."""
    document_id = _sample(library)
    window = make_window(library)
    window.open_document(document_id)
    assert "claim-x" not in window.window_actions.tags
    _add_type(library_path)
    assert window.claim_types.refresh()  # what activating the window does
    assert "claim-x" in window.window_actions.tags
    assert "claim-x" in window.annotation_panel.type_buttons
    _tag_first_sentence_with_k(window)
    assert ["claim-x"] == [a.claim_type for a in library.annotations(document_id)]


def test_no_two_actions_share_a_key_sequence(make_window, library: Library) -> None:
    """Every key sequence triggers one action only: Qt never sees an ambiguous shortcut."""
    window = make_window(library)
    shared = {keys: names for keys, names in window.window_actions.shortcut_owners().items() if len(names) > 1}
    assert {} == shared
    redo = [s.toString() for s in window.window_actions.redo.shortcuts()]
    assert len(redo) == len(set(redo)) and "Ctrl+Y" in redo


def test_every_fixed_action_is_declared_for_the_type_checker() -> None:
    """Each row of the actions table has its typed attribute on WindowActions (mypy checks their use)."""
    from gui.actions import FIXED, WindowActions

    assert {row[0] for row in FIXED} <= set(WindowActions.__annotations__)
