"""Where a query's words are in a document's text: the snippet shown for a document hit, and its offset.

FTS5 finds which documents match; its ``snippet()`` would then re-read and
score each whole text (about 1 ms per article, 200 ms for a book the size of
War and Peace, measured here). Instead the text is folded the way the
index's tokenizer folds it (``unicode61 remove_diacritics 2``: any case, a
letter with or without accents) by ``str.translate`` and ``str.lower``, both
of which keep every character's offset, and searched with a regular
expression of the plain words: whole words, a phrase's words with anything
that is not a word between them, a prefix as the start of a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from .highlights import ELLIPSIS, Highlighted
from .query import Term

MAX_PLACES = 50  # matches weighed when choosing where a snippet is (a bound on work per document)
CONTEXT = 80  # characters shown before a snippet's first match (twice as many after it)
_NOT_LETTER = r"(?![^\W_])"  # the tokenizer keeps letters and digits in a word, not "_"
_ACCENTED = re.compile("[\u00c0-\u024f\u0370-\u052f\u1e00-\u1eff]")  # Latin, Greek, Cyrillic letters with accents


def fold(text: str) -> str:
    """Return text in lower case without accents, character for character (same length, same offsets)."""
    if not text.isascii():
        table = _fold_table()
        # few letters change: a substitution per accented letter beats str.translate over every character
        text = _ACCENTED.sub(lambda m: table.get(m.group(), m.group()), text)
    folded = text.lower()
    return folded if len(folded) == len(text) else text


def pattern_of(terms: Iterable[Term]) -> re.Pattern[str] | None:
    """Return one expression matching any of the terms in folded text, or None for no terms."""
    parts = sorted({_term_pattern(term) for term in terms}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(parts) + ")") if parts else None


def places(folded: str, pattern: re.Pattern[str], limit: int = MAX_PLACES) -> list[tuple[int, int]]:
    """Return the (start, end) of up to limit matches in folded text, each starting a word."""
    found = []
    for match in pattern.finditer(folded):
        start = match.start()
        if start and (folded[start - 1].isalnum()):
            continue  # inside a word: "other" does not match "the"
        found.append(match.span())
        if len(found) >= limit:
            break
    return found


def find_place(text: str, pattern: re.Pattern[str], terms: int = 2) -> tuple[int, int] | None:
    """Return the best place of the terms in text: in its lower case first, folded (accents off) only if needed.

    Lower case alone is C-speed and finds most words; folding a long text calls Python per accented letter.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        found = best_place(lowered, pattern, terms)
        if found is not None or lowered.isascii():
            return found
    return best_place(fold(text), pattern, terms)


def best_place(folded: str, pattern: re.Pattern[str], terms: int = 2) -> tuple[int, int] | None:
    """Return the place where the most different terms match close together (ties: the earliest), or None."""
    found = places(folded, pattern, 1 if terms < 2 else MAX_PLACES)
    best, best_score = (found[0] if found else None), 0
    for index, (start, _) in enumerate(found if terms >= 2 else ()):
        near = set()
        for s, e in found[index:]:
            if s >= start + 2 * CONTEXT:
                break
            near.add(folded[s:e])
        if len(near) > best_score:
            best, best_score = found[index], len(near)
    return best


def snippet_at(text: str, place: tuple[int, int], pattern: re.Pattern[str] | None) -> Highlighted:
    """Return the text around place (cut at spaces, with ellipses), every match in it highlighted."""
    start = _cut_before(text, max(0, place[0] - CONTEXT))
    end = _cut_after(text, min(len(text), place[1] + 2 * CONTEXT))
    lead = ELLIPSIS if start > 0 else ""
    body = text[start:end].replace("\n", " ")
    snippet = highlighted(body, pattern)
    spans = tuple((s + len(lead), e + len(lead)) for s, e in snippet.spans)
    return Highlighted(lead + body + (ELLIPSIS if end < len(text) else ""), spans)


def highlighted(text: str, pattern: re.Pattern[str] | None) -> Highlighted:
    """Return text with every match of pattern highlighted (for short texts: titles, snippets)."""
    if pattern is None:
        return Highlighted(text)
    return Highlighted(text, tuple(places(fold(text), pattern, limit=len(text) + 1)))


def _term_pattern(term: Term) -> str:
    words = [re.escape(fold(word)) for word in term.words]
    return r"[\W_]+".join(words) + (r"[^\W_]*" if term.prefix else _NOT_LETTER)


@cache
def _fold_table() -> dict[str, str]:
    """Each accented letter (Latin, Greek, Cyrillic) -> its letter without accents, one character each."""
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)):  # the ranges of _ACCENTED
        base = unicodedata.normalize("NFD", chr(code))[:1]
        if base and base != chr(code) and base.isalpha():
            table[chr(code)] = base
    return table


def _cut_before(text: str, at: int) -> int:
    space = text.rfind(" ", max(0, at - 20), at)
    return space + 1 if space >= 0 else at


def _cut_after(text: str, at: int) -> int:
    space = text.find(" ", at, at + 20)
    return space if space >= 0 else at
