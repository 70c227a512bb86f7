"""The server's side of a sync: reading what changed, and writing changes based on a version.

Every statement is plain SQL under the server's row-level security: the
connection is the person's own, so the server decides what they may read and
write. Rows travel as JSON (``jsonb_to_recordset``), so a push of any size is
a handful of statements.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg
from psycopg.rows import dict_row

from .errors import NotAllowed
from .outbox import Outbox
from .records import CONTENT, PLACEMENT, SERVER_ANNOTATION_FIELDS, Incoming, Outgoing, server_annotation

Connection = psycopg.Connection[Any]
GROUP_LOCK = 1769  # first key of the group's advisory lock (the second is the group id)

_TYPES = {"uuid": "uuid", "document": "uuid", "start": "integer", "end": "integer", "tags": "text[]",
          "score": "double precision", "deleted": "boolean", "base": "bigint", "uid": "uuid",
          "notes": "jsonb"}  # fmt: skip
_ANNOTATION_IN = [name for name in SERVER_ANNOTATION_FIELDS if name != "annotator"]
_ANNOTATION_SET = [*CONTENT, *PLACEMENT, "updated", "deleted"]
_DOCUMENT_FIELDS = ["uid", "title", "author", "published", "url", "format", "language", "notes", "sha256"]


def _q(name: str) -> str:
    return f'"{name}"'


def _recordset(names: list[str]) -> str:
    columns = ", ".join(f"{_q(n)} {_TYPES.get(n, 'text')}" for n in names)
    return f"jsonb_to_recordset(%(rows)s::jsonb) AS x({columns})"


@dataclass(frozen=True)
class GroupStatus:
    """What the server says about the group, in one query."""

    head: int
    role: str
    shared: bool
    settings_version: int  # the latest version of the group's row or this person's membership


def schema_version(conn: Connection) -> int | None:
    """Return the server's Claimmark schema version (the caller turns a missing schema into WrongServer)."""
    row = conn.execute("SELECT max(version) FROM claimmark.schema_version").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def group_status(conn: Connection, group_id: int, group_name: str) -> GroupStatus:
    """Return the group's head, this person's role and its sharing. Raises NotAllowed when not a member."""
    row = conn.execute(
        "SELECT h.version, m.role, g.shared, greatest(g.version, m.version) FROM claimmark.groups g"
        " JOIN claimmark.group_heads h ON h.group_id = g.id"
        " LEFT JOIN claimmark.members m ON m.group_id = g.id AND m.person = current_user WHERE g.id = %s",
        [group_id],
    ).fetchone()
    if row is None or row[1] is None:
        raise NotAllowed(f"you are not a member of group {group_name!r} (any more)")
    return GroupStatus(int(row[0]), str(row[1]), bool(row[2]), int(row[3]))


def recovered(conn: Connection, push_ids: list[str]) -> tuple[set[str], dict[str, int]]:
    """Return which of the pushes the server applied, and the version of every row they wrote (by uuid/uid)."""
    if not push_ids:
        return set(), {}
    rows = conn.execute(
        "SELECT push_id::text, rows::text[], versions FROM claimmark.pushes WHERE push_id = ANY(%s::uuid[])",
        [push_ids],
    ).fetchall()
    applied = {key: int(v) for _, keys, versions in rows for key, v in zip(keys, versions, strict=True)}
    return {row[0] for row in rows}, applied


def fetch(conn: Connection, group_id: int, since: int, status: GroupStatus) -> Incoming:
    """Read every visible row of the group changed after version since (all of them after a settings change)."""
    # Everything, when the group's sharing or this person's role changed (what is visible changed), or when
    # the server is behind the library (restored from a backup): versions below ours may be handed out again.
    full = since > 0 and (status.settings_version > since or status.head < since)
    since = 0 if full else since
    incoming = Incoming(status.head, status.role, status.shared, full)
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT name, label, colour, underline, shortcut FROM claimmark.claim_types"
            " WHERE group_id = %s AND version > %s ORDER BY version",
            [group_id, since],
        )
        incoming.claim_types = cur.fetchall()
        cur.execute(
            f"SELECT uid::text, {', '.join(_DOCUMENT_FIELDS[1:])}, added_by, version FROM claimmark.documents"
            " WHERE group_id = %s AND version > %s ORDER BY version",
            [group_id, since],
        )
        incoming.documents = [({k: v for k, v in r.items() if k != "version"}, r["version"]) for r in cur]
        cur.execute(
            f"SELECT {', '.join(map(_q, SERVER_ANNOTATION_FIELDS))}, version FROM claimmark.annotations"
            " WHERE group_id = %s AND version > %s ORDER BY version",
            [group_id, since],
        )
        incoming.annotations = [(server_annotation(r), r["version"]) for r in cur]
    return incoming


def fetch_texts(conn: Connection, hashes: set[str]) -> dict[str, tuple[str, list[Any]]]:
    """Return sha256 -> (text, blocks) for the texts among hashes that this person may read."""
    if not hashes:
        return {}
    rows = conn.execute(
        "SELECT sha256, text, blocks FROM claimmark.texts WHERE sha256 = ANY(%s)", [sorted(hashes)]
    ).fetchall()
    return {sha: (text, orjson.loads(blocks)) for sha, text, blocks in rows}


@dataclass
class PushResult:
    """What a push did with each change, by (entity, key)."""

    applied: dict[tuple[str, str], int] = field(default_factory=dict)  # -> the row's new server version
    stale: set[tuple[str, str]] = field(default_factory=set)  # changed on the server since: pull and merge
    refused: set[tuple[str, str]] = field(
        default_factory=set
    )  # unchanged on the server, but not this person's to change
    held: set[tuple[str, str]] = field(default_factory=set)  # not sent: its document is not on the server
    head_before: int = 0  # the group's head when the push took the group's lock
    head_after: int = 0


def push(conn: Connection, group_id: int, outbox: Outbox) -> PushResult:
    """Write the outbox in one transaction under the group's lock; return what was applied, stale or refused."""
    result = PushResult()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", [GROUP_LOCK, group_id])
        result.head_before = _head(conn, group_id)
        todo = outbox.everything()  # a fresh push id: none of it can have been applied before
        _push_claim_types(conn, group_id, [o for o in todo if o.entity == "claim_type"], result)
        _push_texts(conn, outbox.texts)
        documents = [o for o in todo if o.entity == "document"]
        on_server = _push_documents(conn, group_id, documents, result)
        written = [o for o in documents if (o.entity, o.key) in result.applied]
        log = (outbox.push_id, [server_key(o) for o in written], [result.applied[o.entity, o.key] for o in written])
        if not _push_annotations(conn, group_id, [o for o in todo if o.entity == "annotation"], on_server, log, result):
            _log_pushes(conn, *log)
        result.head_after = _head(conn, group_id)
    return result


def _head(conn: Connection, group_id: int) -> int:
    row = conn.execute("SELECT version FROM claimmark.group_heads WHERE group_id = %s", [group_id]).fetchone()
    return 0 if row is None else int(row[0])


def _push_claim_types(conn: Connection, group_id: int, changes: list[Outgoing], result: PushResult) -> None:
    for change in changes:
        conn.execute(
            "INSERT INTO claimmark.claim_types (group_id, name, label, colour, underline, shortcut)"
            " VALUES (%(g)s, %(name)s, %(label)s, %(colour)s, %(underline)s, %(shortcut)s) ON CONFLICT DO NOTHING",
            {"g": group_id, **change.row},
        )
        result.applied[(change.entity, change.key)] = 0


def _push_texts(conn: Connection, texts: dict[str, tuple[str, str]]) -> None:
    if not texts:
        return
    missing = [row[0] for row in conn.execute("SELECT claimmark.missing_texts(%s)", [sorted(texts)])]
    for sha in missing:
        text, blocks = texts[sha]
        conn.execute("INSERT INTO claimmark.texts (sha256, text, blocks) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                     [sha, text, blocks])  # fmt: skip


def _push_documents(conn: Connection, group_id: int, changes: list[Outgoing], result: PushResult) -> set[str]:
    """Insert new documents (unless the group has one with the same text) and update changed ones."""
    new = [o for o in changes if o.base_version == 0]
    changed = [o for o in changes if o.base_version > 0]
    by_uid = {o.row["uid"]: o for o in changes}
    fields = ", ".join(map(_q, _DOCUMENT_FIELDS))
    names = [*_DOCUMENT_FIELDS, "base"]
    rows = json.dumps([{**o.row, "base": o.base_version} for o in new], ensure_ascii=False)
    inserted = conn.execute(
        f"INSERT INTO claimmark.documents (group_id, {fields}) SELECT %(g)s, {fields} FROM {_recordset(names)}"
        " WHERE NOT EXISTS (SELECT 1 FROM claimmark.documents d WHERE d.group_id = %(g)s AND d.sha256 = x.sha256)"
        " ON CONFLICT DO NOTHING RETURNING uid::text, version",
        {"g": group_id, "rows": rows},
    ).fetchall()
    rows = json.dumps([{**o.row, "base": o.base_version} for o in changed], ensure_ascii=False)
    assignments = ", ".join(f"{_q(n)} = x.{_q(n)}" for n in _DOCUMENT_FIELDS[1:])
    updated = conn.execute(
        f"UPDATE claimmark.documents d SET {assignments} FROM {_recordset(names)}"
        " WHERE d.group_id = %(g)s AND d.uid = x.uid AND d.version = x.base RETURNING d.uid::text, d.version",
        {"g": group_id, "rows": rows},
    ).fetchall()
    for uid, version in [*inserted, *updated]:
        result.applied[("document", by_uid[uid].key)] = int(version)
    _sort_out(conn, "documents", "uid", group_id, [o for o in changes if ("document", o.key) not in result.applied],
              result)  # fmt: skip
    existing = conn.execute("SELECT uid::text FROM claimmark.documents WHERE group_id = %s", [group_id]).fetchall()
    return {row[0] for row in existing}


def _push_annotations(
    conn: Connection,
    group_id: int,
    changes: list[Outgoing],
    on_server: set[str],
    log: tuple[str, list[str], list[int]],
    result: PushResult,
) -> bool:
    """Insert new annotations and update changed ones whose server version is still the one they were based on.

    The same statement records the push (log: its id and the documents it wrote) with every row written.
    Returns whether it ran (there were annotations to send).
    """
    held = [o for o in changes if o.row["document"] not in on_server]
    result.held.update(("annotation", o.key) for o in held)
    changes = [o for o in changes if o.row["document"] in on_server]
    if not changes:
        return False
    _copy_in(conn, changes)
    columns = ", ".join(map(_q, _ANNOTATION_IN))
    assignments = ", ".join(f"{_q(n)} = x.{_q(n)}" for n in _ANNOTATION_SET)
    push_id, rows, versions = log
    written = conn.execute(
        f"WITH ins AS (INSERT INTO claimmark.annotations (group_id, {columns}) SELECT %(g)s, {columns}"
        "  FROM pg_temp.incoming x WHERE x.base = 0 ON CONFLICT DO NOTHING RETURNING uuid, version),"
        f" upd AS (UPDATE claimmark.annotations a SET {assignments} FROM pg_temp.incoming x"
        "  WHERE x.base > 0 AND a.group_id = %(g)s AND a.uuid = x.uuid AND a.version = x.base"
        "  RETURNING a.uuid, a.version),"
        " done AS (SELECT uuid, version FROM ins UNION ALL SELECT uuid, version FROM upd),"
        " log AS (INSERT INTO claimmark.pushes (push_id, rows, versions)"
        "  SELECT %(push)s, %(rows)s::uuid[] || coalesce(array_agg(uuid), '{}'),"
        "  %(versions)s::bigint[] || coalesce(array_agg(version), '{}') FROM done"
        "  HAVING count(*) > 0 OR cardinality(%(rows)s::uuid[]) > 0)"
        " SELECT uuid::text, version FROM done",
        {"g": group_id, "push": push_id, "rows": rows, "versions": versions},
    ).fetchall()
    for uuid, version in written:
        result.applied[("annotation", uuid)] = int(version)
    _sort_out(conn, "annotations", "uuid", group_id,
              [o for o in changes if ("annotation", o.key) not in result.applied], result)  # fmt: skip
    return True


def _copy_in(conn: Connection, changes: list[Outgoing]) -> None:
    """COPY the annotation rows into a temporary table (ten times faster than any statement's parameters)."""
    names = [*_ANNOTATION_IN, "base"]
    columns = ", ".join(f"{_q(n)} {_TYPES.get(n, 'text')}" for n in names)
    conn.execute(f"CREATE TEMPORARY TABLE incoming ({columns}) ON COMMIT DROP")
    with conn.cursor().copy(f"COPY pg_temp.incoming ({', '.join(map(_q, names))}) FROM STDIN") as copy:
        for change in changes:
            copy.write_row([*(change.row[n] for n in _ANNOTATION_IN), change.base_version])


def _sort_out(
    conn: Connection, table: str, key: str, group_id: int, unwritten: list[Outgoing], result: PushResult
) -> None:
    """Tell stale writes (the row changed since its base) from refused ones (it did not, but the write was denied)."""
    if not unwritten:
        return
    versions = dict(conn.execute(
        f"SELECT {key}::text, version FROM claimmark.{table} WHERE group_id = %s AND {key} = ANY(%s::uuid[])",
        [group_id, [o.row[key] for o in unwritten]],
    ).fetchall())  # fmt: skip
    entity = "document" if table == "documents" else "annotation"
    for change in unwritten:
        server = versions.get(change.row[key])
        if entity == "document" and change.base_version == 0:
            result.stale.add((entity, change.key))  # the group has this text already: the next pull links it
        elif server is None or server == change.base_version:
            result.refused.add((entity, change.key))  # unchanged there: row-level security said no
        else:
            result.stale.add((entity, change.key))


def _log_pushes(conn: Connection, push_id: str, rows: list[str], versions: list[int]) -> None:
    """Record a push that wrote no annotation (only documents) under its id: applied exactly once."""
    if rows:
        conn.execute(
            "INSERT INTO claimmark.pushes (push_id, rows, versions) VALUES (%s, %s::uuid[], %s)",
            [push_id, rows, versions],
        )


def server_key(change: Outgoing) -> str:
    """The server's id of a changed row: an annotation's uuid, a document's uid."""
    return str(change.row["uuid"] if change.entity == "annotation" else change.row["uid"])
