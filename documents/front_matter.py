"""YAML front matter at the top of Markdown files: title, author, date and language become metadata.

A ``source`` (or ``url``, ``link``) field is the author's statement of where
the text came from: kept as the document's url when it is an http(s)
address, else as a note. It never becomes ``Metadata.source``, which only
Claimmark sets (the file or address it read), so a file cannot choose which
document it replaces or make the app read another file.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import yaml

from .model import Metadata
from .web_metadata import iso_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MAX_FRONT_MATTER = 64 * 1024
_MAX_LIST = 50
SOURCE_NOTE = "source named in the file's front matter: "
_KEYS = {
    "title": "title", "author": "author", "authors": "author", "creator": "author", "by": "author",
    "date": "published", "published": "published", "pubdate": "published",
    "source": "source", "url": "url", "link": "url", "canonical_url": "url", "lang": "language",
    "language": "language",
}  # fmt: skip


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a leading "---" YAML block off text.

    Returns:
        The metadata fields found (title, author, published, source, url, language) as
        strings, and the text after the block. Text without well-formed front
        matter comes back whole with no fields.
    """
    match = _FRONT_MATTER.match(text)
    if not match or len(match.group(0)) > _MAX_FRONT_MATTER:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "")
    except (yaml.YAMLError, RecursionError):
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    fields: dict[str, str] = {}
    for key, value in data.items():
        field = _KEYS.get(str(key).strip().lower())
        rendered = _as_text(value)
        if field and rendered and field not in fields:
            fields[field] = iso_date(rendered) or rendered if field == "published" else rendered
    return fields, text[match.end() :]


def apply_front_matter(metadata: Metadata, fields: dict[str, str]) -> None:
    """Copy front-matter fields over metadata (front matter is the author's own statement).

    The stated source becomes the url (http or https only) or a note, never metadata.source.
    """
    for field, value in fields.items():
        if field == "source":
            record_stated_source(metadata, value, SOURCE_NOTE)
        else:
            setattr(metadata, field, value)


def record_stated_source(metadata: Metadata, value: str, note: str) -> None:
    """Keep where a file says its text came from: as the url (http or https), else as a note starting with note.

    Never as metadata.source: only Claimmark says where it read a document.
    """
    if _is_web_address(value) and not metadata.url:
        metadata.url = value
    elif value:
        metadata.notes.append(f"{note}{value}")


def _as_text(value: object) -> str:
    """Scalars and short lists of scalars as one line; anything else (maps, alias bombs) as ""."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    if isinstance(value, list) and len(value) <= _MAX_LIST and all(isinstance(v, str) for v in value):
        return "; ".join(" ".join(v.split()) for v in value if v.strip())
    return ""


def _is_web_address(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
