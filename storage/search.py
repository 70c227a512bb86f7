"""Turn what a user types into a safe FTS5 query."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Return an FTS5 MATCH expression: every word must match; the last may be a prefix.

    Words are quoted, so punctuation and FTS operators a user types ("Daesh-K",
    "AND", quotes) can never be a syntax error.
    """
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)
