"""Undoing a conflict's resolution: the conflict is open again and the library exactly as before it."""

from __future__ import annotations

from storage import Library
from storage.anchoring.versions import update_document
from storage.sync import list_conflicts, resolve_conflict, sync, unresolve

from .conftest import ARTICLE, Classroom, article

_TABLES = ("documents", "document_versions", "annotations", "annotation_tags", "sync_changes", "sync_annotations",
           "sync_documents", "sync_conflicts")  # fmt: skip
VOTE = "The council voted seven to two"


def _contents(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a resolution writes."""
    return {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in _TABLES}


def _laptops(classroom: Classroom) -> tuple[Library, Library, str]:
    """The teacher's two laptops with the article and one claim on both; returns (first, second, uuid)."""
    first = classroom.library(classroom.teacher, "-home")
    document = first.import_document(article())[0].id
    start = "\n".join(ARTICLE).index(VOTE)
    claim = first.add_annotation(document, start, start + len(VOTE), "fact", note="first thought")
    assert sync(first).ok
    second = classroom.library(classroom.teacher, "-school")
    assert sync(second).ok
    return first, second, claim.uuid


def test_undoing_keep_mine_on_a_note_puts_theirs_and_the_conflict_back(classroom: Classroom) -> None:
    """Keep mine, then unresolve: the library is row for row as before; keeping mine again syncs as before."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok and 1 == sync(second).conflicts
    [conflict] = list_conflicts(second)
    before = _contents(second)
    resolution = resolve_conflict(second, conflict.id, "mine")
    assert "from school" == second.annotation(uuid).note and [] == list_conflicts(second)
    assert not resolution.reanchors and "mine" == resolution.conflict.resolution
    reopened = unresolve(second, resolution)
    assert "" == reopened.resolved and before == _contents(second)
    resolve_conflict(second, conflict.id, "mine")  # redo
    assert sync(second).ok and sync(first).ok
    assert "from school" == first.annotation(uuid).note


def test_undoing_keep_theirs_only_reopens_the_conflict(classroom: Classroom) -> None:
    """Keeping theirs changes no claim; its undo opens the conflict again and changes nothing else."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok and 1 == sync(second).conflicts
    [conflict] = list_conflicts(second)
    before = _contents(second)
    resolution = resolve_conflict(second, conflict.id, "theirs")
    assert "from home" == second.annotation(uuid).note
    unresolve(second, resolution)
    assert before == _contents(second)


def test_undoing_keep_mine_against_a_deletion_takes_the_claim_away_again(classroom: Classroom) -> None:
    """Deleted elsewhere, edited here: keeping mine brings the claim back; the undo deletes it and reopens."""
    first, second, uuid = _laptops(classroom)
    first.delete_annotation(uuid)
    second.update_annotation(uuid, note="still thinking")
    assert sync(first).ok and sync(second).ok
    [conflict] = list_conflicts(second)
    before = _contents(second)
    resolution = resolve_conflict(second, conflict.id, "mine")
    assert ["still thinking"] == [a.note for a in second.annotations()]
    unresolve(second, resolution)
    assert [] == second.annotations() and before == _contents(second)


def test_undoing_keep_mine_after_it_was_synced_sends_theirs_again(classroom: Classroom) -> None:
    """Once a sync sent mine, the undo is an ordinary change: the next sync puts theirs back everywhere."""
    first, second, uuid = _laptops(classroom)
    first.update_annotation(uuid, note="from home")
    second.update_annotation(uuid, note="from school")
    assert sync(first).ok and 1 == sync(second).conflicts
    [conflict] = list_conflicts(second)
    resolution = resolve_conflict(second, conflict.id, "mine")
    assert sync(second).ok and sync(first).ok and "from school" == first.annotation(uuid).note
    unresolve(second, resolution)
    assert "from home" == second.annotation(uuid).note and 1 == len(list_conflicts(second))
    assert sync(second).ok and sync(first).ok
    assert "from home" == first.annotation(uuid).note == second.annotation(uuid).note


def test_undoing_keep_my_text_restores_the_text_its_version_and_every_claims_place(classroom: Classroom) -> None:
    """A text replaced on both laptops: keeping mine re-anchors every claim; the undo puts all of it back exactly."""
    first, second, uuid = _laptops(classroom)
    document = second.documents()[0].id
    update_document(first, first.documents()[0].id, article(["Breaking news from the harbour", *ARTICLE]))
    update_document(second, document, article([*ARTICLE, "A reader wrote in to say the ban is a mistake."]))
    assert sync(first).ok and 1 == sync(second).conflicts
    [conflict] = list_conflicts(second)
    assert "sha256" == conflict.field
    before = _contents(second)
    shown_before = second.annotation(uuid)
    progress: list[tuple[int, int]] = []
    resolution = resolve_conflict(second, conflict.id, "mine", progress=lambda d, t: progress.append((d, t)))
    assert resolution.reanchors and second.document_text(document).endswith("the ban is a mistake.")
    moved = second.annotation(uuid)
    assert VOTE == second.document_text(document)[moved.start : moved.end] and moved.start != shown_before.start
    unresolve(second, resolution)
    assert before == _contents(second)
    assert shown_before == second.annotation(uuid) and second.document_text(document).startswith("Breaking news")
    resolve_conflict(second, conflict.id, "mine")
    assert sync(second).ok and sync(first).ok
    assert first.document_text(first.documents()[0].id).endswith("the ban is a mistake.")
