"""Quotations inside a sentence: where each is, how long, and whether it is speech or a title.

Curly double quotes, straight double quotes and British single quotes (‘…’)
count; an apostrophe (’ between letters) never does. A quotation left open
runs to the end of the sentence (a quote going on into the next paragraph);
a closing mark with no opening one means the sentence began inside a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or", "with", "from", "by", "upon", "as", "is"]
)
_SENTENCE_END = ".!?…"
_SINGLE_OPENS_AFTER = ' \t([{—–-“"'
_MARK = re.compile('[“”"‘’]')


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted passage at sentence-relative offsets [start, end), marks included."""

    start: int
    end: int
    words: int
    title: bool  # every word capitalised: a title or name ("Once Upon A Time in Hollywood")
    ends_sentence: bool  # its text ends with . ! ? or …

    def is_speech(self, whole_sentence: bool = False) -> bool:
        """Whether the passage reads as someone's words rather than a title or a scare-quoted term."""
        if whole_sentence:
            return True
        if self.title:
            return False
        return self.words >= 4 or (self.words >= 2 and self.ends_sentence)


def quotations(sentence: str) -> list[Quotation]:
    """Return the quotations of a sentence in order (nested ones are part of the outer one)."""
    if not _MARK.search(sentence):
        return []
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for mark in _MARK.finditer(sentence):
        index, char = mark.start(), mark.group(0)
        if opened is None:
            if char == "“" or char == '"':
                opened, closer = index, "”" if char == "“" else '"'
            elif char == "‘" and (index == 0 or sentence[index - 1] in _SINGLE_OPENS_AFTER):
                opened, closer = index, "’"
            elif char == "”" and not spans:
                spans.append((0, index + 1))  # began inside a quote
        elif (char == closer or (closer == '"' and char == "”")) and (
            closer != "’" or index + 1 == len(sentence) or not sentence[index + 1].isalpha()
        ):
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    return [_quotation(sentence, start, end) for start, end in spans]


def blank(sentence: str, found: list[Quotation]) -> str:
    """Return the sentence with each quotation's text replaced by spaces (same length, marks kept)."""
    if not found:
        return sentence
    parts, position = [], 0
    for quotation in found:
        parts.append(sentence[position : quotation.start + 1])
        parts.append(" " * max(0, quotation.end - quotation.start - 2))
        position = max(quotation.start + 1, quotation.end - 1)
    parts.append(sentence[position:])
    return "".join(parts)


def _quotation(sentence: str, start: int, end: int) -> Quotation:
    inner = sentence[start:end].strip('“”"‘’ ')
    words = _WORD.findall(inner)
    title = bool(words) and words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w in _SMALL_WORDS
                                                          for w in words)  # fmt: skip
    ends = inner.rstrip("”’\"' ").endswith(tuple(_SENTENCE_END))
    return Quotation(start, end, len(words), title, ends)
