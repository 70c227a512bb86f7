"""Re-anchoring 1,000 annotations on War and Peace after 1% and 30% random edits and after a reflow.

Each annotation's true new place is tracked through the edits, so the run can
report accuracy beside the timings: correct, the statuses given, and wrong (an
annotation attached to text that does not descend from it), which must be 0.
The 30% case runs twice with the default work budget (the results must be
identical) and once unbounded (the budget must miss nothing it finds), and
then through `claimmark update` in a fresh process, beside the same update
in process.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import textwrap
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from storage.anchoring import AnchorResult, reanchor, status_counts
from storage.records import Annotation
from storage.selectors import quote_selector

from .common import WAR_AND_PEACE, Report, require, timed

ANNOTATIONS = 1000
EDIT_FRACTION = 0.01
BUDGET_EDITS = 1.0
BUDGET_REFLOW = 2.0
REWRITTEN = 0.30
BUDGET_REWRITTEN = 0.5
UNBOUNDED = 10**12  # a work budget no run reaches


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


def rewrite(text: str, annotations: list[Annotation], rng: random.Random, fraction: float) -> tuple[str, list[Truth]]:
    """Insert, delete and replace random stretches (apart from each other) until fraction of the text is touched.

    Built in one pass over sorted edit sites, so a 30% rewrite of a book takes a fraction of a second.
    """
    words = text[:200_000].split()
    sites, touched = [], 0
    while touched < fraction * len(text):
        kind = rng.choice(("insert", "delete", "replace"))
        start = rng.randrange(len(text) - 300)
        length = 0 if kind == "insert" else rng.randint(1, 200)
        inserted = "" if kind == "delete" else " ".join(rng.choices(words, k=rng.randint(1, 12))) + " "
        sites.append((start, start + length, inserted))
        touched += max(length, len(inserted))
    edits: list[tuple[int, int, str]] = []
    for site in sorted(sites):
        if not edits or site[0] >= edits[-1][1]:
            edits.append(site)
    pieces, position, shifts, shift = [], 0, [], 0
    for start, end, inserted in edits:
        pieces += [text[position:start], inserted]
        position, shift = end, shift + len(inserted) - (end - start)
        shifts.append(shift)
    pieces.append(text[position:])
    return "".join(pieces), [_truth(a, edits, shifts) for a in annotations]


def _truth(annotation: Annotation, edits: list[tuple[int, int, str]], shifts: list[int]) -> Truth:
    truth = Truth(annotation.start, annotation.end, annotation.end - annotation.start)
    first = bisect_right([end for _, end, _ in edits], annotation.start)  # (a list per call: only 1,000 calls)
    last = first
    while last < len(edits) and edits[last][0] < annotation.end:
        start, end, _ = edits[last]
        truth.affected = True
        truth.lost += min(annotation.end, end) - max(annotation.start, start)
        last += 1
    before = shifts[first - 1] if first else 0
    truth.start = (
        edits[first][0] if last > first and edits[first][0] <= annotation.start else annotation.start
    ) + before
    if last > first and edits[last - 1][1] >= annotation.end:
        start, _, inserted = edits[last - 1]
        truth.end = start + (shifts[last - 2] if last >= 2 else 0) + len(inserted)
    else:
        truth.end = annotation.end + (shifts[last - 1] if last else 0)
    return truth


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
    """Run the scenarios; return True when a budget is missed, a placement is wrong or an input is missing."""
    report = Report()
    if not require(report, "re-anchoring on War and Peace", WAR_AND_PEACE):
        return True
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
    wrong += _rewritten(report, text, annotations)
    _command_line(report)
    return bool(report.missed or wrong)


def _rewritten(report: Report, text: str, annotations: list[Annotation]) -> int:
    """30% of the book rewritten: the budgeted run twice (same results), and unbounded (no fewer found)."""
    edited, truths = rewrite(text, annotations, random.Random(5), REWRITTEN)
    first, seconds = timed(lambda: reanchor(annotations, text, edited))
    second, again = timed(lambda: reanchor(annotations, text, edited))
    report.line("re-anchor 1,000 annotations after 30% rewritten (best of 2)", min(seconds, again), BUDGET_REWRITTEN)
    wrong = _print_accuracy(first, truths)
    unhurried, slow = timed(lambda: reanchor(annotations, text, edited, work_budget=UNBOUNDED))
    report.info("  ... the same without a work budget", slow)
    _print_accuracy(unhurried, truths)
    missed = accuracy(first, truths)["missed"] - accuracy(unhurried, truths)["missed"]
    print(f"  identical results on both runs: {first == second}; misses beyond the unbounded run's: {missed}")
    return wrong + (first != second) + max(0, missed)


def _command_line(report: Report) -> None:
    """`claimmark update` of War and Peace with 1,000 claims to a 30%-rewritten file, beside the same in process."""
    from documents import load_path
    from storage import Library
    from storage.anchoring import update_document

    from .fixtures import book_library

    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.sqlite"
        document_id = book_library(book, WAR_AND_PEACE, ANNOTATIONS)
        with Library(book) as library:
            text = library.document_text(document_id)
        new_file = Path(folder) / "war-and-peace-rewritten.txt"
        new_file.write_text(rewrite(text, [], random.Random(9), REWRITTEN)[0], encoding="utf-8")
        copy = Path(folder) / "copy.sqlite"
        copy.write_bytes(book.read_bytes())
        with Library(copy) as library:
            _, in_process = timed(lambda: update_document(library, document_id, load_path(new_file)))
        command = [sys.executable, "-m", "claimmark", "--library", str(book), "update", str(document_id), str(new_file)]
        done, seconds = timed(lambda: subprocess.run(command, capture_output=True, text=True, check=False))
    if done.returncode != 0:
        report.missing("`claimmark update` after 30% rewritten", done.stderr.strip()[-200:])
        return
    report.line("`claimmark update`, 1,000 claims, 30% rewritten: process start to exit", seconds, 1.0,
                floor=in_process)  # fmt: skip
