"""Manage Claim Types and Manage Tags: each change stored, undone and redone, and the window follows at once."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from storage.research import tag_changes

from ...storage.research_library import SmallLibrary


def _format_at(reader, offset: int) -> QTextCharFormat:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.offsets.to_qt(offset) + 1)
    return cursor.charFormat()


def _types(small: SmallLibrary) -> list[tuple[str, str, str]]:
    return [(t.name, t.label, t.colour) for t in small.library.claim_types()]


def _card_tags(window, uuid: str) -> tuple[str, ...]:
    model = window.annotation_panel.model
    return tuple(model.annotation_at(model.row_of(uuid)).tags)


def test_a_renamed_and_recoloured_type_shows_at_once_in_the_window(qtbot, small_window, small: SmallLibrary) -> None:
    """Renaming opinion to view retitles its action, toggle and cards; a new colour paints the reader; undo reverts."""
    window = small_window
    before = _types(small)
    dialog = window.manage_views.open_type_manager()
    dialog.select("opinion")
    dialog.name_edit.setText("view")
    dialog.label_edit.setText("View")
    assert dialog.apply_fields()
    actions = window.window_actions
    assert "opinion" not in actions.tags
    assert "View" == actions.tags["view"].text()
    assert "actionTagView" == actions.tags["view"].objectName()
    assert ["view"] == [
        a.claim_type for a in small.library.annotations(small.documents[0]) if a.uuid == small.uuids["h2"]
    ]
    assert dialog.choose_colour(QColor("#aa3377"))
    assert ("view", "View", "#aa3377") in _types(small)
    assert "#aa3377" in window.annotation_panel.type_buttons["view"].styleSheet()
    h2 = small.library.annotation(small.uuids["h2"])
    qtbot.waitUntil(lambda: QColor("#aa3377") == _format_at(window.reader, h2.start + 2).underlineColor())
    editor_types = window.annotation_panel.delegate.claim_types  # what the card editor offers
    assert "View" == editor_types["view"].label and "opinion" not in editor_types
    window.undo_stack.undo()  # the colour
    window.undo_stack.undo()  # the name
    assert before == _types(small)
    assert "Opinion" == actions.tags["opinion"].text()
    assert "view" not in actions.tags
    assert "opinion" == small.library.annotation(small.uuids["h2"]).claim_type
    window.undo_stack.redo()
    assert "View" == actions.tags["view"].text()
    assert "View" == dialog.model.index(dialog.model.row_of("view")).data().split("  ")[0]


def test_add_reorder_and_delete_types_with_undo(small_window, small: SmallLibrary) -> None:
    """A new type gets its action and key; moving changes the digits; deleting gives its claims another type."""
    window, stack = small_window, small_window.undo_stack
    dialog = window.manage_views.open_type_manager()
    added = dialog.add("claim-x", colour="#117733")
    assert added is not None and "claim-x" in window.window_actions.tags
    dialog.shortcut_edit.setText("k")
    assert dialog.apply_fields()
    assert "K" == window.window_actions.tags["claim-x"].shortcuts()[0].toString()
    order = [t.name for t in small.library.claim_types()]
    dialog.select("fact")
    assert dialog.move_selected(+1)
    assert [order[1], order[0], *order[2:]] == [t.name for t in small.library.claim_types()]
    assert "1" == window.window_actions.tags[order[1]].shortcuts()[-1].toString()
    stack.undo()
    assert order == [t.name for t in small.library.claim_types()]
    window.annotator.update(small.uuids["h3"], {"claim_type": "claim-x"})
    assert dialog.delete("claim-x", "opinion")
    assert "claim-x" not in [t.name for t in small.library.claim_types()]
    assert "opinion" == small.library.annotation(small.uuids["h3"]).claim_type
    stack.undo()
    assert "claim-x" == small.library.annotation(small.uuids["h3"]).claim_type
    assert "claim-x" in window.window_actions.tags
    stack.redo()
    assert "opinion" == small.library.annotation(small.uuids["h3"]).claim_type


def test_a_built_in_type_in_use_cannot_be_deleted(small_window, small: SmallLibrary) -> None:
    """The library refuses; its message is shown; nothing reaches the undo stack."""
    window = small_window
    dialog = window.manage_views.open_type_manager()
    dialog.select("fact")
    count = window.undo_stack.count()
    assert not dialog.ask_delete()
    assert "fact" in [t.name for t in small.library.claim_types()]
    assert count == window.undo_stack.count()
    assert window.error_dialog is not None and "built in" in window.error_dialog.text()


def test_rename_merge_and_delete_tags_with_undo_and_the_cards_follow(qtbot, small_window, small: SmallLibrary) -> None:
    """Each tag change is in the library at once, the open document's cards show it, and undo/redo write it."""
    window, stack = small_window, small_window.undo_stack
    dialog = window.manage_views.open_tag_manager()
    before = {t.name: t.count for t in tag_changes.tags(small.library)}
    assert {"harbour": 2, "fishing": 2, "budget": 2, "policy": 1, "doubt": 1} == before
    assert dialog.rename("fishing", "fisheries")
    assert ("fisheries",) == small.library.annotation(small.uuids["h2"]).tags
    qtbot.waitUntil(lambda: ("fisheries",) == _card_tags(window, small.uuids["h2"]))
    assert "fisheries" in dialog.model.names()
    stack.undo()
    assert ("fishing",) == small.library.annotation(small.uuids["h2"]).tags
    qtbot.waitUntil(lambda: ("fishing",) == _card_tags(window, small.uuids["h2"]))
    dialog.select_names(["harbour", "policy"])
    assert ["harbour", "policy"] == sorted(dialog.selected_names())
    assert dialog.merge(dialog.selected_names(), "port")
    assert ("port",) == small.library.annotation(small.uuids["h1"]).tags
    assert ("port",) == small.library.annotation(small.uuids["f1"]).tags
    stack.undo()
    assert {"harbour", "policy"} == set(small.library.annotation(small.uuids["h1"]).tags)
    assert "port" not in [t.name for t in tag_changes.tags(small.library)]
    stack.redo()
    assert ("port",) == small.library.annotation(small.uuids["h1"]).tags
    assert dialog.delete(["budget", "doubt"])
    assert () == small.library.annotation(small.uuids["c1"]).tags
    assert {"budget", "doubt"}.isdisjoint(dialog.model.names())
    stack.undo()
    assert ("budget",) == small.library.annotation(small.uuids["c1"]).tags
    assert {"fishing", "doubt"} == set(small.library.annotation(small.uuids["f2"]).tags)


def test_changes_to_many_claims_are_written_in_the_background_and_undone_there(
    qtbot, small_window, small: SmallLibrary
) -> None:
    """Past the threshold a rename runs on the JobRunner: pushed once it committed; its undo and redo run there too."""
    window, stack = small_window, small_window.undo_stack
    window.library_manager.background_from = 2  # "fishing" is on two claims
    count = stack.count()
    assert window.library_manager.rename_tag("fishing", "fisheries")
    assert window.library_manager.running
    assert not window.library_manager.rename_tag("budget", "money")  # one long change at a time
    qtbot.waitUntil(lambda: stack.count() == count + 1, timeout=10_000)
    assert not window.library_manager.running
    assert ("fisheries",) == small.library.annotation(small.uuids["h2"]).tags
    stack.undo()
    assert stack.busy
    stack.redo()  # waits: nothing happens while the undo is written
    qtbot.waitUntil(lambda: not stack.busy, timeout=10_000)
    assert ("fishing",) == small.library.annotation(small.uuids["h2"]).tags
    assert (stack.canRedo() and not stack.canUndo()) or stack.index() == count
    qtbot.waitUntil(lambda: ("fishing",) == _card_tags(window, small.uuids["h2"]))
    stack.redo()
    qtbot.waitUntil(lambda: not stack.busy, timeout=10_000)
    assert ("fisheries",) == small.library.annotation(small.uuids["h2"]).tags
    assert count + 1 == stack.index()
    dialog = window.manage_views.open_type_manager()
    dialog.select("opinion")
    dialog.name_edit.setText("view")
    assert dialog.apply_fields()  # three claims: in the background
    qtbot.waitUntil(lambda: "view" in window.window_actions.tags, timeout=10_000)
    assert "view" == dialog.selected().name


def test_deleting_a_type_in_use_asks_which_type_its_claims_get(monkeypatch, small_window, small: SmallLibrary) -> None:
    """Delete… on a type with claims offers the other types; the chosen one is given to its claims."""
    from PySide6.QtWidgets import QInputDialog

    window = small_window
    dialog = window.manage_views.open_type_manager()
    dialog.add("claim-x")
    window.annotator.update(small.uuids["h3"], {"claim_type": "claim-x"})
    dialog.reload()
    dialog.select("claim-x")
    offered: list[list[str]] = []

    def choose(parent, title, label, items, current, editable):
        offered.append(list(items))
        return "Quote (quote)", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    assert dialog.ask_delete()
    assert "Quote (quote)" in offered[0] and not any("claim-x" in item for item in offered[0])
    assert "quote" == small.library.annotation(small.uuids["h3"]).claim_type
