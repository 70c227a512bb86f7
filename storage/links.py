"""Links back into Claimmark: ``claimmark://open?library=PATH&document=ID&annotation=UUID``.

Exports carry one such link per claim; ``claimmark open URL`` and the window
resolve it to a library file, a document and (optionally) an annotation. A
link comes from anywhere (a web page, a mail), so anything but exactly that
shape is one InvalidLink: no control characters, an absolute library path
that can name a file, a document id of ASCII digits that fits SQLite's
integers, an annotation UUID.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from .errors import LibraryError
from .paths import MAX_PATH_BYTES, path_problem

SCHEME = "claimmark"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DOCUMENT_ID = re.compile(r"[0-9]{1,19}")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
MAX_LINK_CHARS = 3 * MAX_PATH_BYTES + 200  # a percent-encoded library path of MAX_PATH_BYTES, and the rest
MAX_DOCUMENT_ID = 2**63 - 1  # SQLite's largest integer


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
    shown = repr(url if len(url) <= 120 else url[:119] + "…")
    if len(url) > MAX_LINK_CHARS:
        raise InvalidLink(f"{shown} is longer than any link Claimmark makes ({MAX_LINK_CHARS:,} characters)")
    url = url.strip()
    if _CONTROLS.search(url):
        raise InvalidLink(f"{shown} contains control characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidLink(f"{shown} is not a {SCHEME}://open link") from None
    if parts.scheme != SCHEME or parts.netloc != "open":
        raise InvalidLink(f"{shown} is not a {SCHEME}://open link")
    try:
        query = parse_qs(parts.query, keep_blank_values=True, max_num_fields=8)
    except ValueError:
        raise InvalidLink(f"{shown} has too many fields") from None
    library = _library(_single(query, "library", shown), shown)
    document = _single(query, "document", shown)
    if not _DOCUMENT_ID.fullmatch(document) or int(document) > MAX_DOCUMENT_ID:
        raise InvalidLink(f"{shown} names no document (document={_short(document)!r})")
    annotation = _single(query, "annotation", shown, required=False) or None
    if annotation is not None and not _UUID.fullmatch(annotation):
        raise InvalidLink(f"{shown}: {_short(annotation)!r} is not an annotation id")
    return ClaimLink(library, int(document), annotation.lower() if annotation else None)


def _library(value: str, shown: str) -> Path:
    """The link's library path: absolute, and able to name a file."""
    if not value:
        raise InvalidLink(f"{shown} names no library")
    problem = path_problem(value)
    if problem:
        raise InvalidLink(f"{shown}: the library path {problem}")
    path = Path(value)
    if not path.is_absolute():
        raise InvalidLink(f"{shown}: the library path is not absolute")
    return path


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def _single(query: dict[str, list[str]], name: str, shown: str, required: bool = True) -> str:
    values = query.get(name, [])
    if len(values) > 1:
        raise InvalidLink(f"{shown} gives {name} more than once")
    if not values and required:
        raise InvalidLink(f"{shown} has no {name}")
    return values[0] if values else ""
