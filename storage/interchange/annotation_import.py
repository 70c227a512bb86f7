"""Importing annotations from a file of any format read here: the one path every reader feeds.

Each item finds its document (``document_matching``: text hash, address,
source path, then quote), is placed on that document's text (where its
position holds in that very text, else by its words, whitespace aside, else
fuzzily — ``anchoring.QuotePlacer``) or kept *orphaned* on a document that
lacks its quote; an item without a quote becomes a note on its whole document.
Duplicates (same uuid, same origin id, or same place, type and quote) are
counted, not stored; items that cannot be imported are reported with the
reason, never abort the file. A foreign annotation that names no claim type
gets the one the user chose, by default ``untyped``, never a silent *fact*.
Everything is written in one transaction; a file that cannot be read writes
nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import annotation_rows, document_notes
from ..anchoring.placing import Placement
from ..claim_types import MAX_CLAIM_TYPES, UNTYPED, is_claim_type_name
from ..clock import now
from ..errors import LibraryError, NotFound
from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress
from ..records import Annotation, DocumentNote
from ..statuses import STATUSES, AnchorStatus
from ..tags import clean_tags
from .document_matching import DocumentMatcher, Match
from .formats import MAX_FILE_BYTES, ParsedFile, parse_decoded, read_annotation_file
from .import_report import NO_DOCUMENT, NO_PAGE, ImportReport
from .incoming import IncomingAnnotation, InvalidAnnotationFile
from .validation import check_items

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NEW_TYPES",
    "ImportReport",
    "import_annotation_file",
    "import_annotations",
    "insert_annotations",
]
BULK_INDEXING = annotation_rows.BULK_INDEXING
_PROGRESS_EVERY = 1000
_ANCHORED, _ORPHANED = AnchorStatus.ANCHORED.value, AnchorStatus.ORPHANED.value
_NEW_TYPE_COLOUR = "#7a5cc4"
MAX_NEW_TYPES = 50  # claim types one file may add
MAX_TAG_CHARS = 200


@gc_paused()
def import_annotation_file(
    library: Library, path: str | Path, progress: Progress | None = None, *, claim_type: str = "", format_name: str = ""
) -> ImportReport:
    """Read an annotation file (format told from its content, or format_name) and import its annotations.

    Args:
        claim_type: the type given to foreign annotations that name none ("" for ``untyped``).

    Raises:
        InvalidAnnotationFile: the file cannot be read, or is in no format read here (nothing written).
        NotFound: claim_type is not one of the library's claim types.
    """
    path = Path(path)
    default_type = _default_type(library, claim_type)
    try:
        parsed = read_annotation_file(path, format_name)
        report = import_parsed(library, parsed, progress, default_type)
    except InvalidAnnotationFile as error:
        raise InvalidAnnotationFile(f"{path}: {error}") from None
    report.file = str(path)
    return report


@gc_paused()
def import_annotations(
    library: Library, data: Any, progress: Progress | None = None, *, claim_type: str = "", format_name: str = ""
) -> ImportReport:
    """Import the annotations of decoded JSON (W3C, Hypothesis or Zotero), in one transaction."""
    default_type = _default_type(library, claim_type)
    return import_parsed(library, parse_decoded(data, format_name), progress, default_type)


def import_parsed(
    library: Library, parsed: ParsedFile, progress: Progress | None = None, claim_type: str = UNTYPED
) -> ImportReport:
    """Match, place and store the items of a file already read; return what happened."""
    check_items(parsed.items)  # the whole file, before anything is written
    _check_new_types(library, parsed.items)
    if any(item.hint.blocks is not None for item in parsed.items):
        # The file carries documents: they, its claim types and its annotations are one commit, or none.
        with library.transaction():
            return _import_checked(library, parsed, progress, claim_type)
    return _import_checked(library, parsed, progress, claim_type)


def _import_checked(library: Library, parsed: ParsedFile, progress: Progress | None, claim_type: str) -> ImportReport:
    report = ImportReport(format=parsed.format, label=parsed.label)
    matcher = DocumentMatcher(library, report)
    matcher.settle_groups(parsed.items)
    rows = _Rows(library, report, claim_type)
    total = len(parsed.items)
    for done, item in enumerate(parsed.items, start=1):
        if item.skip:
            report.skip(item.skip, item.origin_id, item.exact or item.note)
        elif not rows.known(item):  # imported before (or earlier in this file): nothing to look for
            _import_item(item, matcher, rows, report)
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, total)
    rows.store()
    return report


def _check_new_types(library: Library, items: list[IncomingAnnotation]) -> None:
    """Refuse a file that would add too many claim types, or one with a name no claim type can have."""
    existing = {t.name for t in library.claim_types()}
    named = {i.claim_type for i in items if i.claim_type and not i.origin_format}
    new = sorted({name for name in named if is_claim_type_name(name)} - existing)  # other names become tags
    if len(new) > MAX_NEW_TYPES:
        raise InvalidAnnotationFile(f"names {len(new)} new claim types; at most {MAX_NEW_TYPES} are added")
    if len(existing) + len(new) > MAX_CLAIM_TYPES:
        raise InvalidAnnotationFile(f"would make more than {MAX_CLAIM_TYPES} claim types in the library")


def _import_item(item: IncomingAnnotation, matcher: DocumentMatcher, rows: _Rows, report: ImportReport) -> None:
    match = matcher.document_of(item)
    if item.exact:
        _place(item, match, matcher, rows, report)
    elif match is not None and match.position_counts and item.start is not None and item.end is not None:
        text = matcher.library.document_text(match.document_id)
        if item.end <= len(text) and text[item.start : item.end].strip():  # a position alone, in this very text
            item.exact = text[item.start : item.end]
            rows.annotation(item, match.document_id)
        else:
            report.skip("with a position outside its document's text", item.origin_id)
    elif not item.note.strip() and not item.type_candidates:
        report.skip("without quote or note", item.origin_id)
    elif match is not None:
        rows.note(item, match.document_id)
    else:
        report.skip(NO_PAGE, item.origin_id, item.note)


def _place(item: IncomingAnnotation, match: Match | None, matcher: DocumentMatcher, rows: _Rows,
           report: ImportReport) -> None:  # fmt: skip
    """Store item where its quote is, else orphaned on the document it names, else skip it.

    On a document the item names (hash, address, source) its quote is looked for there only: a
    page that no longer holds it keeps it orphaned. On a document only its group's quotes chose,
    its exact words elsewhere win over similar words there.
    """
    placer = matcher.placer(match.document_id) if match is not None else None
    if match is not None and placer is not None:
        start, end = item.start, item.end
        text = placer.text
        if end is not None and end > len(text):  # a position that does not fit: ignored, the quote looked for
            item.start = item.end = start = end = None
        if match.position_counts and start is not None and end is not None and _holds(text, item, start, end):
            rows.annotation(item, match.document_id)  # exactly as the file has it (Claimmark's own files)
            return
        counts = match.position_counts and start is not None
        placed = placer.place(item.exact, item.prefix, item.suffix, start, position_counts=counts, fuzzy=match.named)
        if placed is not None or match.named:
            rows.annotation(item, match.document_id, placed, orphaned=placed is None)
            return
    exclude = match.document_id if match is not None else None
    elsewhere = matcher.by_quote(item, exclude=exclude, fuzzy=False)
    if elsewhere is None and match is not None and placer is not None:
        placed = placer.place(item.exact, item.prefix, item.suffix, item.start)
        elsewhere = (match.document_id, placed) if placed is not None else None
    elsewhere = elsewhere or matcher.by_quote(item, exclude=exclude, fuzzy=True)
    if elsewhere is not None:
        rows.annotation(item, elsewhere[0], elsewhere[1])
    elif match is not None:
        rows.annotation(item, match.document_id, orphaned=True)
    else:
        report.skip(NO_DOCUMENT, item.origin_id, item.exact)


def _holds(text: str, item: IncomingAnnotation, start: int, end: int) -> bool:
    """Whether the text holds item where the file says: its quote there, or an orphan's mark in its range."""
    if item.status == AnchorStatus.ORPHANED.value and not item.origin_format:
        return start == end <= len(text)
    return text[start:end] == item.exact


class _Rows:
    """The annotations and notes an import will store, with duplicates (in the library or the file) left out."""

    def __init__(self, library: Library, report: ImportReport, default_type: str) -> None:
        self.library, self.report, self.default_type = library, report, default_type
        self.types = {t.name for t in library.claim_types()}
        self.known_keys = _existing_keys(library)
        self.stamp = now()  # for annotations that come without times
        self.annotations: list[Annotation] = []
        self.notes: list[DocumentNote] = []
        self.documents: dict[int, None] = {}

    def annotation(
        self, item: IncomingAnnotation, document_id: int, placed: Placement | None = None, orphaned: bool = False
    ) -> None:
        """Add item as an annotation of the document: as the file has it, where placed, or orphaned."""
        claim_type, tags = self._type_and_tags(item)
        start, end, exact, prefix, suffix = item.start or 0, item.end or 0, item.exact, item.prefix, item.suffix
        status = item.status if item.status in STATUSES and not item.origin_format else _ANCHORED
        score, old_exact = item.score, ""
        if placed is not None:
            status, start, end, exact, prefix, suffix, score, old_exact = placed
        elif orphaned:
            start = end = min(start, len(self.library.document_text(document_id)))
            status, score = _ORPHANED, 0.0
        annotation = Annotation(
            item.uuid, document_id, start, end, exact, prefix, suffix, claim_type, item.note, item.speaker, tags,
            status, score, item.created or self.stamp, item.updated or item.created or self.stamp, old_exact,
            item.annotator, item.origin_format, item.origin_id, item.target if item.origin_format else "",
        )  # fmt: skip
        key = (document_id, annotation.start, annotation.end, claim_type, annotation.exact)
        if self._seen(item, key):
            return
        self.annotations.append(annotation)
        self.documents[document_id] = None

    def note(self, item: IncomingAnnotation, document_id: int) -> None:
        """Add item as a note on its whole document."""
        tags = clean_tags(item.type_candidates)
        if self._seen(item, (document_id, item.note, tags)):
            return
        self.notes.append(DocumentNote(
            item.uuid, document_id, item.note, tags, item.annotator, item.created or self.stamp,
            item.updated or item.created or self.stamp, item.origin_format, item.origin_id,
            item.target if item.origin_format else "",
        ))  # fmt: skip
        self.documents[document_id] = None

    def store(self) -> None:
        """Write everything in one transaction and fill in the report's counts."""
        new_types = sorted({a.claim_type for a in self.annotations} - self.types)
        _insert(self.library, self.annotations, self.notes, new_types)
        report = self.report
        report.added, report.notes_added = len(self.annotations), len(self.notes)
        for annotation in self.annotations:
            setattr(report, annotation.status, getattr(report, annotation.status) + 1)
        report.documents = list(self.documents)

    def known(self, item: IncomingAnnotation) -> bool:
        """Whether item's uuid or origin id was imported before; counted as a duplicate if so."""
        if item.uuid in self.known_keys or (item.origin_id and ("origin", item.origin_id) in self.known_keys):
            self.report.duplicate += 1
            return True
        return False

    def _seen(self, item: IncomingAnnotation, key: tuple[Any, ...]) -> bool:
        """Whether item was imported before (or earlier in this file); remember it otherwise."""
        known = self.known_keys
        origin = ("origin", item.origin_id) if item.origin_id else None
        if item.uuid in known or key in known or (origin is not None and origin in known):
            self.report.duplicate += 1
            return True
        known.add(item.uuid)
        known.add(key)
        if origin is not None:
            known.add(origin)
        return False

    def _type_and_tags(self, item: IncomingAnnotation) -> tuple[str, tuple[str, ...]]:
        """The file's claim type; else a tag naming one of the library's types; else the type chosen for imports."""
        tags = item.type_candidates
        if item.claim_type and not is_claim_type_name(item.claim_type):  # no claim type can be called that: a tag
            tags = [*tags, item.claim_type[:MAX_TAG_CHARS]]
            item.claim_type = ""
        if not tags:
            return item.claim_type or self.default_type, ()
        if item.claim_type:
            return item.claim_type, clean_tags(tags) if tags else ()
        named = next((tag.strip().lower() for tag in tags if tag.strip().lower() in self.types), None)
        if named is None:
            return self.default_type, clean_tags(tags)
        return named, clean_tags(tag for tag in tags if tag.strip().lower() != named)


def insert_annotations(library: Library, annotations: Iterable[Annotation], new_types: Iterable[str] = ()) -> None:
    """Store annotations exactly as given (uuids, times, tags), and the claim types they need, in one transaction."""
    _insert(library, list(annotations), [], list(new_types))


def _insert(library: Library, annotations: list[Annotation], notes: list[DocumentNote], new_types: list[str]) -> None:
    try:
        with library.transaction() as conn:
            position = conn.execute("SELECT coalesce(max(position), 0) FROM claim_types").fetchone()[0]
            conn.executemany(
                "INSERT INTO claim_types (name, label, colour, underline, position) VALUES (?, ?, ?, 'dot', ?)",
                [(name, name.title(), _NEW_TYPE_COLOUR, position + n) for n, name in enumerate(new_types, start=1)],
            )
            annotation_rows.insert_many(conn, annotations)
            document_notes.insert_many(conn, notes)
    except sqlite3.IntegrityError as error:
        raise LibraryError(f"annotations cannot be stored ({error})") from None


def _default_type(library: Library, claim_type: str) -> str:
    """The claim type for foreign annotations that name none. Raises NotFound for a type the library lacks."""
    name = claim_type.strip().lower() or UNTYPED
    known = [t.name for t in library.claim_types()]
    if name not in known:
        raise NotFound(f"unknown claim type {name!r} (known: {', '.join(known)})")
    return name


def _existing_keys(library: Library) -> set[Any]:
    """Every imported annotation's and note's uuid, origin id and place, to tell duplicates."""
    keys: set[Any] = set()
    conn = library.conn
    for row in conn.execute("SELECT uuid, origin_id, document_id, start, end, claim_type, exact FROM annotations"):
        keys.add(row[0])
        keys.add(tuple(row[2:]))
        if row[1]:
            keys.add(("origin", row[1]))
    for note in document_notes.select(conn):
        keys.update((note.uuid, (note.document_id, note.note, note.tags)))
        if note.origin_id:
            keys.add(("origin", note.origin_id))
    return keys
