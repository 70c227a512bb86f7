"""The teacher's view: each student's tagging of a document beside the key, and the class summary."""

from __future__ import annotations

from pathlib import Path

from storage import Library
from storage.sync import class_summary, list_groups, sync, tagging_by_annotator
from storage.sync.class_view import overlaps

from .conftest import ARTICLE, Classroom, article

TEXT = "\n".join(ARTICLE)
VOTE = "The council voted seven to two"
JOBS = "the ban will cost the town 300 jobs"


def _span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def _tag(path: Path, annotator: str, claims: list[tuple[str, str]]) -> None:
    with Library(path, annotator=annotator) as library:
        document = library.import_document(article())[0].id
        for quote, claim_type in claims:
            library.add_annotation(document, *_span(quote), claim_type)


def test_tagging_is_grouped_by_annotator_in_reading_order(tmp_path: Path) -> None:
    """Each annotator's claims come together, annotators sorted, claims in reading order."""
    path = tmp_path / "class.sqlite"
    _tag(path, "teacher", [(JOBS, "opinion"), (VOTE, "fact")])
    _tag(path, "alice", [(VOTE, "fact")])
    with Library(path) as library:
        grouped = tagging_by_annotator(library, 1)
    assert ["alice", "teacher"] == list(grouped)
    assert [VOTE, JOBS] == [a.exact for a in grouped["teacher"]]


def test_the_summary_gives_agreement_per_claim_and_the_most_missed(tmp_path: Path) -> None:
    """Two of three students find the vote as a fact; nobody finds the jobs claim; extras are counted."""
    path = tmp_path / "class.sqlite"
    _tag(path, "teacher", [(VOTE, "fact"), (JOBS, "opinion")])
    _tag(path, "alice", [(VOTE, "fact")])
    _tag(path, "bob", [("council voted seven", "fact"), ("next spring", "fact")])
    _tag(path, "carla", [(VOTE, "opinion")])
    with Library(path) as library:
        summary = class_summary(library, 1, "teacher")
    vote, jobs = summary.claims
    assert (("alice", "bob", "carla"), ("alice", "bob")) == (vote.found_by, vote.same_type_by)
    assert 2 / 3 == vote.agreement and 0.0 == jobs.agreement
    assert [JOBS] == [c.key.exact for c in summary.most_missed()]
    assert [("alice", 1, 1, 0), ("bob", 1, 1, 1), ("carla", 1, 0, 0)] == [
        (r.student, r.found, r.same_type, r.extra) for r in summary.results
    ]


def test_spans_match_when_they_overlap_by_half_the_shorter() -> None:
    """The default match accepts a half overlap and refuses less."""
    from storage import Annotation

    def claim(start: int, end: int) -> Annotation:
        return Annotation("u", 1, start, end, "", "", "", "fact")

    assert overlaps(claim(0, 10), claim(5, 30)) and not overlaps(claim(0, 10), claim(6, 30))


def test_a_teacher_sees_and_compares_every_students_tagging(classroom: Classroom) -> None:
    """Students tag offline and sync; the teacher's sync brings all of it, and the summary covers each student."""
    teacher = classroom.library(classroom.teacher)
    document = teacher.import_document(article())[0].id
    teacher.add_annotation(document, *_span(VOTE), "fact")
    assert sync(teacher).ok
    students = [classroom.add(f"s{n}") for n in range(6)]
    for n, person in enumerate(students):
        library = classroom.library(person)
        assert sync(library).ok
        if n % 2 == 0:
            library.add_annotation(library.documents()[0].id, *_span(VOTE), "fact")
        assert sync(library).ok
    assert sync(teacher).ok
    [group] = [g for g in list_groups(classroom.dsn(classroom.teacher)) if g.name == classroom.group]
    summary = class_summary(teacher, document, classroom.teacher, [person for person, _ in group.members])
    assert tuple(sorted(students)) == summary.students
    [vote] = summary.claims
    assert 0.5 == vote.agreement and set(students[1::2]) == set(vote.missed_by)
