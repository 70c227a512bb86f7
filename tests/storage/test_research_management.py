"""Claim types and tags managed: each change one transaction with its undo data; claims, search and export follow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import InvalidAnnotation, Library, NotFound
from storage.export import ExportOptions, export_text
from storage.research import claim_type_changes as types
from storage.research import tag_changes as tags
from storage.research.search import totals

from .research_library import SmallLibrary, fill, index_is_consistent


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def test_rename_a_type_and_its_claims_follow(small: SmallLibrary) -> None:
    """Renaming a type renames it on its claims, in search and in exports; undo puts it all back."""
    lib = small.library
    done = types.change(lib, "opinion", new_name="view", label="View")
    assert ("opinion", "view") == (done.before.name, done.after.name)
    assert {"view"} == {lib.annotation(small.uuids[k]).claim_type for k in ("h2", "f2", "c1")}
    assert 3 == totals(lib, "type:view").claims
    assert "claims_view: 3\n" in export_text(lib, small.documents, ExportOptions(exported="2024"))
    types.undo_change(lib, done)
    assert ("opinion", "Opinion") == (lib.annotation(small.uuids["h2"]).claim_type, lib.claim_types()[1].label)
    assert 3 == totals(lib, "type:opinion").claims and index_is_consistent(lib)


def test_recolour_restyle_and_shortcuts_follow_the_rules(small: SmallLibrary) -> None:
    """Colour, underline and shortcut are checked as when a type is added; one's own shortcut may stay."""
    lib = small.library
    done = types.change(lib, "fact", colour="#AA0000", underline="wavy", shortcut="f")
    assert ("#aa0000", "wave", "F") == (done.after.colour, done.after.underline, done.after.shortcut)
    for change in ({"colour": "red"}, {"underline": "zigzag"}, {"shortcut": "O"}, {"shortcut": "N"}):
        with pytest.raises(InvalidAnnotation):
            types.change(lib, "fact", **change)  # type: ignore[arg-type]
    with pytest.raises(InvalidAnnotation, match="exists already"):
        types.change(lib, "fact", new_name="quote")
    with pytest.raises(NotFound):
        types.change(lib, "rumour", colour="#000000")


def test_reorder_and_move_return_the_order_before(small: SmallLibrary) -> None:
    """move puts one type at a place; the order it returns restores the old one."""
    lib = small.library
    before = types.move(lib, "quote", 0)
    after = [t.name for t in lib.claim_types()]
    assert (["fact", "opinion", "quote", "untyped"], ["quote", "fact", "opinion", "untyped"]) == (before, after)
    types.reorder(lib, before)
    assert ["fact", "opinion", "quote", "untyped"] == [t.name for t in lib.claim_types()]
    with pytest.raises(InvalidAnnotation):
        types.reorder(lib, ["fact", "quote"])


def test_delete_rules_and_restore(small: SmallLibrary) -> None:
    """A built-in type in use cannot go; another in use needs a type for its claims; restore undoes it all."""
    lib = small.library
    with pytest.raises(InvalidAnnotation, match="built in"):
        types.delete(lib, "fact", reassign_to="opinion")
    lib.add_claim_type("rumour", shortcut="R")
    lib.update_annotation(small.uuids["c1"], claim_type="rumour")
    updated = lib.annotation(small.uuids["c1"]).updated
    with pytest.raises(InvalidAnnotation, match="name the type"):
        types.delete(lib, "rumour")
    with pytest.raises(InvalidAnnotation, match="another type"):
        types.delete(lib, "rumour", reassign_to="rumour")
    gone = types.delete(lib, "rumour", reassign_to="opinion")
    assert ("opinion", ["fact", "opinion", "quote", "untyped"]) == (
        lib.annotation(small.uuids["c1"]).claim_type,
        [t.name for t in lib.claim_types()],
    )
    types.restore(lib, gone)
    assert ("rumour", updated, "R") == (
        lib.annotation(small.uuids["c1"]).claim_type,
        lib.annotation(small.uuids["c1"]).updated,
        lib.claim_types()[-1].shortcut,
    )
    lib.add_claim_type("unused")
    assert () == types.delete(lib, "unused").reassigned and 0 == types.usage(lib)["quote"] - 2


def test_rename_a_tag_everywhere_and_back(small: SmallLibrary) -> None:
    """Renaming a tag changes it on every claim, in search and in exports; a taken name asks for a merge."""
    lib = small.library
    done = tags.rename(lib, "fishing", "#Fisheries")
    assert ("fishing", "Fisheries") == (done.before, done.after)
    assert ("Fisheries",) == lib.annotation(small.uuids["h2"]).tags
    assert 2 == totals(lib, "tag:fisheries").claims
    assert "#Fisheries" in export_text(lib, small.documents, ExportOptions(exported="2024"))
    with pytest.raises(InvalidAnnotation, match="merge"):
        tags.rename(lib, "Fisheries", "budget")
    tags.undo_rename(lib, done)
    assert ("fishing",) == lib.annotation(small.uuids["h2"]).tags and index_is_consistent(lib)


def test_merge_tags_and_unmerge(small: SmallLibrary) -> None:
    """Merging puts the target on every claim of the sources and deletes them; unmerge restores each claim's tags."""
    lib = small.library
    before = {key: lib.annotation(uuid).tags for key, uuid in small.uuids.items()}
    done = tags.merge(lib, ["doubt", "Fishing"], "fishing and doubt")
    assert ("fishing and doubt",) == lib.annotation(small.uuids["f2"]).tags
    assert [("fishing and doubt", 2)] == [(t.name, t.count) for t in tags.tags(lib) if "doubt" in t.name]
    tags.unmerge(lib, done)
    assert before == {key: lib.annotation(uuid).tags for key, uuid in small.uuids.items()}
    assert "fishing and doubt" not in {t.name for t in tags.tags(lib)}
    done = tags.merge(lib, ["policy"], "harbour")  # into an existing tag, which h1 has already
    assert ("harbour",) == lib.annotation(small.uuids["h1"]).tags
    tags.unmerge(lib, done)
    assert before == {key: lib.annotation(uuid).tags for key, uuid in small.uuids.items()}
    assert index_is_consistent(lib)


def test_delete_a_tag_and_restore_it(small: SmallLibrary) -> None:
    """Deleting takes a tag off every claim; restore puts it back on the same claims."""
    lib = small.library
    gone = tags.delete(lib, "budget")
    assert ((), 0) == (lib.annotation(small.uuids["c2"]).tags, totals(lib, "tag:budget").claims)
    tags.restore(lib, gone)
    assert 2 == totals(lib, "tag:budget").claims
    with pytest.raises(NotFound):
        tags.delete(lib, "nothing")
