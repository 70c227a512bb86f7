"""Word-level differences between the old and the new wording of a changed claim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of text in one wording, and whether it differs from the other wording."""

    text: str
    differs: bool


def word_changes(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """Split old and new into pieces, marking the words (and punctuation) that differ.

    Whitespace alone never counts as a difference: a re-wrapped quote reads the same.

    Returns:
        (pieces of old, pieces of new); joining each gives back old and new.
    """
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, [_key(t) for t in old_tokens], [_key(t) for t in new_tokens], autojunk=False)
    old_pieces: list[Piece] = []
    new_pieces: list[Piece] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        differs = tag != "equal"
        _append(old_pieces, old_tokens[old_start:old_end], differs)
        _append(new_pieces, new_tokens[new_start:new_end], differs)
    return old_pieces, new_pieces


def _key(token: str) -> str:
    return " " if token.isspace() else token


def _append(pieces: list[Piece], tokens: list[str], differs: bool) -> None:
    """Add tokens as pieces, merging runs with the same mark; lone whitespace is never marked."""
    for token in tokens:
        marked = differs and not token.isspace()
        if pieces and pieces[-1].differs == marked:
            pieces[-1] = Piece(pieces[-1].text + token, marked)
        else:
            pieces.append(Piece(token, marked))
