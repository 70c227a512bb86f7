"""One sync: recover writes in flight, pull what changed, merge, push what changed here; and retrying.

Zotero's order: pull first (merging rows changed on both sides), then push
with each row's base version; a push refused as stale means someone wrote
meanwhile, so pull again and push again, a bounded number of rounds. Every
step is idempotent: a sync cut off anywhere is resumed by the next one
without duplicates or losses (writes carry idempotency keys; the library
advances its last version only after applying everything up to it).

A ``cancel()`` hook (the window's job runner, Ctrl+C on the command line) is
looked at between the phases and interrupts a wait on the network (see
``connection.deadline``); it raises ``SyncCancelled``. Every local write
comes after the network reads it depends on, so a sync cancelled while it
waits on the server leaves the library as it was; a pull that has arrived
is applied whole before the cancel is honoured.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace

import psycopg
from psycopg import IsolationLevel

from .. import annotation_rows
from ..clock import now
from ..library import Library
from ..progress import Cancel
from .changes import (
    applying,
    bases_from_sent,
    document_links,
    log_entries,
    pending_count,
    release,
    set_document_base,
    settle,
)
from .conflicts import open_count
from .connection import OPERATION_TIMEOUT, POLL, classified, connect, deadline
from .errors import Contended, SyncCancelled, SyncError
from .inbox import apply_incoming, local_texts
from .link import SyncLink, read_link, record_progress, require_link
from .outbox import Outbox, build_outbox
from .records import Incoming, Outgoing
from .remote import (
    Connection,
    GroupStatus,
    PushResult,
    fetch,
    fetch_texts,
    group_status,
    push,
    recovered,
    schema_version,
    server_key,
)
from .server_schema import check_version
from .state import NOT_LINKED, PAUSED, STOPPED, SYNCED, RetryPolicy, SyncState

MAX_ROUNDS = 5  # pull-and-push rounds while others keep writing the same rows


DEFAULT_POLICY = RetryPolicy()


def sync(
    library: Library,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    timeout: float = OPERATION_TIMEOUT,
    cancel: Cancel | None = None,
) -> SyncState:
    """Sync, retrying a failure that passes (server down or slow) up to policy.attempts times.

    Raises:
        SyncCancelled: cancel() became true (during an attempt or a wait between attempts).
    """
    for attempt in range(1, policy.attempts + 1):
        state = sync_once(library, timeout=timeout, cancel=cancel)
        if state.status != PAUSED or attempt == policy.attempts:
            return replace(state, attempts=attempt)
        _wait(policy.delay(attempt), sleep, cancel)
    raise AssertionError("unreachable")


def _wait(seconds: float, sleep: Callable[[float], None], cancel: Cancel | None) -> None:
    """Sleep between attempts, in short steps while a cancel hook can end the wait."""
    if cancel is None:
        sleep(seconds)
        return
    ends = time.monotonic() + seconds
    while (left := ends - time.monotonic()) > 0:
        _check(cancel)
        sleep(min(POLL, left))
    _check(cancel)


def _check(cancel: Cancel | None) -> None:
    """Raise SyncCancelled when cancel() is true (between phases)."""
    if cancel is not None and cancel():
        raise SyncCancelled()


@dataclass
class _Tally:
    """What one attempt did so far (kept when it fails halfway)."""

    pushed: int = 0
    pulled: int = 0
    new_conflicts: int = 0
    held: int = 0
    documents: set[int] = field(default_factory=set)
    texts: set[int] = field(default_factory=set)


def sync_once(library: Library, timeout: float = OPERATION_TIMEOUT, cancel: Cancel | None = None) -> SyncState:
    """Make one sync attempt; return its state (never raises for a server or network failure).

    Raises:
        SyncCancelled: cancel() became true; a wait on the server is broken off at once.
    """
    link = read_link(library)
    if link is None:
        return SyncState(NOT_LINKED, "this library syncs with no group")
    tally = _Tally()
    try:
        _check(cancel)
        # closing(), not the connection's own `with`: that would try a ROLLBACK on a socket shut on purpose
        connection = connect(link.dsn, autocommit=True, timeout=timeout, cancel=cancel)
        with closing(connection) as conn, deadline(conn, timeout, cancel):
            check_version(schema_version(conn), link.dsn)
            _check(cancel)
            _recover(library, conn, link)
            _rounds(library, conn, tally, cancel)
    except psycopg.Error as error:
        _check(cancel)  # the cancel shut the socket: not a network failure
        failure = classified(error, link.dsn)
        return _state(library, PAUSED if failure.transient else STOPPED, str(failure), tally)
    except SyncError as error:
        _check(cancel)  # (the network failure psycopg reported was the cancel's doing)
        return _state(library, PAUSED if error.transient else STOPPED, str(error), tally)
    except sqlite3.OperationalError as error:  # the library stayed locked by another writer past the busy timeout
        return _state(library, PAUSED, f"the library is busy ({error})", tally)
    return _state(library, SYNCED, "", tally)


def _rounds(library: Library, conn: Connection, tally: _Tally, cancel: Cancel | None = None) -> None:
    for _ in range(MAX_ROUNDS):
        _check(cancel)
        link = require_link(library)
        status = group_status(conn, link.group_id, link.group_name)
        if status.head != link.last_version or status.settings_version > link.last_version:  # (behind: restored)
            incoming = _pull(library, conn, link, status)
            _check(cancel)  # nothing of the pull is applied yet; once begun, it is applied whole
            applied = apply_incoming(library, link, incoming)
            tally.pulled += applied.rows
            tally.new_conflicts += applied.conflicts
            tally.documents |= applied.documents
            tally.texts |= applied.texts
            link = require_link(library)
        elif status.role != link.role:
            with applying(library) as local:
                record_progress(local, link.last_version, status.role)
            link = require_link(library)
        _check(cancel)
        outbox = build_outbox(library, link)
        tally.held = outbox.held
        if outbox.empty:
            return
        result = push(conn, link.group_id, outbox)  # then acknowledged here whatever happens
        tally.pushed += sum(1 for key in result.applied if key[0] != "claim_type")
        _acknowledge(library, link, outbox, result)
        if not result.stale:
            return
    raise Contended("others kept changing the same rows during sync")


def _pull(library: Library, conn: Connection, link: SyncLink, status: GroupStatus) -> Incoming:
    """Read the changes since the library's last version in one consistent snapshot, with the texts they need."""
    conn.isolation_level, conn.read_only = IsolationLevel.REPEATABLE_READ, True
    try:
        with conn.transaction():
            incoming = fetch(conn, link.group_id, link.last_version, status)
            wanted = {row["sha256"] for row, _ in incoming.documents}
            wanted |= {row["text_sha256"] for row, _ in incoming.annotations}
            incoming.texts = fetch_texts(conn, wanted - local_texts(library))
    finally:
        conn.isolation_level, conn.read_only = None, None
    return incoming


def _recover(library: Library, conn: Connection, link: SyncLink) -> None:
    """Settle the pushes a cut-off sync sent: what the server applied becomes the base, the rest is sent again."""
    in_flight = [e for e in log_entries(library.conn) if e.push_id and e.sent is not None]
    if not in_flight:
        return
    found, versions = recovered(conn, sorted({str(e.push_id) for e in in_flight}))
    outbox, result = Outbox(), PushResult()
    for entry in in_flight:
        assert entry.push_id is not None and entry.sent is not None
        change = Outgoing(entry.entity, entry.key, entry.sent, 0, entry.push_id)
        {"annotation": outbox.annotations, "document": outbox.documents}.get(entry.entity, outbox.claim_types).append(
            change
        )
        key = None if entry.entity == "claim_type" else server_key(change)
        if entry.push_id in found and (key is None or key in versions):
            result.applied[(entry.entity, entry.key)] = 0 if key is None else versions[key]
        else:
            result.held.add((entry.entity, entry.key))  # not applied: send it again
    _acknowledge(library, link, outbox, result, fast_forward=False)


def _acknowledge(
    library: Library, link: SyncLink, outbox: Outbox, result: PushResult, fast_forward: bool = True
) -> None:
    """Record a push's outcome: new bases for applied rows, and the rest to send again after the next pull."""
    with applying(library) as conn:
        applied = [o for o in outbox.everything() if (o.entity, o.key) in result.applied]
        sent = [(result.applied[(o.entity, o.key)], o.key) for o in applied if o.entity == "annotation"]
        bases_from_sent(conn, sent)
        annotation_rows.set_annotator(conn, link.person, [uuid for _, uuid in sent])  # pushed ones are all ours
        links = document_links(conn)
        for o in (o for o in applied if o.entity == "document"):
            added_by = links[int(o.key)][2].get("added_by", "") if int(o.key) in links else link.person
            set_document_base(conn, int(o.key), {**o.row, "added_by": added_by}, result.applied[(o.entity, o.key)])
        for entity in ("claim_type", "document", "annotation"):
            settle(conn, entity, [o.key for o in applied if o.entity == entity])
            release(conn, entity, [k for e, k in (*result.stale, *result.refused, *result.held) if e == entity])
        if fast_forward and result.head_before == link.last_version and result.head_after:
            record_progress(conn, result.head_after)


def _state(library: Library, status: str, reason: str, tally: _Tally) -> SyncState:
    link = read_link(library)
    conn = library.conn
    if link is None:
        return SyncState(NOT_LINKED, "this library syncs with no group")
    return SyncState(
        status, reason, group=link.group_name, person=link.person, role=link.role, pushed=tally.pushed,
        pulled=tally.pulled, new_conflicts=tally.new_conflicts, conflicts=open_count(conn),
        pending=pending_count(conn), held=tally.held, version=link.last_version,
        last_synced=now() if status == SYNCED else link.last_synced,
        changed_documents=tuple(sorted(tally.documents)), replaced_texts=tuple(sorted(tally.texts)),
    )  # fmt: skip
