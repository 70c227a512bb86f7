"""Placing a quote that comes from another tool on a document's text.

Re-anchoring carries a quote from an older version of the same text; a quote
imported from Hypothesis, Zotero or a Kindle was taken from a web page, a PDF
or an e-book as that tool saw it, so nothing in the text predates it and its
offsets, if any, count in another text. The same search does the work
(``CandidateFinder``, whitespace-insensitive throughout: a quote that spans
two paragraphs as ``"\\n\\n"`` finds the canonical text's ``"\\n"``), in the
order that suits a quote from elsewhere:

1. where its position says, when the position counts in this very text;
2. its exact words anywhere (whitespace aside), the occurrence whose context
   and position read best;
3. the fuzzy search near its position, then from seeds over the whole text,
   with re-anchoring's thresholds.

Statuses: ``anchored`` (its words found, where said when a position counts
here), ``moved`` (its words found elsewhere than a position in this text
said), ``changed`` (only similar words found; the quote as given is kept in
``old_exact``). ``None`` means not found: the caller keeps it orphaned.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..selectors import CONTEXT
from ..statuses import AnchorStatus
from .alignment import Alignment, flatten
from .candidates import Candidate, CandidateFinder, _Target
from .spaces import CollapsedText

_IDENTITY_MARKS: tuple[dict[str, int], dict[str, int]] = ({}, {})
_SPACE_RUN = re.compile(r"  +")
_ANCHORED, _MOVED = AnchorStatus.ANCHORED.value, AnchorStatus.MOVED.value
_MAX_OCCURRENCES = 200
_UNBOUNDED = 2**62  # no work budget: each quote placed is one user's highlight, searched in full
# An occurrence this close to the given position is taken without looking for another: a page's
# text runs ahead of the canonical text by its header and a character per paragraph break.
_NEAR_ENOUGH = 2048


class Placement(NamedTuple):
    """Where a foreign quote sits in a text: [start, end) with the text's own words there.

    A named tuple: built once per imported annotation, it costs a fifth of a frozen dataclass.
    """

    status: str  # an AnchorStatus value: anchored, moved or changed
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    score: float
    old_exact: str = ""  # the quote as given, when only similar words were found


class QuotePlacer(CandidateFinder):
    """Finds quotes from other tools on one text. Build one per document; place as many quotes as needed."""

    def __init__(self, text: str) -> None:
        # No older version: the text is its own "old text", aligned with itself (offsets map to themselves).
        super().__init__(text, text, _UNBOUNDED, Alignment(text, text, _IDENTITY_MARKS))
        self.text = text

    def place(self, exact: str, prefix: str = "", suffix: str = "", start: int | None = None,
              *, position_counts: bool = False, fuzzy: bool = True) -> Placement | None:  # fmt: skip
        """Return where the quote is in the text, or None when it is not there.

        Args:
            start: where the tool said the quote starts (a hint for choosing among occurrences).
            position_counts: whether start counts in this very text (the file was made on it).
            fuzzy: whether to look for similar words when its exact words are not there.
        """
        quote = flatten(exact)
        if not quote.strip():
            return None
        hint = min(start or 0, len(self.flat))
        in_context = self._in_context(quote, flatten(prefix), flatten(suffix), start)
        if in_context is not None:
            return self._found(*in_context, exact, start, position_counts)
        target = _Target(quote, flatten(prefix), flatten(suffix))
        target.old_start, target.old_end, target.predicted = hint, hint + len(quote), hint
        if position_counts and start is not None and self.flat[start : start + len(quote)] == quote:
            return self._placement(self._score(target, start, start + len(quote), hint, 1.0), exact, start, True)
        spans = self._exact(target, 0, len(self.flat))
        if spans:
            best = max((self._score(target, s, e, hint, 1.0) for s, e in spans), key=lambda c: c.score)
            return self._placement(best, exact, start, position_counts)
        if not fuzzy:
            return None
        found = self._local(target, hint) if start is not None else None
        found = found or self._whole_text(target, hint)
        return None if found is None else self._placement(found, exact, start, position_counts)

    def _in_context(self, quote: str, prefix: str, suffix: str, hint: int | None) -> tuple[int, int] | None:
        """The quote where its prefix and suffix are around it too (whitespace aside): nothing to score.

        Most quotes from a page are found so, in a fifth of the time of scoring every occurrence
        (12 µs against 58 µs on a 36 kB article). Should the whole context occur twice (a
        repeated passage), the occurrence nearest the position the tool gave wins; with no
        position, the first.
        """
        if not prefix.strip() and not suffix.strip():
            return None
        collapsed = self._collapsed_text()
        before, upto, whole = (
            _single_spaced(prefix),
            _single_spaced(prefix + quote),
            _single_spaced(prefix + quote + suffix),
        )
        if len(upto) <= len(before):
            return None
        found = self._near_hint(collapsed, whole, len(before), hint)
        at = collapsed.text.find(whole) if not found else -1
        while at >= 0 and len(found) < _MAX_OCCURRENCES:
            found.append((collapsed.to_flat(at + len(before)), at + len(before)))
            if hint is None or abs(found[-1][0] - hint) <= _NEAR_ENOUGH:
                break  # where the tool said, give or take its page's furniture: no copy can lie nearer
            at = collapsed.text.find(whole, at + 1)
        if not found:
            return None
        start, at = min(found, key=lambda place: abs(place[0] - (hint or 0)))
        end = collapsed.to_flat(at + len(upto) - len(before) - 1) + 1
        while start < end and self.flat[start] == " ":
            start += 1
        while end > start and self.flat[end - 1] == " ":
            end -= 1
        return (start, end) if start < end else None

    @staticmethod
    def _near_hint(collapsed: CollapsedText, whole: str, before: int, hint: int | None) -> list[tuple[int, int]]:
        """The first occurrence of whole within _NEAR_ENOUGH of hint, searched from there only; [] when none is.

        What the search from the text's start would take (its first occurrence that near), without reading
        the text before: an occurrence starting before ``to_collapsed(hint - _NEAR_ENOUGH) - before`` places
        the quote further than that from hint (``to_flat`` only grows).
        """
        if hint is None:
            return []
        low = max(0, collapsed.to_collapsed(max(0, hint - _NEAR_ENOUGH)) - before)
        at = collapsed.text.find(whole, low)
        if at < 0:
            return []
        start = collapsed.to_flat(at + before)
        return [(start, at + before)] if abs(start - hint) <= _NEAR_ENOUGH else []

    def _found(self, start: int, end: int, given: str, hint: int | None, position_counts: bool) -> Placement:
        """The placement of a quote found with its whole context: its very words (whitespace aside)."""
        status = _MOVED if position_counts and hint is not None and hint != start else _ANCHORED
        text = self.text
        prefix, suffix = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
        return Placement(status, start, end, text[start:end], prefix, suffix, 1.0)

    def _collapsed_text(self) -> CollapsedText:
        if self._collapsed is None:
            self._collapsed = CollapsedText(self.flat)
        return self._collapsed

    def _preexisting(self, candidate: Candidate, target: _Target) -> bool:
        return False  # nothing in the text is older than the quote

    def _placement(self, found: Candidate, given: str, start: int | None, position_counts: bool) -> Placement:
        text = self.text
        exact = text[found.start : found.end]
        prefix, suffix = text[max(0, found.start - CONTEXT) : found.start], text[found.end : found.end + CONTEXT]
        if "".join(exact.split()) != "".join(given.split()):
            status, old_exact = AnchorStatus.CHANGED, given
        elif position_counts and start is not None and start != found.start:
            status, old_exact = AnchorStatus.MOVED, ""
        else:
            status, old_exact = AnchorStatus.ANCHORED, ""
        return Placement(status.value, found.start, found.end, exact, prefix, suffix, round(found.score, 4), old_exact)


def _single_spaced(text: str) -> str:
    """text (flattened) with runs of spaces reduced to one."""
    return _SPACE_RUN.sub(" ", text) if "  " in text else text
