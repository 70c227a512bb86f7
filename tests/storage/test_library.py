"""The Library: durability settings, documents, annotations, claim types, tags and search."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents import load_document
from storage import InvalidAnnotation, Library, LibraryError, NotFound, QuoteNotFound, find_occurrence

ARTICLE = (
    b"Monday, 13 May, 2024\n\nCouncil bans cruise ships\n\n"
    b"The council voted seven to six on Monday. The ban is long overdue.\n\n"
    b"\xe2\x80\x9cWe are not against visitors,\xe2\x80\x9d said the mayor. The council voted again.\n"
)


@pytest.fixture
def doc_id(library: Library) -> int:
    """An imported short article."""
    summary, created = library.import_document(load_document(ARTICLE, "council.txt"))
    assert created
    return summary.id


def _span(library: Library, doc_id: int, quote: str, occurrence: int = 1) -> tuple[int, int]:
    return find_occurrence(library.document_text(doc_id), quote, occurrence)


def test_pragmas_make_every_commit_durable(library: Library) -> None:
    """WAL, synchronous=FULL, foreign keys and a busy timeout are on."""
    conn = library.db.conn
    assert "wal" == conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert 2 == conn.execute("PRAGMA synchronous").fetchone()[0]
    assert 1 == conn.execute("PRAGMA foreign_keys").fetchone()[0]
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert 1 <= conn.execute("PRAGMA user_version").fetchone()[0]


def test_builtin_claim_types(library: Library) -> None:
    """fact, opinion and quote are built in, in that order, each with its own underline."""
    types = library.claim_types()
    assert ["fact", "opinion", "quote"] == [t.name for t in types][:3]
    assert 3 == len({t.underline for t in types[:3]})


def test_add_claim_type(library: Library) -> None:
    """A library can add its own claim type; duplicates are refused."""
    library.add_claim_type("prediction", colour="#aa00aa")
    assert "prediction" == library.claim_types()[-1].name
    with pytest.raises(InvalidAnnotation):
        library.add_claim_type("Fact")


def test_import_same_text_twice_finds_existing(library: Library, doc_id: int) -> None:
    """Importing identical canonical text returns the stored document instead of a copy."""
    summary, created = library.import_document(load_document(ARTICLE, "copy.txt"))
    assert (doc_id, False) == (summary.id, created)
    assert 1 == len(library.documents())


def test_document_round_trip(library: Library, doc_id: int) -> None:
    """Blocks, text and metadata come back as stored."""
    original = load_document(ARTICLE, "council.txt")
    stored = library.document(doc_id)
    assert original.blocks == stored.blocks
    assert original.text == stored.text
    assert ("Council bans cruise ships", "2024-05-13") == (stored.metadata.title, stored.metadata.published)
    assert original.sha256 == stored.sha256


def test_add_annotation_stores_selectors(library: Library, doc_id: int) -> None:
    """An annotation keeps exact quote, 32 characters of prefix/suffix, type, note, speaker and tags."""
    start, end = _span(library, doc_id, "The ban is long overdue.")
    added = library.add_annotation(
        doc_id, start, end, "opinion", note=" mine ", speaker="", tags=["#cruise", "Cruise", "ports"]
    )
    text = library.document_text(doc_id)
    stored = library.annotation(added.uuid)
    assert stored == added
    assert "The ban is long overdue." == stored.exact
    assert text[start - 32 : start] == stored.prefix
    assert text[end : end + 32] == stored.suffix
    assert ("opinion", "mine", ("cruise", "ports")) == (stored.claim_type, stored.note, stored.tags)
    assert 36 == len(stored.uuid) and stored.created == stored.updated


def test_a_documents_claims_are_listed_with_their_own_tags_only(library: Library, doc_id: int) -> None:
    """Listed by document (tags read by document) or all at once (by row id), each claim has its own tags, sorted."""
    other, _ = library.import_document(load_document(ARTICLE.replace(b"council", b"board"), "board.txt"))
    start, end = _span(library, doc_id, "The ban is long overdue.")
    tagged = library.add_annotation(doc_id, start, end, "opinion", tags=["ports", "Cruise", "ban"])
    plain = library.add_annotation(doc_id, *_span(library, doc_id, "The council voted again."), "fact")
    elsewhere = library.add_annotation(other.id, start, end, "opinion", tags=["board"])
    listed = {a.uuid: a.tags for a in library.annotations(doc_id)}
    assert {tagged.uuid: ("ban", "Cruise", "ports"), plain.uuid: ()} == listed
    assert {a.uuid: a.tags for a in library.annotations(doc_id, claim_type="fact")} == {plain.uuid: ()}
    everything = {a.uuid: a.tags for a in library.annotations()}
    assert {**listed, elsewhere.uuid: ("board",)} == everything


def test_annotation_survives_reopen(library_path: Path, library: Library, doc_id: int) -> None:
    """What add_annotation returned is on disk for a second connection at once."""
    start, end = _span(library, doc_id, "seven to six")
    added = library.add_annotation(doc_id, start, end, "fact")
    with Library(library_path) as other:
        assert [added] == other.annotations(doc_id)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (0, 10_000), (7, 3)])
def test_bad_ranges_are_refused(library: Library, doc_id: int, start: int, end: int) -> None:
    """Ranges outside the text or empty raise InvalidAnnotation and store nothing."""
    with pytest.raises(InvalidAnnotation):
        library.add_annotation(doc_id, start, end, "fact")
    assert [] == library.annotations()


def test_unknown_type_and_document_are_refused(library: Library, doc_id: int) -> None:
    """Unknown claim types and documents raise NotFound and store nothing."""
    with pytest.raises(NotFound, match="claim type"):
        library.add_annotation(doc_id, 0, 5, "rumour")
    with pytest.raises(NotFound):
        library.add_annotation(doc_id + 99, 0, 5, "fact")
    assert [] == library.annotations()


def test_update_delete_and_restore(library: Library, doc_id: int) -> None:
    """Retype, edit and tag an annotation; delete returns it; restore brings it back identical."""
    start, end = _span(library, doc_id, "said the mayor")
    added = library.add_annotation(doc_id, start, end, "fact")
    updated = library.update_annotation(added.uuid, claim_type="quote", speaker="Mayor", note="n", tags=["a"])
    assert ("quote", "Mayor", "n", ("a",)) == (updated.claim_type, updated.speaker, updated.note, updated.tags)
    deleted = library.delete_annotation(added.uuid)
    assert deleted == updated
    assert [] == library.annotations(doc_id)
    library.restore_annotation(deleted)
    assert [deleted] == library.annotations(doc_id)


def test_replace_annotation_undoes_an_edit(library: Library, doc_id: int) -> None:
    """replace_annotation writes back an earlier state, tags included."""
    start, end = _span(library, doc_id, "seven to six")
    before = library.add_annotation(doc_id, start, end, "fact", tags=["x"])
    library.update_annotation(before.uuid, claim_type="opinion", note="changed", tags=["y", "z"])
    library.replace_annotation(before)
    assert before == library.annotation(before.uuid)


def test_failed_action_leaves_library_untouched(library: Library, doc_id: int) -> None:
    """A transaction that fails half way is rolled back whole, its SQLite error turned into a LibraryError."""
    with pytest.raises(InvalidAnnotation, match="UNIQUE constraint"), library.transaction() as conn:
        conn.execute("UPDATE claim_types SET label = 'changed' WHERE name = 'fact'")
        conn.execute("INSERT INTO claim_types (name, label, colour) VALUES ('fact', 'dup', '#000')")
    assert "Fact" == library.claim_types()[0].label


def test_counts_per_type(library: Library, doc_id: int) -> None:
    """Document summaries carry per-type annotation counts."""
    for quote, kind in (("seven to six", "fact"), ("long overdue", "opinion"), ("The council voted", "fact")):
        library.add_annotation(doc_id, *_span(library, doc_id, quote), kind)
    assert {"fact": 2, "opinion": 1} == library.documents()[0].counts


def test_find_occurrence_counts_from_one(library: Library, doc_id: int) -> None:
    """The Nth occurrence is found; one past the last is a QuoteNotFound."""
    text = library.document_text(doc_id)
    first, second = _span(library, doc_id, "The council voted"), _span(library, doc_id, "The council voted", 2)
    assert first[0] < second[0] and text[second[0] : second[1]] == "The council voted"
    with pytest.raises(QuoteNotFound, match="only 2"):
        _span(library, doc_id, "The council voted", 3)
    with pytest.raises(QuoteNotFound):
        _span(library, doc_id, "not in the text")


def test_find_document_by_id_or_title(library: Library, doc_id: int) -> None:
    """A reference is an id or a unique part of the title."""
    assert doc_id == library.find_document(str(doc_id)).id
    assert doc_id == library.find_document("cruise ships").id
    with pytest.raises(NotFound):
        library.find_document("nothing like it")


def test_search_quotes_notes_and_speakers(library: Library, doc_id: int) -> None:
    """Full-text search finds annotations by quote words, note, speaker and word prefix."""
    fact = library.add_annotation(doc_id, *_span(library, doc_id, "seven to six"), "fact", note="close vote")
    quote = library.add_annotation(
        doc_id, *_span(library, doc_id, "We are not against visitors"), "quote", speaker="Mayor Ines"
    )
    assert [fact.uuid] == [h.annotation.uuid for h in library.search("close")]
    assert [quote.uuid] == [h.annotation.uuid for h in library.search("ines")]
    assert [quote.uuid] == [h.annotation.uuid for h in library.search("visit")]
    assert "[seven]" in library.search("seven")[0].snippet
    assert [] == library.search('" AND ( -')


def test_search_follows_edits_and_deletes(library: Library, doc_id: int) -> None:
    """The search index follows note edits and deletions."""
    added = library.add_annotation(doc_id, *_span(library, doc_id, "seven to six"), "fact", note="alpha")
    library.update_annotation(added.uuid, note="beta")
    assert ([], 1) == (library.search("alpha"), len(library.search("beta")))
    library.delete_annotation(added.uuid)
    assert [] == library.search("beta")


def test_not_a_library_is_a_clear_error(tmp_path: Path) -> None:
    """Opening a file that is not SQLite raises LibraryError naming it."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(LibraryError, match=r"notes\.sqlite"):
        Library(bogus)
