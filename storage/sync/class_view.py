"""The teacher's view of a shared document: every member's tagging side by side, and a class summary.

The data comes from the teacher's own library, which sync fills with every
student's claims (the owner sees them all). ``tagging_by_annotator`` is the
interface an answer-key comparison takes: the annotations of one document,
grouped by who made them. ``class_summary`` measures each claim of the key
against the students' tagging with a ``Match`` (by default: the spans
overlap by at least half of the shorter one); a finer comparison plugs in
the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..library import Library
from ..records import Annotation

Match = Callable[[Annotation, Annotation], bool]  # (key claim, a student's claim) -> the student found it
MIN_OVERLAP = 0.5


def overlaps(key: Annotation, claim: Annotation) -> bool:
    """Whether claim covers at least half of the shorter of the two spans of key."""
    shared = min(key.end, claim.end) - max(key.start, claim.start)
    shorter = min(key.end - key.start, claim.end - claim.start)
    return shorter > 0 and shared >= MIN_OVERLAP * shorter


def tagging_by_annotator(library: Library, document_id: int) -> dict[str, list[Annotation]]:
    """Return annotator -> their annotations of the document in reading order, annotators sorted by name."""
    grouped: dict[str, list[Annotation]] = {}
    for annotation in library.annotations(document_id):
        grouped.setdefault(annotation.annotator, []).append(annotation)
    return dict(sorted(grouped.items()))


@dataclass(frozen=True)
class ClaimAgreement:
    """How the class did on one claim of the key."""

    key: Annotation
    found_by: tuple[str, ...]  # students who tagged it (any type)
    same_type_by: tuple[str, ...]  # of those, the ones who gave it the key's type
    missed_by: tuple[str, ...]  # students who did not tag it at all

    @property
    def agreement(self) -> float:
        """The share of students who tagged it with the key's type (0..1)."""
        students = len(self.found_by) + len(self.missed_by)
        return len(self.same_type_by) / students if students else 0.0


@dataclass(frozen=True)
class StudentResult:
    """One student's tagging against the key."""

    student: str
    found: int  # key claims tagged
    same_type: int  # of those, with the key's type
    extra: int  # claims of theirs that match no key claim


@dataclass(frozen=True)
class ClassSummary:
    """A document's key against the whole class."""

    document_id: int
    key_annotator: str
    students: tuple[str, ...]
    claims: tuple[ClaimAgreement, ...]  # in the key's reading order
    results: tuple[StudentResult, ...]

    def most_missed(self, count: int = 5) -> list[ClaimAgreement]:
        """The key claims the most students missed (ties in reading order), those nobody missed left out."""
        missed = [c for c in self.claims if c.missed_by]
        return sorted(missed, key=lambda c: -len(c.missed_by))[:count]


def class_summary(
    library: Library,
    document_id: int,
    key_annotator: str,
    students: Iterable[str] | None = None,
    match: Match = overlaps,
) -> ClassSummary:
    """Compare each student's tagging of the document with key_annotator's (the key).

    Args:
        students: who is in the class (e.g. the group's members and readers), so that a student who
            tagged nothing counts as missing every claim; by default, everyone else who tagged it.
        match: whether a student's claim finds a key claim.
    """
    tagging = tagging_by_annotator(library, document_id)
    key = tagging.pop(key_annotator, [])
    chosen = sorted(set(tagging) if students is None else set(students) - {key_annotator})
    tagging = {student: tagging.get(student, []) for student in chosen}
    students = tuple(chosen)
    claims = tuple(_agreement(claim, tagging, match) for claim in key)
    results = tuple(_result(student, tagging[student], key, match) for student in students)
    return ClassSummary(document_id, key_annotator, students, claims, results)


def _agreement(claim: Annotation, tagging: dict[str, list[Annotation]], match: Match) -> ClaimAgreement:
    found, same = [], []
    for student, theirs in tagging.items():
        hits = [t for t in theirs if match(claim, t)]
        if hits:
            found.append(student)
            if any(t.claim_type == claim.claim_type for t in hits):
                same.append(student)
    missed = tuple(s for s in tagging if s not in found)
    return ClaimAgreement(claim, tuple(found), tuple(same), missed)


def _result(student: str, theirs: list[Annotation], key: list[Annotation], match: Match) -> StudentResult:
    found = [k for k in key if any(match(k, t) for t in theirs)]
    same = [k for k in found if any(match(k, t) and t.claim_type == k.claim_type for t in theirs)]
    extra = [t for t in theirs if not any(match(k, t) for k in key)]
    return StudentResult(student, len(found), len(same), len(extra))
