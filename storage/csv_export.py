"""CSV export: one row per annotation, readable by pandas, R and spreadsheets.

RFC 4180: every text field is quoted (a quote inside is doubled; newlines stay
inside the quotes), numbers are not; rows end in CRLF; tags are joined by
"; ". With ``bom`` the file starts with a UTF-8 byte order mark so that Excel
detects the encoding. SQLite quotes the stored columns as it reads them (a
100,000-row export spends its time in C, not in a Python loop per field); the
location columns come from the document's blocks.
"""

from __future__ import annotations

from collections.abc import Iterable

from .export_context import Locator, Progress
from .gc_pause import gc_paused
from .library import Library
from .links import link_prefix

COLUMNS = (
    "document_id", "document", "type", "quote", "speaker", "note", "tags", "start", "end",
    "status", "score", "created", "updated", "paragraph", "heading", "uuid", "link",
)  # fmt: skip
TAG_SEPARATOR = "; "
BOM = "\ufeff"


def _quoted(expression: str) -> str:
    return f"'\"' || replace({expression}, '\"', '\"\"') || '\"'"


_ROWS = (
    "SELECT a.start, a.uuid, "
    + " || ',' || ".join([
        _quoted("a.claim_type"), _quoted("a.exact"), _quoted("a.speaker"), _quoted("a.note"),
        _quoted("coalesce((SELECT group_concat(name, '; ') FROM (SELECT t.name FROM annotation_tags x"
                " JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id ORDER BY t.name COLLATE NOCASE)), '')"),
        "a.start", "a.end", _quoted("a.status"), "a.score", _quoted("a.created"), _quoted("a.updated"),
    ])
    + " FROM annotations a WHERE a.document_id = ? ORDER BY a.start, a.end, a.id"
)  # fmt: skip


def quote_field(value: object) -> str:
    """Return value as one CSV field: text quoted (inner quotes doubled), numbers as they are."""
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


@gc_paused()
def export_csv(
    library: Library, document_ids: Iterable[int], *, bom: bool = False, progress: Progress | None = None
) -> str:
    """Return the CSV text (header and one row per annotation, documents in the given order).

    Raises:
        NotFound: a document is not in the library.
    """
    ids = list(dict.fromkeys(document_ids))
    lines = [(BOM if bom else "") + ",".join(COLUMNS)]
    links = link_prefix(str(library.path.resolve()))
    for done, document_id in enumerate(ids, start=1):
        stored = library.document(document_id)
        locate = Locator(stored.blocks).locate
        head = f"{document_id},{quote_field(stored.metadata.title)},"
        link = f"{links}{document_id}&annotation="
        for start, uuid, fields in library.db.conn.execute(_ROWS, [document_id]):
            paragraph, heading = locate(start)
            lines.append(f'{head}{fields},{paragraph},{quote_field(heading)},"{uuid}","{link}{uuid}"')
        if progress is not None:
            progress(done, len(ids))
    return "\r\n".join(lines) + "\r\n"
