"""The teacher's view: each student's tagging beside the key, agreement per claim, totals per student."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from documents import Block, Document, Metadata
from gui.jobs import JobRunner
from gui.sync.class_rows import EXTRA, MISSED, OTHER, SAME, class_view
from gui.sync.class_view import (
    AgreementRole,
    ClassTaggingModel,
    ClassViewDialog,
    OutcomeRole,
    StudentResultsModel,
    most_missed_text,
)
from storage import Library

PARAGRAPHS = [
    "Harbour town votes to ban large cruise ships",
    "The council voted seven to two on Tuesday to close the old port to ships over 200 metres.",
    "Tour operators warn that the ban will cost the town 300 jobs.",
    "The ban takes effect next spring, after a consultation.",
]
TEXT = "\n".join(PARAGRAPHS)
VOTE = "The council voted seven to two"
JOBS = "the ban will cost the town 300 jobs"


def _tag(path: Path, annotator: str, claims: list[tuple[str, str]]) -> int:
    with Library(path, annotator=annotator) as library:
        document = Document(Metadata(title="Cruise ban", format="text"), [Block("paragraph", p) for p in PARAGRAPHS])
        document_id = library.import_document(document)[0].id
        for quote, claim_type in claims:
            start = TEXT.index(quote)
            library.add_annotation(document_id, start, start + len(quote), claim_type)
        return document_id


def _class(tmp_path: Path) -> tuple[Path, int]:
    """A key of two claims; alice finds the vote, bob finds it in part and adds one, carla gives it another type."""
    path = tmp_path / "class.sqlite"
    document = _tag(path, "teacher", [(VOTE, "fact"), (JOBS, "opinion")])
    _tag(path, "alice", [(VOTE, "fact")])
    _tag(path, "bob", [("council voted seven", "fact"), ("next spring", "fact")])
    _tag(path, "carla", [(VOTE, "opinion")])
    return path, document


def _column(model: ClassTaggingModel, student: str) -> int:
    return 2 + model.students.index(student)


def test_the_grid_shows_every_student_beside_the_key(qtmodeltester, tmp_path: Path) -> None:
    """Key claims in reading order, one column per student with their type, agreement last, extras after."""
    path, document = _class(tmp_path)
    with Library(path) as library:
        view = class_view(library, document, "teacher")
        claim_types = library.claim_types()
    model = ClassTaggingModel()
    model.set_view(view, claim_types)
    qtmodeltester.check(model)
    assert ("alice", "bob", "carla") == model.students
    assert ["Claim", "Key", "alice", "bob", "carla", "Agreement"] == [
        model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
    ]
    assert [VOTE, JOBS, "next spring"] == [model.data(model.index(r, 0), Qt.ItemDataRole.ToolTipRole) for r in range(3)]
    assert ["Fact", "Opinion", "(not in the key)"] == [model.data(model.index(r, 1)) for r in range(3)]
    outcomes = [[model.data(model.index(r, _column(model, s)), OutcomeRole) for s in model.students] for r in range(3)]
    assert [[SAME, SAME, OTHER], [MISSED, MISSED, MISSED], ["", EXTRA, ""]] == outcomes
    assert "≠ Opinion" == model.data(model.index(0, _column(model, "carla")))
    last = model.columnCount() - 1
    assert ["67%", "0%", None] == [model.data(model.index(r, last)) for r in range(3)]
    assert model.data(model.index(2, last), AgreementRole) is None
    background = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole).color()
    fact = next(t for t in claim_types if t.name == "fact")
    assert background.name() == fact.colour.lower()  # the key's type in its colour


def test_the_results_give_found_same_type_and_extra_per_student(qtmodeltester, tmp_path: Path) -> None:
    """alice 1/2 found and same type; bob 1/2, 1/2 and one extra; carla found it with another type."""
    path, document = _class(tmp_path)
    with Library(path) as library:
        view = class_view(library, document, "teacher")
    model = StudentResultsModel()
    model.set_view(view)
    qtmodeltester.check(model)
    rows = [tuple(model.data(model.index(r, c)) for c in range(4)) for r in range(model.rowCount())]
    assert [("alice", "1/2", "1/2", "0"), ("bob", "1/2", "1/2", "1"), ("carla", "1/2", "0/2", "0")] == rows
    assert f"“{JOBS}” — missed by 3 of 3" == most_missed_text(view)


def test_the_dialog_builds_the_view_on_a_pool_thread_and_changes_key(qtbot, tmp_path: Path) -> None:
    """The dialog says how the class did; choosing alice as the key compares the others with her."""
    path, document = _class(tmp_path)
    with Library(path) as library:
        runner = JobRunner()
        dialog = ClassViewDialog(library, runner, document, "teacher", library.claim_types(), with_members=False)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.view is not None)
        assert "2 key claims · 3 students · mean agreement 33%" == dialog.summary.text()
        assert ["alice", "bob", "carla", "teacher"] == [dialog.key_box.itemText(i) for i in range(4)]
        dialog.compare("alice")
        qtbot.waitUntil(lambda: dialog.view is not None and dialog.view.key_annotator == "alice")
        assert ("bob", "carla", "teacher") == dialog.tagging.students
        assert "1 key claim · 3 students · mean agreement 67%" == dialog.summary.text()
        runner.close()
