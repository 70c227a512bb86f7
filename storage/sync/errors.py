"""What can go wrong when syncing, as domain errors a user can read.

``ServerUnavailable`` is the one that passes: the server is down, slow, or
the network dropped; local work goes on and sync retries later ("paused").
The others need someone to act (a password, a version, a right) and stop
sync until they do.
"""

from __future__ import annotations

from ..errors import LibraryError


class SyncError(LibraryError):
    """Base class: syncing with the server failed; the message says why."""

    transient = False


class ServerUnavailable(SyncError):
    """The server cannot be reached now, or broke off: try again later."""

    transient = True


class Contended(SyncError):
    """Others kept changing the same rows through every round of a sync: the next attempt will catch up."""

    transient = True


class WrongCredentials(SyncError):
    """The server refused the name or password."""


class WrongServer(SyncError):
    """No such database, not a Claimmark server, or a server of another schema version."""


class NotAllowed(SyncError):
    """The person may not do this (not a member, a reader writing, not the group's owner)."""


class SyncCancelled(LibraryError):
    """The sync was cancelled (the window closed, Ctrl+C); what it had not finished is done by the next one."""

    def __init__(self, message: str = "sync cancelled: the next sync picks up where this one stopped") -> None:
        super().__init__(message)


class NotLinked(SyncError):
    """The library does not sync with any group yet."""
