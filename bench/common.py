"""Helpers shared by the benchmarks: timing, percentiles, budget lines, shared articles."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SHARED_ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"
WAR_AND_PEACE = SHARED_ARTICLES / "books" / "war-and-peace-gutenberg.txt"
TRT_ARTICLE = SHARED_ARTICLES / "trtworld-daesh-k-afghanistan.txt"


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """Run function once; return its result and the seconds it took."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile (fraction in 0..1) of samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


class Report:
    """Prints one line per figure with its budget and remembers whether any was missed."""

    def __init__(self) -> None:
        self.missed = 0

    def line(self, what: str, value: float, budget: float, unit: str = "s") -> None:
        """Print `what: value (budget <= budget) ok|OVER`, scaled for ms units."""
        scale = 1000 if unit == "ms" else 1
        ok = value <= budget
        self.missed += not ok
        print(
            f"  {what:<52} {value * scale:9.3f} {unit}   budget <= {budget * scale:g} {unit}   {'ok' if ok else 'OVER'}"
        )

    def count(self, what: str, value: int, budget: int) -> None:
        """Print `what: value (budget <= budget) ok|OVER` for a count (losses, failures)."""
        ok = value <= budget
        self.missed += not ok
        print(f"  {what:<52} {value:9d}     budget <= {budget}     {'ok' if ok else 'OVER'}")

    def figure(self, what: str, value: float | int) -> None:
        """Print a measured figure that has no budget (what was done, for the record)."""
        print(f"  {what:<52} {value:9}")

    def skip(self, what: str, why: str) -> None:
        """Print that a figure could not be measured here."""
        print(f"  {what:<52} skipped: {why}")

    def beside_floor(self, what: str, value: float, budget: float, floor: float, unit: str = "ms") -> None:
        """Print a figure with its budget, and the floor (the same work by bare SQLite) with the ratio."""
        scale = 1000 if unit == "ms" else 1
        ok = value <= budget
        self.missed += not ok
        ratio = value / floor if floor > 0 else float("inf")
        print(
            f"  {what:<52} {value * scale:9.3f} {unit}   budget <= {budget * scale:g} {unit}   {'ok' if ok else 'OVER'}"
            f"   floor {floor * scale:.3f} {unit} ({ratio:.1f}x)"
        )

    def missing(self, what: str, path: Path) -> None:
        """Print that an input is missing; a benchmark without its input fails."""
        self.missed += 1
        print(f"  {what:<52} MISSING INPUT {path}: FAILED")
