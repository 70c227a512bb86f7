"""Documents across members (texts travel once; a new version re-anchors everyone's claims) and sharing."""

from __future__ import annotations

from storage.anchoring import update_document
from storage.sync import set_shared, sync

from .conftest import ARTICLE, Classroom, article

EDITED = [ARTICLE[0], "Breaking: the port is to close.", *ARTICLE[1:]]  # a paragraph inserted before the rest


def test_the_same_article_imported_by_two_members_is_one_document(classroom: Classroom) -> None:
    """Two students importing the same text share one server document and one stored text."""
    students = [classroom.library(classroom.add(name)) for name in ("alice", "bob")]
    for library in students:
        summary, _ = library.import_document(article())
        library.add_annotation(summary.id, 0, 7, "fact")
        assert sync(library).ok
    assert sync(students[0]).ok
    with classroom.connect(classroom.teacher) as conn:
        assert 1 == conn.execute("SELECT count(*) FROM claimmark.documents").fetchone()[0]
        assert 1 == conn.execute("SELECT count(*) FROM claimmark.texts").fetchone()[0]
        assert (2, 1) == conn.execute("SELECT count(*), count(DISTINCT document) FROM claimmark.annotations").fetchone()
    assert [1, 1] == [len(library.documents()) for library in students]


def test_a_new_version_of_the_text_re_anchors_the_others_claims(classroom: Classroom) -> None:
    """The teacher replaces the text; on pull, a student's claim moves with its words, as does the teacher's copy."""
    teacher = classroom.library(classroom.teacher)
    summary, _ = teacher.import_document(article())
    assert sync(teacher).ok
    alice = classroom.library(classroom.add("alice"))
    assert sync(alice).ok
    document = alice.documents()[0].id
    text = alice.document_text(document)
    start = text.index("Tour operators")
    claim = alice.add_annotation(document, start, start + len("Tour operators"), "quote")
    assert sync(alice).ok and sync(teacher).ok
    update_document(teacher, summary.id, article(EDITED))
    assert sync(teacher).ok
    state = sync(alice)
    assert state.ok and (document,) == state.replaced_texts and document in state.changed_documents
    new_text = alice.document_text(document)
    moved = alice.annotation(claim.uuid)
    assert "Breaking: the port is to close." in new_text
    assert ("Tour operators", "moved") == (new_text[moved.start : moved.end], moved.status)
    assert sync(alice).ok and sync(teacher).ok
    in_teacher = teacher.annotation(claim.uuid)
    assert "Tour operators" == teacher.document_text(summary.id)[in_teacher.start : in_teacher.end]
    with classroom.connect(classroom.teacher) as conn:
        versions = conn.execute("SELECT text_version FROM claimmark.document_texts ORDER BY 1").fetchall()
        assert [(1,), (2,)] == versions


def test_a_claim_placed_on_an_older_text_is_re_anchored_where_it_arrives(classroom: Classroom) -> None:
    """A library joining after a new version gets a claim still placed on the old text, and moves it onto the new."""
    teacher = classroom.library(classroom.teacher)
    summary, _ = teacher.import_document(article())
    assert sync(teacher).ok
    alice = classroom.library(classroom.add("alice"))
    assert sync(alice).ok
    start = alice.document_text(1).index("Tour operators")
    claim = alice.add_annotation(1, start, start + len("Tour operators"), "quote")
    assert sync(alice).ok and sync(teacher).ok
    update_document(teacher, summary.id, article(EDITED))
    assert sync(teacher).ok
    with classroom.connect(classroom.teacher) as conn:  # alice has not synced since: her claim is on version 1
        old_sha = conn.execute("SELECT sha256 FROM claimmark.document_texts WHERE text_version = 1").fetchone()[0]
        assert [(old_sha,)] == conn.execute("SELECT text_sha256 FROM claimmark.annotations").fetchall()
    second_laptop = classroom.library(classroom.teacher, "-laptop")
    state = sync(second_laptop)
    assert state.ok
    arrived = second_laptop.annotation(claim.uuid)
    text = second_laptop.document_text(second_laptop.documents()[0].id)
    assert "Breaking" in text and "Tour operators" == text[arrived.start : arrived.end]
    assert "moved" == arrived.status


def test_sharing_on_brings_classmates_claims_and_off_takes_them_away(classroom: Classroom) -> None:
    """When the teacher shares, a student's next sync gets the others' claims; unsharing removes them again."""
    teacher = classroom.library(classroom.teacher)
    summary, _ = teacher.import_document(article())
    teacher.add_annotation(summary.id, 0, 7, "fact", note="key")
    assert sync(teacher).ok
    alice, bob = (classroom.library(classroom.add(name)) for name in ("alice", "bob"))
    assert sync(bob).ok
    bob.add_annotation(bob.documents()[0].id, 10, 20, "opinion")
    assert sync(bob).ok and sync(alice).ok
    assert [] == alice.annotations()
    set_shared(classroom.dsn(classroom.teacher), classroom.group, True)
    assert sync(alice).ok
    assert {bob.annotator, teacher.annotator} == {a.annotator for a in alice.annotations()}
    set_shared(classroom.dsn(classroom.teacher), classroom.group, False)
    assert sync(alice).ok
    assert [] == alice.annotations()


def test_a_readers_changes_stay_in_their_library(classroom: Classroom) -> None:
    """A read-only member receives the group's documents; their own claims stay local, counted as kept here."""
    teacher = classroom.library(classroom.teacher)
    teacher.import_document(article())
    assert sync(teacher).ok
    reader = classroom.library(classroom.add("parent", "reader"))
    assert sync(reader).ok
    reader.add_annotation(reader.documents()[0].id, 0, 7, "fact")
    state = sync(reader)
    assert state.ok and 1 == state.held == state.pending
    with classroom.connect(classroom.teacher) as conn:
        assert 0 == conn.execute("SELECT count(*) FROM claimmark.annotations").fetchone()[0]
    assert 1 == len(reader.annotations())
