"""Versioned writes: a stale write is refused and merged; a sync cut off anywhere resumes without loss or duplicate."""

from __future__ import annotations

import psycopg
import pytest

from bench.fault_proxy import FaultProxy, Plan
from storage import Library
from storage.sync import RetryPolicy, connection, read_link, sync
from storage.sync.outbox import build_outbox
from storage.sync.remote import push

from .conftest import Classroom, article


def test_a_write_based_on_an_old_version_is_refused_then_merged(classroom: Classroom) -> None:
    """A push whose base version is stale changes nothing on the server; the next sync merges both edits."""
    alice = classroom.add("alice")
    first = classroom.library(alice, "-1")
    summary, _ = first.import_document(article())
    uuid = first.add_annotation(summary.id, 19, 30, "fact").uuid
    assert sync(first).ok
    second = classroom.library(alice, "-2")
    assert sync(second).ok
    first.update_annotation(uuid, note="newer")
    assert sync(first).ok
    second.update_annotation(uuid, speaker="the mayor")
    link = read_link(second)
    assert link is not None
    with connection.connect(link.dsn, autocommit=True) as conn:
        result = push(conn, link.group_id, build_outbox(second, link))
    assert {("annotation", uuid)} == result.stale and {} == result.applied
    with classroom.connect(alice) as conn:
        assert ("newer", "") == conn.execute("SELECT note, speaker FROM claimmark.annotations").fetchone()
    assert sync(second).ok and sync(first).ok
    assert ("newer", "the mayor") == (first.annotation(uuid).note, first.annotation(uuid).speaker)


def _server_rows(classroom: Classroom, person: str) -> dict[str, tuple[object, ...]]:
    with classroom.connect(person) as conn:
        rows = conn.execute(
            "SELECT uuid::text, note, claim_type, tags, deleted FROM claimmark.annotations ORDER BY uuid"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _local_rows(library: Library) -> dict[str, tuple[object, ...]]:
    return {a.uuid: (a.note, a.claim_type, list(a.tags), False) for a in library.annotations()}


@pytest.fixture
def proxy(classroom: Classroom):
    """A fault-injecting proxy in front of the test server."""
    running = FaultProxy(classroom.postgres.port).start()
    yield running
    running.stop()


def _note(server: psycopg.Connection[tuple[object, ...]], uuid: str) -> str:
    row = server.execute("SELECT note FROM claimmark.annotations WHERE uuid = %s", [uuid]).fetchone()
    return "" if row is None else str(row[0])


def test_a_first_sync_cut_off_anywhere_resumes_without_losses_or_duplicates(
    classroom: Classroom, proxy: FaultProxy
) -> None:
    """Reset the connection after 0, 300, 600, ... bytes until a sync gets through; nothing is lost or doubled."""
    alice = classroom.add("alice")
    library = classroom.library(alice, port=proxy.port)
    summary, _ = library.import_document(article())
    for n in range(12):
        library.add_annotation(summary.id, n, n + 5, "fact", note=f"claim {n}", tags=[f"t{n}"])
    before, cut, state = _local_rows(library), 0, None
    while state is None or not state.ok:
        proxy.plan_next(Plan(reset_after=cut))
        state = sync(library, RetryPolicy(attempts=1), timeout=5)
        assert before == _local_rows(library)  # a cut never changes local work
        cut += 300
    assert cut > 10_000  # many cuts, all through the first sync's traffic
    assert sync(library).ok and 0 == sync(library).pending
    assert _local_rows(library) == _server_rows(classroom, alice)
    with classroom.connect(alice) as conn:
        assert 1 == conn.execute("SELECT count(*) FROM claimmark.documents").fetchone()[0]


def test_a_sync_cut_off_between_commit_and_acknowledgement_is_recovered(
    classroom: Classroom, proxy: FaultProxy
) -> None:
    """Cuts in the last bytes of a sync hit the moment the server committed but the library did not hear."""
    alice = classroom.add("alice")
    library = classroom.library(alice, port=proxy.port)
    summary, _ = library.import_document(article())
    uuid = library.add_annotation(summary.id, 0, 5, "fact").uuid
    assert sync(library).ok
    library.update_annotation(uuid, note="measure")
    start = proxy.bytes
    assert sync(library).ok
    total = proxy.bytes - start
    unacknowledged = 0
    with classroom.connect(alice) as server:
        for cut in range(total - 120, total, 6):
            note = f"cut at {cut}"
            library.update_annotation(uuid, note=note)
            proxy.plan_next(Plan(reset_after=cut))
            state = sync(library, RetryPolicy(attempts=1), timeout=5)
            unacknowledged += state.status == "paused" and note == _note(server, uuid)
            proxy.plan_next()
            state = sync(library)
            assert state.ok and 0 == state.pending and 0 == state.conflicts, state
            assert note == _note(server, uuid) == library.annotation(uuid).note
    assert unacknowledged >= 1


def test_a_lost_acknowledgement_is_recovered_without_a_second_write(classroom: Classroom) -> None:
    """The server applied a push but the library never heard: the next sync recognises it, with no conflict."""
    alice = classroom.add("alice")
    library = classroom.library(alice)
    summary, _ = library.import_document(article())
    uuid = library.add_annotation(summary.id, 0, 5, "fact", note="once").uuid
    link = read_link(library)
    assert link is not None
    with connection.connect(link.dsn, autocommit=True) as conn:
        push(conn, link.group_id, build_outbox(library, link))  # applied, but never acknowledged here
    library.update_annotation(uuid, note="twice")
    state = sync(library)
    assert state.ok and 0 == state.conflicts and 0 == state.pending
    with classroom.connect(alice) as conn:
        assert [("twice",)] == conn.execute("SELECT note FROM claimmark.annotations").fetchall()
        assert 1 == conn.execute("SELECT count(*) FROM claimmark.documents").fetchone()[0]


def test_a_stalled_server_pauses_sync_within_its_deadline(classroom: Classroom, proxy: FaultProxy) -> None:
    """A connection that stops answering is cut at the deadline: paused, and the library is untouched."""
    alice = classroom.add("alice")
    library = classroom.library(alice, port=proxy.port)
    summary, _ = library.import_document(article())
    library.add_annotation(summary.id, 0, 5, "fact")
    proxy.plan_next(Plan(stall_after=1500, stall_for=30.0))  # after logging in
    state = sync(library, RetryPolicy(attempts=1), timeout=0.5)
    assert "paused" == state.status and state.reason
    assert 1 == len(library.annotations()) and state.pending == 2
    assert sync(library, RetryPolicy(attempts=1)).ok
