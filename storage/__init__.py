"""Qt-free library storage: documents, claim types, annotations, search and export."""

from .errors import InvalidAnnotation, LibraryError, NotFound, QuoteNotFound
from .library import Library
from .records import Annotation, ClaimType, DocumentNote, DocumentSummary, SearchHit, StoredDocument
from .selectors import find_occurrence, quote_selector
from .statuses import STATUSES, AnchorStatus
from .tags import clean_tags

__all__ = [
    "STATUSES",
    "AnchorStatus",
    "Annotation",
    "ClaimType",
    "DocumentNote",
    "DocumentSummary",
    "InvalidAnnotation",
    "Library",
    "LibraryError",
    "NotFound",
    "QuoteNotFound",
    "SearchHit",
    "StoredDocument",
    "clean_tags",
    "find_occurrence",
    "quote_selector",
]
