"""Re-anchoring 1,000 annotations on War and Peace after 1% random edits and after a reflow.

Each annotation's true new place is tracked through the edits, so the run can
report accuracy beside the timings: correct, the statuses given, and wrong (an
annotation attached to text that does not descend from it), which must be 0.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass

from storage.anchoring import AnchorResult, reanchor, status_counts
from storage.records import Annotation
from storage.selectors import quote_selector

from .common import WAR_AND_PEACE, Report, timed

ANNOTATIONS = 1000
EDIT_FRACTION = 0.01
BUDGET_EDITS = 1.0
BUDGET_REFLOW = 2.0


@dataclass
class Truth:
    """Where an annotation's text is in the edited text, and how much of it survived."""

    start: int
    end: int
    length: int
    lost: int = 0
    affected: bool = False

    @property
    def mostly_gone(self) -> bool:
        return self.lost * 2 > self.length


def make_annotations(text: str, rng: random.Random) -> list[Annotation]:
    """Random word-aligned quotes: a few short ones, most of sentence length."""
    annotations = []
    while len(annotations) < ANNOTATIONS:
        start = text.find(" ", rng.randrange(len(text) - 400)) + 1
        length = rng.choice((rng.randint(3, 12), rng.randint(20, 80), rng.randint(40, 240)))
        end = len(text[: start + length].rstrip())
        if end - start < 3 or not text[start:end].strip() or text[start].isspace():
            continue
        exact, prefix, suffix = quote_selector(text, start, end)
        annotations.append(Annotation(str(len(annotations)), 1, start, end, exact, prefix, suffix, "fact"))
    return annotations


def random_edits(text: str, annotations: list[Annotation], rng: random.Random) -> tuple[str, list[Truth]]:
    """Insert, delete and replace random stretches until 1% of the characters are touched."""
    truths = [Truth(a.start, a.end, a.end - a.start) for a in annotations]
    words = text[:200_000].split()
    touched = 0
    while touched < EDIT_FRACTION * len(text):
        kind = rng.choice(("insert", "delete", "replace"))
        start = rng.randrange(len(text) - 300)
        end = start if kind == "insert" else start + rng.randint(1, 200)
        inserted = "" if kind == "delete" else " ".join(rng.choices(words, k=rng.randint(1, 12))) + " "
        text = text[:start] + inserted + text[end:]
        for truth in truths:
            _track(truth, start, end, len(inserted))
        touched += max(end - start, len(inserted))
    return text, truths


def _track(truth: Truth, start: int, end: int, inserted: int) -> None:
    delta = inserted - (end - start)
    if truth.end <= start:
        return
    if truth.start >= end:
        truth.start, truth.end = truth.start + delta, truth.end + delta
        return
    truth.affected = True
    truth.lost += min(truth.end, end) - max(truth.start, start)
    truth.start = min(truth.start, start)
    truth.end = truth.end + delta if truth.end > end else start + inserted


def reflow(text: str) -> tuple[str, list[int]]:
    """Re-wrap every paragraph at 55 columns; return the text and old->new offsets of non-space characters."""
    paragraphs = [textwrap.fill(" ".join(p.split()), 55) for p in text.split("\n\n")]
    new = "\n\n".join(paragraphs)
    old_visible = [i for i, c in enumerate(text) if not c.isspace()]
    new_visible = [i for i, c in enumerate(new) if not c.isspace()]
    mapping = [0] * (len(text) + 1)
    for old, new_offset in zip(old_visible, new_visible, strict=True):
        mapping[old] = new_offset
    return new, mapping


def reflow_truths(annotations: list[Annotation], mapping: list[int]) -> list[Truth]:
    return [Truth(mapping[a.start], mapping[a.end - 1] + 1, a.end - a.start) for a in annotations]


def accuracy(results: list[AnchorResult], truths: list[Truth]) -> dict[str, int]:
    """Count correct, wrong and missed placements against the tracked truth."""
    tally = {"correct": 0, "wrong": 0, "missed": 0}
    for result, truth in zip(results, truths, strict=True):
        if result.status == "orphaned":
            tally["correct" if truth.mostly_gone else "missed"] += 1
        elif truth.affected:
            overlaps = result.start < truth.end and truth.start < result.end
            tally["correct" if overlaps else "wrong"] += 1
        else:
            tally["correct" if (result.start, result.end) == (truth.start, truth.end) else "wrong"] += 1
    return tally


def _print_accuracy(results: list[AnchorResult], truths: list[Truth]) -> int:
    tally, counts = accuracy(results, truths), status_counts(results)
    print(
        f"  accuracy: correct {tally['correct']} / moved {counts['moved']} / changed {counts['changed']}"
        f" / orphaned {counts['orphaned']} / wrong {tally['wrong']}"
        f"   (anchored {counts['anchored']}, missed {tally['missed']}, of {len(results)})"
    )
    return tally["wrong"]


def main() -> bool:
    """Run both scenarios; return True when a budget is missed or any annotation is placed wrongly."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        report.skip("re-anchor 1,000 annotations", "War and Peace is not on this machine")
        return False
    text = WAR_AND_PEACE.read_text(encoding="utf-8")
    rng = random.Random(20260601)
    annotations = make_annotations(text, rng)
    edited, truths = random_edits(text, annotations, rng)
    results, seconds = timed(lambda: reanchor(annotations, text, edited))
    report.line("re-anchor 1,000 annotations after 1% random edits", seconds, BUDGET_EDITS)
    wrong = _print_accuracy(results, truths)
    reflowed, mapping = reflow(text)
    results, seconds = timed(lambda: reanchor(annotations, text, reflowed))
    report.line("re-anchor 1,000 annotations after a full reflow", seconds, BUDGET_REFLOW)
    wrong += _print_accuracy(results, reflow_truths(annotations, mapping))
    return bool(report.missed or wrong)


if __name__ == "__main__":
    raise SystemExit(main())
