"""Timestamps as the library stores them."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """Return the current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
