"""CSV export: one row per annotation, readable by pandas, R and spreadsheets, and safe to open in them.

RFC 4180: every text field is quoted (a quote inside is doubled; newlines stay
inside the quotes), numbers are not; rows end in CRLF. ``tags`` is a JSON
array (``["a; b","c"]``), so tags holding commas or semicolons stay apart and
any JSON reader splits them back.

By default user text that a spreadsheet would run as a formula (a cell
starting with ``= + - @``, tab or CR) gets a leading apostrophe: LibreOffice
and Excel show it as text, never as a live formula (a test opens the file in
LibreOffice). ``exact`` writes every field exactly as typed, for programs
that read CSV as data; ``bom`` starts the file with a UTF-8 byte order mark,
by which Excel detects the encoding. Rows are written with one f-string each
(Python's csv writer takes twice as long over 100,000 rows); a test reads
them back with the csv module, field for field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..gc_pause import gc_paused
from ..library import Library
from ..links import link_prefix
from ..progress import Progress, each_reported
from .context import Locator, Only, only_json

COLUMNS = (
    "document_id", "document", "type", "quote", "speaker", "note", "tags", "start", "end",
    "status", "score", "created", "updated", "annotator", "paragraph", "heading", "uuid", "link",
)  # fmt: skip
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Q, QQ = '"', '""'
_ROWS = (
    "SELECT a.start, a.end, a.uuid, a.claim_type, a.exact, a.speaker, a.note,"
    " coalesce((SELECT json_group_array(name) FROM (SELECT t.name FROM annotation_tags x"
    " JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id ORDER BY t.name COLLATE NOCASE)), '[]'),"
    " a.status, a.score, a.created, a.updated, coalesce(a.annotator, '')"
    " FROM annotations a WHERE a.document_id = ?1 AND (?2 IS NULL OR a.uuid IN (SELECT value FROM json_each(?2)))"
    " ORDER BY a.start, a.end, a.id"
)


def quote_field(value: object) -> str:
    """Return value as one CSV field: text quoted (inner quotes doubled), numbers as they are."""
    if isinstance(value, int | float):
        return str(value)
    return Q + str(value).replace(Q, QQ) + Q


def defuse_formula(text: str) -> str:
    """Return text with an apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def claim_rows(
    library: Library,
    document_ids: Iterable[int],
    *,
    safe: bool = True,
    progress: Progress | None = None,
    only: Only | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Yield one tuple of COLUMNS per annotation, documents in the given order (text defused when safe).

    With ``only``, each document gives just the claims listed for it.

    Raises:
        NotFound: a document is not in the library.
    """
    links = link_prefix(str(library.path.resolve()))
    for document_id in each_reported(document_ids, progress):
        yield from _rows(library, document_id, f"{links}{document_id}&annotation=", safe, only_json(only, document_id))


def _rows(library: Library, document_id: int, link: str, safe: bool, only: str | None) -> Iterator[tuple[Any, ...]]:
    stored = library.document(document_id)
    locate = Locator(stored.blocks).locate
    title = defuse_formula(stored.metadata.title) if safe else stored.metadata.title
    for (
        start,
        end,
        uuid,
        kind,
        exact,
        speaker,
        note,
        tags,
        status,
        score,
        created,
        updated,
        who,
    ) in library.conn.execute(_ROWS, [document_id, only]):
        paragraph, heading = locate(start)
        if safe:
            exact, speaker, note, heading, who = map(defuse_formula, (exact, speaker, note, heading, who))
        yield (document_id, title, kind, exact, speaker, note, tags, start, end, status, score, created, updated,
               who, paragraph, heading, uuid, link + uuid)  # fmt: skip


@gc_paused()
def export_csv(
    library: Library,
    document_ids: Iterable[int],
    *,
    bom: bool = False,
    exact: bool = False,
    progress: Progress | None = None,
    only: Only | None = None,
) -> str:
    """Return the CSV text (header and one row per annotation); formula-like text defused unless exact.

    Raises:
        NotFound: a document is not in the library.
    """
    lines = [(BOM if bom else "") + ",".join(COLUMNS)]
    rows = claim_rows(library, document_ids, safe=not exact, progress=progress, only=only)
    for (document_id, title, kind, quote, speaker, note, tags, start, end, status, score, created, updated, who,
         paragraph, heading, uuid, link) in rows:  # fmt: skip
        lines.append(
            f'{document_id},"{title.replace(Q, QQ)}","{kind.replace(Q, QQ)}","{quote.replace(Q, QQ)}",'
            f'"{speaker.replace(Q, QQ)}","{note.replace(Q, QQ)}","{tags.replace(Q, QQ)}",{start},{end},'
            f'"{status.replace(Q, QQ)}",{score},"{created.replace(Q, QQ)}","{updated.replace(Q, QQ)}",'
            f'"{who.replace(Q, QQ)}",{paragraph},"{heading.replace(Q, QQ)}","{uuid}","{link}"'
        )
    return "\r\n".join(lines) + "\r\n"
