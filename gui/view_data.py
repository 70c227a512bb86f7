"""What the views show of one document, worked out where the document is prepared (a pool thread for a book).

Pure functions of the document's blocks and annotations: the contents' outline
and the claim map's marks. They cost a step per block or per claim, which on
the UI thread would be a stall when a book with 100,000 claims is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from documents import Block
from documents.model import block_starts
from storage import AnchorStatus, Annotation, ClaimType

_ORPHANED = AnchorStatus.ORPHANED.value


@dataclass(frozen=True)
class Heading:
    """One entry of the contents: where the heading starts, its level and its text."""

    offset: int
    level: int
    text: str


def outline(blocks: list[Block]) -> list[Heading]:
    """Return the headings of blocks with their canonical offsets, levels counted from 1."""
    headings = [(start, block) for start, block in zip(block_starts(blocks), blocks, strict=True)]
    found = [Heading(start, max(1, block.level), block.text) for start, block in headings if block.kind == "heading"]
    top = min((h.level for h in found), default=1)
    return [Heading(h.offset, h.level - top + 1, h.text) for h in found]


def claim_marks(
    annotations: Iterable[Annotation], claim_types: Iterable[ClaimType], length: int
) -> dict[str, tuple[float, str]]:
    """Return uuid -> (share of the text's length, colour) for every annotation with a place in a text of length."""
    colours, length = {t.name: t.colour for t in claim_types}, max(1, length)
    grey = "#888888"
    return {a.uuid: (a.start / length, colours.get(a.claim_type, grey)) for a in annotations if a.status != _ORPHANED}


def sorted_marks(marks: dict[str, tuple[float, str]]) -> tuple[list[float], list[str]] | None:
    """Return the marks' fractions and colours as two lists when the fractions never decrease, else None.

    Marks in reading order come sorted; the claim map then finds each pixel row's mark by bisection.
    """
    fractions = [fraction for fraction, _colour in marks.values()]
    if fractions != sorted(fractions):  # (sorting sorted data is one pass in C)
        return None
    return fractions, [colour for _fraction, colour in marks.values()]
