"""Domain errors raised while turning a file into a Document."""

from __future__ import annotations


class DocumentError(Exception):
    """Base class: a file could not become a Document. The message names the file and the reason."""


class UnsupportedFormat(DocumentError):
    """The file's format is unknown or not one Claimmark reads."""


class DocumentTooLarge(DocumentError):
    """The file is larger than the configured size cap."""


class CorruptDocument(DocumentError):
    """The file claims a format but its content is broken, binary or empty."""


class EncryptedDocument(DocumentError):
    """The file is encrypted (DRM) and cannot be read."""


class FetchError(DocumentError):
    """A URL could not be fetched; the message is one sentence for the user (see fetch_errors).

    kind names the failure for code that acts on it: "not_found" (no such server name),
    "refused", "timeout", "tls", "unreachable", "broken" (cut off), "http_status",
    "redirects", "failed" (anything else).
    """

    kind: str = "failed"

    @classmethod
    def of_kind(cls, kind: str, message: str) -> FetchError:
        """Return a FetchError of the given kind with message."""
        error = cls(message)
        error.kind = kind
        return error
