"""Text quote selectors: the exact quote with its prefix and suffix context."""

from __future__ import annotations

from .errors import InvalidAnnotation, QuoteNotFound
from .wording import counted

CONTEXT = 32  # characters of prefix and suffix kept with each annotation


def quote_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Return (exact, prefix, suffix) for text[start:end].

    Raises:
        InvalidAnnotation: the range is outside the text, empty or only whitespace.
    """
    if not 0 <= start < end <= len(text):
        raise InvalidAnnotation(f"range {start}-{end} is outside the text (0-{len(text)})")
    exact = text[start:end]
    if not exact.strip():
        raise InvalidAnnotation("the selection holds no text")
    return exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Return (start, end) of the occurrence-th (1-based) occurrence of quote in text.

    Raises:
        QuoteNotFound: quote does not occur that many times.
    """
    if not quote:
        raise InvalidAnnotation("the quote is empty")
    if occurrence < 1:
        raise InvalidAnnotation("occurrence counts from 1")
    position, found = -1, 0
    while found < occurrence:
        position = text.find(quote, position + 1)
        if position < 0:
            if found == 0:
                raise QuoteNotFound(f"quote {_short(quote)!r} does not occur in the document")
            raise QuoteNotFound(f"quote {_short(quote)!r} occurs only {counted(found, 'time')}, not {occurrence}")
        found += 1
    return position, position + len(quote)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
