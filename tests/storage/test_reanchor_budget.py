"""Re-anchoring is bounded by work, not by the clock: the same texts give the same results on any machine."""

from __future__ import annotations

import itertools
import time

import pytest

from storage.anchoring import reanchor
from storage.records import Annotation
from storage.selectors import quote_selector

MOVED = "A line that names the harbour master and keeps no full stop in it"
FILLER = " ".join(f"Sentence number {n} tells of boat {n * 7} leaving the quay at dawn." for n in range(400))


def _claim(text: str, quote: str, uuid: str) -> Annotation:
    start = text.index(quote)
    exact, prefix, suffix = quote_selector(text, start, start + len(quote))
    return Annotation(uuid, 1, start, start + len(quote), exact, prefix, suffix, "fact")


def _texts() -> tuple[str, str, list[Annotation]]:
    """A paragraph without sentence ends moved from the top of a long text to its foot, and claims on both."""
    old = f"{MOVED}\n{FILLER}"
    new = f"{FILLER.replace('number 3 ', 'number three ')}\n{MOVED}"
    claims = [
        _claim(old, "names the harbour master and keeps no full stop", "moved"),
        _claim(old, "Sentence number 120 tells of boat 840", "kept"),
        _claim(old, "Sentence number 3 tells of boat 21", "changed"),
    ]
    return old, new, claims


def test_the_moved_line_is_found_only_by_the_whole_text_search() -> None:
    """The scenario needs the whole-text search: without any work budget for it, the moved claim is orphaned."""
    old, new, claims = _texts()
    bounded, unbounded = reanchor(claims, old, new, work_budget=0), reanchor(claims, old, new)
    assert "orphaned" == bounded[0].status
    assert "moved" == unbounded[0].status
    assert new.index(MOVED) + len("A line that ") == unbounded[0].start


def test_results_are_the_same_under_a_clock_that_races(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock jumping ten seconds at every reading (a machine a thousand times slower) changes no result."""
    old, new, claims = _texts()
    calm = reanchor(claims, old, new)
    ticks = itertools.count(step=10.0)
    for name in ("perf_counter", "monotonic", "time", "process_time"):
        monkeypatch.setattr(time, name, lambda: next(ticks))
    raced = reanchor(claims, old, new)
    assert calm == raced
    assert ["moved", "moved", "changed"] == [result.status for result in raced]
