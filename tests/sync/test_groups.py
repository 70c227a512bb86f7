"""Groups and people: create, add members with roles, list, share, join."""

from __future__ import annotations

import pytest

from storage import Library
from storage.sync import NotAllowed, SyncError, add_member, list_groups, read_link, set_shared

from .conftest import Classroom


def test_the_creator_owns_the_group_and_adds_members(classroom: Classroom) -> None:
    """A new group has its creator as owner; added people appear with their roles."""
    alice = classroom.add("alice")
    reader = classroom.add("parent", "reader")
    [group] = [g for g in list_groups(classroom.dsn(classroom.teacher)) if g.name == classroom.group]
    assert "owner" == group.role
    assert {(classroom.teacher, "owner"), (alice, "member"), (reader, "reader")} == set(group.members)


def test_a_member_sees_the_group_but_cannot_add_people(classroom: Classroom) -> None:
    """Only an owner adds members; a member listing sees their own role."""
    alice = classroom.add("alice")
    assert ["member"] == [g.role for g in list_groups(classroom.dsn(alice))]
    with pytest.raises(NotAllowed):
        add_member(classroom.dsn(alice), classroom.group, alice, "owner")


def test_adding_an_unknown_person_needs_a_password(classroom: Classroom) -> None:
    """A person with no login yet cannot be added without a password for it."""
    with pytest.raises(SyncError, match="password"):
        add_member(classroom.dsn(classroom.teacher), classroom.group, f"{classroom.group}_nobody", "member")


def test_only_an_owner_shares_the_group(classroom: Classroom) -> None:
    """The owner turns sharing on; a member trying gets NotAllowed."""
    alice = classroom.add("alice")
    assert set_shared(classroom.dsn(classroom.teacher), classroom.group, True).shared
    with pytest.raises(NotAllowed):
        set_shared(classroom.dsn(alice), classroom.group, False)


def test_joining_keeps_the_password_out_of_the_library(classroom: Classroom) -> None:
    """The library stores the connection string without its password; the password file has it."""
    alice = classroom.add("alice")
    library = classroom.library(alice)
    link = read_link(library)
    assert link is not None and "password" not in link.dsn and alice == link.person
    assert classroom.passwords[alice].encode() not in library.path.read_bytes()


def test_a_joined_library_tags_as_the_person_it_syncs_as(classroom: Classroom) -> None:
    """Reopened without naming an annotator, a joined library makes claims under the server name."""
    alice = classroom.add("alice")
    path = classroom.library(alice).path
    with Library(path) as reopened:
        assert alice == reopened.annotator
