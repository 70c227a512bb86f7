"""The teacher's view as rows: each key claim with every student's tagging of it, then claims beyond the key.

Plain data built on a pool thread (``class_view_job``) from
``storage.sync.class_summary`` and ``tagging_by_annotator``; the item models
of ``class_view.py`` only show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage import Annotation, Library
from storage.progress import Cancel, Progress

from ..jobs import Job

SAME, OTHER, MISSED, EXTRA = "same", "other", "missed", "extra"  # a student's outcome on one row


@dataclass(frozen=True)
class Cell:
    """One student's tagging on one row."""

    outcome: str  # SAME (the key's type), OTHER (another type), MISSED, EXTRA (a claim beyond the key)
    claim_type: str = ""  # the type the student gave ("" when missed)
    exact: str = ""  # the student's quote


@dataclass(frozen=True)
class ClassRow:
    """A key claim (key_type set) or a claim beyond the key that some students made (key_type "")."""

    start: int
    end: int
    exact: str
    key_type: str
    cells: dict[str, Cell] = field(default_factory=dict)  # student -> their tagging here
    agreement: float | None = None  # share of students with the key's type (key rows only)
    missed: int = 0  # students who did not tag it (key rows only)


@dataclass(frozen=True)
class StudentLine:
    """One student's totals against the key."""

    student: str
    found: int
    same_type: int
    extra: int


@dataclass(frozen=True)
class ClassView:
    """Everything the teacher's view shows for one document and one key."""

    document_id: int
    key_annotator: str
    annotators: tuple[str, ...]  # everyone who tagged the document (the key's candidates)
    students: tuple[str, ...]
    rows: tuple[ClassRow, ...]  # key rows in reading order, then the extra rows in reading order
    results: tuple[StudentLine, ...]
    most_missed: tuple[ClassRow, ...]
    key_claims: int


Match = Callable[[Annotation, Annotation], bool]


def build_view(
    document_id: int,
    key_annotator: str,
    tagging: dict[str, list[Annotation]],
    students: tuple[str, ...],
    agreements: list[tuple[Annotation, float, int]],
    results: list[StudentLine],
    match: Match,
    most_missed: list[Annotation],
) -> ClassView:
    """Arrange a class summary as rows (key claims with each student's cell, then extras merged by overlap)."""
    key_rows = [
        ClassRow(key.start, key.end, key.exact, key.claim_type,
                 {s: _cell(key, tagging.get(s, []), match) for s in students}, agreement, missed)
        for key, agreement, missed in agreements
    ]  # fmt: skip
    keys = [key for key, _, _ in agreements]
    extras = sorted(
        ((s, t) for s in students for t in tagging.get(s, []) if not any(match(k, t) for k in keys)),
        key=lambda pair: (pair[1].start, pair[1].end, pair[0]),
    )
    extra_rows: list[ClassRow] = []
    anchors: list[Annotation] = []
    for student, claim in extras:
        cell = Cell(EXTRA, claim.claim_type, claim.exact)
        if anchors and match(anchors[-1], claim) and student not in extra_rows[-1].cells:
            extra_rows[-1].cells[student] = cell
        else:
            anchors.append(claim)
            extra_rows.append(ClassRow(claim.start, claim.end, claim.exact, "", {student: cell}))
    by_key = {(r.start, r.end, r.exact): r for r in key_rows}
    missed = tuple(by_key[(k.start, k.end, k.exact)] for k in most_missed)
    return ClassView(document_id, key_annotator, tuple(tagging), students, (*key_rows, *extra_rows),
                     tuple(results), missed, len(key_rows))  # fmt: skip


def _cell(key: Annotation, theirs: list[Annotation], match: Match) -> Cell:
    hits = [t for t in theirs if match(key, t)]
    if not hits:
        return Cell(MISSED)
    same = [t for t in hits if t.claim_type == key.claim_type]
    chosen = (same or hits)[0]
    return Cell(SAME if same else OTHER, chosen.claim_type, chosen.exact)


def class_view(library: Library, document_id: int, key_annotator: str, members: list[str] | None = None) -> ClassView:
    """Compare the document's tagging by every student with key_annotator's (members: the whole class, if known)."""
    from storage.sync import class_summary, tagging_by_annotator
    from storage.sync.class_view import overlaps

    tagging = tagging_by_annotator(library, document_id)
    summary = class_summary(library, document_id, key_annotator, members or None, overlaps)
    agreements = [(c.key, c.agreement, len(c.missed_by)) for c in summary.claims]
    results = [StudentLine(r.student, r.found, r.same_type, r.extra) for r in summary.results]
    most = [c.key for c in summary.most_missed()]
    return build_view(document_id, key_annotator, tagging, summary.students, agreements, results, overlaps, most)


def class_view_job(library_path: Path, document_id: int, key_annotator: str, with_members: bool = True) -> Job:
    """Return a job building the ClassView on its own connection (the group's members asked for when linked)."""

    def job(progress: Progress, cancel: Cancel) -> ClassView:
        with Library(library_path, read_only=True) as library:
            members = _members(library) if with_members else None
            return class_view(library, document_id, key_annotator, members)

    return job


def _members(library: Library) -> list[str] | None:
    """The linked group's members and readers (so who tagged nothing counts), or None when not known."""
    from storage.sync import SyncError, list_groups, read_link

    link = read_link(library)
    if link is None:
        return None
    try:
        groups = [g for g in list_groups(link.dsn) if g.id == link.group_id]
    except SyncError:  # offline: the students are those who tagged
        return None
    return [person for g in groups for person, _ in g.members] or None
