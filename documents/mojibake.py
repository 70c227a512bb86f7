"""Repair text that is plainly mojibake: UTF-8 that was once read as Latin-1 or Windows-1252.

Only byte sequences that spell a valid UTF-8 character when read back as
Windows-1252 are replaced (``Ã¡`` -> ``á``, ``â€œ`` -> ``“``), through ftfy's
lenient ``sloppy-windows-1252`` codec; correctly accented text never matches, and
a whole book costs a couple of regular-expression passes.
"""

from __future__ import annotations

import re

# Characters that UTF-8 continuation bytes 0x80-0xBF become in Windows-1252/Latin-1.
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# One pattern (a lead byte and its run of continuation bytes) scans a book several
# times faster than an alternation of the three sequence lengths.
_SEQUENCE = re.compile(f"[\u00c2-\u00f4]{_CONT}+")
# "à" is C3 A0; the A0 (no-break space) is often lost to an ordinary space: "Ã  la".
_A_GRAVE = re.compile("\u00c3[\u00a0 ](?=\\W|$)")
_PLAINLY = 3  # this many repaired sequences make a text plainly mojibake

REPAIR_NOTE = "repaired mojibake (UTF-8 text that had been decoded as Latin-1/Windows-1252)"


def may_hold_mojibake(text: str) -> bool:
    """Return whether text holds a sequence repair_mojibake (or ftfy) could turn into one character."""
    return _SEQUENCE.search(text) is not None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Return text with mojibake repaired, and how many sequences were repaired.

    Text with fewer than a few repairable sequences is returned unchanged: a lone
    "Ã©" may be deliberate, dozens of them are not.
    """
    if not _SEQUENCE.search(text):
        return text, 0
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec; loaded only when needed)

    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        run = match.group(0)
        length = 2 if run[0] <= "\u00df" else 3 if run[0] <= "\u00ef" else 4  # UTF-8 sequence length
        if len(run) < length:
            return run
        try:
            repaired = run[:length].encode("sloppy-windows-1252").decode("utf-8")
        except UnicodeError:
            return run
        count += 1
        return repaired + run[length:]

    repaired = _SEQUENCE.sub(fix, text)
    if count < _PLAINLY:
        return text, 0
    repaired, extra = _A_GRAVE.subn("à", repaired)
    return repaired, count + extra
