"""The item models of the managing views pass Qt's model checks and show what storage holds."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from gui.library_model import DOCUMENT_IDS_MIME, DocumentFilterModel, DocumentIdRole, LibraryModel
from gui.research.collection_model import (
    CollectionIdRole,
    CollectionTreeModel,
    collection_id_from,
    collection_id_mime,
    document_ids_from,
    document_ids_mime,
)
from gui.research.similar_panel import DocumentIdRole as SimilarDocumentRole
from gui.research.similar_panel import SimilarClaimsModel, UuidRole
from gui.research.tag_manager import TagNameRole, TagTableModel
from gui.research.type_manager import ClaimTypeListModel, NameRole, UsageRole
from storage import Annotation, ClaimType, DocumentSummary
from storage.research.collections import Collection, CollectionNode
from storage.research.similar import SimilarClaim
from storage.research.tag_changes import TagUse


def _collection(collection_id: int, name: str, parent: int | None = None, documents: int = 0) -> Collection:
    return Collection(collection_id, name, parent, collection_id, "2026-01-01", path=name, documents=documents)


def _tree() -> list[CollectionNode]:
    week = CollectionNode(_collection(3, "Week 2", 1, documents=2))
    course = CollectionNode(_collection(1, "Course", documents=1), [week, CollectionNode(_collection(4, "Week 3", 1))])
    return [course, CollectionNode(_collection(2, "Project"))]


def test_collection_tree_model_passes_the_model_tester(qtmodeltester) -> None:
    """All documents first, then the collections nested as storage gives them, through resets."""
    model = CollectionTreeModel()
    qtmodeltester.check(model)
    model.set_tree(_tree(), total=7)
    qtmodeltester.check(model)
    assert 3 == model.rowCount()  # All documents, Course, Project
    assert "All documents" == model.index(0, 0).data()
    assert "7" == model.index(0, 1).data()
    course = model.index(1, 0)
    assert ["Week 2", "Week 3"] == [model.index(r, 0, course).data() for r in range(model.rowCount(course))]
    week = model.index(0, 0, course)
    assert 3 == week.data(CollectionIdRole)
    assert course == model.parent(week)
    assert week == model.index_of(3)
    assert not model.index_of(99).isValid()
    model.set_tree([], total=0)
    qtmodeltester.check(model)
    assert 1 == model.rowCount()


def test_documents_dropped_on_a_collection_are_asked_for(qtbot) -> None:
    """Dropping dragged document ids on a collection asks to add them; on All documents it is refused."""
    model = CollectionTreeModel()
    model.set_tree(_tree(), total=7)
    mime = document_ids_mime([5, 8])
    assert [5, 8] == document_ids_from(mime)
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, model.index_of(None))
    with qtbot.waitSignal(model.documents_dropped) as dropped:
        assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, model.index_of(2))
    assert [2, [5, 8]] == dropped.args


def test_a_collection_dropped_between_rows_asks_to_go_beside_them(qtbot) -> None:
    """Between two rows: before the lower one, under their parent; below the last: last; where it is: nothing."""
    model = CollectionTreeModel()
    model.set_tree(_tree(), total=7)  # All documents, Course (Week 2, Week 3), Project
    course = model.index_of(1)
    with qtbot.waitSignal(model.collection_dropped) as dropped:  # Week 3 dropped above Week 2
        assert model.dropMimeData(collection_id_mime(4), Qt.DropAction.MoveAction, 0, 0, course)
    assert [4, 1, 3] == dropped.args
    with qtbot.waitSignal(model.collection_dropped) as dropped:  # Project dropped between Week 2 and Week 3
        assert model.dropMimeData(collection_id_mime(2), Qt.DropAction.MoveAction, 1, 0, course)
    assert [2, 1, 4] == dropped.args
    with qtbot.waitSignal(model.collection_dropped) as dropped:  # Project dropped between All documents and Course
        assert model.dropMimeData(collection_id_mime(2), Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert [2, None, 1] == dropped.args
    with qtbot.waitSignal(model.collection_dropped) as dropped:  # Week 2 dropped below the last top-level row
        assert model.dropMimeData(collection_id_mime(3), Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [3, None, None] == dropped.args
    with qtbot.assertNotEmitted(model.collection_dropped):  # Week 2 dropped just above or below itself
        assert not model.dropMimeData(collection_id_mime(3), Qt.DropAction.MoveAction, 0, 0, course)
        assert not model.dropMimeData(collection_id_mime(3), Qt.DropAction.MoveAction, 1, 0, course)
        assert not model.dropMimeData(collection_id_mime(2), Qt.DropAction.MoveAction, 3, 0, QModelIndex())


def test_a_collection_dragged_in_the_tree_asks_to_move_and_an_edit_asks_to_rename(qtbot) -> None:
    """A collection's drag carries its id; dropped on another or on All documents it asks to go there."""
    model = CollectionTreeModel()
    model.set_tree(_tree(), total=7)
    mime = model.mimeData([model.index_of(3)])
    assert mime is not None and 3 == collection_id_from(mime)
    assert model.mimeData([model.index_of(None)]) is None  # All documents is not dragged
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index_of(2))
    with qtbot.waitSignal(model.collection_dropped) as dropped:
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index_of(2))
    assert [3, 2, None] == dropped.args
    with qtbot.waitSignal(model.collection_dropped) as dropped:
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index_of(None))
    assert [3, None, None] == dropped.args
    with qtbot.assertNotEmitted(model.collection_dropped):  # already under Course
        assert not model.dropMimeData(collection_id_mime(3), Qt.DropAction.MoveAction, -1, -1, model.index_of(1))
    assert model.flags(model.index_of(3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of(None)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.rename_requested) as renamed:
        assert model.setData(model.index_of(3), "Week two")
    assert [3, "Week two"] == renamed.args
    with qtbot.assertNotEmitted(model.rename_requested):
        assert not model.setData(model.index_of(3), "Week 2")  # unchanged
        assert not model.setData(model.index_of(None), "Everything")


def test_the_library_list_drags_ids_and_filters_by_collection(qtmodeltester) -> None:
    """Dragged rows carry their document ids; the filter model shows only a collection's documents."""
    model = LibraryModel()
    model.set_documents([DocumentSummary(i, f"Title {i}", "", "", "", "text", "") for i in (1, 2, 3)])
    mime = model.mimeData([model.index(0), model.index(2)])
    assert mime.hasFormat(DOCUMENT_IDS_MIME)
    assert [1, 3] == document_ids_from(mime)
    proxy = DocumentFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_document_ids({2, 3})
    assert [2, 3] == [proxy.index(r, 0).data(DocumentIdRole) for r in range(proxy.rowCount())]
    proxy.set_document_ids(None)
    assert 3 == proxy.rowCount()


def test_claim_type_list_model(qtmodeltester) -> None:
    """One row per type in order, with its use and shortcut shown."""
    model = ClaimTypeListModel()
    qtmodeltester.check(model)
    types = [ClaimType("fact", "Fact", "#2f7ed8", "solid", "F"), ClaimType("opinion", "Opinion", "#e07b00", "dash")]
    model.set_types(types, {"fact": 3})
    qtmodeltester.check(model)
    assert ["fact", "opinion"] == [model.index(r).data(NameRole) for r in range(2)]
    assert "Fact  [F]  ·  3" == model.index(0).data()
    assert 0 == model.index(1).data(UsageRole)
    assert 1 == model.row_of("opinion")


def test_tag_table_model(qtmodeltester) -> None:
    """Two columns, name and count; the sort role orders counts as numbers."""
    model = TagTableModel()
    qtmodeltester.check(model)
    model.set_tags([TagUse("budget", 12), TagUse("harbour", 9)])
    qtmodeltester.check(model)
    assert ("budget", "12") == (model.index(0, 0).data(), model.index(0, 1).data())
    assert 9 == model.index(1, 1).data(Qt.ItemDataRole.EditRole)
    assert "harbour" == model.index(1, 0).data(TagNameRole)
    assert 0 == model.rowCount(model.index(0, 0))


def test_similar_claims_model(qtmodeltester) -> None:
    """Document, speaker, type label, how alike and the quote; ids in custom roles."""
    model = SimilarClaimsModel()
    qtmodeltester.check(model)
    claim = Annotation("u-1", 4, 0, 10, "The  minister said", "", "", "quote", speaker="Ana")
    model.set_found([SimilarClaim(claim, "Fishing crews", 96.4, "near")], {"quote": "Quote"})
    qtmodeltester.check(model)
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert ["Fishing crews", "Ana", "Quote", "96 · near", "The minister said"] == row
    assert ("u-1", 4) == (model.index(0, 0).data(UuidRole), model.index(0, 0).data(SimilarDocumentRole))
    assert 0 == model.rowCount(QModelIndex()) - 1
