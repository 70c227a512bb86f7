"""Claim types a library holds: what a valid new type is (name, colour, underline, shortcut)."""

from __future__ import annotations

import re

from .errors import InvalidAnnotation

UNDERLINES = ("solid", "dash", "dot", "wave")
UNTYPED = "untyped"  # the built-in type of highlights brought in without one, to classify later (migration 4)
# What people type for an underline style, and what the library stores.
UNDERLINE_NAMES = {
    "solid": "solid", "single": "solid", "dash": "dash", "dashed": "dash", "dot": "dot", "dotted": "dot",
    "wave": "wave", "wavy": "wave",
}  # fmt: skip
MAX_CLAIM_TYPES = 100  # the window makes an action and a menu entry for each
RESERVED_KEYS = frozenset("NS")  # N: tag and write a note; S: select the sentence
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}\Z")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")


def is_claim_type_name(name: str) -> bool:
    """Whether name (as stored: lower case) can be a claim type's name."""
    return bool(_NAME.match(name))


def checked_name(name: str) -> str:
    """Return a claim type name as stored (lower case). Raises InvalidAnnotation when it cannot be one."""
    name = name.strip().lower()
    if not _NAME.match(name):
        raise InvalidAnnotation(f"claim type name {name!r}: use a letter, then up to 31 letters, digits, '-' or '_'")
    return name


def checked_colour(colour: str) -> str:
    """Return a #rrggbb colour in lower case. Raises InvalidAnnotation."""
    colour = colour.strip()
    if not _COLOUR.match(colour):
        raise InvalidAnnotation(f"colour {colour!r}: use #rrggbb, e.g. '#7a5cc4'")
    return colour.lower()


def checked_underline(underline: str) -> str:
    """Return the stored underline style for what a user typed. Raises InvalidAnnotation."""
    stored = UNDERLINE_NAMES.get(underline.strip().lower())
    if stored is None:
        raise InvalidAnnotation(f"underline {underline!r}: use solid, dashed, dotted or wavy")
    return stored


def checked_shortcut(shortcut: str, taken: set[str]) -> str:
    """Return a one-letter shortcut in upper case ("" for none). Raises InvalidAnnotation when taken or reserved."""
    key = shortcut.strip().upper()
    if not key:
        return ""
    if len(key) != 1 or not ("A" <= key <= "Z"):
        raise InvalidAnnotation(f"shortcut {shortcut!r}: use one letter (digits go by position)")
    if key in RESERVED_KEYS:
        raise InvalidAnnotation(f"shortcut {key} is reserved (N adds a note, S selects the sentence)")
    if key in taken:
        raise InvalidAnnotation(f"shortcut {key} is already used by another claim type")
    return key
