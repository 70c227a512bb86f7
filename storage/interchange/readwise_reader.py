"""Reading a Readwise CSV: the export of all highlights, and the CSV shape Readwise imports.

Columns (from Readwise's documentation of its export and of its CSV import):

- export: ``Highlight, Book Title, Book Author, Amazon Book ID, Note, Color,
  Tags, Location Type, Location, Highlighted at, Document tags``;
- import shape: ``Highlight, Title, Author, URL, Note, Location, Date``.

``Tags`` are comma-separated; a tag naming a claim type gives the highlight its
type. A row without a highlight but with a note is a note on the whole
document. Rows carry no ids: each row's id is a digest of its title, location
and text, the same on every import.
"""

from __future__ import annotations

import csv
import io

from .incoming import IncomingAnnotation, InvalidAnnotationFile, digest, foreign

ORIGIN = "readwise"
_TITLE_COLUMNS = ("Book Title", "Title")
_MAX_FIELD = 16 * 1024 * 1024


def looks_like_readwise(text: str) -> bool:
    """Whether text is a CSV whose header has Readwise's Highlight column and a title column."""
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff")[:4096], newline="")), [])
    except csv.Error:
        return False
    names = {name.strip() for name in header}
    return "Highlight" in names and bool(names & set(_TITLE_COLUMNS))


def parse_readwise(text: str) -> list[IncomingAnnotation]:
    """Return one item per row of a Readwise CSV."""
    csv.field_size_limit(_MAX_FIELD)
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return [_row({(k or "").strip(): (v or "") for k, v in row.items() if isinstance(v, str)}) for row in rows]
    except csv.Error as error:
        raise InvalidAnnotationFile(f"a malformed CSV ({error})") from None


def _row(row: dict[str, str]) -> IncomingAnnotation:
    title = next((row[name].strip() for name in _TITLE_COLUMNS if row.get(name, "").strip()), "")
    author = (row.get("Book Author") or row.get("Author") or "").strip()
    highlight, note, url = row.get("Highlight", ""), row.get("Note", "").strip(), row.get("URL", "").strip()
    location = f"{row.get('Location Type', '')} {row.get('Location', '')}".strip()
    tags = [tag.strip() for tag in row.get("Tags", "").split(",") if tag.strip()]
    item = foreign(
        ORIGIN, digest(title, location, highlight, note), exact=highlight.strip(), note=note, type_candidates=tags,
        created=_iso(row.get("Highlighted at") or row.get("Date") or ""), target=url, group=url or title, title=title,
    )  # fmt: skip
    item.hint.metadata.update(title=title, author=author)
    if not item.exact and not note:
        item.skip = "empty rows (no highlight, no note)"
    return item


def _iso(text: str) -> str:
    """Readwise's "2020-01-12 10:02:03+00:00" as ISO 8601 ("T" between date and time)."""
    text = text.strip()
    return text[:10] + "T" + text[11:] if len(text) > 10 and text[10] == " " else text
