"""Re-anchoring: carry annotations over from an old version of a text to a new one.

Each annotation is looked for in this order, stopping at the first acceptable
place: the same text (nothing to do); its old position, if it still holds the
quote; exact occurrences (whitespace-insensitive) near where the alignment of
old to new text predicts it; a bounded fuzzy search there; then the whole text
(exact, then fuzzy from short seeds) while a work budget lasts: a number of
characters read, never a time, so a result never depends on the machine.

Candidates are scored by quote, prefix, suffix and position similarity; a
candidate is accepted only above explicit thresholds, and short quotes need
their context to match. Statuses:

- ``anchored``: the same quote at the same offset;
- ``moved``: the same quote at another offset, or with other whitespace (re-wrapped);
- ``changed``: the wording differs; the old quote is kept as ``old_exact``;
- ``orphaned``: not found; quote, prefix and suffix are kept unchanged.

Nothing is ever dropped: every annotation given yields exactly one result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import LibraryError
from ..progress import Cancel, Progress
from ..records import Annotation
from ..selectors import CONTEXT
from ..statuses import STATUSES, AnchorStatus
from .alignment import Alignment

if TYPE_CHECKING:  # rapidfuzz loads with the first re-anchoring, not with the versions every window reads
    from .candidates import Candidate, CandidateFinder

# What the whole-text searches of one run may cost, in characters: a search of the whole text costs
# its length, a fuzzy window its own. That is 1,000 searches of a 20 KB article, or 7 of a 3 MB book
# (about 0.05 s). On War and Peace with 1% or 30% of its text rewritten, an unbounded run (30% edits:
# 1 G characters, 2.3 s of CPU against 0.45 s) finds not one quote more.
DEFAULT_WORK_BUDGET = 20_000_000
_PROGRESS_EVERY = 50


class ReanchorCancelled(LibraryError):
    """The user cancelled a re-anchoring run; nothing was written."""


@dataclass(frozen=True)
class AnchorResult:
    """Where one annotation now sits in the new text, and how sure that is.

    For orphans, start == end marks where the quote used to be; exact, prefix and
    suffix are the annotation's old ones.
    """

    uuid: str
    status: str  # an AnchorStatus value
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    score: float
    old_exact: str = ""  # the previous wording of a changed quote


def reanchor(
    annotations: Sequence[Annotation],
    old_text: str,
    new_text: str,
    *,
    work_budget: int = DEFAULT_WORK_BUDGET,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> list[AnchorResult]:
    """Find every annotation of old_text in new_text; one result per annotation, same order.

    Args:
        work_budget: characters of new_text the whole run may read searching the whole text
            (not a time: the result is the same on any machine).
        progress: called with (done, total) now and then.
        cancel: polled now and then; when it returns True, ReanchorCancelled is raised.
    """
    if old_text == new_text:
        return [_unchanged(annotation) for annotation in annotations]
    from .candidates import CandidateFinder

    finder = CandidateFinder(old_text, new_text, work_budget)
    results = []
    for done, annotation in enumerate(annotations):
        if done % _PROGRESS_EVERY == 0:
            _report(done, len(annotations), progress, cancel)
        results.append(_result(annotation, new_text, finder))
    _report(len(annotations), len(annotations), progress, cancel)
    return results


def _report(done: int, total: int, progress: Progress | None, cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise ReanchorCancelled("updating the document was cancelled; nothing was changed")
    if progress is not None:
        progress(done, total)


def _unchanged(annotation: Annotation) -> AnchorResult:
    return AnchorResult(
        annotation.uuid, annotation.status, annotation.start, annotation.end, annotation.exact,
        annotation.prefix, annotation.suffix, annotation.score,
    )  # fmt: skip


def _result(annotation: Annotation, new_text: str, finder: CandidateFinder) -> AnchorResult:
    found = finder.find(annotation)
    if found is None:
        return _orphan(annotation, finder.alignment)
    return _placed(annotation, new_text, found)


def _orphan(annotation: Annotation, alignment: Alignment) -> AnchorResult:
    where = alignment.map(annotation.start)
    return AnchorResult(
        annotation.uuid,
        AnchorStatus.ORPHANED.value,
        where,
        where,
        annotation.exact,
        annotation.prefix,
        annotation.suffix,
        0.0,
    )


def _placed(annotation: Annotation, new_text: str, found: Candidate) -> AnchorResult:
    exact = new_text[found.start : found.end]
    prefix = new_text[max(0, found.start - CONTEXT) : found.start]
    suffix = new_text[found.end : found.end + CONTEXT]
    if exact == annotation.exact and found.start == annotation.start:
        status, old_exact = AnchorStatus.ANCHORED.value, ""
    elif _visible(exact) == _visible(annotation.exact):
        status, old_exact = AnchorStatus.MOVED.value, ""
    else:
        status, old_exact = AnchorStatus.CHANGED.value, annotation.exact
    score = round(found.score, 4)
    return AnchorResult(annotation.uuid, status, found.start, found.end, exact, prefix, suffix, score, old_exact)


def _visible(text: str) -> tuple[str, ...]:
    """Return text's words: re-wrapping (another kind or amount of whitespace) keeps them, a new space splits one.

    "killing at least100" and "killing at least 100" differ in their words
    (a changed quote); "at least\n100" and "at least 100" do not (moved).
    """
    return tuple(text.split())


def status_counts(results: Iterable[AnchorResult | Annotation]) -> dict[str, int]:
    """Return how many results (or annotations) have each status, every status present (zero included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts
