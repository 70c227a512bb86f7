"""Prepare a document for the reader: read it, build its QTextDocument and paint its highlights.

A book takes a few hundred milliseconds to prepare, so big documents are prepared on a
pool thread (with their own library connection) and handed to the UI thread ready to
show; short articles are prepared in place, which keeps opening them instantaneous.
Everything the views need that costs a step per annotation or per block (reading
order, the highlight index, the claim map's marks, the contents, the orphans) is
worked out here too, so that adopting a book with 100,000 claims on the UI thread
costs no Python call per claim.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument

from storage import AnchorStatus, Annotation, ClaimType, Library, StoredDocument
from storage.gc_pause import gc_paused
from storage.progress import Cancel, Progress

from . import highlights
from .annotation_model import in_reading_order
from .document_builder import build_document
from .jobs import Job
from .offsets import OffsetMap
from .view_data import Heading, claim_marks, outline, sorted_marks

BACKGROUND_CHARACTERS = 200_000  # documents longer than this are prepared off the UI thread


@dataclass
class PreparedDocument:
    """Everything the window shows for one document, its QTextDocument built and highlighted."""

    stored: StoredDocument
    annotations: list[Annotation]
    claim_types: list[ClaimType]
    offsets: OffsetMap
    qt_document: QTextDocument
    in_order: list[Annotation] = field(default_factory=list)  # the cards' reading order
    by_uuid: dict[str, Annotation] = field(default_factory=dict)
    index: highlights.HighlightIndex = field(default_factory=highlights.HighlightIndex)
    marks: dict[str, tuple[float, str]] = field(default_factory=dict)  # the claim map's
    headings: list[Heading] = field(default_factory=list)
    orphans: list[Annotation] = field(default_factory=list)
    sorted_marks: tuple[list[float], list[str]] | None = None  # the marks as sorted columns (see view_data)


def prepare(library: Library, document_id: int, point_size: float) -> PreparedDocument:
    """Read document_id from library and build its highlighted QTextDocument (owned by nobody yet).

    Raises:
        NotFound: the document is not in the library.
    """
    stored = library.document(document_id)
    annotations, claim_types = library.annotations(document_id), library.claim_types()
    offsets = OffsetMap(stored.text)
    qt_document = build_document(stored.blocks, stored.text, point_size, None, offsets)
    formats = highlights.HighlightFormats(claim_types)
    highlights.paint(qt_document, offsets, formats, highlights.segments(annotations))
    # Made here, not by the reader: making a book's layout walks all of it (45 ms on the UI thread with 100,000
    # claims). It lays nothing out yet, and moves to the UI thread with the document (its child).
    qt_document.documentLayout()
    ordered = in_reading_order(annotations)
    marks = claim_marks(ordered, claim_types, len(stored.text))
    return PreparedDocument(
        stored, annotations, claim_types, offsets, qt_document, ordered, {a.uuid: a for a in ordered},
        highlights.HighlightIndex(ordered), marks, outline(stored.blocks),
        [a for a in ordered if a.status == AnchorStatus.ORPHANED], sorted_marks(marks),
    )  # fmt: skip


def prepare_job(library_path: Path, document_id: int, point_size: float) -> Job:
    """Return a pool job preparing document_id; its result is a PreparedDocument living on the UI thread."""

    def job(progress: Progress, cancel: Cancel) -> PreparedDocument:
        progress(0, 1)
        # One connection per thread; never the day's backup (a copy of the whole library, 0.4 s for a big
        # one, before the book could show): the window takes that on a job of its own once it is up.
        # A book's records live as long as it is open and hold no reference cycles (reference counting
        # frees them when it closes). Frozen, no collection walks them: unfrozen, the collector's passes
        # over them (47-78 ms each with 100,000 claims, on whichever thread allocates next, the Python
        # lock held) were the longest stalls of the UI thread while a book opened and after. Garbage
        # cycles made since the last freeze are collected first (a short pass: all older objects are
        # frozen), so that freezing keeps none of them for good.
        gc.collect()
        with gc_paused(), Library(library_path, backups=False) as library:
            prepared = prepare(library, document_id, point_size)
            gc.freeze()
        application = QCoreApplication.instance()
        if application is not None:  # hand the document over: only its own thread may move it
            prepared.qt_document.moveToThread(application.thread())
        progress(1, 1)
        return prepared

    return job
