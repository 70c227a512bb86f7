"""Reading a Kindle's ``My Clippings.txt``: highlights, notes and bookmarks, one clipping after another.

Each clipping is the book's title line (``Title (Author)``), a line saying what
it is and where (``- Your Highlight on page 12 | Location 170-172 | Added on
Sunday, 12 May 2019 10:02:03``), an empty line, the text, and a line of ten
``=``. A note follows the highlight it belongs to and ends at the same
location: it becomes that highlight's note, else a note on the whole book.
Bookmarks hold no text and are skipped. The file names no creator and no ids:
each clipping's id is a digest of its own lines, the same on every import.
"""

from __future__ import annotations

import re
from datetime import datetime

from .incoming import IncomingAnnotation, digest, foreign

ORIGIN = "kindle"
SEPARATOR = "=========="
_META = re.compile(r"^-\s*(?:Your\s+)?(?P<kind>\w+)", re.I)
_LOCATION = re.compile(r"(?:Location|Loc\.|Position|Posición|Emplacement)\s+(?P<first>\d+)(?:-(?P<last>\d+))?", re.I)
_ADDED = re.compile(r"(?:Added on|Ajouté le|Hinzugefügt am|Añadido el)\s+(?P<date>.+)$", re.I)
_AUTHOR = re.compile(r"^(?P<title>.*?)\s*\((?P<author>[^()]*)\)\s*$")
_DATE_FORMATS = ("%A, %B %d, %Y %I:%M:%S %p", "%A, %d %B %Y %H:%M:%S", "%A, %B %d, %Y %H:%M:%S", "%A %d %B %Y %H:%M:%S")
_NOTES = ("note", "notiz", "nota")
_BOOKMARKS = ("bookmark", "lesezeichen", "marcador", "signet")
CLIPPING_LIMIT = "<You have reached the clipping limit for this item>"


def looks_like_clippings(text: str) -> bool:
    """Whether text reads as a My Clippings.txt file: separator lines, each entry's second line starting "- "."""
    entries = [entry.strip("\ufeff\r\n ").splitlines() for entry in text.split(SEPARATOR)[:20]]
    entries = [lines for lines in entries if lines]
    return bool(entries) and SEPARATOR in text and all(len(e) >= 2 and e[1].startswith("-") for e in entries)


def parse_clippings(text: str) -> list[IncomingAnnotation]:
    """Return the clippings of a My Clippings.txt as highlights and notes (bookmarks marked to be skipped)."""
    clippings = []
    for entry in text.replace("\r\n", "\n").split(SEPARATOR):
        lines = entry.strip("\ufeff\n").split("\n")
        if len(lines) >= 2 and lines[0].strip("\ufeff "):
            clippings.append(_clipping(lines))
    return _attach_notes(clippings)


def _attach_notes(clippings: list[tuple[IncomingAnnotation, str, int]]) -> list[IncomingAnnotation]:
    """Make each note the note of the highlight of its book that ends where it stands (before or after it)."""
    highlights: dict[tuple[str, int], list[IncomingAnnotation]] = {}
    for item, kind, location in clippings:
        if kind not in _NOTES and not item.skip:
            highlights.setdefault((item.group, location), []).append(item)
    kept = []
    for item, kind, location in clippings:
        if kind in _NOTES:
            owner = next((h for h in highlights.get((item.group, location), []) if not h.note), None)
            if owner is not None:
                owner.note = item.note
                continue
        kept.append(item)
    return kept


def _clipping(lines: list[str]) -> tuple[IncomingAnnotation, str, int]:
    """One clipping as an item, with its kind (highlight, note, bookmark) and its last location."""
    book, meta = lines[0].strip("\ufeff ").strip(), lines[1].strip()
    body = "\n".join(line.rstrip() for line in lines[2:]).strip("\n")
    kind_match, where = _META.match(meta), _LOCATION.search(meta)
    kind = kind_match.group("kind").lower() if kind_match else "highlight"
    location = int(where.group("last") or where.group("first")) if where else -1
    added = _ADDED.search(meta)
    title, author = _title_and_author(book)
    is_note = kind in _NOTES
    item = foreign(
        ORIGIN, digest(book, meta, body), exact="" if is_note else body.strip(), note=body.strip() if is_note else "",
        created=_iso(added.group("date")) if added else "", target="", group=book, title=title,
    )  # fmt: skip
    if kind in _BOOKMARKS:
        item.skip = "Kindle bookmarks (they hold no text)"
    elif body.strip() == CLIPPING_LIMIT:
        item.skip = "cut by the Kindle's clipping limit (no text)"
    elif not body.strip():
        item.skip = "empty clippings"
    item.hint.metadata.update(title=title, author=author)
    return item, kind, location


def _title_and_author(line: str) -> tuple[str, str]:
    match = _AUTHOR.match(line)
    return (match.group("title"), match.group("author")) if match else (line, "")


def _iso(text: str) -> str:
    """The time a clipping was added, as ISO 8601 (local time: the file names no zone); "" when unreadable."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).isoformat()
        except ValueError:
            continue
    return ""
