"""Claims across the library: every filter, the sorts, paging, totals, and an export of exactly the filtered set."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import InvalidAnnotation, Library
from storage.export import ExportOptions, export_text
from storage.research import claims, collections
from storage.research.claims import ClaimFilter

from .research_library import SmallLibrary, fill


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def _keys(small: SmallLibrary, claim_filter: ClaimFilter, **options: object) -> list[str]:
    keys = {uuid: key for key, uuid in small.uuids.items()}
    return [keys[row.annotation.uuid] for row in claims.page(small.library, claim_filter, **options).rows]  # type: ignore[arg-type]


def test_no_filter_lists_every_claim_in_document_order(small: SmallLibrary) -> None:
    """The default page is every claim in reading order, document by document, with its document's title."""
    page = claims.page(small.library)
    assert ["h1", "h2", "h3", "f1", "f2", "c2", "c1"] == _keys(small, ClaimFilter())
    assert 7 == page.total and "Harbour to reopen in May" == page.rows[0].document_title


def test_each_filter_narrows_the_claims(small: SmallLibrary) -> None:
    """Type, speaker, tag, document, status, annotator, dates and text each restrict; values within one: any."""
    lib = small.library
    assert ["h3", "c2"] == _keys(small, ClaimFilter(types=("fact",)))
    assert ["h1", "f1"] == _keys(small, ClaimFilter(speakers=("ANA MINISTER",)))
    assert ["h2", "c2"] == _keys(small, ClaimFilter(speakers=("",), types=("opinion", "fact")))
    assert ["h2", "f2", "c2", "c1"] == _keys(small, ClaimFilter(tags=("Fishing", "budget")))
    assert ["f1", "f2"] == _keys(small, ClaimFilter(documents=(small.documents[1],)))
    assert ["h2", "f2"] == _keys(small, ClaimFilter(statuses=("moved", "orphaned")))
    assert ["h2", "f1", "f2"] == _keys(small, ClaimFilter(annotators=("ben",)))
    assert ["f1", "f2", "c1"] == _keys(small, ClaimFilter(created_from="2024-04-01", created_to="2024-04-15"))
    assert ["f2", "c1"] == _keys(small, ClaimFilter(text="lighthouse"))
    assert ["c1"] == _keys(small, ClaimFilter(text="lighthouse", tags=("budget",)))
    assert 0 == claims.count(lib, ClaimFilter(types=("fact",), tags=("fishing",)))


def test_collections_filter_includes_nested_ones(small: SmallLibrary) -> None:
    """A collection filter takes the documents of the collections under it too."""
    course = collections.create(small.library, "Course")
    week = collections.create(small.library, "Week 2", parent=course.id)
    collections.add_documents(small.library, week.id, [small.documents[2]])
    assert ["c2", "c1"] == _keys(small, ClaimFilter(collections=(course.id,)))


def test_sorts_and_paging(small: SmallLibrary) -> None:
    """Sorting by created, type (library order), speaker, descending, and pages that add up."""
    assert ["c2", "c1", "f2", "f1", "h3", "h2", "h1"] == _keys(small, ClaimFilter(), sort="created", descending=True)
    assert ["h3", "c2", "h2", "f2", "c1", "h1", "f1"] == _keys(small, ClaimFilter(), sort="type")
    assert ["h2", "c2", "c1", "h1", "f1", "h3", "f2"] == _keys(small, ClaimFilter(), sort="speaker")
    pages = [_keys(small, ClaimFilter(), limit=3, offset=offset) for offset in (0, 3, 6)]
    assert ["h1", "h2", "h3", "f1", "f2", "c2", "c1"] == [key for page in pages for key in page]
    assert -1 == claims.page(small.library, count=False).total


def test_bad_requests_are_clear_errors(small: SmallLibrary) -> None:
    """An unknown sort, a malformed date or an impossible page size is an InvalidAnnotation."""
    for options in ({"sort": "colour"}, {"limit": 0}, {"offset": -1}):
        with pytest.raises(InvalidAnnotation):
            claims.page(small.library, **options)  # type: ignore[arg-type]
    with pytest.raises(InvalidAnnotation, match="YYYY-MM-DD"):
        claims.page(small.library, ClaimFilter(created_from="last week"))


def test_export_holds_exactly_the_filtered_claims(small: SmallLibrary) -> None:
    """export_text with annotation_uuids writes only those claims, each under its document, in every format."""
    chosen = claims.uuids(small.library, ClaimFilter(tags=("fishing", "budget")))
    options = ExportOptions(exported="2024-05-01T00:00:00.000+00:00")
    markdown = export_text(small.library, [], options, annotation_uuids=chosen)
    assert "Several crews doubted the promise" in markdown and "The minister said" not in markdown
    assert "Harbour to reopen in May" in markdown and "Council notes: the budget" in markdown
    rows = list(csv.DictReader(io.StringIO(export_text(small.library, [], ExportOptions(format="csv"),
                                                       annotation_uuids=chosen))))  # fmt: skip
    assert sorted(chosen) == sorted(row["uuid"] for row in rows)
    collections_json = json.loads(export_text(small.library, [], ExportOptions(format="json"), annotation_uuids=chosen))
    assert 4 == sum(len(c["first"]["items"]) for c in collections_json)
    only_first = export_text(small.library, [small.documents[0]], ExportOptions(format="csv"), annotation_uuids=chosen)
    assert 2 == len(only_first.splitlines())  # the header and h2: documents not named stay out


def test_export_without_a_selection_is_unchanged(small: SmallLibrary) -> None:
    """Leaving annotation_uuids out exports every claim of the documents, as before."""
    text = export_text(small.library, small.documents, ExportOptions(format="csv"))
    assert 8 == len(text.splitlines())


def test_choices_offer_every_value_with_its_count(small: SmallLibrary) -> None:
    """The filter choices list types in library order, speakers (with "none"), tags, annotators, statuses, days."""
    found = claims.choices(small.library)
    assert [("fact", 2), ("opinion", 3), ("quote", 2)] == found.types
    assert ("", 2) == found.speakers[0] and ("Ana Minister", 2) == found.speakers[1]
    assert [("budget", 2), ("fishing", 2)] == found.tags[:2]
    assert [("ana", 4), ("ben", 3)] == found.annotators
    assert ("2024-03-04", "2024-04-16") == (found.first_day, found.last_day)
    assert ("anchored", 4) == found.statuses[0]


def test_rare_and_common_tags_give_the_same_claims(small: SmallLibrary) -> None:
    """A tag on few claims (tested against their set) and on many (looked up per claim) filter alike."""
    lib = small.library
    text = lib.document_text(small.documents[2])
    for _ in range(20):  # untagged claims: "doubt" is now on 1 claim in 27, "budget" on 2
        lib.add_annotation(small.documents[2], 0, 10, "fact")
    assert ["f2"] == _keys(small, ClaimFilter(tags=("doubt",)))
    assert 1 == claims.count(lib, ClaimFilter(tags=("doubt",), types=("opinion",)))
    for _ in range(40):
        lib.add_annotation(small.documents[2], 4, len(text) - 1, "fact", tags=["doubt"])
    assert 41 == claims.count(lib, ClaimFilter(tags=("DOUBT",), types=("fact", "opinion")))
    assert 40 == claims.count(lib, ClaimFilter(tags=("doubt",), speakers=("",)))  # f2 has a speaker
    assert small.uuids["f2"] in {r.annotation.uuid for r in claims.page(lib, ClaimFilter(tags=("doubt",))).rows}


def test_a_claim_past_its_text_shows_orphaned_on_a_fresh_connection(small: SmallLibrary, tmp_path: Path) -> None:
    """The kept text lengths decide what lies outside a text, as the text itself would (and without them too)."""
    path = small.library.path
    with small.library.transaction() as conn:
        length = len(small.library.document_text(small.documents[0]))
        conn.execute("UPDATE annotations SET end = ? WHERE uuid = ?", [length + 1, small.uuids["h1"]])
    for read_only in (False, True):
        with Library(path, read_only=read_only) as fresh:
            statuses = {row.annotation.uuid: row.annotation.status for row in claims.page(fresh).rows}
        assert "orphaned" == statuses[small.uuids["h1"]] and "orphaned" != statuses[small.uuids["h2"]]
    old = tmp_path / "before-lengths.sqlite"
    shutil.copy(path, old)
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE document_lengths")  # as a library from before migration 5 has none
    with Library(old, read_only=True) as fresh:
        statuses = {row.annotation.uuid: row.annotation.status for row in claims.page(fresh).rows}
    assert "orphaned" == statuses[small.uuids["h1"]] and "orphaned" != statuses[small.uuids["h2"]]
