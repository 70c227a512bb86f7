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


class TextChanged(InvalidAnnotation):
    """The document's text changed since it was shown: the selection no longer holds the quote."""


# -- the file itself -----------------------------------------------------------------
class UnusableLibrary(LibraryError):
    """The file cannot be used as a library; it was not changed. ``path`` names it."""

    def __init__(self, path: object, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class ForeignFile(UnusableLibrary):
    """The file is not a Claimmark library (empty, not SQLite, or another program's database)."""


class DamagedLibrary(UnusableLibrary):
    """The file is a Claimmark library that fails SQLite's checks; a backup may restore it."""


class NewerLibrary(UnusableLibrary):
    """The library was written by a newer Claimmark than this one."""


# -- writes that did not happen --------------------------------------------------------
class WriteFailed(LibraryError):
    """A change could not be committed; nothing of it was written."""


class DiskFull(WriteFailed):
    """The disk (or the database's size limit) is full."""


class ReadOnlyLibrary(WriteFailed):
    """The library file, its folder or its disk cannot be written, or it was opened read-only."""


class LibraryBusy(WriteFailed):
    """Another program kept the library locked for longer than the wait allows."""


class LibraryIOError(WriteFailed):
    """The operating system reported an input/output error on the library's files."""


class LibraryFileChanged(WriteFailed):
    """The library file or its -wal journal was removed or replaced by another program; writing stopped."""
