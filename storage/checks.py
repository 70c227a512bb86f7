"""Checking a library: SQLite's integrity check, and claims whose stored range or quote does not fit their text.

The window and every command already show a claim stored outside its text as
an orphan (storage.placement.within_text), so such a row (written by an older
Claimmark or another program) never crashes anything; ``check_library`` lists
them, and ``repair_ranges`` stores them as the orphans they are shown as.
"""

from __future__ import annotations

from dataclasses import dataclass

from .library import Library
from .statuses import AnchorStatus

_ORPHANED = AnchorStatus.ORPHANED.value
# Each document's length is counted once (a join would count it again for every claim).
_OUTSIDE = """
WITH lengths AS MATERIALIZED (SELECT id, length(text) AS n FROM documents)
SELECT a.uuid, a.document_id, a.start, a.end, lengths.n FROM annotations a JOIN lengths ON lengths.id = a.document_id
WHERE a.start < 0 OR a.end < a.start OR a.end > lengths.n OR (a.start = a.end AND a.status != ?)
ORDER BY a.document_id, a.start
"""


@dataclass(frozen=True)
class Problem:
    """One thing found wrong in a library, said for a person."""

    what: str
    uuid: str = ""  # the claim concerned, if any


def check_library(library: Library) -> list[Problem]:
    """Return everything wrong with the library: integrity, claims outside their text, quotes not at their range."""
    verdict = [row[0] for row in library.conn.execute("PRAGMA integrity_check(20)")]
    problems = [Problem(f"integrity: {line}") for line in verdict if line != "ok"]
    outside = ranges_outside_text(library)
    problems += [
        Problem(f"claim {uuid} of document {doc}: range {start}-{end} lies outside its text (0-{length})", uuid)
        for uuid, doc, start, end, length in outside
    ]
    problems += _misquoted(library, {row[0] for row in outside})
    return problems


def ranges_outside_text(library: Library) -> list[tuple[str, int, int, int, int]]:
    """Return (uuid, document id, start, end, text length) of each claim whose range does not fit its text."""
    return [tuple(row) for row in library.conn.execute(_OUTSIDE, [_ORPHANED])]


def _misquoted(library: Library, skipped: set[str]) -> list[Problem]:
    problems = []
    rows = library.conn.execute(
        "SELECT document_id, uuid, start, end, exact FROM annotations WHERE status != ? ORDER BY document_id",
        [_ORPHANED],
    )
    for document_id, uuid, start, end, exact in rows:
        if uuid not in skipped and library.document_text(document_id)[start:end] != exact:
            problems.append(Problem(f"claim {uuid} of document {document_id}: its quote is not at {start}-{end}", uuid))
    return problems


def repair_ranges(library: Library) -> int:
    """Store every claim whose range lies outside its text as an orphan (quote, note, type kept); return how many."""
    with library.transaction() as conn:
        outside = ranges_outside_text(library)
        conn.executemany(
            "UPDATE annotations SET start = ?, end = ?, status = ?, score = 0.0 WHERE uuid = ?",
            [(min(max(start, 0), length),) * 2 + (_ORPHANED, uuid) for uuid, _, start, _, length in outside],
        )
    return len(outside)
