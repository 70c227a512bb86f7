"""The state of sync as a window's status bar or `claimmark sync --json` shows it, and when to retry.

``SyncState`` is a plain value: what happened, why (when it did not work),
and the counts a user cares about. ``RetryPolicy`` spaces the attempts after
a failure that passes (server down, slow, network gone); retries are bounded
by a number of attempts, never by the clock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from ..wording import counted

SYNCED = "synced"  # everything here is on the server and everything visible there is here (but held changes)
PAUSED = "paused"  # the server cannot be reached now: local work goes on, sync retries
STOPPED = "stopped"  # someone must act (password, schema version, membership): no retry until then
NOT_LINKED = "not_linked"  # the library syncs with no group


@dataclass(frozen=True)
class SyncState:
    """The outcome of a sync attempt."""

    status: str  # SYNCED, PAUSED, STOPPED or NOT_LINKED
    reason: str = ""  # why it is paused or stopped, for a person
    group: str = ""
    person: str = ""
    role: str = ""  # owner | member | reader
    pushed: int = 0  # changes sent and applied by this attempt
    pulled: int = 0  # rows received by this attempt
    new_conflicts: int = 0  # conflicts this attempt found
    conflicts: int = 0  # open conflicts in the library
    pending: int = 0  # changes here not yet on the server (held ones included)
    held: int = 0  # changes kept here: someone else's claims, a reader's, or not this person's to change
    version: int = 0  # the server version the library holds every change up to
    last_synced: str = ""  # when a sync last completed (ISO 8601, UTC)
    attempts: int = 1  # attempts made (more than one after retries)
    retry_in: float | None = None  # seconds until the next attempt, when one is planned
    changed_documents: tuple[int, ...] = ()  # local documents added by this attempt, or whose claims it changed
    replaced_texts: tuple[int, ...] = ()  # of those, the ones whose text it replaced with a new version

    @property
    def ok(self) -> bool:
        """Whether the sync completed."""
        return self.status == SYNCED

    def summary(self) -> str:
        """One line for a status bar: "Synced · 2 conflicts", "Sync paused: … — retrying in 8 s"."""
        if self.status == NOT_LINKED:
            return "Not syncing"
        if self.status == SYNCED:
            extra = [counted(self.conflicts, "conflict")] if self.conflicts else []
            extra += [f"{counted(self.held, 'change')} kept here"] if self.held else []
            return " · ".join(["Synced", *extra])
        word = "paused" if self.status == PAUSED else "stopped"
        retry = f" — retrying in {self.retry_in:g} s" if self.retry_in is not None else ""
        return f"Sync {word}: {self.reason}{retry}"

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready values (with its summary)."""
        return {**asdict(self), "summary": self.summary()}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: first_delay, then factor times longer each time, at most max_delay."""

    attempts: int = 4  # attempts in all, the first included
    first_delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 300.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the failures-th failure in a row (1-based)."""
        return float(min(self.max_delay, self.first_delay * self.factor ** max(0, failures - 1)))


@dataclass
class SyncSchedule:
    """When a background sync should run next, after each outcome (a window's timer asks it).

    Synced: again after interval. Paused: after the policy's doubling delay for the failures in a row,
    forever (a window keeps trying; the command line bounds attempts instead). Stopped or not linked:
    not until someone acts (None).
    """

    interval: float = 60.0
    policy: RetryPolicy = RetryPolicy(first_delay=5.0, max_delay=300.0)
    failures: int = 0  # paused outcomes in a row

    def after(self, state: SyncState) -> tuple[SyncState, float | None]:
        """Record an outcome; return the state with retry_in set, and the seconds until the next sync."""
        if state.status == PAUSED:
            self.failures += 1
            delay: float | None = self.policy.delay(self.failures)
        else:
            self.failures = 0
            delay = self.interval if state.status == SYNCED else None
        return replace(state, retry_in=delay if state.status == PAUSED else None), delay
