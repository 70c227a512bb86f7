"""CSV export: one row per annotation, readable by pandas, R and spreadsheets.

Text is written as is (quoted per RFC 4180, newlines kept inside quoted
fields); tags are joined by "; ". With ``bom`` the file starts with a UTF-8
byte order mark so that Excel detects the encoding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .export_context import Claim, DocumentExport, Progress, document_exports
from .library import Library

COLUMNS = (
    "document_id", "document", "type", "quote", "speaker", "note", "tags", "start", "end",
    "status", "score", "created", "updated", "paragraph", "heading", "uuid", "link",
)  # fmt: skip
TAG_SEPARATOR = "; "
BOM = "\ufeff"


def export_csv(
    library: Library, document_ids: Iterable[int], *, bom: bool = False, progress: Progress | None = None
) -> str:
    """Return the CSV text (header and one row per annotation, documents in the given order).

    Raises:
        NotFound: a document is not in the library.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for document in document_exports(library, document_ids, progress):
        writer.writerows(csv_row(document, claim) for claim in document.claims)
    return buffer.getvalue()


def csv_row(document: DocumentExport, claim: Claim) -> tuple[object, ...]:
    """Return one annotation's row, in the order of COLUMNS."""
    return (
        document.id, document.title, claim.type, claim.exact, claim.speaker, claim.note,
        TAG_SEPARATOR.join(claim.tags), claim.start, claim.end, claim.status, claim.score, claim.created,
        claim.updated, claim.paragraph, claim.heading, claim.uuid, str(claim.link),
    )  # fmt: skip
