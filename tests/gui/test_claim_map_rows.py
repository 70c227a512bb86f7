"""The claim map's pixel rows from sorted marks are exactly the rows its per-mark walk gives."""

from __future__ import annotations

import random

from gui.claim_map import ClaimMap
from gui.view_data import sorted_marks


def _per_mark(claim_map: ClaimMap, height: int) -> list[tuple[int, str]]:
    return list({int(fraction * height): colour for fraction, colour in claim_map.marks.values()}.items())


def test_sorted_rows_match_the_per_mark_rows(qtbot) -> None:
    claim_map = ClaimMap()
    qtbot.addWidget(claim_map)
    rng = random.Random(7)
    for count in (0, 1, 3, 200, 5_000):
        length = rng.randint(1, 3_000_000)
        starts = sorted(rng.randint(0, length) for _ in range(count))
        claim_map.marks = {str(i): (s / length, rng.choice(["#a00", "#0a0", "#00a"])) for i, s in enumerate(starts)}
        claim_map._sorted = sorted_marks(claim_map.marks)
        assert claim_map._sorted is not None
        for height in (-2, 0, 1, 7, 197, 997):
            assert list(claim_map._rows(height).items()) == _per_mark(claim_map, height)


def test_unsorted_marks_are_not_taken_as_sorted() -> None:
    assert sorted_marks({"a": (0.5, "#a00"), "b": (0.2, "#0a0")}) is None
    assert sorted_marks({"a": (0.2, "#a00"), "b": (0.2, "#0a0")}) == ([0.2, 0.2], ["#a00", "#0a0"])


def test_a_claim_added_after_showing_drops_the_sorted_columns(qtbot) -> None:
    claim_map = ClaimMap()
    qtbot.addWidget(claim_map)
    claim_map.marks = {"a": (0.5, "#a00")}
    claim_map._sorted = sorted_marks(claim_map.marks)
    claim_map.remove(type("A", (), {"uuid": "a"})())  # type: ignore[arg-type]
    assert claim_map._sorted is None
