"""Pure helpers on canonical text ranges: snapping a selection to whole words."""

from __future__ import annotations

_JOINERS = "'’-_"


def _is_word(character: str) -> bool:
    return character.isalnum() or character in _JOINERS


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) to whole words at both ends and trim surrounding whitespace.

    Punctuation the reader selected (a closing full stop, a quotation mark) is kept;
    a range that holds only whitespace collapses to (end, end).
    """
    start, end = max(0, min(start, end, len(text))), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return end, end
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return start, end


def excerpt(text: str, limit: int = 280) -> str:
    """Return text on one line, cut at a word boundary to at most limit characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit - 1)
    return flat[: cut if cut > limit // 2 else limit - 1] + "…"
