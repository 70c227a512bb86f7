"""Statistics for charts: per document, per collection and for the whole library."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import InvalidAnnotation, Library
from storage.research import collections, stats

from .research_library import SmallLibrary, fill


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def test_library_counts_shares_speakers_tags_statuses(small: SmallLibrary) -> None:
    """The whole library: counts and shares per type in library order, top speakers and tags, statuses."""
    found = stats.library_statistics(small.library, top=2)
    assert (3, 7) == (found.documents, found.claims)
    assert [("fact", 2), ("opinion", 3), ("quote", 2)] == [(t.name, t.count) for t in found.types]
    assert pytest.approx(3 / 7) == found.types[1].share
    assert [("Ana Minister", 2), ("A councillor", 1)] == found.speakers
    assert [("budget", 2), ("fishing", 2)] == found.tags
    assert {"anchored": 4, "moved": 1, "orphaned": 1, "changed": 1} == found.statuses
    assert {"ana": 4, "ben": 3} == found.annotators
    assert 7 == sum(sum(b.counts.values()) for b in found.position_bins) and 20 == len(found.position_bins)


def test_document_positions_along_the_text(small: SmallLibrary) -> None:
    """One document: each claim's (fraction of the text, type) in reading order, and the same in bins."""
    found = stats.document_statistics(small.library, small.documents[0])
    text = small.library.document_text(small.documents[0])
    starts = [text.index("The minister"), text.index("Critics"), text.index("Staff")]
    assert [(s / len(text), t) for s, t in zip(starts, ("quote", "opinion", "fact"), strict=True)] == found.positions
    assert {"quote": 1} == found.position_bins[int(starts[0] / len(text) * 20)].counts


def test_timeline_by_week_and_by_day(small: SmallLibrary) -> None:
    """Claims over time: ISO weeks start on Mondays; days are the created dates."""
    weekly = stats.library_statistics(small.library)
    assert ["2024-03-04", "2024-03-11", "2024-04-01", "2024-04-15"] == [p.start for p in weekly.timeline]
    assert {"quote": 1, "opinion": 1} == weekly.timeline[0].counts
    daily = stats.library_statistics(small.library, period="day")
    assert "2024-03-05" == daily.timeline[1].start
    with pytest.raises(InvalidAnnotation):
        stats.library_statistics(small.library, period="month")


def test_collection_scope(small: SmallLibrary) -> None:
    """A collection counts the claims of its documents and of the collections under it."""
    course = collections.create(small.library, "Course")
    week = collections.create(small.library, "Week", parent=course.id)
    collections.add_documents(small.library, week.id, small.documents[1:])
    found = stats.collection_statistics(small.library, course.id)
    assert ("Course", 2, 4) == (found.title, found.documents, found.claims)
    assert [("budget", 2), ("doubt", 1), ("fishing", 1), ("harbour", 1)] == found.tags


def test_an_empty_library_has_zero_everywhere(library: Library) -> None:
    """No claims: zero counts and shares, empty lists, no error."""
    found = stats.library_statistics(library)
    assert (0, [0.0, 0.0, 0.0], [], []) == (
        found.claims,
        [t.share for t in found.types],
        found.speakers,
        found.timeline,
    )
