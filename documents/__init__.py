"""Qt-free article importers: files become Documents (blocks + canonical text + metadata)."""

from .errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    FetchError,
    UnsupportedFormat,
)
from .loader import DEFAULT_SIZE_CAP, load_document, load_path, register_parser, supported_suffixes
from .model import Block, Document, Metadata, Span, clean_text, text_hash
from .url_import import is_url, load_url

__all__ = [
    "DEFAULT_SIZE_CAP",
    "Block",
    "CorruptDocument",
    "Document",
    "DocumentError",
    "DocumentTooLarge",
    "EncryptedDocument",
    "FetchError",
    "Metadata",
    "Span",
    "UnsupportedFormat",
    "clean_text",
    "is_url",
    "load_document",
    "load_path",
    "load_url",
    "register_parser",
    "supported_suffixes",
    "text_hash",
]
