"""Where a document came from is decided by Claimmark, never by the document: front matter cannot
take over another document or make the library read or stat another file."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from documents import load_path
from storage import Library, find_occurrence
from storage.anchoring.versions import import_or_update, source_changed, source_may_have_changed

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], str | bytes | Path):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def opened_files():
    """Collect the paths opened while the block runs."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def test_front_matter_naming_another_documents_file_cannot_replace_it(library: Library, tmp_path: Path) -> None:
    """A Markdown file whose front matter names an imported file is a new document; the other keeps its text."""
    victim = tmp_path / "victim.txt"
    victim.write_text("The Victim\n\nThe council voted seven to six on Monday.\n", encoding="utf-8")
    summary, _ = library.import_document(load_path(victim))
    claim = library.add_annotation(summary.id, *find_occurrence(library.document_text(summary.id), "voted"), "fact")
    attacker = tmp_path / "attacker.md"
    attacker.write_text(f"---\ntitle: Taken over\nsource: {victim}\n---\nDifferent words entirely.\n", encoding="utf-8")
    outcome = import_or_update(library, load_path(attacker))
    assert outcome.created and outcome.summary.id != summary.id
    assert str(attacker.resolve()) == outcome.summary.source
    assert "The Victim" == library.document_summary(summary.id).title
    assert "anchored" == library.annotation(claim.uuid).status
    assert 2 == len(library.documents())


def test_front_matter_naming_a_private_file_never_makes_the_library_read_it(library: Library, tmp_path: Path) -> None:
    """A document naming diary.txt as its source: checking its source opens only its own file."""
    diary = tmp_path / "private" / "diary.txt"
    diary.parent.mkdir()
    diary.write_text("Dear diary, secrets.\n", encoding="utf-8")
    note = tmp_path / "note.md"
    note.write_text(f"---\nsource: {diary}\n---\nA harmless note.\n", encoding="utf-8")
    summary, _ = library.import_document(load_path(note))
    time.sleep(0.01)
    diary.write_text("Dear diary, newer secrets.\n", encoding="utf-8")
    with opened_files() as opened:
        assert not source_may_have_changed(library, summary.id)
        assert source_changed(library, summary.id) is None
    assert [] == [path for path in opened if "diary" in path]
    assert str(note.resolve()) == library.document_summary(summary.id).source
