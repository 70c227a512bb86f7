"""CSV export: one row per annotation, readable by pandas, R and spreadsheets.

RFC 4180: every text field is quoted (a quote inside is doubled; newlines stay
inside the quotes), numbers are not; rows end in CRLF; tags are joined by
"; ". With ``bom`` (the spreadsheet flavour) the file starts with a UTF-8 byte
order mark so that Excel detects the encoding, and user text that a
spreadsheet would run as a formula (a cell starting with = + - @, tab or CR)
gets a leading apostrophe, which spreadsheets show as "this is text". Rows are
written with one f-string each (Python's csv writer takes twice as long over
100,000 rows); a test reads them back with the csv module, field for field.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..gc_pause import gc_paused
from ..library import Library
from ..links import link_prefix
from ..progress import Progress, each_reported
from .context import Locator, Only, only_json

COLUMNS = (
    "document_id", "document", "type", "quote", "speaker", "note", "tags", "start", "end",
    "status", "score", "created", "updated", "paragraph", "heading", "uuid", "link",
)  # fmt: skip
TAG_SEPARATOR = "; "
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Q, QQ = '"', '""'
_ROWS = (
    "SELECT a.start, a.end, a.uuid, a.claim_type, a.exact, a.speaker, a.note,"
    " coalesce((SELECT group_concat(name, '; ') FROM (SELECT t.name FROM annotation_tags x"
    " JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id ORDER BY t.name COLLATE NOCASE)), ''),"
    " a.status, a.score, a.created, a.updated"
    " FROM annotations a WHERE a.document_id = ?1 AND (?2 IS NULL OR a.uuid IN (SELECT value FROM json_each(?2)))"
    " ORDER BY a.start, a.end, a.id"
)


def quote_field(value: object) -> str:
    """Return value as one CSV field: text quoted (inner quotes doubled), numbers as they are."""
    if isinstance(value, int | float):
        return str(value)
    return Q + str(value).replace(Q, QQ) + Q


@gc_paused()
def export_csv(
    library: Library,
    document_ids: Iterable[int],
    *,
    bom: bool = False,
    progress: Progress | None = None,
    only: Only | None = None,
) -> str:
    """Return the CSV text (header and one row per annotation, documents in the given order).

    Raises:
        NotFound: a document is not in the library.
    """
    lines = [(BOM if bom else "") + ",".join(COLUMNS)]
    links = link_prefix(str(library.path.resolve()))
    for document_id in each_reported(document_ids, progress):
        link = f"{links}{document_id}&annotation="
        lines.extend(_rows(library, document_id, link, spreadsheet=bom, only=only_json(only, document_id)))
    return "\r\n".join(lines) + "\r\n"


def defuse_formula(text: str) -> str:
    """Return text with an apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(
    library: Library, document_id: int, link: str, *, spreadsheet: bool = False, only: str | None = None
) -> list[str]:
    stored = library.document(document_id)
    locate = Locator(stored.blocks).locate
    title = defuse_formula(stored.metadata.title) if spreadsheet else stored.metadata.title
    head = f"{document_id},{quote_field(title)},"
    rows = []
    for start, end, uuid, kind, exact, speaker, note, tags, status, score, created, updated in library.db.conn.execute(
        _ROWS, [document_id, only]
    ):
        paragraph, heading = locate(start)
        if spreadsheet:
            exact, speaker, note, tags, heading = map(defuse_formula, (exact, speaker, note, tags, heading))
        rows.append(
            f'{head}"{kind.replace(Q, QQ)}","{exact.replace(Q, QQ)}","{speaker.replace(Q, QQ)}",'
            f'"{note.replace(Q, QQ)}","{tags.replace(Q, QQ)}",{start},{end},"{status.replace(Q, QQ)}",{score},'
            f'"{created.replace(Q, QQ)}","{updated.replace(Q, QQ)}",{paragraph},"{heading.replace(Q, QQ)}",'
            f'"{uuid}","{link}{uuid}"'
        )
    return rows
