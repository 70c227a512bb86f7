"""Document versions: updating a document's text keeps every annotation, with a status, in one transaction."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from documents import load_document, load_path
from storage import Library, LibraryError, NotFound, find_occurrence
from storage.anchoring import ReanchorCancelled
from storage.anchoring.versions import (
    changed_claims,
    current_version,
    import_or_update,
    previous_text,
    reattach_annotation,
    source_changed,
    update_document,
    versions,
)

OLD = (
    "Harbour town bans cruise ships\n\n"
    "The council voted seven to six on Monday to ban cruise ships from the harbour.\n\n"
    "Fishermen welcomed the decision, saying the ships had crowded the quay for years.\n\n"
    "Shopkeepers said the ban would cost them a third of their summer takings.\n"
)
NEW = (
    "Harbour town bans cruise ships\n\n"
    "A short note was added at the top of the corrected article.\n\n"
    "The council voted seven to five on Monday to ban cruise ships from the harbour.\n\n"
    "Fishermen welcomed the decision, saying the ships had crowded the quay for years.\n"
)
VOTE = "The council voted seven to six on Monday"
FISHERMEN = "Fishermen welcomed the decision"
SHOPKEEPERS = "Shopkeepers said the ban would cost them a third"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def annotated(library: Library, tmp_path: Path) -> tuple[int, dict[str, str], Path]:
    """The old article imported from a file, with three claims tagged."""
    path = _write(tmp_path / "harbour.txt", OLD)
    summary, _ = library.import_document(load_path(path))
    text = library.document_text(summary.id)
    uuids = {}
    for quote, claim_type in ((VOTE, "fact"), (FISHERMEN, "quote"), (SHOPKEEPERS, "opinion")):
        start, end = find_occurrence(text, quote)
        uuids[quote] = library.add_annotation(summary.id, start, end, claim_type, note=f"note on {claim_type}").uuid
    return summary.id, uuids, path


def test_update_keeps_every_annotation_with_a_status(library: Library, annotated) -> None:
    """An edited text moves one claim, changes one and orphans one; none is lost, notes and types stay."""
    doc_id, uuids, path = annotated
    counts = update_document(library, doc_id, load_path(_write(path, NEW)))
    assert {"anchored": 0, "moved": 1, "changed": 1, "orphaned": 1} == counts
    vote, fishermen, shop = (library.annotation(uuids[q]) for q in (VOTE, FISHERMEN, SHOPKEEPERS))
    assert ("changed", "The council voted seven to five on Monday", VOTE) == (vote.status, vote.exact, vote.old_exact)
    assert vote.exact == library.document_text(doc_id)[vote.start : vote.end]
    assert ("moved", FISHERMEN) == (fishermen.status, library.document_text(doc_id)[fishermen.start : fishermen.end])
    kept = (shop.status, shop.exact, shop.note, shop.claim_type)
    assert ("orphaned", SHOPKEEPERS, "note on opinion", "opinion") == kept
    assert 3 == len(library.annotations(doc_id))


def test_update_keeps_the_old_text_as_a_version(library: Library, annotated) -> None:
    """The superseded text is stored as version 1 and the document is now version 2."""
    doc_id, _, path = annotated
    old_text = library.document_text(doc_id)
    update_document(library, doc_id, load_path(_write(path, NEW)))
    assert 2 == current_version(library, doc_id)
    assert [(1, old_text)] == [(v.version, v.text) for v in versions(library, doc_id)]
    assert old_text == previous_text(library, doc_id)
    assert "seven to five" in library.document(doc_id).text


def test_changed_claims_pair_old_and_new_wording(library: Library, annotated) -> None:
    """changed_claims returns each changed annotation with its previous wording."""
    doc_id, uuids, path = annotated
    update_document(library, doc_id, load_path(_write(path, NEW)))
    assert [(uuids[VOTE], VOTE)] == [(a.uuid, old) for a, old in changed_claims(library, doc_id)]


def test_same_text_changes_nothing(library: Library, annotated) -> None:
    """Updating with an identical text writes no version and keeps every status."""
    doc_id, _, path = annotated
    assert {"anchored": 3, "moved": 0, "changed": 0, "orphaned": 0} == update_document(library, doc_id, load_path(path))
    assert [] == versions(library, doc_id)
    assert 1 == current_version(library, doc_id)


def test_cancel_leaves_document_and_annotations_untouched(library: Library, annotated) -> None:
    """A cancelled update raises and changes neither the text nor any annotation."""
    doc_id, _, path = annotated
    before = (library.document(doc_id).text, library.annotations(doc_id))
    with pytest.raises(ReanchorCancelled):
        update_document(library, doc_id, load_path(_write(path, NEW)), cancel=lambda: True)
    library.forget_text(doc_id)
    assert before == (library.document(doc_id).text, library.annotations(doc_id))
    assert [] == versions(library, doc_id)


def test_failure_inside_the_transaction_rolls_everything_back(library: Library, annotated) -> None:
    """If writing fails half-way (a broken trigger here), no part of the update is kept."""
    doc_id, _, path = annotated
    library.db.conn.execute(
        "CREATE TRIGGER refuse AFTER UPDATE OF status ON annotations WHEN new.status = 'orphaned'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    before = library.annotations(doc_id)
    with pytest.raises(LibraryError, match="refused"):
        update_document(library, doc_id, load_path(_write(path, NEW)))
    library.forget_text(doc_id)
    assert before == library.annotations(doc_id)
    assert [] == versions(library, doc_id)
    assert "seven to six" in library.document_text(doc_id)


def test_update_of_unknown_document_raises_not_found(library: Library, tmp_path: Path) -> None:
    """A missing document is a NotFound naming it."""
    with pytest.raises(NotFound, match="no document 42"):
        update_document(library, 42, load_path(_write(tmp_path / "a.txt", OLD)))


def test_reimport_of_changed_file_makes_a_new_version(library: Library, annotated) -> None:
    """Importing an edited file with the same path updates that document instead of adding a copy."""
    doc_id, _, path = annotated
    outcome = import_or_update(library, load_path(_write(path, NEW)))
    assert (doc_id, False) == (outcome.summary.id, outcome.created)
    assert outcome.counts is not None and 1 == outcome.counts["orphaned"]
    assert 1 == len(library.documents())
    assert 2 == current_version(library, doc_id)


def test_import_of_other_file_still_adds_a_document(library: Library, annotated, tmp_path: Path) -> None:
    """A file from another path is a new document; the same text again is found, not duplicated."""
    doc_id, _, _ = annotated
    outcome = import_or_update(library, load_path(_write(tmp_path / "other.txt", NEW)))
    assert outcome.created and outcome.counts is None and outcome.summary.id != doc_id
    again = import_or_update(library, load_path(tmp_path / "other.txt"))
    assert (outcome.summary.id, False, None) == (again.summary.id, again.created, again.counts)


def test_reattach_turns_an_orphan_into_an_anchored_claim(library: Library, annotated) -> None:
    """Re-attaching an orphan to selected text anchors it there, keeping note and type."""
    doc_id, uuids, path = annotated
    update_document(library, doc_id, load_path(_write(path, NEW)))
    start, end = find_occurrence(library.document_text(doc_id), "ships had crowded the quay")
    moved = reattach_annotation(library, uuids[SHOPKEEPERS], start, end)
    assert ("anchored", "ships had crowded the quay", "note on opinion") == (moved.status, moved.exact, moved.note)


def test_source_changed_detects_an_edited_file(library: Library, annotated) -> None:
    """An untouched source file reports nothing; after an edit it returns the new document."""
    doc_id, _, path = annotated
    assert source_changed(library, doc_id) is None
    _write(path, NEW)
    later = time.time() + 5
    os.utime(path, (later, later))
    changed = source_changed(library, doc_id)
    assert changed is not None and "seven to five" in changed.text


def test_source_changed_ignores_missing_files_and_pasted_text(library: Library, annotated) -> None:
    """A deleted source file, or a document without a file, is never reported as changed."""
    doc_id, _, path = annotated
    path.unlink()
    assert source_changed(library, doc_id) is None
    summary, _ = library.import_document(load_document(NEW.encode(), "pasted.txt"))
    assert source_changed(library, summary.id) is None


def test_library_of_the_first_schema_is_migrated(tmp_path: Path) -> None:
    """A library written before versions existed opens with its documents at version 1 and no old wording."""
    from storage.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents (blocks, text, sha256, imported) VALUES ('[]', 'Some text.', 'x', 'now')")
    conn.execute(
        "INSERT INTO annotations (uuid, document_id, start, end, exact, claim_type, created, updated)"
        " VALUES ('u1', 1, 0, 4, 'Some', 'fact', 'now', 'now')"
    )
    conn.close()
    with Library(path) as migrated:
        assert 1 == current_version(migrated, 1)
        assert [("u1", "anchored", "")] == [(a.uuid, a.status, a.old_exact) for a in migrated.annotations(1)]


def test_concurrent_text_change_is_refused(library: Library, annotated) -> None:
    """If another connection replaced the text meanwhile, the update refuses instead of mixing versions."""
    doc_id, _, path = annotated

    def other_writer(done: int, total: int) -> None:
        if done == total:
            with Library(library.path) as other:
                other.db.conn.execute("UPDATE documents SET sha256 = 'elsewhere' WHERE id = ?", [doc_id])

    with pytest.raises(LibraryError, match="changed while it was being updated"):
        update_document(library, doc_id, load_path(_write(path, NEW)), progress=other_writer)
