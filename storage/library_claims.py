"""The Library's claims: annotations (tagged passages) and notes on whole documents, added, changed and listed.

A part of Library kept apart by purpose (Library inherits it). Like every public
method of the Library, each one that writes is one committed transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from . import annotation_rows, document_notes
from .clock import now
from .errors import InvalidAnnotation, NotFound, TextChanged
from .library_parts import LibraryParts
from .placement import placed_on, within_text
from .records import Annotation, DocumentNote
from .selectors import quote_selector
from .tags import clean_tags


def _new_uuid() -> str:
    import uuid  # imported on first use: it imports platform, 10 ms that listing never needs

    return str(uuid.uuid4())


class LibraryClaims(LibraryParts):
    """Annotations and document notes: add, restore, update, replace, delete, read."""

    # -- annotations -----------------------------------------------------
    def add_annotation(
        self,
        document_id: int,
        start: int,
        end: int,
        claim_type: str,
        note: str = "",
        speaker: str = "",
        tags: Iterable[str] = (),
        *,
        expected: str | None = None,
    ) -> Annotation:
        """Tag text[start:end] of a document as claim_type, in one transaction.

        The quote is taken from the text as committed when the transaction
        starts, never from a copy another connection has since replaced.

        Args:
            expected: the text the user selected, when known: refused when the stored text differs there.

        Raises:
            NotFound: no such document or claim type.
            InvalidAnnotation: the range is empty or outside the text.
            TextChanged: the stored text at [start, end) is not expected.
            WriteFailed: the library could not be written (nothing was).
        """
        with self.transaction() as conn:
            exact, prefix, suffix = quote_selector(self.document_text(document_id), start, end)
            if expected is not None and exact != expected:
                raise TextChanged(
                    f"document {document_id} changed since it was shown: the selection now reads "
                    f"{exact[:40]!r}; reopen the document and select again"
                )
            self._check_claim_type(claim_type)
            stamp = now()
            annotation = Annotation(
                uuid=_new_uuid(), document_id=document_id, start=start, end=end, exact=exact,
                prefix=prefix, suffix=suffix, claim_type=claim_type, note=note.strip(), speaker=speaker.strip(),
                tags=clean_tags(tags), created=stamp, updated=stamp, annotator=self.annotator,
            )  # fmt: skip
            annotation_rows.insert(conn, annotation)
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Store annotation again with its uuid and times (redo of a tag, undo of a delete, import); return it.

        It is checked against the document's current text first: kept where its
        quote still is, else moved to the quote's best occurrence, else stored
        orphaned (storage.placement.placed_on). The returned annotation is what was stored.

        Raises:
            NotFound: its document is gone.
            InvalidAnnotation: it cannot be stored (e.g. its uuid exists already).
        """
        with self.transaction() as conn:
            placed = placed_on(annotation, self.document_text(annotation.document_id))
            annotation_rows.insert(conn, placed)
        return placed

    def update_annotation(
        self,
        uuid: str,
        *,
        claim_type: str | None = None,
        note: str | None = None,
        speaker: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Annotation:
        """Change an annotation's type, note, speaker or tags; return the new state. Raises NotFound."""
        with self.transaction() as conn:
            current = self.annotation(uuid)
            changes: dict[str, Any] = {}
            if claim_type is not None and claim_type != current.claim_type:
                self._check_claim_type(claim_type)
                changes["claim_type"] = claim_type
            if note is not None:
                changes["note"] = note.strip()
            if speaker is not None:
                changes["speaker"] = speaker.strip()
            changes["updated"] = now()
            assignments = ", ".join(f"{name} = ?" for name in changes)
            conn.execute(f"UPDATE annotations SET {assignments} WHERE uuid = ?", [*changes.values(), uuid])
            if tags is not None:
                row_id = annotation_rows.row_id(conn, uuid)
                assert row_id is not None
                conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [row_id])
                annotation_rows.write_tags(conn, row_id, clean_tags(tags))
        return self.annotation(uuid)

    def replace_annotation(self, annotation: Annotation) -> Annotation:
        """Overwrite the stored annotation with the same uuid by annotation (undo of an edit); return what was stored.

        Checked against the current text like restore_annotation. Raises NotFound.
        """
        with self.transaction() as conn:
            placed = placed_on(annotation, self.document_text(annotation.document_id))
            if not annotation_rows.overwrite(conn, placed):
                raise NotFound(f"no annotation {annotation.uuid}")
        return placed

    def delete_annotation(self, uuid: str) -> Annotation:
        """Delete an annotation and return it, so the caller can offer undo. Raises NotFound."""
        with self.transaction() as conn:
            annotation = self.annotation(uuid)
            conn.execute("DELETE FROM annotations WHERE uuid = ?", [uuid])
        return annotation

    def annotation(self, uuid: str) -> Annotation:
        """Return one annotation by uuid. Raises NotFound."""
        found = annotation_rows.select(self.conn, "WHERE a.uuid = ?", [uuid])
        if not found:
            raise NotFound(f"no annotation {uuid}")
        return self.within_texts(found)[0]

    def annotations(
        self, document_id: int | None = None, claim_type: str | None = None, status: str | None = None
    ) -> list[Annotation]:
        """Return annotations in reading order, optionally of one document, type or status."""
        clauses, params = [], []
        for column, value in (("document_id", document_id), ("claim_type", claim_type), ("status", status)):
            if value is not None:
                clauses.append(f"a.{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = "ORDER BY a.document_id, a.start, a.end, a.id"
        found = annotation_rows.select(self.conn, f"{where} {order}", params, document_id=document_id)
        return self.within_texts(found)

    def within_texts(self, annotations: list[Annotation]) -> list[Annotation]:
        """Return annotations as shown: a range outside its text (older Claimmark, another program) orphaned."""
        self._current_texts()
        return within_text(annotations, self._text_length)

    # -- document notes --------------------------------------------------
    def document_notes(self, document_id: int | None = None) -> list[DocumentNote]:
        """Return the notes on whole documents (of one document, or all), oldest first."""
        where, params = ("WHERE document_id = ?", [document_id]) if document_id is not None else ("", [])
        return document_notes.select(self.conn, f"{where} ORDER BY document_id, created, id", params)

    def add_document_note(self, document_id: int, note: str, tags: Iterable[str] = ()) -> DocumentNote:
        """Add a note on a whole document, in one transaction.

        Raises:
            NotFound: no such document.
            InvalidAnnotation: the note is empty.
        """
        self.document_summary(document_id)
        if not note.strip():
            raise InvalidAnnotation("a document note needs some text")
        stamp = now()
        added = DocumentNote(_new_uuid(), document_id, note.strip(), clean_tags(tags), self.annotator, stamp, stamp)
        self.restore_document_note(added)
        return added

    def restore_document_note(self, note: DocumentNote) -> None:
        """Store note exactly as given (same uuid and times): undo of a delete."""
        try:
            with self.transaction() as conn:
                document_notes.insert_many(conn, [note])
        except sqlite3.IntegrityError as error:
            raise InvalidAnnotation(f"document note cannot be stored ({error})") from None

    def delete_document_note(self, uuid: str) -> DocumentNote:
        """Delete a document note and return it, so the caller can offer undo. Raises NotFound."""
        found = document_notes.select(self.conn, "WHERE uuid = ?", [uuid])
        if not found:
            raise NotFound(f"no document note {uuid}")
        with self.transaction() as conn:
            document_notes.delete(conn, uuid)
        return found[0]
