"""Bad networks and bad input: paused with a reason and retried, or stopped with one clear message."""

from __future__ import annotations

import socket

import psycopg
import pytest

from storage import Library
from storage.sync import (
    PAUSED,
    STOPPED,
    NotAllowed,
    RetryPolicy,
    WrongCredentials,
    WrongServer,
    init_server,
    join_group,
    list_groups,
    read_link,
    sync,
)
from storage.sync.link import SyncLink, write_link

from .conftest import Classroom, article


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _offline_library(classroom: Classroom, port: int) -> Library:
    """Alice's library linked to the group through a port where nothing listens."""
    alice = classroom.add("alice")
    library = Library(classroom.folder / "offline.sqlite", annotator=alice)
    link = SyncLink(classroom.dsn(alice, password="", port=port), 1, classroom.group, alice, "member")
    write_link(library, link)
    summary, _ = library.import_document(article())
    library.add_annotation(summary.id, 0, 7, "fact", note="offline work")
    return library


def test_a_server_that_is_down_pauses_sync_and_retries_with_backoff(classroom: Classroom) -> None:
    """Every attempt fails; waits double between them; local work is untouched and still pending."""
    library = _offline_library(classroom, _closed_port())
    waits: list[float] = []
    state = sync(library, RetryPolicy(attempts=4, first_delay=1.0), sleep=waits.append)
    assert PAUSED == state.status and 4 == state.attempts
    assert [1.0, 2.0, 4.0] == waits
    assert "cannot reach" in state.reason and "Sync paused: cannot reach" in state.summary()
    assert ["offline work"] == [a.note for a in library.annotations()] and 2 == state.pending


def test_a_wrong_password_stops_sync_with_one_clear_reason(classroom: Classroom) -> None:
    """A refused password is not retried; the reason names it and never shows the password."""
    alice = classroom.add("alice")
    with pytest.raises(WrongCredentials, match="wrong name or password") as raised:
        list_groups(classroom.dsn(alice, password="not-it"))
    assert "not-it" not in str(raised.value)
    library = classroom.library(alice)
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {alice} PASSWORD 'changed'")
    waits: list[float] = []
    state = sync(library, sleep=waits.append)
    assert STOPPED == state.status and [] == waits and "wrong name or password" in state.reason


def test_a_server_of_another_schema_version_is_refused(classroom: Classroom) -> None:
    """A server whose schema is newer (or missing) stops sync with a message saying what to do."""
    alice = classroom.add("alice")
    library = classroom.library(alice)
    with psycopg.connect(classroom.admin, autocommit=True) as admin:
        admin.execute("UPDATE claimmark.schema_version SET version = 99")
    try:
        state = sync(library)
        with pytest.raises(WrongServer, match="newer"):
            init_server(classroom.admin)
    finally:
        with psycopg.connect(classroom.admin, autocommit=True) as admin:
            admin.execute("UPDATE claimmark.schema_version SET version = 1")
    assert STOPPED == state.status and "upgrade Claimmark" in state.reason


def test_a_database_without_claimmark_is_not_a_server(classroom: Classroom) -> None:
    """Joining a plain PostgreSQL database says it is not a Claimmark server."""
    library = Library(classroom.folder / "x.sqlite")
    dsn = classroom.postgres.dsn(dbname="postgres")
    with pytest.raises(WrongServer, match="not a Claimmark server"):
        join_group(library, dsn)


def test_joining_a_group_one_is_not_in_is_refused(classroom: Classroom) -> None:
    """A person who is not a member of the named group gets NotAllowed, listing their groups."""
    alice = classroom.add("alice")
    with pytest.raises(NotAllowed, match="no group 'other' of yours"):
        join_group(Library(classroom.folder / "y.sqlite"), classroom.dsn(alice), "other")


def test_the_server_initialises_once_and_again_changes_nothing(classroom: Classroom) -> None:
    """server init on an up-to-date server reports it is at the current version."""
    assert (1, 1) == init_server(classroom.admin)


def test_a_server_restored_from_an_older_backup_is_synced_again_in_full(classroom: Classroom) -> None:
    """When the server's versions fall behind the library's, the next sync takes everything anew."""
    alice = classroom.add("alice")
    laptop = classroom.library(alice, "-1")
    laptop.import_document(article())
    assert sync(laptop).ok
    link = read_link(laptop)
    assert link is not None
    with laptop.transaction() as conn:  # as if it had synced with a newer server that was then lost
        conn.execute("UPDATE sync_link SET last_version = ?", [link.last_version + 1000])
    other = classroom.library(alice, "-2")
    assert sync(other).ok
    claim = other.add_annotation(1, 0, 7, "fact")
    assert sync(other).ok
    state = sync(laptop)
    assert state.ok and state.version < link.last_version + 1000
    assert [claim.uuid] == [a.uuid for a in laptop.annotations()]
