"""Pick the importer for a file by its suffix and guard the limits every import shares."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .budget import check_document
from .decoding import decode_text
from .errors import CorruptDocument, DocumentError, DocumentTooLarge, UnsupportedFormat
from .model import Document, Metadata, clean_line
from .mojibake import REPAIR_NOTE, repair_mojibake

DEFAULT_SIZE_CAP = 200 * 1024 * 1024

Parser = Callable[[bytes, str], Document]


def _lazy(module: str, name: str) -> Callable[..., Document]:
    """Return the importer module.name, imported when a file of its kind is first read.

    Markdown, YAML, PDF, DOCX and EPUB readers take a tenth of a second to import,
    which a command that reads no file never pays.
    """

    def parse(*args: Any) -> Document:
        function: Callable[..., Document] = getattr(importlib.import_module(module, __package__), name)
        return function(*args)

    return parse


def _text_parser(parse: Callable[[str, str], Document]) -> Parser:
    def parser(data: bytes, name: str) -> Document:
        text, repairs = repair_mojibake(decode_text(data, name))
        document = parse(text, Path(name).stem)
        if repairs:
            document.metadata.notes.append(REPAIR_NOTE)
        return document

    return parser


def _named(parse: Callable[[bytes, str], Document]) -> Parser:
    """Adapt a bytes importer: errors name the file, and the file's stem is the fallback title."""

    def parser(data: bytes, name: str) -> Document:
        document = parse(data, name)
        document.metadata.title = document.metadata.title or Path(name).stem
        return document

    return parser


_PARSERS: dict[str, Parser] = {
    ".txt": _text_parser(_lazy(".plaintext", "parse_plain_text")),
    ".text": _text_parser(_lazy(".plaintext", "parse_plain_text")),
    ".md": _text_parser(_lazy(".markdown_import", "parse_markdown")),
    ".markdown": _text_parser(_lazy(".markdown_import", "parse_markdown")),
    ".html": _named(_lazy(".web", "parse_web_page")),
    ".htm": _named(_lazy(".web", "parse_web_page")),
    ".xhtml": _named(_lazy(".web", "parse_web_page")),
    ".epub": _named(_lazy(".epub", "parse_epub")),
    ".docx": _named(_lazy(".docx_import", "parse_docx")),
    ".pdf": _named(_lazy(".pdf_import", "parse_pdf")),
}


def supported_suffixes() -> list[str]:
    """Return the file suffixes Claimmark can import, e.g. [".md", ".txt"]."""
    return sorted(_PARSERS)


def register_parser(suffix: str, parser: Parser) -> None:
    """Register parser(data, name) -> Document for files ending in suffix."""
    _PARSERS[suffix.lower()] = parser


def load_document(data: bytes, name: str) -> Document:
    """Turn the bytes of a file called name into a Document.

    Raises:
        UnsupportedFormat: the suffix is not one we read.
        CorruptDocument: the content is broken or has no text.
    """
    parser = _PARSERS.get(Path(name).suffix.lower())
    if parser is None:
        raise UnsupportedFormat(f"{name}: unsupported format (Claimmark reads {', '.join(supported_suffixes())})")
    if not data or data.isspace():
        raise CorruptDocument(f"{name}: the file is empty")
    try:
        document = parser(data, name)
        check_document(document)
        _one_line_fields(document.metadata)
    except DocumentError as error:
        raise _naming(error, name) from None
    except (ValueError, LookupError, RecursionError, AssertionError) as error:
        raise CorruptDocument(f"{name}: cannot be read ({error.__class__.__name__}: {error})") from None
    if not document.text.strip():
        raise CorruptDocument(f"{name}: no text in the file")
    return document


def _one_line_fields(metadata: Metadata) -> None:
    """Titles, authors, dates and languages are one line of clean text whatever the file held."""
    for field in ("title", "author", "published", "language"):
        setattr(metadata, field, clean_line(getattr(metadata, field)))


def _naming(error: DocumentError, name: str) -> DocumentError:
    """The error with the file's name in front, unless its message names the file already."""
    message = str(error)
    return error if name in message else type(error)(f"{name}: {message}")


def load_path(path: str | os.PathLike[str], size_cap: int = DEFAULT_SIZE_CAP) -> Document:
    """Read and import the file at path; its absolute path is the source, whatever the file says.

    Raises:
        DocumentError: any reason the file cannot become a Document.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise CorruptDocument(f"{path}: no such file")
        size = path.stat().st_size
        if size > size_cap:
            raise DocumentTooLarge(f"{path}: {size:,} bytes is over the {size_cap:,}-byte limit")
        data = path.read_bytes()
    except OSError as error:
        raise CorruptDocument(f"{path}: cannot be read ({error.strerror})") from None
    document = load_document(data, path.name)
    document.metadata.source = str(path.resolve())
    return document
