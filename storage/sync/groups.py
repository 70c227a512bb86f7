"""Groups and people on the server: create a group, add members with a role, list, share, join.

A person is a PostgreSQL login role, a member of ``claimmark_users``; what
they may read and write follows from their role in each group (owner,
member, reader) through the server's row-level security. Adding a person
who has no role yet creates it, with a password sent as a SCRAM hash only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from ..library import Library
from .connection import classified, connect, describe, remember_password, without_password
from .errors import NotAllowed, SyncError
from .link import SyncLink, read_link, write_link
from .remote import schema_version
from .server_schema import USERS_ROLE, check_version

ROLES = ("owner", "member", "reader")


@dataclass(frozen=True)
class Group:
    """A group as one person sees it."""

    id: int
    name: str
    owner: str
    shared: bool
    role: str  # this person's role in it ("" for the server's administrator who is not a member)
    members: tuple[tuple[str, str], ...] = ()  # (person, role), sorted by person


Conn = psycopg.Connection[Any]


@contextmanager
def _session(dsn: str) -> Iterator[Conn]:
    """One connection to a server of the right schema version; psycopg errors become SyncErrors."""
    with connect(dsn) as conn:
        try:
            check_version(schema_version(conn), dsn)
            yield conn
            conn.commit()
        except psycopg.errors.UniqueViolation as error:
            raise SyncError(f"{describe(dsn)}: {_first_line(error)}") from None
        except psycopg.Error as error:
            raise classified(error, dsn) from None


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def create_group(dsn: str, name: str, shared: bool = False) -> Group:
    """Create a group owned by the connecting person. Raises SyncError (e.g. the name is taken)."""
    name = name.strip()
    if not name:
        raise SyncError("a group needs a name")
    with _session(dsn) as conn:
        if any(g.name == name for g in _groups(conn)):
            raise SyncError(f"there is a group named {name!r} already")
        conn.execute("INSERT INTO claimmark.groups (name, shared) VALUES (%s, %s)", [name, shared])
        return _find(conn, dsn, name)


def add_member(dsn: str, group: str, person: str, role: str = "member", password: str | None = None) -> Group:
    """Add person to group with role (or change their role); create their login role if password is given.

    Raises:
        NotAllowed: the connecting person does not own the group, or may not create roles.
        SyncError: unknown role, or the person does not exist and no password was given.
    """
    if role not in ROLES:
        raise SyncError(f"role {role!r}: use one of {', '.join(ROLES)}")
    with _session(dsn) as conn:
        target = _find(conn, dsn, group)
        if target.role != "owner" and target.role:
            raise NotAllowed(f"only an owner of {group!r} can add people to it")
        try:
            _ensure_person(conn, person, password)
            conn.execute(
                "INSERT INTO claimmark.members (group_id, person, role) VALUES (%s, %s, %s)"
                " ON CONFLICT (group_id, person) DO UPDATE SET role = EXCLUDED.role",
                [target.id, person, role],
            )
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowed(f"{describe(dsn)}: you cannot add people to {group!r} ({_first_line(error)})") from None
        return _find(conn, dsn, group)


def _ensure_person(conn: Conn, person: str, password: str | None) -> None:
    """Create the login role person (with password) unless it exists; make sure it may use Claimmark."""
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [person]).fetchone() is not None
    if not exists:
        if not password:
            raise SyncError(f"{person!r} has no login on this server yet: give a password for it (--password-stdin)")
        hashed = conn.pgconn.encrypt_password(password.encode(), person.encode(), b"scram-sha-256").decode()
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(person), sql.Literal(hashed)))
    member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [person, USERS_ROLE]).fetchone()
    if not (member and member[0]):
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(USERS_ROLE), sql.Identifier(person)))


def set_shared(dsn: str, group: str, shared: bool) -> Group:
    """Let the group's members see each other's tagging (or only their own). Raises NotAllowed unless owner."""
    with _session(dsn) as conn:
        target = _find(conn, dsn, group)
        changed = conn.execute("UPDATE claimmark.groups SET shared = %s WHERE id = %s", [shared, target.id])
        if changed.rowcount != 1:
            raise NotAllowed(f"only an owner of {group!r} can change who sees what")
        return _find(conn, dsn, group)


def list_groups(dsn: str) -> list[Group]:
    """Return the groups the connecting person belongs to (every group, for the server's administrator)."""
    with _session(dsn) as conn:
        return _groups(conn)


def _groups(conn: Conn) -> list[Group]:
    rows = conn.execute(
        "SELECT g.id, g.name, g.owner, g.shared, coalesce(me.role, ''),"
        " coalesce(array_agg(ARRAY[m.person, m.role] ORDER BY m.person) FILTER (WHERE m.person IS NOT NULL), '{}')"
        " FROM claimmark.groups g LEFT JOIN claimmark.members me ON me.group_id = g.id AND me.person = current_user"
        " LEFT JOIN claimmark.members m ON m.group_id = g.id GROUP BY g.id, me.role ORDER BY g.name"
    ).fetchall()
    return [Group(i, n, o, s, r, tuple((p, role) for p, role in members)) for i, n, o, s, r, members in rows]


def _find(conn: Conn, dsn: str, name: str) -> Group:
    for group in _groups(conn):
        if group.name == name:
            return group
    raise NotAllowed(f"no group {name!r} on {describe(dsn)}, or you are not one of its members")


def join_group(library: Library, dsn: str, group: str | None = None) -> SyncLink:
    """Link the library to a group the connecting person belongs to, and log its contents to send.

    The password, if dsn holds one, goes to libpq's password file, never to the library.

    Raises:
        NotAllowed: not a member of that group (or of none, or of several and group is None).
        SyncError: the library syncs with a group already.
    """
    existing = read_link(library)
    if existing is not None:
        raise SyncError(f"this library already syncs with group {existing.group_name!r} (claimmark group leave)")
    with _session(dsn) as conn:
        mine = [g for g in _groups(conn) if g.role]
        person = str(conn.info.user)
    chosen = [g for g in mine if g.name == group] if group else mine
    if len(chosen) != 1:
        names = ", ".join(repr(g.name) for g in mine) or "none"
        need = f"no group {group!r} of yours" if group else "say which group (--group NAME)"
        raise NotAllowed(f"{need} on {describe(dsn)}; your groups: {names}")
    remember_password(dsn)
    link = SyncLink(without_password(dsn), chosen[0].id, chosen[0].name, person, chosen[0].role)
    write_link(library, link)
    return link
