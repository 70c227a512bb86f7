"""Links back into Claimmark: ``claimmark://open?library=PATH&document=ID&annotation=UUID``.

Exports carry one such link per claim; ``claimmark open URL`` and the window
resolve it to a library file, a document and (optionally) an annotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from .errors import LibraryError

SCHEME = "claimmark"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class InvalidLink(LibraryError):
    """A claimmark:// link is malformed or names no document."""


@dataclass(frozen=True)
class ClaimLink:
    """Where a link points: a library file, a document in it and maybe one annotation."""

    library: Path
    document_id: int
    annotation: str | None = None


def link_prefix(library: str | Path) -> str:
    """Return the start of every link into library, up to and including ``document=``."""
    return f"{SCHEME}://open?library={quote(str(library), safe='')}&document="


def build_link(library: str | Path, document_id: int, annotation: str | None = None) -> str:
    """Return the link to a document of library (a path), or to one of its annotations."""
    link = f"{link_prefix(library)}{document_id}"
    return f"{link}&annotation={annotation}" if annotation else link


def parse_link(url: str) -> ClaimLink:
    """Return what a claimmark:// link points at.

    Raises:
        InvalidLink: not a claimmark://open link, or the library, document or annotation is malformed.
    """
    shown = url if len(url) <= 120 else url[:119] + "…"
    parts = urlsplit(url.strip())
    if parts.scheme != SCHEME or parts.netloc != "open":
        raise InvalidLink(f"{shown!r} is not a {SCHEME}://open link")
    query = parse_qs(parts.query, keep_blank_values=True)
    library = _single(query, "library", shown)
    document = _single(query, "document", shown)
    if not library:
        raise InvalidLink(f"{shown!r} names no library")
    if not document.isdigit():
        raise InvalidLink(f"{shown!r} names no document (document={document!r})")
    annotation = _single(query, "annotation", shown, required=False) or None
    if annotation is not None and not _UUID.match(annotation):
        raise InvalidLink(f"{shown!r}: {annotation!r} is not an annotation id")
    return ClaimLink(Path(library), int(document), annotation.lower() if annotation else None)


def _single(query: dict[str, list[str]], name: str, shown: str, required: bool = True) -> str:
    values = query.get(name, [])
    if len(values) > 1:
        raise InvalidLink(f"{shown!r} gives {name} more than once")
    if not values and required:
        raise InvalidLink(f"{shown!r} has no {name}")
    return values[0] if values else ""
