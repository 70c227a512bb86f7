"""Notes on whole documents, and migration 4 bringing older libraries up to them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from documents import load_document
from storage import InvalidAnnotation, Library, NotFound
from storage.migrations import MIGRATIONS, SCHEMA_VERSION

ARTICLE = b"Council bans cruise ships\n\nThe council voted seven to six on Monday.\n"


@pytest.fixture
def doc_id(library: Library) -> int:
    """An imported short article."""
    return library.import_document(load_document(ARTICLE, "council.txt"))[0].id


def test_add_list_and_count_document_notes(library: Library, doc_id: int) -> None:
    """A note is stored with its tags and annotator, listed oldest first and counted in the document's summary."""
    first = library.add_document_note(doc_id, "  Read with the minutes.  ", ["#council", "Council", "vote"])
    second = library.add_document_note(doc_id, "Second thoughts.")
    assert [first, second] == library.document_notes(doc_id)
    expected = ("Read with the minutes.", ("council", "vote"), library.annotator)
    assert expected == (first.note, first.tags, first.annotator)
    assert 2 == library.document_summary(doc_id).notes == library.documents()[0].notes


def test_delete_returns_the_note_and_restore_undoes_it(library: Library, doc_id: int) -> None:
    """Deleting hands back the note; restoring it brings back the same uuid, text and times."""
    note = library.add_document_note(doc_id, "Keep me.")
    assert note == library.delete_document_note(note.uuid)
    assert [] == library.document_notes(doc_id)
    library.restore_document_note(note)
    assert [note] == library.document_notes(doc_id)
    with pytest.raises(NotFound):
        library.delete_document_note("no-such-uuid")


def test_notes_need_text_and_a_document(library: Library, doc_id: int) -> None:
    """An empty note, or one on a document that does not exist, is refused with nothing stored."""
    with pytest.raises(InvalidAnnotation, match="needs some text"):
        library.add_document_note(doc_id, "   ")
    with pytest.raises(NotFound):
        library.add_document_note(999, "Nowhere.")
    assert [] == library.document_notes()


def _version_3_library(path: Path, user_type: str = "") -> None:
    """A library file at schema version 3 with one document and one claim (as Claimmark wrote them before)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(MIGRATIONS[:3], start=1):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO documents (title, blocks, text, sha256, imported) VALUES ('Old', '[]', 'Old text', 'x', 't')"
    )
    conn.execute(
        "INSERT INTO annotations (uuid, document_id, start, end, exact, claim_type, created, updated)"
        " VALUES ('u1', 1, 0, 3, 'Old', 'fact', 't', 't')"
    )
    if user_type:
        conn.execute("INSERT INTO claim_types (name, label, colour, position) VALUES (?, 'Mine', '#123456', 9)",
                     [user_type])  # fmt: skip
    conn.close()


def test_migration_4_keeps_old_claims_and_adds_untyped_last(tmp_path: Path) -> None:
    """An old library keeps its claims (with empty origins) and gains "untyped" after its own types."""
    _version_3_library(tmp_path / "old.sqlite")
    with Library(tmp_path / "old.sqlite") as library:
        (claim,) = library.annotations()
        assert ("u1", "", "", "") == (claim.uuid, claim.origin_format, claim.origin_id, claim.origin_url)
        assert ["fact", "opinion", "quote", "untyped"] == [t.name for t in library.claim_types()]
        assert [] == library.document_notes()
        assert SCHEMA_VERSION == library.db.execute("PRAGMA user_version").fetchone()[0]


def test_migration_4_leaves_a_users_own_untyped_type(tmp_path: Path) -> None:
    """A library that already has a type named "untyped" keeps it as the user made it."""
    _version_3_library(tmp_path / "old.sqlite", user_type="untyped")
    with Library(tmp_path / "old.sqlite") as library:
        mine = next(t for t in library.claim_types() if t.name == "untyped")
    assert ("Mine", "#123456", False) == (mine.label, mine.colour, mine.builtin)
