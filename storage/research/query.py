"""What a user types into the search field, read into terms and filters (pure: no library, no SQL).

The syntax (README, "Search"): words must all match; ``"a phrase"``;
``word*`` for a prefix; ``-word`` (or ``NOT word``) to leave out; ``a OR b``;
filters ``speaker:``, ``tag:``, ``type:``, ``status:``, ``doc:``,
``collection:``, ``annotator:`` (a value with spaces in quotes; the same
filter twice means either value). Nothing a user types is an error here: an
unbalanced quote ends at the end of the query, stray operators and
punctuation are ignored, an unknown filter is searched as words; each such
reading is described in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILTERS = ("speaker", "tag", "type", "status", "doc", "collection", "annotator")
MAX_TERMS = 32  # words and phrases searched at most (a pasted page is cut here)
_WORD = re.compile(r"\w+")
_FILTER = re.compile(r"(\w+):")
_NEAR = re.compile(r"NEAR(/\d*)?\Z|NEAR\(")


@dataclass(frozen=True)
class Term:
    """A word or a phrase (its words in order), matched as a prefix when ``prefix``."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """Return the term as an FTS5 string: quoted, so that no word can be an operator."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def __str__(self) -> str:
        text = " ".join(self.words)
        return (f'"{text}"' if len(self.words) > 1 else text) + ("*" if self.prefix else "")


@dataclass(frozen=True)
class ParsedQuery:
    """A query read: all ``clauses`` must match (each is one term or several joined by OR), no ``excluded`` may."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter name -> values, as typed
    notes: tuple[str, ...] = ()  # how parts of the query were read, for the user

    @property
    def has_text(self) -> bool:
        """Whether any word or phrase is searched for (not only filters)."""
        return bool(self.clauses)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to look for (no terms, no filters)."""
        return not self.clauses and not self.filters


@dataclass
class _Reader:
    """The state of reading one query, token by token."""

    text: str
    at: int = 0
    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    negate_next: bool = False
    or_next: bool = False
    terms: int = 0


def parse(text: str) -> ParsedQuery:
    """Read a query; never fails (see the module's docstring for how odd input is read)."""
    reader = _Reader(text.replace("\x00", " "))
    while _skip_space(reader):
        _read_token(reader)
    if reader.negate_next or reader.or_next:
        reader.notes.append("an operator at the end of the query was ignored")
    return _finished(reader)


def term_of(text: str) -> Term | None:
    """Return the words of text as one term (a phrase when several; a prefix with a trailing "*"), or None."""
    words = tuple(_WORD.findall(text.replace("_", " ")))
    if not words:
        return None
    return Term(words, prefix=text.rstrip().endswith("*"))


def _skip_space(reader: _Reader) -> bool:
    while reader.at < len(reader.text) and reader.text[reader.at].isspace():
        reader.at += 1
    return reader.at < len(reader.text)


def _read_token(reader: _Reader) -> None:
    text, at = reader.text, reader.at
    negated = text[at] == "-" and at + 1 < len(text) and not text[at + 1].isspace()
    if negated:
        reader.at += 1
    named = _FILTER.match(text, reader.at)
    if named and not negated:
        reader.at = named.end()
        _read_filter(reader, named.group(1))
        return
    chunk = _read_chunk(reader)
    if chunk in ("OR", "AND", "NOT") and not negated:
        _read_operator(reader, chunk)
        return
    if _NEAR.match(chunk):
        reader.notes.append("NEAR is not supported; it was ignored")
        return
    term = term_of(chunk)
    if term is None:
        return
    _add_term(reader, term, negated or reader.negate_next)


def _read_chunk(reader: _Reader) -> str:
    """Read a quoted phrase (to its closing quote, else to the end) or a run of non-space characters."""
    text, at = reader.text, reader.at
    if text[at] in '"“”':
        end = min((i for i in (text.find(q, at + 1) for q in '"“”') if i >= 0), default=-1)
        if end < 0:
            reader.notes.append("a quote was not closed: the phrase runs to the end of the query")
            end = len(text)
        reader.at = end + 1
        star = reader.at < len(text) and text[reader.at] == "*"
        reader.at += star
        return text[at + 1 : end] + ("*" if star else "")
    end = at
    while end < len(text) and not text[end].isspace() and text[end] not in '"“”':
        end += 1
    reader.at = end
    return text[at:end]


def _read_operator(reader: _Reader, word: str) -> None:
    if word == "OR":
        reader.or_next = bool(reader.clauses)
    elif word == "NOT":
        reader.negate_next = True


def _add_term(reader: _Reader, term: Term, negated: bool) -> None:
    reader.negate_next = False
    if reader.terms >= MAX_TERMS:
        reader.notes.append(f"only the first {MAX_TERMS} words and phrases are searched")
        return
    reader.terms += 1
    if negated:
        reader.excluded.append(term)
        reader.or_next = False
    elif reader.or_next:
        reader.clauses[-1].append(term)
        reader.or_next = False
    else:
        reader.clauses.append([term])


def _read_filter(reader: _Reader, name: str) -> None:
    key = name.lower()
    value = _read_chunk(reader) if _skip_space_inline(reader) else ""
    if key not in FILTERS:
        known = ", ".join(f + ":" for f in FILTERS)
        reader.notes.append(f"{name}: is not a filter (filters: {known}); searched as words")
        for term in filter(None, (term_of(name), term_of(value))):
            _add_term(reader, term, False)
        return
    value = value.strip()
    if not value:
        reader.notes.append(f"{key}: needs a value (e.g. {key}:something); ignored")
        return
    reader.filters.setdefault(key, []).append(value)


def _skip_space_inline(reader: _Reader) -> bool:
    """Whether a value follows the filter's colon directly (``speaker:"prince andrew"``, ``type:fact``)."""
    return reader.at < len(reader.text) and not reader.text[reader.at].isspace()


def _finished(reader: _Reader) -> ParsedQuery:
    return ParsedQuery(
        clauses=tuple(tuple(c) for c in reader.clauses),
        excluded=tuple(reader.excluded),
        filters={key: tuple(dict.fromkeys(values)) for key, values in reader.filters.items()},
        notes=tuple(dict.fromkeys(reader.notes)),
    )
