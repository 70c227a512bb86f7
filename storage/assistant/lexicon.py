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
    "addressed", "attribution", "boilerplate", "cognition", "dates", "evaluative", "function_words",
    "glue_exceptions", "he_titles", "hedges", "intensifiers", "interpretation", "numbers", "past_tense",
    "prediction", "recommendation", "she_titles", "speakers", "stance", "stance_adjectives",
    "subjective_adjectives", "titles",
)  # fmt: skip
# Lists looked up as sets only (by the speaker finder, or for whole-sentence checks), never scanned for.
_NOT_SCANNED = frozenset(
    {
        "addressed",
        "boilerplate",
        "function_words",
        "glue_exceptions",
        "he_titles",
        "she_titles",
        "speakers",
        "stance_adjectives",
        "titles",
    }
)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*(?:-[^\W_]+)*")


def tokens(lowered: str) -> list[str]:
    """Return the words of a lower-case text in order (curly apostrophes read as straight ones)."""
    return _TOKEN.findall(lowered.replace("’", "'"))


@dataclass(frozen=True)
class Lexicon:
    """Every word list of one language."""

    entries: dict[str, tuple[str, ...]]  # list name -> its entries, in the file's order
    # first word -> (" the whole phrase " or "" for a single word, list name, entry)
    _index: dict[str, list[tuple[str, str, str]]] = field(repr=False)
    _sets: dict[str, frozenset[str]] = field(repr=False)
    _keys: frozenset[str] = field(repr=False)
    # attribution words of four letters or more (single words and first words of phrases), longest first:
    # the endings glued.py looks for
    glue_suffixes: tuple[str, ...] = field(default=(), repr=False)
    glue_exceptions: tuple[str, ...] = field(default=(), repr=False)  # word beginnings never split off

    @property
    def keys(self) -> frozenset[str]:
        """Every word that starts an entry of a scanned list."""
        return self._keys

    def words(self, name: str) -> frozenset[str]:
        """Return a list's entries as a set (for lists of single words)."""
        return self._sets[name]

    def scan(self, words: list[str]) -> dict[str, list[str]]:
        """Return, for each scanned list with an entry among the words (in order), the entries found."""
        found: dict[str, list[str]] = {}
        present = self._keys.intersection(words)  # in C: most sentences hold only a few listed words
        if not present:
            return found
        joined = ""
        for word in present:
            for phrase, name, entry in self._index[word]:
                if phrase:
                    joined = joined or f" {' '.join(words)} "
                    if phrase not in joined:
                        continue
                found.setdefault(name, []).append(entry)
        return found


@cache
def lexicon(language: str = DEFAULT_LANGUAGE) -> Lexicon:
    """Return the lists for a language code ("en", "en-GB" -> "en"), falling back to English."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    folder = resources.files(__package__).joinpath("words", code)
    if not folder.joinpath("attribution.txt").is_file():
        folder = resources.files(__package__).joinpath("words", DEFAULT_LANGUAGE)
    entries = {name: _entries(folder.joinpath(f"{name}.txt").read_text(encoding="utf-8")) for name in LISTS}
    index: dict[str, list[tuple[str, str, str]]] = {}
    for name, listed in entries.items():
        for entry in listed if name not in _NOT_SCANNED else ():
            words = tokens(entry)
            if words:
                phrase = f" {' '.join(words)} " if len(words) > 1 else ""
                index.setdefault(words[0], []).append((phrase, name, entry))
    sets = {name: frozenset(listed) for name, listed in entries.items()}
    firsts = {tokens(entry)[0] for entry in entries["attribution"] if tokens(entry)}
    suffixes = tuple(sorted((w for w in firsts if len(w) >= 4 and w.isalpha()), key=len, reverse=True))
    return Lexicon(entries, index, sets, frozenset(index), suffixes, entries["glue_exceptions"])


def _entries(content: str) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip().lower().replace("’", "'") for line in content.splitlines())
    return tuple(line for line in lines if line)
