"""Word lists of the claim assistant, one data file per list and language (``words/<language>/<list>.txt``).

A list holds one entry a line ('#' starts a comment); an entry may be a
phrase of several words. All lists of a language are read once into one
index by first word, so finding every list's entries in a sentence is one
pass over its words (War and Peace's 25,000 sentences in well under a
second). A language without its own lists uses English's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

DEFAULT_LANGUAGE = "en"
LISTS = (
    "addressed", "attribution", "boilerplate", "cognition", "dates", "evaluative", "function_words", "hedges",
    "intensifiers", "interpretation", "numbers", "prediction", "recommendation", "speakers", "stance",
    "stance_adjectives", "subjective_adjectives", "titles",
)  # fmt: skip
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*(?:-[^\W_]+)*")


def tokens(lowered: str) -> list[str]:
    """Return the words of a lower-case text in order (curly apostrophes read as straight ones)."""
    return _TOKEN.findall(lowered.replace("’", "'"))


@dataclass(frozen=True)
class Lexicon:
    """Every word list of one language."""

    entries: dict[str, tuple[str, ...]]  # list name -> its entries, in the file's order
    _index: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(repr=False)  # first word -> (rest, list, entry)
    _sets: dict[str, frozenset[str]] = field(repr=False)
    _keys: frozenset[str] = field(repr=False)

    def words(self, name: str) -> frozenset[str]:
        """Return a list's entries as a set (for lists of single words)."""
        return self._sets[name]

    def scan(self, words: list[str]) -> dict[str, list[str]]:
        """Return, for each list with an entry among the words (in order), the entries found."""
        found: dict[str, list[str]] = {}
        present = self._keys.intersection(words)  # in C: most sentences hold only a few listed words
        if not present:
            return found
        for word in present:
            for rest, name, entry in self._index[word]:
                if not rest:
                    found.setdefault(name, []).append(entry)
                elif any(tuple(words[at + 1 : at + 1 + len(rest)]) == rest for at in _positions(words, word)):
                    found.setdefault(name, []).append(entry)
        return found


def _positions(words: list[str], word: str) -> list[int]:
    """Return every index of word in words (list.index runs in C)."""
    found, at = [], -1
    try:
        while True:
            at = words.index(word, at + 1)
            found.append(at)
    except ValueError:
        return found


@cache
def lexicon(language: str = DEFAULT_LANGUAGE) -> Lexicon:
    """Return the lists for a language code ("en", "en-GB" -> "en"), falling back to English."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    folder = resources.files(__package__).joinpath("words", code)
    if not folder.joinpath("attribution.txt").is_file():
        folder = resources.files(__package__).joinpath("words", DEFAULT_LANGUAGE)
    entries = {name: _entries(folder.joinpath(f"{name}.txt").read_text(encoding="utf-8")) for name in LISTS}
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for name, listed in entries.items():
        for entry in listed:
            words = tokens(entry)
            if words:
                index.setdefault(words[0], []).append((tuple(words[1:]), name, entry))
    sets = {name: frozenset(listed) for name, listed in entries.items()}
    return Lexicon(entries, index, sets, frozenset(index))


def _entries(content: str) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip().lower().replace("’", "'") for line in content.splitlines())
    return tuple(line for line in lines if line)
