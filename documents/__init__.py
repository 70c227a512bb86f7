"""Qt-free article importers: files become Documents (blocks + canonical text + metadata).

The document model and the errors load with the package; the importers
(``load_document``, ``load_path``, ``load_url`` and the rest) load on first
use, so a command that only reads the library never imports Markdown, YAML,
the PDF reader or the HTTP client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    FetchError,
    UnsupportedFormat,
)
from .model import Block, Document, Metadata, Span, clean_text, text_hash

if TYPE_CHECKING:
    from .loader import DEFAULT_SIZE_CAP, load_document, load_path, register_parser, supported_suffixes
    from .url_import import is_url, load_url

_LAZY = {
    "DEFAULT_SIZE_CAP": ".loader",
    "load_document": ".loader",
    "load_path": ".loader",
    "register_parser": ".loader",
    "supported_suffixes": ".loader",
    "is_url": ".url_import",
    "load_url": ".url_import",
}

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


def __getattr__(name: str) -> Any:
    """Load an importer's name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
