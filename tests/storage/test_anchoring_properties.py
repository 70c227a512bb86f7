"""Property tests of re-anchoring: random edits to a real text (a 100 KB slice of War and Peace).

The edits are insertions, deletions, replacements, moved, deleted and
duplicated paragraphs, whitespace and punctuation changes, and typos inside
quotes. Every annotated span is tracked through them, which gives the truth
that reanchor() is checked against.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from storage.anchoring import AnchorResult, reanchor
from storage.anchoring.alignment import flatten
from storage.records import Annotation
from storage.selectors import quote_selector

from .edit_tracking import Span, TrackedText

WAR_AND_PEACE = Path(__file__).resolve().parents[3] / "shared" / "articles" / "books" / "war-and-peace-gutenberg.txt"
KINDS = ("insert", "delete", "replace", "move", "delete_line", "whitespace", "punctuation", "typo", "cut_quote")
PROPERTY_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@functools.cache
def _slice() -> str:
    """About 100 KB of the novel as canonical text: one paragraph per line."""
    if not WAR_AND_PEACE.exists():
        return ""
    raw = WAR_AND_PEACE.read_text(encoding="utf-8")[400_000:505_000]
    paragraphs = [" ".join(p.split()) for p in raw.split("\n\n")[1:-1]]
    return "\n".join(p for p in paragraphs if p)


@pytest.fixture(scope="module")
def text() -> str:
    """The slice (skips when the novel is not on this machine)."""
    if not _slice():
        pytest.skip("War and Peace is not on this machine")
    return _slice()


quotes = st.lists(st.tuples(st.floats(0, 1), st.integers(16, 160)), min_size=4, max_size=16)
edits = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10**9), st.integers(1, 300)), min_size=1, max_size=8)


def _annotations(text: str, picks: list[tuple[float, int]]) -> list[Annotation]:
    """Word-aligned, non-overlapping quotes at the picked places."""
    spans: list[tuple[int, int]] = []
    for fraction, length in picks:
        start = text.find(" ", int(fraction * (len(text) - 400))) + 1
        end = len(text[: start + length].rstrip())
        if all(end <= s or start >= e for s, e in spans):
            spans.append((start, end))
    return [Annotation(str(i), 1, s, e, *quote_selector(text, s, e), "fact") for i, (s, e) in enumerate(spans)]


def _apply(tracked: TrackedText, kind: str, seed: int, size: int) -> None:
    """Apply one edit of the given kind, chosen by seed."""
    rng, text = random.Random(seed), tracked.text
    where = rng.randrange(len(text) - 400)
    words = text[1000:3000].split()
    if kind == "insert":
        tracked.replace(where, where, " ".join(rng.choices(words, k=1 + size // 10)) + " ")
    elif kind == "delete":
        tracked.replace(where, where + size, "")
    elif kind == "replace":
        tracked.replace(where, where + size, " ".join(rng.choices(words, k=1 + size // 8)))
    elif kind in ("move", "delete_line"):
        lines = tracked.lines()
        line = rng.randrange(len(lines))
        if kind == "move":
            tracked.move_line(line, rng.randrange(len(lines)))
        else:
            tracked.replace(lines[line][0], min(lines[line][1] + 1, len(text)), "")
    elif kind == "whitespace":
        live = [s for s in tracked.spans if not s.crossed and " " in text[s.start + 1 : s.end - 1]]
        space = text.find(" ", live[seed % len(live)].start + 1) if live and seed % 2 else text.find(" ", where)
        tracked.replace(space, space + 1, rng.choice(("\n", "  ", " \n ")), whitespace=True)
    elif kind == "punctuation":
        mark = next((i for i in range(where, len(text)) if text[i] in ",.;:"), where)
        tracked.replace(mark, mark + 1, ";" if text[mark] != ";" else ",")
    else:
        _edit_a_quote(tracked, rng, kind)


def _edit_a_quote(tracked: TrackedText, rng: random.Random, kind: str) -> None:
    """A typo or two inside a quote (under 10% of it), or the quote cut out with its surroundings."""
    live = [s for s in tracked.spans if not s.crossed and s.edited == 0]
    if not live:
        return
    span = rng.choice(live)
    if kind == "cut_quote":
        tracked.replace(max(0, span.start - rng.randint(0, 40)), span.end + rng.randint(0, 40), "")
        return
    touched: set[int] = set()
    for _ in range(max(1, span.length // 25)):
        at = rng.randrange(span.start + 1, span.end - 1)
        if not tracked.text[at].isalpha() or at in touched:
            continue  # a typo changes a letter, not a space or a mark; a second one there could undo the first
        touched.add(at)
        letter = rng.choice([c for c in "etaoinsrh" if c != tracked.text[at]])
        tracked.replace(at, at + 1, letter)


def _run(text: str, picks, edit_list, duplicate: int | None = None) -> tuple[list[AnchorResult], list[Span], str]:
    annotations = _annotations(text, picks)
    tracked = TrackedText(text, [(a.start, a.end) for a in annotations])
    for kind, seed, size in edit_list:
        _apply(tracked, kind, seed, size)
    if duplicate is not None:
        _duplicate_a_paragraph(tracked, duplicate)
    results = reanchor(annotations, text, tracked.text)
    assert [a.uuid for a in annotations] == [r.uuid for r in results]
    return results, tracked.spans, tracked.text


def _duplicate_a_paragraph(tracked: TrackedText, seed: int) -> None:
    """Copy a paragraph holding a quote to a line boundary at least two paragraphs away."""
    rng, lines = random.Random(seed), tracked.lines()
    held = [i for i, (s, e) in enumerate(lines) if any(s <= x.start and x.end <= e for x in tracked.spans)]
    if not held:
        return
    source = rng.choice(held)
    target = rng.choice([i for i in range(len(lines)) if abs(i - source) >= 2])
    where = lines[target][0]
    tracked.replace(where, where, tracked.text[slice(*lines[source])] + "\n")


def _context_closeness(annotation: Annotation, text: str, start: int, end: int) -> float:
    """How much text around [start, end) reads like the annotation's old prefix and suffix (0..2)."""
    old_prefix, old_suffix = flatten(annotation.prefix), flatten(annotation.suffix)
    prefix = flatten(text[max(0, start - len(old_prefix)) : start])
    suffix = flatten(text[end : end + len(old_suffix)])
    return Indel.normalized_similarity(old_prefix, prefix) + Indel.normalized_similarity(old_suffix, suffix)


@PROPERTY_SETTINGS
@given(picks=quotes, edit_list=edits, duplicate=st.one_of(st.none(), st.integers(0, 10**9)))
def test_surviving_text_stays_anchored_to_it(text: str, picks, edit_list, duplicate) -> None:
    """A quote whose words survive is placed exactly on them; with a paragraph duplicated, on the copy whose
    surroundings read most like its old context (the original, unless a copy reads at least as close)."""
    annotations = _annotations(text, picks)
    results, spans, new_text = _run(text, picks, edit_list, duplicate)
    for annotation, result, span in zip(annotations, results, spans, strict=True):
        if span.intact:
            assert result.status in ("anchored", "moved")
            if (span.start, span.end) != (result.start, result.end):  # only another copy may be as close
                assert duplicate is not None and " ".join(result.exact.split()) == " ".join(annotation.exact.split())
                closeness = _context_closeness(annotation, new_text, result.start, result.end)
                assert closeness >= _context_closeness(annotation, new_text, span.start, span.end), (result, span)
            assert new_text[result.start : result.end] == result.exact


@PROPERTY_SETTINGS
@given(picks=quotes, edit_list=edits)
def test_deleted_text_is_orphaned_never_attached_elsewhere(text: str, picks, edit_list) -> None:
    """A quote whose every character was deleted is orphaned, keeping its old quote."""
    annotations = _annotations(text, picks)
    results, spans, new_text = _run(text, picks, [*edit_list, ("cut_quote", 7, 1)])
    for annotation, result, span in zip(annotations, results, spans, strict=True):
        if span.deleted and annotation.exact not in new_text:
            assert ("orphaned", annotation.exact) == (result.status, result.exact)


@PROPERTY_SETTINGS
@given(picks=quotes, edit_list=edits)
def test_lightly_edited_quotes_are_found_and_marked_changed(text: str, picks, edit_list) -> None:
    """A quote with at most 10% of its characters edited is found where it is now, marked changed."""
    results, spans, _ = _run(text, picks, [*edit_list, ("typo", 3, 1), ("typo", 11, 1)])
    for result, span in zip(results, spans, strict=True):
        if span.lightly_edited:
            overlap = min(result.end, span.end) - max(result.start, span.start)
            assert "changed" == result.status, (result, span)
            assert overlap >= 0.8 * (span.end - span.start), (result, span)


@PROPERTY_SETTINGS
@given(picks=quotes, edit_list=edits)
def test_an_attached_annotation_always_overlaps_its_own_text(text: str, picks, edit_list) -> None:
    """Whatever the edits, an annotation that is not orphaned sits on text descending from its quote."""
    results, spans, new_text = _run(text, picks, edit_list)
    for result, span in zip(results, spans, strict=True):
        if result.status != "orphaned" and not span.deleted and not span.split:
            assert result.start < span.end and span.start < result.end, (result, span)
        assert new_text[result.start : result.end] == result.exact or result.status == "orphaned"
