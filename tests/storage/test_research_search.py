"""Searching claims and documents: syntax, filters, ranking bound, highlights and offsets, odd input."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Library
from storage.migrations import MIGRATIONS
from storage.research import collections, ranking
from storage.research.query import parse
from storage.research.search import SearchError, prepare, search, totals

from .research_library import SmallLibrary, fill, index_is_consistent


@pytest.fixture
def small(library: Library) -> Iterator[SmallLibrary]:
    """The small research library."""
    yield fill(library)


def _claims(small: SmallLibrary, query: str) -> set[str]:
    keys = {uuid: key for key, uuid in small.uuids.items()}
    return {keys[hit.annotation.uuid] for hit in search(small.library, query, limit=50).claims}


def test_claim_hits_name_the_claim_and_its_document(small: SmallLibrary) -> None:
    """A claim hit carries the claim, its document's title and the quote with the matched words marked."""
    hits = search(small.library, "lighthouse restoration").claims
    assert [small.uuids["c1"]] == [h.annotation.uuid for h in hits]
    assert "Council notes: the budget" == hits[0].document_title
    assert "A councillor called the [lighthouse] [restoration] a waste of money." == hits[0].quote.marked()


def test_words_in_notes_speakers_and_tags_find_their_claim(small: SmallLibrary) -> None:
    """Quote, note, speaker and tags are all searched; matches says where the words were."""
    assert {"f2", "c1"} == _claims(small, "lighthouse")
    hit = next(h for h in search(small.library, "lighthouse").claims if h.annotation.uuid == small.uuids["f2"])
    assert "the [lighthouse] keeper agrees" == hit.matches["note"].marked()
    assert {"f2"} == _claims(small, "doubt")  # "doubted" in the quote is another word; the tag "doubt" matches
    assert {"h1", "f1"} == _claims(small, "ana")


def test_phrase_prefix_or_and_exclusion(small: SmallLibrary) -> None:
    """Quoted phrases, word*, OR and -word work as documented."""
    assert {"h1"} == _claims(small, '"harbour would reopen"')
    assert {"h1", "f1"} == _claims(small, "reop*")
    assert {"h3", "c1"} == _claims(small, "deliveries OR councillor")
    assert {"h1"} == _claims(small, "minister -will")


def test_filters_narrow_claims(small: SmallLibrary) -> None:
    """speaker:, tag:, type:, status:, annotator:, doc: and collection: restrict the claims found."""
    assert {"h1", "f1"} == _claims(small, 'speaker:"ana minister"')
    assert {"h2", "f2"} == _claims(small, "tag:fishing")
    assert {"h3", "c2"} == _claims(small, "type:fact")
    assert {"h3", "c2"} == _claims(small, "type:Fact")  # the label works too
    assert {"f2"} == _claims(small, "status:orphaned")
    assert {"c1", "c2", "h1", "h3"} == _claims(small, "annotator:ANA")
    assert {"h2"} == _claims(small, "type:opinion tag:fishing crews -doubted")
    assert {"f1", "f2"} == _claims(small, f"doc:{small.documents[1]}")
    assert {"c1", "c2"} == _claims(small, "doc:council")
    week = collections.create(small.library, "Week 1")
    collections.add_documents(small.library, week.id, small.documents[:2])
    assert {"h1", "f1"} == _claims(small, 'collection:"week 1" minister')
    assert {"h1", "f1"} == _claims(small, "speaker:ana type:quote type:fact")  # one filter twice: either value


def test_document_hits_point_at_the_matched_words(small: SmallLibrary) -> None:
    """A document hit's offsets mark the first match in the canonical text; accents do not matter."""
    results = search(small.library, "bezukhov")
    assert [small.uuids["h3"]] == [h.annotation.uuid for h in results.claims]
    [hit] = results.documents
    text = small.library.document_text(hit.document_id)
    assert "Bezúkhov" == text[hit.start : hit.end]
    assert "[Bezúkhov]" in hit.snippet.marked()


def test_document_hits_respect_document_filters_only(small: SmallLibrary) -> None:
    """doc: restricts document hits; claim-only filters (speaker:) leave documents out."""
    assert {small.documents[2]} == {d.document_id for d in search(small.library, "budget doc:council").documents}
    assert [] == search(small.library, "budget speaker:councillor").documents
    assert 2 == len(search(small.library, "budget").documents)


def test_totals_count_every_match(small: SmallLibrary) -> None:
    """totals counts all matching claims and documents, apart from the ranked hits."""
    assert (4, 2) == (totals(small.library, "the minister OR crews").claims, totals(small.library, "harbour").documents)
    assert 1 == len(search(small.library, "the", limit=1).claims)
    assert 7 == totals(small.library, "the").claims


def test_ranking_is_bounded_by_work(small: SmallLibrary) -> None:
    """All matches ranked up to the window; the newest ranked past it; the newest first when very common."""
    conn = small.library.db.conn
    match = prepare(small.library, "the").claim_match
    newest = [row[0] for row in conn.execute("SELECT id FROM annotations ORDER BY id DESC")]
    rows, how = ranking.ranked(conn, "annotations_fts", match, "1", limit=3, window=3, common=100)
    assert (ranking.WINDOWED, set(newest[:3])) == (how, {row[0] for row in rows})
    rows, how = ranking.ranked(conn, "annotations_fts", match, "1", limit=10, window=100)
    assert (ranking.RANKED, 7) == (how, len(rows))
    rows, how = ranking.ranked(conn, "annotations_fts", match, "1", limit=4, window=3, common=5)
    assert (ranking.NEWEST, newest[:4]) == (how, [row[0] for row in rows])
    assert ranking.RANKED == search(small.library, "the").ordered


def test_odd_queries_are_read_as_words_with_a_note(small: SmallLibrary) -> None:
    """Unknown filters, unbalanced quotes and stray operators are searched as words and described."""
    results = search(small.library, 'minister:harbour "reopen')
    assert {"h1", "f1"} == {k for k, u in small.uuids.items() if u in {h.annotation.uuid for h in results.claims}}
    assert any("minister: is not a filter" in note for note in results.notes)
    assert any("not closed" in note for note in results.notes)
    assert _claims(small, "minister") == _claims(small, 'minister AND ( ) NEAR/ ^ " "')


def test_queries_that_cannot_be_searched_say_why(small: SmallLibrary) -> None:
    """An unknown type or status, or a query that only excludes, is one clear SearchError."""
    with pytest.raises(SearchError, match="no such claim type"):
        search(small.library, "type:rumour")
    with pytest.raises(SearchError, match="no such status"):
        search(small.library, "status:lost")
    with pytest.raises(SearchError, match="something to find"):
        search(small.library, "-harbour")
    with pytest.raises(SearchError, match="collection:nope"):
        search(small.library, "collection:nope")
    assert [] == search(small.library, "   ").claims


def test_the_index_follows_tag_and_claim_changes(small: SmallLibrary) -> None:
    """Tags added, renamed and removed, and claims edited and deleted, keep the index exact."""
    lib = small.library
    lib.update_annotation(small.uuids["c2"], tags=["budget", "Hours"], note="long debate")
    assert {"c2"} == _claims(small, "tag:hours")
    lib.db.conn.execute("UPDATE tags SET name = 'Harbor' WHERE name = 'harbour'")
    assert {"h1", "f1"} == _claims(small, "tag:harbor")
    lib.delete_annotation(small.uuids["h1"])
    lib.update_annotation(small.uuids["f1"], claim_type="fact")
    assert {"f1", "h3", "c2"} == _claims(small, "type:fact")
    assert index_is_consistent(lib)


def test_a_library_made_before_tags_were_indexed_finds_them(tmp_path: Path) -> None:
    """Opening a library of schema 3 indexes the tags its claims already have (migration 5)."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(MIGRATIONS[:3], start=1):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    text = "The budget debate lasted three hours."
    conn.execute(
        "INSERT INTO documents (title, blocks, text, sha256, imported) VALUES ('Notes', '[]', ?, 'x', '2024')", [text]
    )
    conn.execute(  # a row as schema 3 holds it (annotation_rows writes today's columns)
        "INSERT INTO annotations (uuid, document_id, start, end, exact, prefix, suffix, claim_type, created, updated)"
        " VALUES ('00000000-0000-4000-8000-000000000001', 1, 4, 10, 'budget', 'The ', ' debate', 'fact', '2024',"
        " '2024')"
    )
    conn.execute("INSERT INTO tags (name) VALUES ('Public money')")
    conn.execute("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (1, 1)")
    conn.close()
    with Library(path) as library:
        assert 1 == totals(library, 'tag:"public money"').claims
        assert "Public [money]" == search(library, "money").claims[0].matches["tags"].marked()
        assert index_is_consistent(library)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab "*-:()^+{}.,OR AND NOT NEAR speaker tag type: status:doc:é\x00')),
               max_size=40) | st.text(max_size=30))  # fmt: skip
def test_no_query_is_an_sqlite_error(small: SmallLibrary, query: str) -> None:
    """Any text at all gives results or one SearchError, never an SQLite error."""
    try:
        results = search(small.library, query)
        totals(small.library, query)
    except SearchError as error:
        assert str(error)
        return
    assert all(hit.annotation.uuid in small.uuids.values() for hit in results.claims)
    parse(query)  # and reading it alone never fails


def test_library_search_keeps_its_simple_results(small: SmallLibrary) -> None:
    """Library.search (the first API) still finds claims with a marked snippet."""
    hits = small.library.search("restoration")
    assert [small.uuids["c1"]] == [h.annotation.uuid for h in hits]
    assert "[restoration]" in hits[0].snippet
