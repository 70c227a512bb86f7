"""Word lists of the claim assistant, one data file per list and language (``words/<language>/<list>.txt``).

A list holds one entry a line ('#' starts a comment); an entry with a space is
a phrase. Lists are read once per language. A language without its own lists
uses English's, so the assistant still answers (and says less).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DEFAULT_LANGUAGE = "en"
LISTS = (
    "addressed", "attribution", "boilerplate", "cognition", "dates", "evaluative", "function_words", "hedges", "intensifiers", "interpretation", "numbers",
    "prediction", "recommendation", "speakers", "stance", "stance_adjectives", "subjective_adjectives", "titles",
)  # fmt: skip


@dataclass(frozen=True)
class WordList:
    """One list: its single words as a set, its phrases as one whole-word pattern (None without phrases)."""

    name: str
    entries: tuple[str, ...]  # every entry, in the file's order
    words: frozenset[str]
    phrases: re.Pattern[str] | None

    def found(self, tokens: set[str], lowered: str) -> list[str]:
        """Return the entries present in a sentence, given its lower-case tokens and its lower-case text."""
        hits = sorted(self.words & tokens)
        if self.phrases is not None:
            hits += [m.group(0) for m in self.phrases.finditer(lowered)]
        return hits


@cache
def lexicon(language: str = DEFAULT_LANGUAGE) -> dict[str, WordList]:
    """Return every list for a language code ("en", "en-GB" -> "en"), falling back to English."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    folder = resources.files(__package__).joinpath("words", code)
    if not folder.joinpath("attribution.txt").is_file():
        folder = resources.files(__package__).joinpath("words", DEFAULT_LANGUAGE)
    return {name: _word_list(name, folder.joinpath(f"{name}.txt").read_text(encoding="utf-8")) for name in LISTS}


def _word_list(name: str, content: str) -> WordList:
    entries = [line.split("#", 1)[0].strip().lower() for line in content.splitlines()]
    entries = [entry for entry in entries if entry]
    words = frozenset(entry for entry in entries if _is_word(entry))
    phrases = sorted((entry for entry in entries if not _is_word(entry)), key=len, reverse=True)
    pattern = None
    if phrases:
        alternatives = "|".join(re.escape(phrase).replace("'", "['’]") for phrase in phrases)
        pattern = re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])")
    return WordList(name, tuple(entries), words, pattern)


def _is_word(entry: str) -> bool:
    return re.fullmatch(r"[^\W_]+(?:-[^\W_]+)*", entry) is not None
