"""Writes use the document's text as committed now: the cache follows other connections; restores are checked."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from documents import load_document
from storage import Library
from storage.anchoring import update_document
from storage.checks import check_library, repair_ranges

OLD = b"Title\n\nAlpha beta gamma. " + b"Filler words here. " * 20
NEW = b"Title\n\nZeta beta gamma. " + b"Filler words here. " * 20


def test_add_annotation_quotes_the_text_another_connection_committed(library_path: Path) -> None:
    """A connection that cached a text quotes the new one after another connection updated the document."""
    with Library(library_path) as window, Library(library_path) as worker:
        summary, _ = window.import_document(load_document(OLD, "a.txt"))
        assert window.document_text(summary.id).startswith("Title\nAlpha")  # cached by the window
        update_document(worker, summary.id, load_document(NEW, "a.txt"))
        added = window.add_annotation(summary.id, 6, 10, "fact")
    assert "Zeta" == added.exact


def test_restore_after_the_text_changed_moves_to_the_quote(library: Library, library_path: Path) -> None:
    """Redo of a tag after another process changed the text puts it where its quote now is (moved)."""
    summary, _ = library.import_document(load_document(b"Title\n\nOne two three. Four five six.", "a.txt"))
    tagged = library.add_annotation(summary.id, 21, 35, "fact")  # "Four five six."
    library.delete_annotation(tagged.uuid)  # undo of the tag
    with Library(library_path) as other:
        update_document(other, summary.id, load_document(b"Title\n\nFour five six. One two three.", "a.txt"))
    restored = library.restore_annotation(tagged)
    text = library.document_text(summary.id)
    assert ("moved", "Four five six.") == (restored.status, text[restored.start : restored.end])
    assert restored == library.annotation(tagged.uuid)


def test_restore_of_a_quote_no_longer_in_the_text_stores_an_orphan(library: Library, library_path: Path) -> None:
    """A claim restored on a short new text that lacks its quote is an orphan inside the text, never 6513-6572."""
    summary, _ = library.import_document(load_document(OLD, "a.txt"))
    tagged = library.add_annotation(summary.id, 6, 22, "fact")
    library.delete_annotation(tagged.uuid)
    with Library(library_path) as other:
        update_document(other, summary.id, load_document(b"Short\n\nA new text, 27 chars.", "a.txt"))
    far = replace(tagged, start=6513, end=6572)
    restored = library.restore_annotation(far)
    length = len(library.document_text(summary.id))
    assert ("orphaned", restored.start) == (restored.status, restored.end) and restored.end <= length
    assert tagged.exact == restored.exact


def test_replace_is_checked_as_well(library: Library, library_path: Path) -> None:
    """Undo of an edit (replace_annotation) does not put back a range the current text no longer holds."""
    summary, _ = library.import_document(load_document(b"Title\n\nOne two three. Four five six.", "a.txt"))
    before = library.add_annotation(summary.id, 21, 35, "fact")
    library.update_annotation(before.uuid, note="edited")
    with Library(library_path) as other:
        update_document(other, summary.id, load_document(b"Title\n\nIntro. Four five six. One two three.", "a.txt"))
    stored = library.replace_annotation(before)
    text = library.document_text(summary.id)
    assert (before.exact, "") == (text[stored.start : stored.end], stored.note)


def test_stored_range_outside_its_text_reads_as_an_orphan_and_is_reported(library: Library, library_path: Path) -> None:
    """A row at 42-2**62 written by an older version is listed as an orphan, found by check and repaired."""
    fifty = b"Title\n\nA text of some fifty characters, more or less."
    summary, _ = library.import_document(load_document(fifty, "a.txt"))
    good = library.add_annotation(summary.id, 6, 12, "fact")
    conn = sqlite3.connect(library_path)
    conn.execute(
        "INSERT INTO annotations (uuid, document_id, start, end, exact, claim_type, created, updated)"
        " VALUES ('bad', ?, 42, ?, 'or less.', 'fact', 'x', 'x')",
        [summary.id, 2**62],
    )
    conn.commit()
    conn.close()
    listed = {a.uuid: a for a in library.annotations(summary.id)}
    assert (good, "orphaned") == (listed[good.uuid], listed["bad"].status)
    assert listed["bad"].start == listed["bad"].end <= len(library.document_text(summary.id))
    assert [("bad", True)] == [(p.uuid, "outside its text" in p.what) for p in check_library(library)]
    assert 1 == repair_ranges(library)
    assert [] == check_library(library)
    assert "orphaned" == library.annotation("bad").status
