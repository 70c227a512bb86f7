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

import math
from dataclasses import dataclass

from ..selectors import CONTEXT
from ..statuses import AnchorStatus
from .alignment import Alignment, flatten
from .candidates import Candidate, CandidateFinder, _Target

_IDENTITY_MARKS: tuple[dict[str, int], dict[str, int]] = ({}, {})


@dataclass(frozen=True)
class Placement:
    """Where a foreign quote sits in a text: [start, end) with the text's own words there."""

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
        super().__init__(text, text, math.inf, Alignment(text, text, _IDENTITY_MARKS))
        self.text = text

    def place(self, exact: str, prefix: str = "", suffix: str = "", start: int | None = None,
              *, position_counts: bool = False) -> Placement | None:  # fmt: skip
        """Return where the quote is in the text, or None when it is not there.

        Args:
            start: where the tool said the quote starts (a hint for choosing among occurrences).
            position_counts: whether start counts in this very text (the file was made on it).
        """
        quote = flatten(exact)
        if not quote.strip():
            return None
        hint = min(start or 0, len(self.flat))
        target = _Target(quote, flatten(prefix), flatten(suffix))
        target.old_start, target.old_end, target.predicted = hint, hint + len(quote), hint
        if position_counts and start is not None and self.flat[start : start + len(quote)] == quote:
            return self._placement(self._score(target, start, start + len(quote), hint, 1.0), exact, start, True)
        spans = self._exact(target, 0, len(self.flat))
        if spans:
            best = max((self._score(target, s, e, hint, 1.0) for s, e in spans), key=lambda c: c.score)
            return self._placement(best, exact, start, position_counts)
        found = self._local(target, hint) if start is not None else None
        found = found or self._whole_text(target, hint)
        return None if found is None else self._placement(found, exact, start, position_counts)

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
