"""Import of W3C annotations: find each one's document, anchor it, skip duplicates, store all at once.

A document is found by the sha256 of its canonical text, else by its source,
else by the quote itself; a collection that carries its blocks adds its
document when the library has none with that text. An annotation is anchored
where its TextPositionSelector still holds its quote, else at the occurrence
of the quote whose context matches best (``moved``), else kept as ``orphaned``
on a document with no such quote. Everything is written in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from documents import Document, Metadata
from documents.front_matter import record_stated_source
from documents.model import clean_line

from .. import annotation_rows
from ..claim_types import is_claim_type_name
from ..clock import now
from ..errors import LibraryError
from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress
from ..records import Annotation
from ..selectors import CONTEXT
from ..statuses import STATUSES, AnchorStatus
from ..tags import clean_tags
from .w3c_reader import IncomingAnnotation, InvalidAnnotationFile, parse_annotations

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_TAG_CHARS = 200
SOURCE_NOTE = "source named in the annotation file: "
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
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InvalidAnnotationFile(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidAnnotationFile(f"{path}: not JSON ({error})") from None
    except RecursionError:
        raise InvalidAnnotationFile(f"{path}: JSON nested too deeply to be annotations") from None
    except OSError as error:
        raise InvalidAnnotationFile(f"{path}: cannot read ({error.strerror})") from None
    try:
        return import_annotations(library, data, progress)
    except InvalidAnnotationFile as error:
        raise InvalidAnnotationFile(f"{path}: {error}") from None


@gc_paused()
def import_annotations(library: Library, data: Any, progress: Progress | None = None) -> ImportReport:
    """Import the annotations of decoded W3C JSON into library, in one transaction."""
    incoming = parse_annotations(data)
    report = ImportReport()
    matcher = _DocumentMatcher(library, report)
    types = [t.name for t in library.claim_types()]
    known = _existing_keys(library)
    stamp = now()  # for annotations that come without times
    rows: list[Annotation] = []
    for done, item in enumerate(incoming, start=1):
        document_id = matcher.find(item)
        if document_id is None:
            report.unmatched += 1
            continue
        annotation = _anchored(item, document_id, library.document_text(document_id), types, stamp)
        key = (annotation.document_id, annotation.start, annotation.end, annotation.claim_type, annotation.exact)
        if annotation.uuid in known or key in known:
            report.duplicate += 1
            continue
        known.update((annotation.uuid, key))
        rows.append(annotation)
        report.orphaned += annotation.status == AnchorStatus.ORPHANED
        if progress is not None and done % 1000 == 0:
            progress(done, len(incoming))
    insert_annotations(library, rows, new_types=sorted({a.claim_type for a in rows} - set(types)))
    report.added = len(rows)
    return report


def insert_annotations(library: Library, annotations: Iterable[Annotation], new_types: Iterable[str] = ()) -> None:
    """Store annotations exactly as given (uuids, times, tags), and the claim types they need, in one transaction."""
    annotations = list(annotations)
    try:
        with library.transaction() as conn:
            position = conn.execute("SELECT coalesce(max(position), 0) FROM claim_types").fetchone()[0]
            conn.executemany(
                "INSERT INTO claim_types (name, label, colour, underline, position) VALUES (?, ?, ?, 'dot', ?)",
                [(name, name.title(), "#7a5cc4", position + n) for n, name in enumerate(new_types, start=1)],
            )
            annotation_rows.insert_many(conn, annotations)
    except sqlite3.IntegrityError as error:
        raise LibraryError(f"annotations cannot be stored ({error})") from None


def _existing_keys(library: Library) -> set[Any]:
    keys: set[Any] = set()
    for row in library.db.execute("SELECT uuid, document_id, start, end, claim_type, exact FROM annotations"):
        keys.add(row[0])
        keys.add(tuple(row[1:]))
    return keys


class _DocumentMatcher:
    """Finds the library document an incoming annotation belongs to, adding documents a file carries."""

    def __init__(self, library: Library, report: ImportReport) -> None:
        self.library = library
        self.report = report
        rows = library.db.execute("SELECT id, sha256, source FROM documents ORDER BY id").fetchall()
        self.by_hash = {sha: doc_id for doc_id, sha, _ in reversed(rows)}
        self.by_source = {source: doc_id for doc_id, _, source in reversed(rows) if source}
        self.ids = [row[0] for row in rows]
        self.by_target: dict[str, int] = {}  # targets found by quote before: try that document first

    def find(self, item: IncomingAnnotation) -> int | None:
        """Return the id of item's document, or None when no document matches."""
        hint = item.hint
        for sha in (hint.sha256, item.target.removeprefix("urn:sha256:")):
            if sha in self.by_hash:
                return int(self.by_hash[sha])
        if hint.blocks is not None and hint.sha256:
            return self._add(item)
        for source in (hint.source, item.target, _file_path(item.target)):
            if source and source in self.by_source:
                return int(self.by_source[source])
        return self._by_quote(item)

    def _by_quote(self, item: IncomingAnnotation) -> int | None:
        known = self.by_target.get(item.target)
        if known is not None and item.exact in self.library.document_text(known):
            return known
        found = next((i for i in self.ids if item.exact in self.library.document_text(i)), None)
        if found is not None and item.target:
            self.by_target[item.target] = found
        return found

    def _add(self, item: IncomingAnnotation) -> int:
        hint = item.hint
        assert hint.blocks is not None
        fields = {name: clean_line(value) for name, value in hint.metadata.items() if name != "source"}
        document = Document(Metadata(**fields), hint.blocks)  # type: ignore[arg-type]
        # The file's word for where the text came from is kept, but is never the document's source:
        # that would make the library stat and read a path the file chose.
        record_stated_source(document.metadata, clean_line(hint.metadata.get("source", "")), SOURCE_NOTE)
        if document.sha256 != hint.sha256:
            title = hint.metadata.get("title")
            raise InvalidAnnotationFile(f"the text of document {title!r} does not match its sha256")
        summary, added = self.library.import_document(document)
        self.report.documents_added += added
        self.by_hash[hint.sha256] = summary.id
        self.ids.append(summary.id)
        return summary.id


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
    if start is not None and end is not None and text[start:end] == item.exact:
        return annotation
    found = _best_occurrence(text, item)
    if found is None:
        where = min(start or 0, len(text))
        return replace(annotation, start=where, end=where, status=AnchorStatus.ORPHANED.value, score=0.0)
    end = found + len(item.exact)
    status = AnchorStatus.MOVED if start is not None else AnchorStatus.ANCHORED
    return replace(annotation, start=found, end=end, prefix=text[max(0, found - CONTEXT) : found],
                   suffix=text[end : end + CONTEXT], status=status.value, score=1.0)  # fmt: skip


def _best_occurrence(text: str, item: IncomingAnnotation) -> int | None:
    """Return the start of the quote's occurrence whose prefix and suffix match best, nearest first."""
    ranked: list[tuple[int, int, int]] = []
    position = text.find(item.exact)
    while position >= 0:
        before = text[max(0, position - len(item.prefix)) : position]
        after = text[position + len(item.exact) : position + len(item.exact) + len(item.suffix)]
        context = (before == item.prefix) + (after == item.suffix)
        ranked.append((-context, abs(position - (item.start or 0)), position))
        position = text.find(item.exact, position + 1)
    return min(ranked)[2] if ranked else None


def _type_and_tags(item: IncomingAnnotation, types: list[str]) -> tuple[str, tuple[str, ...]]:
    claim_type, tags = item.claim_type, item.type_candidates
    if claim_type and not is_claim_type_name(claim_type):  # not a name a claim type may have: keep it as a tag
        claim_type, tags = "", [*tags, claim_type[:MAX_TAG_CHARS]]
    if claim_type and not tags:
        return claim_type, ()
    if not claim_type:
        claim_type = next((t.lower() for t in tags if t.lower() in types), types[0] if types else "fact")
        tags = [t for t in tags if t.lower() != claim_type]
    return claim_type, clean_tags(tags)
