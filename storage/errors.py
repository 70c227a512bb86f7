"""Domain errors of the library."""

from __future__ import annotations


class LibraryError(Exception):
    """Base class: a library operation failed; the message says why for a user."""


class NotFound(LibraryError):
    """A document, annotation or claim type does not exist."""


class InvalidAnnotation(LibraryError):
    """An annotation's range, quote or fields are not acceptable."""


class QuoteNotFound(InvalidAnnotation):
    """The quoted text does not occur in the document (or not that many times)."""
