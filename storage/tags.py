"""Topic tags as the library stores them: trimmed, without "#", one per case-insensitive name."""

from __future__ import annotations

from collections.abc import Iterable


def clean_tag(tag: str) -> str:
    """Return one tag as stored: inner whitespace collapsed, leading "#" and outer spaces dropped."""
    return " ".join(tag.strip().lstrip("#").split())


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Return tags cleaned, without empties or case-insensitive duplicates, sorted case-insensitively."""
    seen: dict[str, str] = {}
    for tag in tags:
        tag = clean_tag(tag)
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(sorted(seen.values(), key=str.casefold))
