"""Helpers shared by the benchmarks: timing, percentiles, budget lines beside their floors, shared articles.

Every figure is printed with its budget and, where one is measured, its floor:
the same work done by bare SQLite or bare Qt in the same run, so that a busy
machine shows as a slow floor, not as a slow Claimmark. A benchmark whose input
is missing fails: a figure that was not measured is never within budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SHARED_ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"
WAR_AND_PEACE = SHARED_ARTICLES / "books" / "war-and-peace-gutenberg.txt"
TRT_ARTICLE = SHARED_ARTICLES / "trtworld-daesh-k-afghanistan.txt"
_SCALES = {"s": 1, "ms": 1000, "MB": 1}


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """Run function once; return its result and the seconds it took."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile (fraction in 0..1) of samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def median(samples: list[float]) -> float:
    """Return the median (nearest rank) of samples."""
    return percentile(samples, 0.5)


class Report:
    """Prints one line per figure (value, budget, floor, ratio) and remembers whether any was missed."""

    def __init__(self) -> None:
        self.missed = 0

    def line(self, what: str, value: float, budget: float, unit: str = "s", floor: float | None = None) -> bool:
        """Print `what  value  budget <= b  floor f (ratio x)  ok|OVER`; return whether it was within budget.

        Args:
            unit: "s" or "ms" (values are in seconds either way) or "MB".
            floor: the same work done by the bare tools in this run, in the value's unit.
        """
        ok = value <= budget
        self.missed += not ok
        beside = f"   floor {_number(floor, unit)} {unit} ({value / floor:5.1f}x)" if floor else ""
        budget_text = f"<= {_number(budget, unit)} {unit}"
        print(f"  {what:<58} {_number(value, unit):>9} {unit:<2}  budget {budget_text:<12}{beside}   {_verdict(ok)}")
        return ok

    def count(self, what: str, value: int, budget: int) -> None:
        """Print `what: value (budget <= budget) ok|OVER` for a count (losses, failures)."""
        ok = value <= budget
        self.missed += not ok
        print(f"  {what:<52} {value:9d}     budget <= {budget}     {'ok' if ok else 'OVER'}")

    def figure(self, what: str, value: float | int) -> None:
        """Print a measured figure that has no budget (what was done, for the record)."""
        print(f"  {what:<52} {value:9}")

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

    def info(self, what: str, value: float, unit: str = "s", floor: float | None = None) -> None:
        """Print a figure that has no budget of its own (a floor, a count, a part of another figure)."""
        beside = f"   floor {_number(floor, unit)} {unit} ({value / floor:5.1f}x)" if floor else ""
        print(f"  {what:<58} {_number(value, unit):>9} {unit:<2}{beside}")

    def missing(self, what: str, why: str | Path) -> None:
        """Print that a figure could not be measured here (why, or the input not found): a failure, never a pass."""
        self.missed += 1
        reason = f"{why} not found" if isinstance(why, Path) else why
        print(f"  {what:<58} NOT MEASURED: {reason}   FAILED")

    skip = missing  # the older name: a skipped figure fails all the same

    def failed(self) -> bool:
        """Whether any figure was over its budget or not measured."""
        return self.missed > 0


def require(report: Report, what: str, *paths: Path) -> bool:
    """Return whether every input exists; report each missing one as a failure."""
    absent = [path for path in paths if not path.exists()]
    for path in absent:
        report.missing(what, f"{path} not found")
    return not absent


def _number(value: float, unit: str) -> str:
    scaled = value * _SCALES.get(unit, 1)
    return f"{scaled:.3f}" if scaled < 10 else f"{scaled:.1f}" if scaled < 1000 else f"{scaled:,.0f}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"
