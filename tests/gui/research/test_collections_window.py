"""Collections in the library panel: made, renamed, deleted and filled from the window, each undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from gui.library_model import DocumentIdRole
from gui.research.collection_model import collection_id_mime, document_ids_mime
from storage.research import collections

from ...storage.research_library import SmallLibrary


def _names(small: SmallLibrary) -> list[str]:
    return [c.path for c in collections.collections(small.library)]


def _listed(window) -> list[int]:
    proxy = window.library_panel.proxy
    return [proxy.index(row, 0).data(DocumentIdRole) for row in range(proxy.rowCount())]


def test_create_rename_delete_collection_undo_and_redo(small_window, small: SmallLibrary) -> None:
    """Each change is in the library at once; undo and redo write it back and forth; the tree follows."""
    window, manager, stack = small_window, small_window.library_manager, small_window.undo_stack
    course = manager.create_collection("Course 1")
    assert course is not None
    week = manager.create_collection("Week 2", course.id)
    assert ["Course 1", "Course 1/Week 2"] == _names(small)
    assert manager.rename_collection(course.id, "Media course")
    assert ["Media course", "Media course/Week 2"] == _names(small)
    tree = window.collections_tree.model
    assert "Media course" == tree.index_of(course.id).data()
    stack.undo()
    assert ["Course 1", "Course 1/Week 2"] == _names(small)
    assert "Course 1" == tree.index_of(course.id).data()
    manager.add_to_collection(week.id, [small.documents[1]])
    assert manager.delete_collection(course.id)
    assert [] == _names(small)
    assert not tree.index_of(course.id).isValid()
    stack.undo()  # the collection, the one under it and its member come back with their ids
    assert ["Course 1", "Course 1/Week 2"] == _names(small)
    assert [small.documents[1]] == collections.document_ids(small.library, week.id)
    stack.redo()
    assert [] == _names(small)
    for _ in range(4):
        stack.undo()
    assert [] == _names(small)  # before the first create
    stack.redo()
    assert ["Course 1"] == _names(small)


def test_choosing_a_collection_filters_the_document_list(small_window, small: SmallLibrary) -> None:
    """Only the chosen collection's documents (with those of collections under it) are listed; All shows all."""
    window, manager = small_window, small_window.library_manager
    course = manager.create_collection("Course")
    week = manager.create_collection("Week 1", course.id)
    manager.add_to_collection(course.id, [small.documents[2]])
    manager.add_to_collection(week.id, [small.documents[0]])
    window.collections_tree.select_collection(week.id)
    assert [small.documents[0]] == _listed(window)
    window.collections_tree.select_collection(course.id)
    assert sorted([small.documents[0], small.documents[2]]) == sorted(_listed(window))
    assert small.documents[0] == window.current_document_id  # filtering opened nothing else
    window.collections_tree.select_collection(None)
    assert 3 == len(_listed(window))


def test_add_and_remove_documents_from_the_menus_and_by_dropping(small_window, small: SmallLibrary) -> None:
    """The list's menu adds the selected documents; dropping adds; Remove takes them out; each undoable."""
    window, manager, stack = small_window, small_window.library_manager, small_window.undo_stack
    target = manager.create_collection("Harbour stories")
    assert target is not None
    window.library_panel.view.selectAll()
    menu = window.library_panel.build_context_menu(window.library_panel.selected_ids())
    add = next(
        a for a in menu.findChildren(type(menu.actions()[0])) if a.objectName() == f"addToCollection_{target.id}"
    )
    add.trigger()
    assert sorted(small.documents) == sorted(collections.document_ids(small.library, target.id))
    stack.undo()
    assert [] == collections.document_ids(small.library, target.id)
    tree = window.collections_tree.model
    assert tree.dropMimeData(document_ids_mime([small.documents[1]]), tree.supportedDropActions(), -1, -1,
                             tree.index_of(target.id))  # fmt: skip
    assert [small.documents[1]] == collections.document_ids(small.library, target.id)
    assert "1" == tree.index_of(target.id).siblingAtColumn(1).data()
    window.collections_tree.select_collection(target.id)
    assert [small.documents[1]] == _listed(window)
    window.library_panel.view.selectAll()
    menu = window.library_panel.build_context_menu(window.library_panel.selected_ids())
    remove = next(a for a in menu.actions() if a.objectName() == "actionRemoveFromCollection")
    remove.trigger()
    assert [] == collections.document_ids(small.library, target.id)
    assert [] == _listed(window)  # the filter follows
    stack.undo()
    assert [small.documents[1]] == collections.document_ids(small.library, target.id)
    assert [small.documents[1]] == _listed(window)


def test_a_refused_name_shows_its_message_and_is_not_on_the_stack(small_window) -> None:
    """Two collections of one name side by side: the library's message is shown; nothing to undo."""
    window = small_window
    window.library_manager.create_collection("Course")
    count = window.undo_stack.count()
    assert window.library_manager.create_collection("Course") is None
    assert count == window.undo_stack.count()
    assert window.error_dialog is not None and "Course" in window.error_dialog.text()


def test_exporting_a_collection_exports_exactly_its_documents_claims(qtbot, small_window, small: SmallLibrary) -> None:
    """Export Collection… opens the Export dialog on the collection's documents; the export holds their claims only."""
    window, manager = small_window, small_window.library_manager
    target = manager.create_collection("Harbour and council")
    assert target is not None
    manager.add_to_collection(target.id, [small.documents[0], small.documents[2]])
    menu = window.collections_tree.build_context_menu(collections.collection(small.library, target.id))
    export = next(a for a in menu.actions() if a.objectName() == "actionExportCollection")
    export.trigger()
    dialog = window.export_dialog
    assert dialog is not None
    assert sorted([small.documents[0], small.documents[2]]) == sorted(dialog.document_ids)
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=10_000)
    quotes = {a.exact for d in dialog.document_ids for a in small.library.annotations(d)}
    others = {a.exact for a in small.library.annotations(small.documents[1])}
    assert quotes and all(q in dialog.text for q in quotes)
    assert not any(q in dialog.text for q in others - quotes)


def _tree_paths(small: SmallLibrary) -> list[tuple[str, int]]:
    return [(c.path, c.position) for c in collections.collections(small.library)]


def test_a_collection_dropped_on_another_moves_under_it_undoably(small_window, small: SmallLibrary) -> None:
    """Dropping a collection's drag on another puts it there; on All documents at the top; undo puts it back."""
    window, manager, stack = small_window, small_window.library_manager, small_window.undo_stack
    course = manager.create_collection("Course")
    week = manager.create_collection("Week 1", course.id)
    manager.create_collection("Week 2", course.id)
    project = manager.create_collection("Project")
    assert course is not None and week is not None and project is not None
    before = _tree_paths(small)
    tree = window.collections_tree.model
    assert tree.dropMimeData(collection_id_mime(week.id), Qt.DropAction.MoveAction, -1, -1, tree.index_of(project.id))
    assert "Project/Week 1" in _names(small)
    assert tree.index_of(project.id) == tree.index_of(week.id).parent()
    stack.undo()
    assert before == _tree_paths(small)  # its old parent, its old place
    stack.redo()
    assert "Project/Week 1" in _names(small)
    assert tree.dropMimeData(collection_id_mime(week.id), Qt.DropAction.MoveAction, -1, -1, tree.index_of(None))
    assert "Week 1" in _names(small)
    stack.undo()
    stack.undo()
    assert before == _tree_paths(small)


def test_a_collection_dropped_between_siblings_takes_its_place_undoably(small_window, small: SmallLibrary) -> None:
    """Week 3 dropped above Week 1 comes first in the tree (stored); undo puts every week back in its place."""
    window, manager, stack = small_window, small_window.library_manager, small_window.undo_stack
    course = manager.create_collection("Course")
    weeks = [manager.create_collection(f"Week {n}", course.id) for n in (1, 2, 3)]
    assert course is not None and all(weeks)
    before = _tree_paths(small)
    tree = window.collections_tree.model
    course_index = tree.index_of(course.id)
    assert tree.dropMimeData(collection_id_mime(weeks[2].id), Qt.DropAction.MoveAction, 0, 0, course_index)
    shown = [tree.index(row, 0, tree.index_of(course.id)).data() for row in range(3)]
    assert ["Week 3", "Week 1", "Week 2"] == shown
    assert ["Course/Week 3", "Course/Week 1", "Course/Week 2"] == [p for p, _ in _tree_paths(small)][1:]
    stack.undo()
    assert before == _tree_paths(small)
    stack.redo()
    assert ["Week 3", "Week 1", "Week 2"] == [tree.index(r, 0, tree.index_of(course.id)).data() for r in range(3)]


def test_a_collection_dropped_into_its_own_subtree_is_refused(small_window, small: SmallLibrary) -> None:
    """The library's message is shown; nothing changes and nothing is on the undo stack."""
    window, manager = small_window, small_window.library_manager
    course = manager.create_collection("Course")
    week = manager.create_collection("Week 1", course.id)
    assert course is not None and week is not None
    before, count = _tree_paths(small), window.undo_stack.count()
    tree = window.collections_tree.model
    tree.dropMimeData(collection_id_mime(course.id), Qt.DropAction.MoveAction, -1, -1, tree.index_of(week.id))
    assert before == _tree_paths(small)
    assert count == window.undo_stack.count()
    assert window.error_dialog is not None and "inside itself" in window.error_dialog.text()


def test_rename_in_place_undo_redo_and_refused_names(small_window, small: SmallLibrary) -> None:
    """An edited name is stored and undoable; an empty or a sibling's name is refused with its message."""
    window, manager, stack = small_window, small_window.library_manager, small_window.undo_stack
    course = manager.create_collection("Course")
    manager.create_collection("Project")
    assert course is not None
    tree = window.collections_tree.model
    assert tree.setData(tree.index_of(course.id), "Media course", Qt.ItemDataRole.EditRole)
    assert ["Media course", "Project"] == _names(small)
    assert "Media course" == tree.index_of(course.id).data()
    stack.undo()
    assert ["Course", "Project"] == _names(small)
    stack.redo()
    assert ["Media course", "Project"] == _names(small)
    count = stack.count()
    for refused, message in (("  ", "needs a name"), ("Project", "there already")):
        window.error_dialog = None
        tree.setData(tree.index_of(course.id), refused, Qt.ItemDataRole.EditRole)
        assert ["Media course", "Project"] == _names(small)
        assert count == stack.count()
        assert window.error_dialog is not None and message in window.error_dialog.text()


def test_escape_in_the_name_editor_keeps_the_name(qtbot, small_window, small: SmallLibrary) -> None:
    """F2 opens an editor on the chosen collection; Escape closes it, nothing renamed, nothing to undo."""
    window, manager = small_window, small_window.library_manager
    course = manager.create_collection("Course")
    assert course is not None
    view = window.collections_tree.view
    window.collections_tree.select_collection(course.id)
    count = window.undo_stack.count()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex()) or view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("Something else")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)  # the delegate closes it queued
    assert ["Course"] == _names(small)
    assert "Course" == window.collections_tree.model.index_of(course.id).data()
    assert count == window.undo_stack.count()


def test_enter_in_the_name_editor_renames(qtbot, small_window, small: SmallLibrary) -> None:
    """F2, a new name and Enter rename the collection through the manager; the tree shows it, still chosen."""
    window, manager = small_window, small_window.library_manager
    course = manager.create_collection("Course")
    assert course is not None
    view = window.collections_tree.view
    window.collections_tree.select_collection(course.id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("Media course")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)  # committed queued, then closed
    assert ["Media course"] == _names(small)
    assert "Media course" == window.collections_tree.model.index_of(course.id).data()
    assert course.id == window.collections_tree.current_collection_id()
