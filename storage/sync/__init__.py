"""Sync with a shared group library on a PostgreSQL server, offline first.

The library keeps working on its own SQLite file; when linked to a group
(``join_group``) it logs every change and ``sync`` exchanges them with the
server: pull what changed since the last version seen, merge, push each
change with the version it was based on. The server is PostgreSQL itself:
its schema, roles and row-level security decide who sees and changes what
(``server_migrations/``). See docs/architecture.md, "Sync".
"""

from .class_view import ClaimAgreement, ClassSummary, StudentResult, class_summary, tagging_by_annotator
from .conflicts import Conflict, list_conflicts
from .connection import redacted, with_login
from .engine import sync, sync_once
from .errors import (
    Contended,
    NotAllowed,
    NotLinked,
    ServerUnavailable,
    SyncCancelled,
    SyncError,
    WrongCredentials,
    WrongServer,
)
from .groups import ROLES, Group, add_member, create_group, join_group, list_groups, set_shared
from .link import SyncLink, read_link, unlink
from .resolution import Resolution, reanchors, resolve, resolve_conflict, unresolve
from .server_schema import SERVER_SCHEMA_VERSION, init_server
from .state import NOT_LINKED, PAUSED, STOPPED, SYNCED, RetryPolicy, SyncSchedule, SyncState

__all__ = [
    "NOT_LINKED",
    "PAUSED",
    "ROLES",
    "SERVER_SCHEMA_VERSION",
    "STOPPED",
    "SYNCED",
    "ClaimAgreement",
    "ClassSummary",
    "Conflict",
    "Contended",
    "Group",
    "NotAllowed",
    "NotLinked",
    "Resolution",
    "RetryPolicy",
    "ServerUnavailable",
    "StudentResult",
    "SyncCancelled",
    "SyncError",
    "SyncLink",
    "SyncSchedule",
    "SyncState",
    "WrongCredentials",
    "WrongServer",
    "add_member",
    "class_summary",
    "create_group",
    "init_server",
    "join_group",
    "list_conflicts",
    "list_groups",
    "read_link",
    "reanchors",
    "redacted",
    "resolve",
    "resolve_conflict",
    "set_shared",
    "sync",
    "sync_once",
    "tagging_by_annotator",
    "unlink",
    "unresolve",
    "with_login",
]
