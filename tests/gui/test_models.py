"""The item models behind the claims panel and the library list pass Qt's model checks."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from gui.annotation_model import (
    SORT_TIME,
    AnnotationFilterModel,
    AnnotationListModel,
    ClaimTypeRole,
    StatusRole,
    UuidRole,
)
from gui.library_model import LibraryModel, SummaryRole
from storage import Annotation, ClaimType, DocumentSummary

TYPES = [ClaimType("fact", "Fact", "#2f7ed8", "solid"), ClaimType("opinion", "Opinion", "#e07b00", "dash")]


def claim(uuid: str, start: int, claim_type: str = "fact", created: str = "", **fields: object) -> Annotation:
    return Annotation(uuid, 1, start, start + 5, f"quote {uuid}", "", "", claim_type, created=created, **fields)


def test_annotation_model_passes_the_model_tester(qtmodeltester) -> None:
    """Resets, inserts, removals and changes of cards keep the model consistent."""
    model = AnnotationListModel()
    qtmodeltester.check(model)
    model.set_annotations([claim("b", 20), claim("a", 10)], TYPES)
    model.add(claim("c", 15))
    model.replace(replace(claim("c", 15), note="changed"))
    model.remove("a")
    qtmodeltester.check(model)
    assert ["c", "b"] == [model.index(row).data(UuidRole) for row in range(model.rowCount())]
    assert "changed" in model.index(0).data(0x0003)  # ToolTipRole mentions the note


def test_filter_model_hides_types_statuses_and_text(qtmodeltester) -> None:
    """Type toggles, the status filter and the text filter each narrow the cards shown."""
    source = AnnotationListModel()
    source.set_annotations(
        [claim("a", 1, note="Napoleon"), claim("b", 2, "opinion"), claim("c", 3, status="orphaned")], TYPES
    )
    proxy = AnnotationFilterModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy)
    proxy.set_type_visible("opinion", False)
    assert ["a", "c"] == [proxy.index(r, 0).data(UuidRole) for r in range(proxy.rowCount())]
    proxy.set_statuses({"orphaned"})
    assert ["orphaned"] == [proxy.index(r, 0).data(StatusRole) for r in range(proxy.rowCount())]
    proxy.set_statuses(None)
    proxy.set_text_filter("napoleon")
    assert ["a"] == [proxy.index(r, 0).data(UuidRole) for r in range(proxy.rowCount())]
    qtmodeltester.check(proxy)


def test_filter_model_sorts_by_time_or_position() -> None:
    """Newest first puts the latest created card on top; reading order restores positions."""
    source = AnnotationListModel()
    source.set_annotations([claim("late", 1, created="2024-02"), claim("early", 9, created="2024-01")], TYPES)
    proxy = AnnotationFilterModel()
    proxy.setSourceModel(source)
    proxy.set_sort_order(SORT_TIME)
    assert ["late", "early"] == [proxy.index(r, 0).data(UuidRole) for r in range(proxy.rowCount())]
    proxy.set_sort_order("position")
    assert ["late", "early"] == [proxy.index(r, 0).data(UuidRole) for r in range(proxy.rowCount())]
    source.add(claim("newest", 5, created="2024-03"))
    proxy.set_sort_order(SORT_TIME)
    assert "newest" == proxy.index(0, 0).data(UuidRole)
    assert "fact" == proxy.index(0, 0).data(ClaimTypeRole)


def test_library_model_passes_the_model_tester_and_updates_counts(qtmodeltester) -> None:
    """Document rows carry their summary, and a count update changes only that row's data."""
    model = LibraryModel()
    qtmodeltester.check(model)
    model.set_documents([DocumentSummary(1, "A", "Ann", "2024-05-13", "", "text", "t", {"fact": 1})])
    model.update_counts(1, {"fact": 2, "quote": 1})
    qtmodeltester.check(model)
    assert {"fact": 2, "quote": 1} == model.index(0).data(SummaryRole).counts


def test_two_imports_of_one_book_can_be_told_apart(qtmodeltester) -> None:
    """Documents sharing a title show their file and import time in the byline; all show them in the tooltip."""
    from gui.library_model import BylineRole, LibraryModel
    from storage import DocumentSummary

    model = LibraryModel()
    model.set_documents([
        DocumentSummary(1, "War and Peace", "Tolstoy", "", "/books/wp-1.txt", "text", "2026-12-01T09:00:00.000+00:00"),
        DocumentSummary(2, "War and Peace", "Tolstoy", "", "/books/wp-2.txt", "text", "2026-12-01T10:30:00.000+00:00"),
        DocumentSummary(3, "Other", "Ann", "", "/books/other.txt", "text", "2026-12-01T11:00:00.000+00:00"),
    ])  # fmt: skip
    qtmodeltester.check(model)
    bylines = [model.index(row).data(BylineRole) for row in range(3)]
    assert "Tolstoy · wp-1.txt, imported 2026-12-01 09:00" == bylines[0]
    assert "wp-2.txt" in bylines[1] and "Ann" == bylines[2]
    assert "other.txt, imported 2026-12-01 11:00" in model.index(2).data(Qt.ItemDataRole.ToolTipRole)
