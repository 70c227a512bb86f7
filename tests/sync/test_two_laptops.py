"""Offline edits on two laptops of the same person, and of different people, merging through the server."""

from __future__ import annotations

from storage import Library
from storage.sync import list_conflicts, resolve, sync

from .conftest import Classroom, article


def _laptops(classroom: Classroom) -> tuple[Library, Library, str]:
    """Alice's two laptops, both holding the shared article with one claim of hers; returns (a, b, uuid)."""
    alice = classroom.add("alice")
    first = classroom.library(alice, "-home")
    summary, _ = first.import_document(article())
    claim = first.add_annotation(summary.id, 19, 30, "fact", note="first thought", tags=["port"])
    assert sync(first).ok
    second = classroom.library(alice, "-school")
    assert sync(second).ok
    assert [claim.uuid] == [a.uuid for a in second.annotations()]
    return first, second, claim.uuid


def test_edits_of_different_fields_on_two_laptops_merge(classroom: Classroom) -> None:
    """A note changed on one laptop and type, speaker and tags on the other end up together on both."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="second thought", tags=["port", "jobs"])
    second.update_annotation(uuid, claim_type="opinion", speaker="the mayor", tags=[])
    for library in (first, second, first):
        assert sync(library).ok
    for library in (first, second):
        merged = library.annotation(uuid)
        assert ("opinion", "second thought", "the mayor", ("jobs",)) == (
            merged.claim_type, merged.note, merged.speaker, merged.tags)  # fmt: skip
    assert [] == list_conflicts(first) == list_conflicts(second)


def test_the_same_field_changed_on_both_laptops_is_kept_as_a_conflict(classroom: Classroom) -> None:
    """The later sync's note is not lost: the library shows the server's, the conflict keeps mine."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok
    state = sync(second)
    assert state.ok and 1 == state.new_conflicts == state.conflicts
    [conflict] = list_conflicts(second)
    assert ("note", "from school", "from home") == (conflict.field, conflict.mine, conflict.theirs)
    assert "from home" == second.annotation(uuid).note
    resolve(second, conflict.id, "mine")
    assert sync(second).ok and sync(first).ok
    assert "from school" == first.annotation(uuid).note == second.annotation(uuid).note
    assert [] == list_conflicts(second)


def test_an_edit_against_a_delete_keeps_the_claim_in_a_conflict(classroom: Classroom) -> None:
    """Deleted on one laptop, edited on the other: the deletion wins on both, the edited claim can come back."""
    first, second, uuid = _laptops(classroom)
    first.delete_annotation(uuid)
    second.update_annotation(uuid, note="still thinking")
    assert sync(first).ok and sync(second).ok
    assert [] == second.annotations()
    [conflict] = list_conflicts(second)
    assert ("deleted", False, True) == (conflict.field, conflict.mine, conflict.theirs)
    resolve(second, conflict.id, "mine")
    assert sync(second).ok and sync(first).ok
    assert ["still thinking"] == [a.note for a in first.annotations()]


def test_a_delete_of_an_unchanged_claim_reaches_the_other_laptop(classroom: Classroom) -> None:
    """A claim deleted on one laptop and untouched on the other is gone from both, with no conflict."""
    first, second, uuid = _laptops(classroom)
    first.delete_annotation(uuid)
    assert sync(first).ok and sync(second).ok
    assert [] == second.annotations() and [] == list_conflicts(second)


def test_two_students_tag_offline_and_the_teacher_gets_both(classroom: Classroom) -> None:
    """Claims made offline by two people each arrive, once, in the teacher's library."""
    teacher = classroom.library(classroom.teacher)
    summary, _ = teacher.import_document(article())
    assert sync(teacher).ok
    students = [classroom.library(classroom.add(name)) for name in ("alice", "bob")]
    for library in students:
        assert sync(library).ok
        document = library.documents()[0].id
        for start in (0, 40, 80):
            library.add_annotation(document, start, start + 10, "quote")
    for library in students:
        assert sync(library).ok and 0 == sync(library).pending
    assert sync(teacher).ok
    by_annotator: dict[str, int] = {}
    for claim in teacher.annotations(summary.id):
        by_annotator[claim.annotator] = by_annotator.get(claim.annotator, 0) + 1
    assert {students[0].annotator: 3, students[1].annotator: 3} == by_annotator


def test_where_an_imported_claim_came_from_travels_with_it(classroom: Classroom) -> None:
    """A claim brought in from another tool keeps its origin on the other laptop, so re-imports find it."""
    alice = classroom.add("alice")
    first = classroom.library(alice, "-home")
    summary, _ = first.import_document(article())
    claim = first.add_annotation(summary.id, 19, 30, "untyped")
    with first.transaction() as conn:  # as an import from Hypothesis records it
        conn.execute(
            "UPDATE annotations SET origin_format = 'hypothesis', origin_id = 'h1', origin_url = 'https://example.org/a'"
            " WHERE uuid = ?",
            [claim.uuid],
        )
    assert sync(first).ok
    second = classroom.library(alice, "-school")
    assert sync(second).ok
    arrived = second.annotation(claim.uuid)
    assert ("hypothesis", "h1", "https://example.org/a") == (
        arrived.origin_format,
        arrived.origin_id,
        arrived.origin_url,
    )
