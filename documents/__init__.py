"""Qt-free article importers: files become Documents (blocks + canonical text + metadata)."""

from .errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    FetchError,
    UnsupportedFormat,
)
from .loader import load_document, load_path, supported_suffixes
from .model import Block, Document, Metadata, Span, clean_text, text_hash

__all__ = [
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
    "load_document",
    "load_path",
    "supported_suffixes",
    "text_hash",
]
