"""Conflicts a merge could not decide, kept in the library until the user picks a side.

The library holds the server's value ("theirs") so that every member's
library converges; the conflict keeps "mine". Resolving with mine makes mine
an ordinary local change again, which the next sync sends; resolving with
theirs just closes the conflict. Nothing is lost either way. Resolving (and
undoing a resolution) is ``resolution.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..clock import now
from ..errors import NotFound
from ..library import Library
from .merge import FieldConflict
from .records import Row

KEEP = ("mine", "theirs")


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed differently (or a deletion against an edit)."""

    id: int
    entity: str  # annotation | document
    key: str  # annotation uuid, or document id
    field: str  # claim_type, note, speaker, deleted; or a document field, sha256 for its text
    mine: Any
    theirs: Any
    record: Row  # my whole row when the conflict was found
    detected: str
    resolved: str = ""
    resolution: str = ""  # mine | theirs

    @property
    def summary(self) -> str:
        """One line saying what conflicts, for a list."""
        what = self.record.get("exact") or self.record.get("title") or self.key
        what = " ".join(str(what).split())
        if self.field == "deleted":
            side = (
                "you deleted it; it was changed elsewhere" if self.mine else "it was deleted elsewhere; you changed it"
            )
            return f"{self.entity} “{what[:60]}”: {side}"
        if self.field == "sha256":
            return f"document “{what[:60]}”: its text was replaced elsewhere and here"
        return f"{self.entity} “{what[:60]}”: {self.field} is {_shown(self.theirs)} (yours: {_shown(self.mine)})"


def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return f"“{text[:40]}”" if text else "empty"


def record_conflicts(
    conn: sqlite3.Connection, entity: str, key: str, conflicts: Iterable[FieldConflict], record: Row
) -> int:
    """Store conflicts found for one row (inside the caller's transaction); return how many."""
    rows = [
        (entity, key, c.field, json.dumps(c.mine, ensure_ascii=False), json.dumps(c.theirs, ensure_ascii=False),
         json.dumps(record, ensure_ascii=False), now())
        for c in conflicts
    ]  # fmt: skip
    conn.executemany(
        "INSERT INTO sync_conflicts (entity, key, field, mine, theirs, record, detected) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def open_count(conn: sqlite3.Connection) -> int:
    """How many conflicts wait for the user."""
    return int(conn.execute("SELECT count(*) FROM sync_conflicts WHERE resolved = ''").fetchone()[0])


def list_conflicts(library: Library, include_resolved: bool = False) -> list[Conflict]:
    """Return the conflicts, oldest first (only open ones unless include_resolved)."""
    where = "" if include_resolved else "WHERE resolved = ''"
    rows = library.conn.execute(
        "SELECT id, entity, key, field, mine, theirs, record, detected, resolved, resolution"
        f" FROM sync_conflicts {where} ORDER BY id"
    ).fetchall()
    return [_conflict(row) for row in rows]


def _conflict(row: tuple[Any, ...]) -> Conflict:
    id_, entity, key, field, mine, theirs, record, detected, resolved, resolution = row
    return Conflict(id_, entity, key, field, json.loads(mine), json.loads(theirs), json.loads(record), detected,
                    resolved, resolution)  # fmt: skip


def conflict(library: Library, conflict_id: int) -> Conflict:
    """Return one conflict. Raises NotFound."""
    found = [c for c in list_conflicts(library, include_resolved=True) if c.id == conflict_id]
    if not found:
        raise NotFound(f"no conflict {conflict_id}")
    return found[0]
