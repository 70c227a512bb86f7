"""Counts in messages: singular for one, plural otherwise, and no "(s)" left in the command line or storage."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from storage.wording import agreeing, counted

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 claims"), (1, "1 claim"), (2, "2 claims"), (10_000, "10000 claims")]
)
def test_a_count_takes_the_noun_in_its_number(count: int, expected: str) -> None:
    """One is singular; none and many are plural."""
    assert expected == counted(count, "claim")


def test_an_irregular_plural_is_given() -> None:
    """A plural that is not noun + s is passed in; verbs agree the same way."""
    assert ("1 entry", "3 entries") == (counted(1, "entry", "entries"), counted(3, "entry", "entries"))
    assert ("has", "have", "have") == (agreeing(1, "has", "have"), agreeing(0, "has", "have"),
                                       agreeing(2, "has", "have"))  # fmt: skip


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (f-strings' text parts included), with their line numbers."""
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(token.start[0], token.string) for token in tokens if token.type in kinds]


def test_no_message_of_the_command_line_or_storage_says_thing_s() -> None:
    """No "document(s)" or "claim(s)" in a message: every count goes through counted()."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {text}"
        for folder in ("claimmark", "storage")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "wording.py"  # (which says what it replaces)
        for number, text in _strings(path)
        if re.search(r"[a-z]\(s\)", text.replace("http(s)", ""))
    ]
    assert [] == found
