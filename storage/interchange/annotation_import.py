"""Import of W3C annotations: find each one's document, anchor it, skip duplicates, store all at once.

A document is found by the sha256 of its canonical text, else by its source,
else by the quote itself; a collection that carries its blocks adds its
document when the library has none with that text. An annotation is anchored
where its TextPositionSelector still holds its quote, else at the occurrence
of the quote whose context matches best (``moved``), else kept as ``orphaned``
on a document with no such quote.

The file is checked whole before anything is written (w3c_reader: numbers,
sizes, nesting, carried texts against their sha256), and everything it adds
(documents, claim types, annotations) is written in one transaction: a file
refused at any point leaves the library as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import annotation_rows
from ..claim_types import MAX_CLAIM_TYPES, checked_name
from ..clock import now
from ..errors import InvalidAnnotation
from ..gc_pause import gc_paused
from ..library import Library
from ..placement import best_occurrence
from ..progress import Progress
from ..records import Annotation
from ..selectors import CONTEXT
from ..statuses import STATUSES, AnchorStatus
from ..tags import clean_tags
from .w3c_reader import IncomingAnnotation, InvalidAnnotationFile, parse_annotations

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_NEW_TYPES = 50  # claim types one file may add
BULK_INDEXING = annotation_rows.BULK_INDEXING


@dataclass
class ImportReport:
    """What an import did: annotations added (and of those, orphaned), duplicates and unmatched skipped."""

    added: int = 0
    duplicate: int = 0
    orphaned: int = 0
    unmatched: int = 0
    documents_added: int = 0

    def summary(self) -> str:
        """Return one line for a person, e.g. "12 added (1 orphaned), 3 duplicate, 0 without a document"."""
        line = f"{self.added} added ({self.orphaned} orphaned), {self.duplicate} duplicate"
        line += f", {self.unmatched} without a matching document"
        return line + (f"; {self.documents_added} document(s) added" if self.documents_added else "")


@gc_paused()
def import_annotation_file(library: Library, path: str | Path, progress: Progress | None = None) -> ImportReport:
    """Read a W3C annotation JSON file and import its annotations.

    Raises:
        InvalidAnnotationFile: the file cannot be read or holds no readable annotations (nothing written).
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidAnnotationFile(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = json.loads(path.read_bytes(), parse_constant=_refuse_constant)
    except FileNotFoundError:
        raise InvalidAnnotationFile(f"{path}: no such file") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, NaN, a number of 4,300 digits
        raise InvalidAnnotationFile(f"{path}: not JSON ({error})") from None
    except RecursionError:
        raise InvalidAnnotationFile(f"{path}: nested too deeply to be an annotation file") from None
    except OSError as error:
        raise InvalidAnnotationFile(f"{path}: cannot read ({error.strerror})") from None
    try:
        return import_annotations(library, data, progress)
    except InvalidAnnotationFile as error:
        raise InvalidAnnotationFile(f"{path}: {error}") from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


@gc_paused()
def import_annotations(library: Library, data: Any, progress: Progress | None = None) -> ImportReport:
    """Import the annotations of decoded W3C JSON into library, all in one transaction.

    Raises:
        InvalidAnnotationFile: the data breaks a check or a limit (nothing is written).
        WriteFailed: the library could not be written (nothing is).
    """
    incoming = parse_annotations(data)
    with library.transaction() as conn:
        report = ImportReport()
        types = [t.name for t in library.claim_types()]
        rows = _anchored_rows(library, conn, incoming, types, report, progress)
        new_types = sorted({a.claim_type for a in rows} - set(types))
        _check_new_types(new_types, len(types))
        _insert(conn, rows, new_types)
    report.added = len(rows)
    return report


def _anchored_rows(
    library: Library,
    conn: sqlite3.Connection,
    incoming: list[IncomingAnnotation],
    types: list[str],
    report: ImportReport,
    progress: Progress | None,
) -> list[Annotation]:
    """Match every incoming annotation to its document (adding carried ones) and anchor it; skip duplicates."""
    matcher = _DocumentMatcher(library, conn, report)
    known = _existing_keys(library)
    stamp = now()  # for annotations that come without times
    rows: list[Annotation] = []
    for done, item in enumerate(incoming, start=1):
        document_id = matcher.find(item)
        if document_id is None:
            report.unmatched += 1
            continue
        annotation = _anchored(item, document_id, matcher.text(document_id), types, stamp)
        key = (annotation.document_id, annotation.start, annotation.end, annotation.claim_type, annotation.exact)
        if annotation.uuid in known or key in known:
            report.duplicate += 1
            continue
        known.update((annotation.uuid, key))
        rows.append(annotation)
        report.orphaned += annotation.status == AnchorStatus.ORPHANED
        if progress is not None and done % 1000 == 0:
            progress(done, len(incoming))
    return rows


def _check_new_types(new_types: list[str], existing: int) -> None:
    for name in new_types:
        try:
            checked_name(name)
        except InvalidAnnotation as error:
            raise InvalidAnnotationFile(str(error)) from None
    if len(new_types) > MAX_NEW_TYPES:
        raise InvalidAnnotationFile(f"names {len(new_types)} new claim types; at most {MAX_NEW_TYPES} are added")
    if existing + len(new_types) > MAX_CLAIM_TYPES:
        raise InvalidAnnotationFile(f"would make more than {MAX_CLAIM_TYPES} claim types in the library")


def insert_annotations(library: Library, annotations: Iterable[Annotation], new_types: Iterable[str] = ()) -> None:
    """Store annotations exactly as given (uuids, times, tags), and the claim types they need, in one transaction."""
    with library.transaction() as conn:
        _insert(conn, list(annotations), list(new_types))


def _insert(conn: sqlite3.Connection, annotations: list[Annotation], new_types: list[str]) -> None:
    position = conn.execute("SELECT coalesce(max(position), 0) FROM claim_types").fetchone()[0]
    conn.executemany(
        "INSERT INTO claim_types (name, label, colour, underline, position) VALUES (?, ?, ?, 'dot', ?)",
        [(name, name.title(), "#7a5cc4", position + n) for n, name in enumerate(new_types, start=1)],
    )
    annotation_rows.insert_many(conn, annotations)


def _existing_keys(library: Library) -> set[Any]:
    keys: set[Any] = set()
    for row in library.db.conn.execute("SELECT uuid, document_id, start, end, claim_type, exact FROM annotations"):
        keys.add(row[0])
        keys.add(tuple(row[1:]))
    return keys


class _DocumentMatcher:
    """Finds the library document an incoming annotation belongs to, adding documents a file carries.

    Works inside the import's transaction: documents it adds are rolled back with everything else.
    """

    def __init__(self, library: Library, conn: sqlite3.Connection, report: ImportReport) -> None:
        self.library = library
        self.conn = conn
        self.report = report
        rows = conn.execute("SELECT id, sha256, source FROM documents ORDER BY id").fetchall()
        self.by_hash = {sha: doc_id for doc_id, sha, _ in reversed(rows)}
        self.by_source = {source: doc_id for doc_id, _, source in reversed(rows) if source}
        self.ids = [row[0] for row in rows]
        self.by_target: dict[str, int] = {}  # targets found by quote before: try that document first
        self.added: dict[int, str] = {}  # texts of the documents this import adds

    def text(self, document_id: int) -> str:
        """Return a document's text (of the library, or one this import adds)."""
        added = self.added.get(document_id)
        return added if added is not None else self.library.document_text(document_id)

    def find(self, item: IncomingAnnotation) -> int | None:
        """Return the id of item's document, or None when no document matches."""
        hint = item.hint
        for sha in (hint.sha256, item.target.removeprefix("urn:sha256:")):
            if sha in self.by_hash:
                return int(self.by_hash[sha])
        if hint.document is not None:
            return self._add(item)
        for source in (hint.source, item.target, _file_path(item.target)):
            if source and source in self.by_source:
                return int(self.by_source[source])
        return self._by_quote(item)

    def _by_quote(self, item: IncomingAnnotation) -> int | None:
        known = self.by_target.get(item.target)
        if known is not None and item.exact in self.text(known):
            return known
        found = next((i for i in self.ids if item.exact in self.text(i)), None)
        if found is not None and item.target:
            self.by_target[item.target] = found
        return found

    def _add(self, item: IncomingAnnotation) -> int:
        document = item.hint.document
        assert document is not None  # checked against its sha256 when the file was read
        document_id = self.library.insert_document(self.conn, document)
        self.report.documents_added += 1
        self.added[document_id] = document.text
        self.by_hash[item.hint.sha256] = document_id
        self.ids.append(document_id)
        return document_id


def _file_path(target: str) -> str:
    if not target.startswith("file://"):
        return ""
    return unquote(urlsplit(target).path)


def _anchored(item: IncomingAnnotation, document_id: int, text: str, types: list[str], stamp: str) -> Annotation:
    """Return item as an annotation of the text: where its position holds, at its best occurrence, or orphaned."""
    claim_type, tags = _type_and_tags(item, types)
    start, end = item.start, item.end
    annotation = Annotation(
        uuid=item.uuid, document_id=document_id, start=start or 0, end=end or 0, exact=item.exact,
        prefix=item.prefix, suffix=item.suffix, claim_type=claim_type, note=item.note, speaker=item.speaker,
        tags=tags, status=item.status if item.status in STATUSES else AnchorStatus.ANCHORED.value, score=item.score,
        created=item.created or stamp, updated=item.updated or item.created or stamp,
    )  # fmt: skip
    # A slice clamps (text[42:2**62] is the tail): the range itself must lie inside the text.
    if start is not None and end is not None and start < end <= len(text) and text[start:end] == item.exact:
        return annotation if annotation.status != AnchorStatus.ORPHANED else replace(annotation, status="anchored")
    found = best_occurrence(text, item.exact, item.prefix, item.suffix, item.start or 0)
    if found is None:
        where = min(start or 0, len(text))
        return replace(annotation, start=where, end=where, status=AnchorStatus.ORPHANED.value, score=0.0)
    end = found + len(item.exact)
    status = AnchorStatus.MOVED if start is not None else AnchorStatus.ANCHORED
    return replace(annotation, start=found, end=end, prefix=text[max(0, found - CONTEXT) : found],
                   suffix=text[end : end + CONTEXT], status=status.value, score=1.0)  # fmt: skip


def _type_and_tags(item: IncomingAnnotation, types: list[str]) -> tuple[str, tuple[str, ...]]:
    claim_type, tags = item.claim_type, item.type_candidates
    if claim_type and not tags:
        return claim_type, ()
    if not claim_type:
        claim_type = next((t.lower() for t in tags if t.lower() in types), types[0] if types else "fact")
        tags = [t for t in tags if t.lower() != claim_type]
    return claim_type, clean_tags(tags)
