"""Saved means committed: failed writes are shown, kept as unsaved, and never move the undo stack."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from documents import Block, Document, Metadata
from gui.annotator import Annotator
from storage import Library
from storage.anchoring import update_document


class Seen:
    """What an Annotator said: saved texts, failure messages, events."""

    def __init__(self, annotator: Annotator) -> None:
        self.saved: list[str] = []
        self.failed: list[str] = []
        self.events: list[str] = []
        annotator.saved.connect(self.saved.append)
        annotator.failed.connect(self.failed.append)
        annotator.events.added.connect(lambda a: self.events.append(f"added {a.status}"))
        annotator.events.removed.connect(lambda a: self.events.append("removed"))


@pytest.fixture
def setup(library: Library, qapp) -> tuple[Annotator, Seen, int]:
    """An Annotator on a library holding one short document (waiting at most 0.1 s for locks)."""
    summary, _ = library.import_document(Document(Metadata(title="T"), [Block("paragraph", "One claim here. Two.")]))
    annotator = Annotator(library)
    library.set_busy_timeout(0.1)
    return annotator, Seen(annotator), summary.id


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another connection holds the library's write lock."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        conn.close()


def test_failed_undo_leaves_the_stack_and_the_file_in_step(setup, library_path: Path) -> None:
    """An undo whose write fails (locked library) reports, keeps the stack where it was; no duplicate after."""
    annotator, seen, doc = setup
    stack = annotator.undo_stack
    annotator.tag(doc, 0, 15, "fact")
    with locked(library_path):
        stack.undo()
    assert (1, 1, True, False) == (stack.index(), _rows(library_path), stack.canUndo(), stack.canRedo())
    assert 1 == len(seen.failed) and "locked" in seen.failed[0] and ["Saved"] == seen.saved
    stack.redo()  # nothing to redo: the tag was never undone
    assert (1, ["added anchored"]) == (_rows(library_path), seen.events)
    stack.undo()
    stack.redo()
    assert (1, 1, ["Saved"] * 3) == (stack.index(), _rows(library_path), seen.saved)
    assert ["added anchored", "removed", "added anchored"] == seen.events


def test_failed_redo_keeps_the_change_to_redo(setup, library_path: Path) -> None:
    """A redo whose write fails stays redoable and writes nothing; once the lock is gone it is redone once."""
    annotator, seen, doc = setup
    stack = annotator.undo_stack
    annotator.tag(doc, 0, 15, "fact")
    stack.undo()
    with locked(library_path):
        stack.redo()
    assert (0, 0, True, 1) == (stack.index(), _rows(library_path), stack.canRedo(), len(seen.failed))
    stack.redo()
    assert (1, 1, ["Saved"] * 3) == (stack.index(), _rows(library_path), seen.saved)


def test_failed_tag_is_kept_unsaved_and_retried(setup, library_path: Path) -> None:
    """A tag that cannot be written is not Saved: failed, kept as unsaved with its quote, saved on retry."""
    annotator, seen, doc = setup
    unsaved: list[object] = []
    annotator.unsaved_added.connect(unsaved.append)
    with locked(library_path):
        assert annotator.tag(doc, 0, 15, "fact") is None
    assert ([], 0, 1) == (seen.saved, annotator.undo_stack.count(), len(seen.failed))
    (change,) = unsaved
    assert ("tag", "One claim here.") == (change.kind, change.quote)  # type: ignore[attr-defined]
    assert "“One claim here.”" in change.as_text()  # type: ignore[attr-defined]
    assert annotator.retry(change.key)  # type: ignore[attr-defined]
    assert ({}, ["Saved"], 1) == (annotator.unsaved, seen.saved, _rows(library_path))


def test_refused_tag_is_not_kept_as_unsaved(setup) -> None:
    """A tag refused for what it is (only whitespace) reports, but there is nothing to retry."""
    annotator, seen, doc = setup
    assert annotator.tag(doc, 15, 16, "fact") is None
    assert ({}, 1) == (annotator.unsaved, len(seen.failed))


def test_removed_wal_is_never_saved(setup, library_path: Path) -> None:
    """With the -wal removed under the window, a tag is a failure naming it, and stays unsaved."""
    annotator, seen, doc = setup
    annotator.tag(doc, 0, 3, "fact")
    library_path.with_name(library_path.name + "-wal").unlink()
    assert annotator.tag(doc, 4, 9, "fact") is None
    assert (["Saved"], 1) == (seen.saved, len(annotator.unsaved))
    assert "-wal was removed" in seen.failed[0] and "stopped writing" in seen.failed[0]


def test_unexpected_error_is_reported_not_raised(setup, library: Library) -> None:
    """Any error while writing (not only a LibraryError) becomes a failed message and an unsaved change."""
    annotator, seen, doc = setup
    library.transaction = None  # type: ignore[assignment,method-assign]  # a bug: calling it raises TypeError
    assert annotator.tag(doc, 0, 3, "fact") is None
    assert "TypeError" in seen.failed[0] and 1 == len(annotator.unsaved)


def test_redo_after_another_process_changed_the_text_is_checked(setup, library_path: Path) -> None:
    """Redo of a tag after the document was updated elsewhere stores it orphaned, not at a range past the text."""
    annotator, seen, doc = setup
    annotator.tag(doc, 0, 15, "fact")
    annotator.undo_stack.undo()
    with Library(library_path) as other:
        update_document(other, doc, Document(Metadata(title="T"), [Block("paragraph", "Short.")]))
    annotator.undo_stack.redo()
    (stored,) = annotator.library.annotations(doc)
    assert ("orphaned", "One claim here.", "added orphaned") == (stored.status, stored.exact, seen.events[-1])
    assert stored.start == stored.end <= len("Short.")


def test_stack_moved_by_qt_drops_a_command_whose_write_failed(setup, library_path: Path) -> None:
    """Qt moving the stack itself (setIndex) cannot refuse: the failed command is dropped, never shown as done."""
    annotator, seen, doc = setup
    stack = annotator.undo_stack
    annotator.tag(doc, 0, 15, "fact")
    with locked(library_path):
        stack.setIndex(0)
    assert (0, 1, 1) == (stack.count(), _rows(library_path), len(seen.failed))


def test_window_undo_action_goes_through_the_guarded_stack(make_window, library: Library, library_path: Path) -> None:
    """The window's Undo action under a lock shows the error and leaves the claim and the stack as they were."""
    summary, _ = library.import_document(Document(Metadata(title="T"), [Block("paragraph", "One claim here. Two.")]))
    window = make_window(library)
    window.open_document(summary.id)
    window.annotator.tag(summary.id, 0, 15, "fact")
    library.set_busy_timeout(0.1)
    with locked(library_path):
        window.window_actions.undo.trigger()
    assert (1, 1) == (window.undo_stack.index(), _rows(library_path))
    assert window.error_dialog is not None
