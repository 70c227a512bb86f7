"""Field-by-field merging of two versions of a row against their base (pure functions, no server)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storage.sync.merge import merge_annotation, merge_document, merge_tags

BASE: dict[str, Any] = {
    "uuid": "u", "document": "d", "annotator": "amira", "start": 0, "end": 5, "exact": "Hello", "prefix": "",
    "suffix": " world", "claim_type": "fact", "note": "", "speaker": "", "tags": ["port"], "status": "anchored",
    "score": 1.0, "created": "t0", "updated": "t0", "old_exact": "", "text_sha256": "s1", "deleted": False,
}  # fmt: skip


def _row(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def test_a_field_changed_on_one_side_takes_that_side() -> None:
    """Mine changed the note, theirs the type: the merge has both, with no conflict."""
    merged = merge_annotation(BASE, _row(note="mine", updated="t2"), _row(claim_type="opinion", updated="t1"))
    assert ("mine", "opinion", "t2", []) == (merged.row["note"], merged.row["claim_type"], merged.row["updated"],
                                            merged.conflicts)  # fmt: skip


def test_a_field_changed_differently_on_both_sides_conflicts_and_keeps_theirs() -> None:
    """Both changed the speaker: the row keeps theirs, the conflict keeps mine."""
    merged = merge_annotation(BASE, _row(speaker="the mayor"), _row(speaker="the council"))
    assert "the council" == merged.row["speaker"]
    assert [("speaker", "the mayor", "the council")] == [(c.field, c.mine, c.theirs) for c in merged.conflicts]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    """Both set the same note: no conflict."""
    assert [] == merge_annotation(BASE, _row(note="same"), _row(note="same")).conflicts


def test_a_deletion_of_an_untouched_claim_wins_and_of_an_edited_one_conflicts() -> None:
    """Deleted here and untouched there: deleted. Deleted here, edited there: kept, with a conflict."""
    assert merge_annotation(BASE, _row(deleted=True), BASE).row["deleted"]
    edited = merge_annotation(BASE, _row(deleted=True), _row(note="theirs"))
    assert not edited.row["deleted"] and [("deleted", True, False)] == [
        (c.field, c.mine, c.theirs) for c in edited.conflicts
    ]
    kept = merge_annotation(BASE, _row(note="mine"), _row(deleted=True))
    assert kept.row["deleted"] and [("deleted", False, True)] == [(c.field, c.mine, c.theirs) for c in kept.conflicts]


def test_a_placement_changed_here_only_is_kept() -> None:
    """Re-anchored here (new text), untouched there: the merge keeps my placement."""
    merged = merge_annotation(BASE, _row(start=7, end=12, text_sha256="s2"), _row(note="theirs"))
    assert (7, 12, "s2", "theirs") == (merged.row["start"], merged.row["end"], merged.row["text_sha256"],
                                       merged.row["note"])  # fmt: skip


def test_tags_merge_as_additions_and_removals() -> None:
    """I removed port and added jobs; they added ferries: ferries and jobs."""
    assert ["ferries", "jobs"] == merge_tags(["port"], ["jobs"], ["port", "ferries"])
    assert ["jobs", "Port"] == merge_tags(None, ["jobs", "port"], ["Port"])  # no base: the union, case-insensitively


TAGS = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True)


@given(base=TAGS, mine=TAGS, theirs=TAGS)
def test_tag_merging_keeps_additions_and_removals(base: list[str], mine: list[str], theirs: list[str]) -> None:
    """Whatever both sides did: a tag either added is there, a tag either removed is gone, the rest stays."""
    merged = set(merge_tags(base, mine, theirs))
    assert (set(mine) | set(theirs)) - set(base) <= merged
    assert not (set(base) - set(mine)) & merged and not (set(base) - set(theirs)) & merged
    assert (set(theirs) - (set(base) - set(mine))) <= merged


def test_a_text_replaced_on_both_sides_conflicts() -> None:
    """Two new texts of one document: theirs stays, mine is kept in the conflict; other fields merge."""
    base = {"uid": "d", "title": "T", "author": "", "published": "", "url": "", "format": "text", "language": "",
            "notes": [], "sha256": "s1"}  # fmt: skip
    merged = merge_document(base, {**base, "sha256": "mine", "author": "A"}, {**base, "sha256": "theirs"})
    assert ("theirs", "A") == (merged.row["sha256"], merged.row["author"])
    assert [("sha256", "mine", "theirs")] == [(c.field, c.mine, c.theirs) for c in merged.conflicts]
