"""Document versions: replacing a document's text with a newer one and carrying its annotations over.

The superseded text is kept in ``document_versions`` so old and new can be
compared; every annotation is re-anchored (storage/anchoring.py) and stays in
the library whatever happens to its text. The whole update is one transaction:
a failure or a cancel leaves the document and its annotations as they were.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from documents import Document, DocumentError, text_hash

from .. import annotation_rows
from ..clock import now
from ..errors import LibraryError, NotFound
from ..library import Library
from ..progress import Cancel, Progress
from ..records import Annotation, DocumentSummary, StoredDocument
from ..selectors import quote_selector
from ..statuses import AnchorStatus
from .reanchor import DEFAULT_WORK_BUDGET, AnchorResult, reanchor, status_counts


@dataclass(frozen=True)
class DocumentVersion:
    """A superseded text of a document (the current one lives in the documents table)."""

    document_id: int
    version: int
    title: str
    source: str
    text: str
    sha256: str
    imported: str  # when this version was imported
    replaced: str  # when a newer version replaced it


@dataclass(frozen=True)
class ImportOutcome:
    """What importing a file did: added a document, found it unchanged, or updated an older version."""

    summary: DocumentSummary
    created: bool
    counts: dict[str, int] | None = None  # statuses after re-anchoring, when an older version was updated


def update_document(
    library: Library,
    document_id: int,
    new_document: Document,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    work_budget: int = DEFAULT_WORK_BUDGET,
    stored: StoredDocument | None = None,
) -> dict[str, int]:
    """Make new_document the current version of a document; return how many annotations got each status.

    stored: the document as read already (its text is checked again when the new version is written).

    Raises:
        NotFound: no such document.
        ReanchorCancelled: cancel() returned True; nothing was changed.
        LibraryError: the document changed while its annotations were being re-anchored.
    """
    stored = stored if stored is not None and stored.id == document_id else library.document(document_id)
    new_text = new_document.text
    if text_hash(new_text) == stored.sha256:
        return status_counts(library.annotations(document_id))
    annotations = library.annotations(document_id)
    results = reanchor(annotations, stored.text, new_text, work_budget=work_budget, progress=progress, cancel=cancel)
    with library.transaction() as conn:
        results = write_new_version(conn, library, stored, new_document, {a.uuid for a in annotations}, results)
    return status_counts(results)


def write_new_version(
    conn: sqlite3.Connection,
    library: Library,
    stored: StoredDocument,
    new_document: Document,
    seen: set[str],
    results: list[AnchorResult],
) -> list[AnchorResult]:
    """Inside the caller's transaction: keep the current text as a version, store the new one, place annotations.

    results place the annotations whose uuids are in seen; any others (added meanwhile) are re-anchored here.
    Returns every annotation's result.

    Raises:
        LibraryError: the document's text changed since stored was read.
    """
    document_id = stored.id
    if conn.execute("SELECT sha256 FROM documents WHERE id = ?", [document_id]).fetchone()[0] != stored.sha256:
        raise LibraryError(f"document {document_id} changed while it was being updated; try again")
    results = results + _late_annotations(library, document_id, seen, stored.text, new_document.text)
    _archive_current(conn, document_id)
    _write_new_text(conn, document_id, new_document)
    annotation_rows.place(conn, results)
    library.forget_text(document_id)
    return results


def _late_annotations(
    library: Library, document_id: int, seen: set[str], old_text: str, new_text: str
) -> list[AnchorResult]:
    """Re-anchor annotations added (by another window or process) while the main run was going on."""
    late = [a for a in library.annotations(document_id) if a.uuid not in seen]
    return reanchor(late, old_text, new_text) if late else []


def _archive_current(conn: sqlite3.Connection, document_id: int) -> None:
    conn.execute(
        "INSERT INTO document_versions (document_id, version, title, source, blocks, text, sha256, imported, replaced)"
        " SELECT id, version, title, source, blocks, text, sha256, imported, ? FROM documents WHERE id = ?",
        [now(), document_id],
    )


def _write_new_text(conn: sqlite3.Connection, document_id: int, document: Document) -> None:
    meta = document.metadata
    row = {
        "title": meta.title, "author": meta.author, "published": meta.published, "format": meta.format,
        "language": meta.language, "notes": json.dumps(meta.notes), "text": document.text,
        "sha256": text_hash(document.text), "imported": now(),
        "blocks": json.dumps([b.to_dict() for b in document.blocks], ensure_ascii=False),
    }  # fmt: skip
    if meta.source:
        row["source"] = meta.source
    if meta.url:  # a new version that names its address (a saved page's canonical URL) keeps it known
        row["url"] = meta.url
    assignments = ", ".join(f"{name} = ?" for name in row)
    conn.execute(
        f"UPDATE documents SET {assignments}, version = version + 1 WHERE id = ?", [*row.values(), document_id]
    )


def import_or_update(
    library: Library, document: Document, progress: Progress | None = None, cancel: Cancel | None = None
) -> ImportOutcome:
    """Import document; if its text is new but its source file was imported before, update that document.

    Re-importing an edited file thus makes a new version of the same document
    (annotations carried over) instead of a second, unannotated copy.
    """
    digest = text_hash(document.text)
    if library.conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", [digest]).fetchone() is None:
        previous = _document_with_source(library, document.metadata.source)
        if previous is not None:
            counts = update_document(library, previous, document, progress, cancel)
            return ImportOutcome(library.document_summary(previous), False, counts)
    summary, created = library.import_document(document)
    return ImportOutcome(summary, created)


def _document_with_source(library: Library, source: str) -> int | None:
    if not source:
        return None
    sql = "SELECT id FROM documents WHERE source = ? ORDER BY id DESC LIMIT 1"
    row = library.conn.execute(sql, [source]).fetchone()
    return None if row is None else int(row[0])


def versions(library: Library, document_id: int) -> list[DocumentVersion]:
    """Return a document's superseded versions, oldest first (the current text is not among them)."""
    rows = library.conn.execute(
        "SELECT document_id, version, title, source, text, sha256, imported, replaced FROM document_versions"
        " WHERE document_id = ? ORDER BY version",
        [document_id],
    )
    return [DocumentVersion(*row) for row in rows]


def current_version(library: Library, document_id: int) -> int:
    """Return the version number of a document's current text (1 until it is first updated). Raises NotFound."""
    row = library.conn.execute("SELECT version FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"no document {document_id}")
    return int(row[0])


def previous_text(library: Library, document_id: int) -> str | None:
    """Return the text the current version replaced, or None if the document was never updated."""
    row = library.conn.execute(
        "SELECT text FROM document_versions WHERE document_id = ? ORDER BY version DESC LIMIT 1", [document_id]
    ).fetchone()
    return None if row is None else str(row[0])


def previous_quotes(library: Library, document_id: int) -> dict[str, str]:
    """Return uuid -> previous wording for the document's claims whose text changed at the last update."""
    rows = library.conn.execute(
        "SELECT uuid, old_exact FROM annotations WHERE document_id = ? AND status = ?",
        [document_id, AnchorStatus.CHANGED.value],
    )
    return {uuid: old for uuid, old in rows}


def changed_claims(library: Library, document_id: int) -> list[tuple[Annotation, str]]:
    """Return (annotation, previous wording) for each changed claim, in reading order."""
    old = previous_quotes(library, document_id)
    return [(a, old.get(a.uuid, "")) for a in library.annotations(document_id, status=AnchorStatus.CHANGED)]


def reattach_annotation(library: Library, uuid: str, start: int, end: int) -> Annotation:
    """Attach an annotation (typically an orphan) to text[start:end] of its document's current text.

    Note, type, speaker and tags are kept; the quote becomes the selected text.

    Raises:
        NotFound: no such annotation.
        InvalidAnnotation: the range is empty or outside the text.
    """
    with library.transaction() as conn:
        current = library.annotation(uuid)  # read inside the transaction: the text as committed now
        exact, prefix, suffix = quote_selector(library.document_text(current.document_id), start, end)
        conn.execute(
            "UPDATE annotations SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, status = ?,"
            " score = 1.0, old_exact = '', updated = ? WHERE uuid = ?",
            [start, end, exact, prefix, suffix, AnchorStatus.ANCHORED.value, now(), uuid],
        )
    return library.annotation(uuid)


def source_changed(
    library: Library, document_id: int, load: Callable[[str], Document] | None = None
) -> Document | None:
    """Return the document's source file as a new Document if it changed on disk since it was imported.

    Cheap when nothing changed: the file is read only when its modification
    time is later than the current version's import. None when the source is
    not a local file, is gone, is unreadable, or holds the same text.

    Args:
        load: reads the file (documents.bounded.load_path_bounded in a window, to bound it);
            by default documents.load_path.
    """
    if not source_may_have_changed(library, document_id):
        return None
    if load is None:
        from documents import load_path  # the importers: only when a file did change

        load = load_path
    try:
        document = load(library.document_summary(document_id).source)
    except (OSError, DocumentError):
        return None
    return None if text_hash(document.text) == _sha256(library, document_id) else document


def source_may_have_changed(library: Library, document_id: int) -> bool:
    """Whether the document's source is a local file modified after the current version was imported.

    Only a stat of the file: cheap enough to ask every time a document is opened.
    """
    row = library.conn.execute("SELECT source, imported FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None or not row[0] or "://" in row[0]:
        return False
    source, imported = row
    try:
        modified = datetime.fromtimestamp(os.stat(source).st_mtime).astimezone()
        return bool(modified > datetime.fromisoformat(imported))
    except (OSError, ValueError):
        return False


def _sha256(library: Library, document_id: int) -> str:
    return str(library.conn.execute("SELECT sha256 FROM documents WHERE id = ?", [document_id]).fetchone()[0])
