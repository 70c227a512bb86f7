"""Finding and scoring the places in a new text where an old quote may now be.

Every search runs over the new text with whitespace flattened to spaces (same
length, so offsets hold), so a quote that was re-wrapped onto other lines is
still an exact match.

Searches near where a quote is predicted are cheap and always run. Searches of
the whole text are bounded by work, never by the clock: a run may spend
``work_budget`` characters on them (one whole-text search, its exact,
whitespace-insensitive and seed scans, costs the text's length; each fuzzy
window its own length), so the same texts give the same results on any
machine, however busy.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from documents.mojibake import may_hold_mojibake

from ..records import Annotation
from .alignment import Alignment, flatten
from .spaces import CollapsedText

QUOTE_THRESHOLD = 0.8  # quote similarity (0..1) below which a candidate is never accepted
# Context similarity is the mean Indel similarity of prefix and suffix. Unrelated
# English contexts score about 0.36 (99.9% below 0.5); one side intact and the
# other rewritten scores about 0.68.
SHORT_QUOTE = 12  # quotes shorter than this always need STRICT_CONTEXT
MEDIUM_QUOTE = 32  # quotes shorter than this need STRICT_CONTEXT unless found where predicted
STRICT_CONTEXT = 0.65
FUZZY_CONTEXT = 0.5  # an inexact match of a long quote needs this much near; others need STRICT_CONTEXT
ORIGIN_SLACK = 64  # how far the reverse alignment may be off when asking where a candidate came from
SAME_ORIGIN = 8  # a candidate mapping back this close to the quote's old start came from the quote
NEAR = 256  # characters from the predicted offset that count as "where predicted"
WINDOW = 2000  # characters searched on each side of the predicted offset
_MAX_OCCURRENCES = 200  # exact occurrences scored per search (very short quotes repeat a lot)
_SEED_LENGTH = 10
_BRACKET = 16  # characters of old prefix and suffix that bracket an edited quote
_MAX_SEED_HITS = 20
_INDEXED = 100_000  # whitespace-insensitive searches of more text than this use one collapsed copy of it all
_WEIGHTS = (0.6, 0.3, 0.1)  # quote, context, position
CLOSER_CONTEXT = 0.01  # how much closer another exact occurrence's context must read to win over the found one


@dataclass(frozen=True)
class Candidate:
    """A scored place [start, end) in the new text."""

    start: int
    end: int
    quote: float  # similarity of the quote, 0..1
    context: float  # mean similarity of prefix and suffix, 0..1
    position: float  # closeness to the predicted offset, 0..1
    score: float


def collapse(text: str) -> str:
    """Return text with runs of whitespace reduced to one space and the ends trimmed."""
    return " ".join(text.split())


class CandidateFinder:
    """Searches one new text for the quotes of annotations made on an old text."""

    def __init__(self, old_text: str, new_text: str, work_budget: int, alignment: Alignment | None = None) -> None:
        self.flat = flatten(new_text)
        self.old_flat = self.flat if old_text is new_text else flatten(old_text)
        self.alignment = alignment or Alignment(self.old_flat, self.flat)
        self._reverse: Alignment | None = None
        self._collapsed: CollapsedText | None = None
        self.work_left = work_budget  # characters the whole-text searches may still read

    def _spend(self, characters: int) -> bool:
        """Take characters from the work budget; False (taking nothing) when not that many are left."""
        if characters > self.work_left:
            return False
        self.work_left -= characters
        return True

    def find(self, annotation: Annotation) -> Candidate | None:
        """Return the best acceptable place for annotation's quote, or None."""
        quote = flatten(annotation.exact)
        target = _Target(quote, flatten(annotation.prefix), flatten(annotation.suffix))
        target.old_start, target.old_end = annotation.start, annotation.end
        if not quote.strip():
            return None
        if self.flat[annotation.start : annotation.end] == quote:
            held = self._score(target, annotation.start, annotation.end, annotation.start, 1.0)
            if self._acceptable(held, target, local=True):
                return held
        predicted = target.predicted = self.alignment.map(annotation.start)
        local = self._local(target, predicted)
        if local is not None:
            return self._closer_copy(target, local, predicted) or local
        return self._whole_text(target, predicted)

    # -- search stages ---------------------------------------------------
    def _local(self, target: _Target, predicted: int) -> Candidate | None:
        low = max(0, predicted - WINDOW)
        high = min(len(self.flat), predicted + len(target.quote) + WINDOW)
        # The quote, edited or not, is nearly always right where predicted: look there first, so
        # that the same words elsewhere in the window (common phrases) cannot take its place.
        slack = len(target.quote) // 4 + 8
        tight = (max(0, predicted - slack), min(len(self.flat), predicted + len(target.quote) + slack))
        return (
            self._exact_best(target, *tight, predicted, local=True)
            or self._exact_best(target, low, high, predicted, local=True)
            or self._fuzzy(target, *tight, predicted, local=True)
            or self._bracketed(target, low, high, predicted)
            or self._fuzzy(target, low, high, predicted, local=True)
        )

    def _closer_copy(self, target: _Target, found: Candidate, predicted: int) -> Candidate | None:
        """Another exact occurrence whose surroundings read clearly closer to the old ones, if any.

        A duplicated paragraph can carry the landmarks that predict where a quote went: the
        copy is then found first, though the original reads more like the quote's old context.
        """
        if found.quote < 1.0 or found.context >= 1.0 - CLOSER_CONTEXT or not self._spend(len(self.flat)):
            return None
        others = [span for span in self._exact(target, 0, len(self.flat)) if span[0] != found.start]
        scored = [self._score(target, start, end, predicted, 1.0) for start, end in others]
        closer = [c for c in scored if c.context >= found.context + CLOSER_CONTEXT]
        closer = [c for c in closer if self._acceptable(c, target, local=False) and not self._preexisting(c, target)]
        return max(closer, key=lambda c: (c.context, c.score), default=None)

    def _whole_text(self, target: _Target, predicted: int) -> Candidate | None:
        if not self._spend(len(self.flat)):
            return None
        best = self._exact_best(target, 0, len(self.flat), predicted, local=False)
        if best is not None:
            return best
        windows = [window for window in self._seed_windows(target) if self._spend(window[1] - window[0])]
        found = [self._fuzzy(target, *window, predicted, local=False) for window in windows]
        return max((c for c in found if c is not None), key=lambda c: c.score, default=None)

    def _exact(self, target: _Target, low: int, high: int) -> list[tuple[int, int]]:
        """Exact occurrences of the quote, then whitespace-insensitive ones (its words, any whitespace between)."""
        spans: list[tuple[int, int]] = []
        position = self.flat.find(target.quote, low, high)
        while position >= 0 and len(spans) < _MAX_OCCURRENCES:
            spans.append((position, position + len(target.quote)))
            position = self.flat.find(target.quote, position + 1, high)
        if spans or " " not in target.collapsed:
            return spans
        if high - low < _INDEXED:  # a window: collapsing its few thousand characters is cheaper than an index
            found = CollapsedText(self.flat[low:high]).find_all(target.collapsed, 0, high - low, _MAX_OCCURRENCES)
            return [(start + low, end + low) for start, end in found]
        if self._collapsed is None:
            self._collapsed = CollapsedText(self.flat)
        return self._collapsed.find_all(target.collapsed, low, high, _MAX_OCCURRENCES)

    def _exact_best(self, target: _Target, low: int, high: int, predicted: int, *, local: bool) -> Candidate | None:
        """The best acceptable exact occurrence of the quote, or of the quote with mojibake repaired."""
        best = self._best(target, self._exact(target, low, high), predicted, local=local)
        repaired = target.repaired() if best is None else None
        if repaired is not None:
            best = self._best(repaired, self._exact(repaired, low, high), predicted, local=local)
        return best

    def _fuzzy(self, target: _Target, low: int, high: int, predicted: int, *, local: bool) -> Candidate | None:
        window = self.flat[low:high]
        if len(window) < len(target.quote):
            return None
        cutoff = QUOTE_THRESHOLD * 100 - 5  # the alignment is refined below, which can only improve it
        aligned = fuzz.partial_ratio_alignment(target.quote, window, score_cutoff=cutoff)
        if aligned is None:
            return None
        grow_left = aligned.dest_start == 0 and low > 0
        grow_right = aligned.dest_end == len(window) and high < len(self.flat)
        if (grow_left or grow_right) and high - low < 4 * WINDOW:  # cut by the window's edge: look wider
            extra = len(target.quote)
            return self._fuzzy(target, max(0, low - extra), min(len(self.flat), high + extra), predicted, local=local)
        start, end = self._refine(target.quote, low + aligned.dest_start, low + aligned.dest_end)
        candidate = self._score(target, start, end, predicted)
        if not self._acceptable(candidate, target, local=local) or self._preexisting(candidate, target):
            return None
        return candidate

    def _bracketed(self, target: _Target, low: int, high: int, predicted: int) -> Candidate | None:
        """The text between the end of the quote's old prefix and the start of its old suffix, if both remain."""
        head, tail = target.prefix[-_BRACKET:], target.suffix[:_BRACKET]
        if len(head) < _BRACKET // 2 or len(tail) < _BRACKET // 2:
            return None
        longest = len(target.quote) + len(target.quote) // 5 + 4
        found: list[Candidate] = []
        position = self.flat.find(head, low, high)
        while position >= 0 and len(found) < _MAX_SEED_HITS:
            start = position + len(head)
            end = self.flat.find(tail, start, min(high, start + longest + len(tail)))
            if end > start:
                candidate = self._score(target, start, end, predicted)
                if self._acceptable(candidate, target, local=True) and not self._preexisting(candidate, target):
                    found.append(candidate)
            position = self.flat.find(head, position + 1, high)
        return max(found, key=lambda c: c.score, default=None)

    def _seed_windows(self, target: _Target) -> list[tuple[int, int]]:
        """Windows around hits of short pieces of the quote anywhere in the text."""
        windows: list[tuple[int, int]] = []
        length = len(target.quote)
        for seed in _seeds(target.quote):
            hits, position = 0, self.flat.find(seed.text)
            while position >= 0 and hits < _MAX_SEED_HITS:
                begin = position - seed.offset
                windows.append((max(0, begin - length // 4 - 8), min(len(self.flat), begin + length * 5 // 4 + 8)))
                hits, position = hits + 1, self.flat.find(seed.text, position + 1)
        return windows

    def _preexisting(self, candidate: Candidate, target: _Target) -> bool:
        """Whether candidate is another passage that the old text already held, not the quote's new form."""
        if candidate.start == target.predicted or (candidate.quote == 1.0 and candidate.context >= 0.9):
            return False  # where predicted, or the same words between the same words
        if self._reverse is None:
            self._reverse = self.alignment.reverse(self.old_flat, self.flat)
        guess = self._reverse.map(candidate.start)  # where the candidate's text stood in the old text
        if abs(guess - target.old_start) <= SAME_ORIGIN:
            return False  # it stands where the quote stood
        text = self.flat[candidate.start : candidate.end]
        low, high = max(0, guess - ORIGIN_SLACK), guess + len(text) + ORIGIN_SLACK
        window = self.old_flat[low:high]
        own_start, own_end = max(target.old_start, low) - low, min(target.old_end, high) - low
        if own_start < own_end:  # hide the quote itself: is there another passage that explains it?
            window = window[:own_start] + "\0" * (own_end - own_start) + window[own_end:]
        aligned = fuzz.partial_ratio_alignment(text, window, score_cutoff=90)
        if aligned is None:
            return False  # new text: nothing else like it stood there before
        if abs(low + aligned.dest_start - guess) >= abs(target.old_start - guess):
            return False  # the quote stood closer to where the candidate comes from
        return aligned.score + 2 >= candidate.quote * 100  # another passage explains it about as well

    # -- scoring ---------------------------------------------------------
    def _refine(self, quote: str, start: int, end: int) -> tuple[int, int]:
        """Move both ends a little to where the span reads most like the quote."""
        slack = len(quote) // 10 + 2
        best_start = max(
            range(max(0, start - slack), min(end, start + slack + 1)),
            key=lambda s: (Indel.normalized_similarity(quote, self.flat[s:end]), -abs(s - start)),
        )
        best_end = max(
            range(max(best_start + 1, end - slack), min(len(self.flat), end + slack) + 1),
            key=lambda e: (Indel.normalized_similarity(quote, self.flat[best_start:e]), -abs(e - end)),
        )
        while best_start < best_end and self.flat[best_start] == " " and quote[:1] != " ":
            best_start += 1
        while best_end > best_start and self.flat[best_end - 1] == " " and quote[-1:] != " ":
            best_end -= 1
        return best_start, best_end

    def _score(self, target: _Target, start: int, end: int, predicted: int, quote: float = -1.0) -> Candidate:
        if quote < 0:
            quote = Indel.normalized_similarity(target.collapsed, collapse(self.flat[start:end]))
        prefix = self.flat[max(0, start - len(target.prefix)) : start]
        suffix = self.flat[end : end + len(target.suffix)]
        context = (
            Indel.normalized_similarity(target.prefix, prefix) + Indel.normalized_similarity(target.suffix, suffix)
        ) / 2
        position = 1 / (1 + abs(start - predicted) / WINDOW)
        score = _WEIGHTS[0] * quote + _WEIGHTS[1] * context + _WEIGHTS[2] * position
        return Candidate(start, end, quote, context, position, score)

    def _best(self, target: _Target, spans: list[tuple[int, int]], predicted: int, *, local: bool) -> Candidate | None:
        scored = [self._score(target, start, end, predicted, 1.0) for start, end in spans]
        acceptable = sorted((c for c in scored if self._acceptable(c, target, local=local)), key=lambda c: -c.score)
        return next((c for c in acceptable if not self._preexisting(c, target)), None)

    def _acceptable(self, candidate: Candidate, target: _Target, *, local: bool) -> bool:
        """Apply the thresholds: quote similarity, and context in proportion to how short the quote is."""
        if candidate.quote < QUOTE_THRESHOLD:
            return False
        length = len(target.collapsed)
        near = local and candidate.position >= 1 / (1 + NEAR / WINDOW)
        needed = 0.0
        if length < SHORT_QUOTE or (length < MEDIUM_QUOTE and not near):
            needed = STRICT_CONTEXT
        if candidate.quote < 1.0:
            needed = max(needed, FUZZY_CONTEXT if local and length >= MEDIUM_QUOTE else STRICT_CONTEXT)
        return candidate.context >= needed


class _Target:
    """One quote being looked for, with its context and derived search forms."""

    def __init__(self, quote: str, prefix: str, suffix: str) -> None:
        self.quote, self.prefix, self.suffix = quote, prefix, suffix
        self.collapsed = collapse(quote)
        self.old_start = self.old_end = self.predicted = 0
        self._repaired: _Target | None = None
        self._repair_known = False

    def repaired(self) -> _Target | None:
        """The same target with mojibake fixed, or None when there is nothing to fix (worked out once)."""
        if not self._repair_known:
            self._repaired, self._repair_known = self._repair(), True
        return self._repaired

    def _repair(self) -> _Target | None:
        if "&" not in self.quote and not may_hold_mojibake(self.quote):
            return None  # no mojibake sequence, no HTML entity: nothing ftfy would fix (and it costs 0.3 ms)
        import ftfy  # only for a quote found nowhere as it stands: ftfy takes 60 ms to import

        fixed = ftfy.fix_text(self.quote)
        if fixed == self.quote:
            return None
        repaired = _Target(fixed, ftfy.fix_text(self.prefix), ftfy.fix_text(self.suffix))
        repaired.old_start, repaired.old_end, repaired.predicted = self.old_start, self.old_end, self.predicted
        return repaired


@dataclass(frozen=True)
class _Seed:
    text: str
    offset: int  # where the seed starts in the quote


def _seeds(quote: str) -> list[_Seed]:
    """Up to three short pieces of the quote (start, middle, end) that hold no whitespace run."""
    if len(quote) < 3 * _SEED_LENGTH:  # halves, so that one edit leaves a seed intact
        half = len(quote) // 2
        return [_Seed(quote[:half], 0), _Seed(quote[half:], half)] if half >= 6 else [_Seed(quote, 0)]
    offsets = (0, (len(quote) - _SEED_LENGTH) // 2, len(quote) - _SEED_LENGTH)
    return [_Seed(quote[o : o + _SEED_LENGTH], o) for o in offsets]
