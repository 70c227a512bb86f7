"""Undo commands without any window: storage changes and the events that announce them."""

from __future__ import annotations

from documents import Block, Document, Metadata
from gui.annotator import Annotator
from storage import Library


def stored_document(library: Library) -> int:
    summary, _ = library.import_document(Document(Metadata(title="T"), [Block("paragraph", "One claim here. Two.")]))
    return summary.id


def test_tag_undo_redo_keep_the_same_annotation(library: Library, qapp) -> None:
    """Undo of a tag deletes it from the library; redo restores the very same uuid; events follow."""
    document_id = stored_document(library)
    annotator = Annotator(library)
    stack = annotator.undo_stack
    seen: list[str] = []
    annotator.events.added.connect(lambda a: seen.append("added " + a.exact))
    annotator.events.removed.connect(lambda a: seen.append("removed " + a.exact))
    annotation = annotator.tag(document_id, 0, 15, "fact")
    stack.undo()
    assert [] == library.annotations(document_id)
    stack.redo()
    assert [annotation] == library.annotations(document_id)
    assert ["added One claim here.", "removed One claim here.", "added One claim here."] == seen


def test_delete_and_edit_are_undoable(library: Library, qapp) -> None:
    """Deleting then undoing restores the claim; an edit's undo restores type, note and tags."""
    document_id = stored_document(library)
    annotator = Annotator(library)
    stack = annotator.undo_stack
    annotation = annotator.tag(document_id, 16, 20, "fact")
    annotator.update(annotation.uuid, {"claim_type": "opinion", "note": "why?", "tags": ("a",)})
    edited = library.annotation(annotation.uuid)
    assert ("opinion", "why?", ("a",)) == (edited.claim_type, edited.note, edited.tags)
    annotator.delete(annotation.uuid)
    assert [] == library.annotations(document_id)
    stack.undo()
    assert edited == library.annotation(annotation.uuid)
    stack.undo()
    assert ("fact", "", ()) == (lambda a: (a.claim_type, a.note, a.tags))(library.annotation(annotation.uuid))


def test_refused_change_reports_and_stays_off_the_stack(library: Library, qapp) -> None:
    """Tagging only whitespace is refused with a message and leaves nothing to undo."""
    document_id = stored_document(library)
    annotator = Annotator(library)
    stack = annotator.undo_stack
    messages: list[str] = []
    annotator.failed.connect(messages.append)
    assert annotator.tag(document_id, 15, 16, "fact") is None
    assert 0 == stack.count()
    assert messages and "no text" in messages[0]
