"""Collections: a tree of named groups of documents, every change undoable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import InvalidAnnotation, Library, NotFound
from storage.research import collections

from .research_library import SmallLibrary, fill


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def test_a_tree_of_collections_with_documents_in_several(small: SmallLibrary) -> None:
    """Collections nest; a document can be in several; a parent's documents include its children's."""
    lib, (harbour, fishing, council) = small.library, small.documents
    course = collections.create(lib, "Journalism 101")
    week1 = collections.create(lib, "Week 1", parent=course.id)
    week2 = collections.create(lib, "Week 2", parent=course.id)
    project = collections.create(lib, "Harbour project")
    assert [harbour, fishing] == sorted(collections.add_documents(lib, week1.id, [harbour, fishing, harbour]))
    collections.add_documents(lib, week2.id, [council])
    collections.add_documents(lib, project.id, [harbour])
    paths = [c.path for c in collections.collections(lib)]  # siblings in the order they were made
    assert ["Journalism 101", "Journalism 101/Week 1", "Journalism 101/Week 2", "Harbour project"] == paths
    [first, second] = collections.tree(lib)
    assert (["Week 1", "Week 2"], "Harbour project") == (
        [n.collection.name for n in first.children],
        second.collection.name,
    )
    assert {harbour, fishing, council} == set(collections.document_ids(lib, course.id))
    assert [] == collections.document_ids(lib, course.id, nested=False)
    assert ["Journalism 101/Week 1", "Harbour project"] == [c.path for c in collections.collections_of(lib, harbour)]
    assert week2.id == collections.find(lib, "journalism 101/week 2").id == collections.find(lib, str(week2.id)).id


def test_rename_move_and_their_undo_data(small: SmallLibrary) -> None:
    """rename and move return the collection as it was, which puts it back."""
    lib = small.library
    course = collections.create(lib, "Course")
    week = collections.create(lib, "Week", parent=course.id)
    before = collections.rename(lib, week.id, "  Week   One ")
    assert ("Week", "Course/Week One") == (before.name, collections.collection(lib, week.id).path)
    before, places = collections.move(lib, week.id, None)
    assert "Week One" == collections.collection(lib, week.id).path == before.name and before.parent_id == course.id
    collections.restore_places(lib, places)
    assert "Course/Week One" == collections.collection(lib, week.id).path
    with pytest.raises(InvalidAnnotation, match="inside itself"):
        collections.move(lib, course.id, week.id)


def test_delete_returns_what_restore_puts_back(small: SmallLibrary) -> None:
    """Deleting removes the subtree and its memberships (never documents); restore brings all back."""
    lib = small.library
    course = collections.create(lib, "Course")
    week = collections.create(lib, "Week", parent=course.id)
    collections.add_documents(lib, week.id, small.documents[:2])
    removed = collections.delete(lib, course.id)
    assert ([], 3) == (collections.collections(lib), len(lib.documents()))
    assert ["Course", "Course/Week"] == [c.path for c in removed.collections] and 2 == len(removed.memberships)
    collections.restore(lib, removed)
    assert sorted(small.documents[:2]) == sorted(collections.document_ids(lib, course.id))
    assert week.id == collections.find(lib, "Course/Week").id


def test_remove_documents_returns_their_added_times(small: SmallLibrary) -> None:
    """remove_documents gives back when each was added; adding with those times restores them exactly."""
    lib = small.library
    week = collections.create(lib, "Week")
    collections.add_documents(lib, week.id, small.documents)
    stamps = {d: a for _, d, a in collections.delete(lib, week.id).memberships}
    week = collections.create(lib, "Week")
    collections.add_documents(lib, week.id, small.documents, added=stamps)
    removed = collections.remove_documents(lib, week.id, [small.documents[0], 999])
    assert {small.documents[0]: stamps[small.documents[0]]} == removed
    collections.add_documents(lib, week.id, list(removed), added=removed)
    assert sorted(small.documents) == sorted(collections.document_ids(lib, week.id))


def test_names_and_references_are_checked(small: SmallLibrary) -> None:
    """Empty, taken (case-insensitively, among siblings) or slashed names, and unknown references, are refused."""
    lib = small.library
    course = collections.create(lib, "Course")
    collections.create(lib, "Week", parent=course.id)
    other = collections.create(lib, "Other course")
    collections.create(lib, "Week", parent=other.id)  # another parent: the same name is fine
    for name, parent in (("", None), ("course", None), ("week", course.id), ("a/b", None)):
        with pytest.raises(InvalidAnnotation):
            collections.create(lib, name, parent=parent)
    with pytest.raises(NotFound, match="2 collections"):
        collections.find(lib, "week")
    with pytest.raises(NotFound):
        collections.add_documents(lib, course.id, [999])
    with pytest.raises(NotFound):
        collections.create(lib, "Orphan", parent=999)


def test_a_collection_moved_before_a_sibling_takes_its_place_and_its_undo_puts_all_back(small: SmallLibrary) -> None:
    """move(before=) puts a collection just before a sibling (from anywhere); restore_places undoes it exactly."""
    lib = small.library
    course = collections.create(lib, "Course")
    weeks = [collections.create(lib, f"Week {n}", parent=course.id) for n in (1, 2, 3)]
    other = collections.create(lib, "Reading list")

    def names(parent: int | None) -> list[str]:
        return [c.name for c in collections.collections(lib) if c.parent_id == parent]

    assert ["Week 1", "Week 2", "Week 3"] == names(course.id)
    _, places = collections.move(lib, weeks[2].id, course.id, before=weeks[0].id)
    assert ["Week 3", "Week 1", "Week 2"] == names(course.id)
    collections.restore_places(lib, places)
    assert ["Week 1", "Week 2", "Week 3"] == names(course.id)
    _, places = collections.move(lib, other.id, course.id, before=weeks[1].id)  # from the top level, in between
    assert ["Week 1", "Reading list", "Week 2", "Week 3"] == names(course.id) and ["Course"] == names(None)
    collections.restore_places(lib, places)
    assert ["Week 1", "Week 2", "Week 3"] == names(course.id) and ["Course", "Reading list"] == names(None)
    with pytest.raises(InvalidAnnotation, match="not beside"):
        collections.move(lib, weeks[0].id, None, before=weeks[1].id)  # that sibling is under Course
    with pytest.raises(InvalidAnnotation, match="not beside"):
        collections.move(lib, weeks[0].id, course.id, before=weeks[0].id)
