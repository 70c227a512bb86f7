"""Words for counts in messages: "1 claim", "2 claims", never "claim(s)".

Plain functions with no user interface, so the command line and the window
say counts the same way (the window passes its words through tr() itself).
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """Return count and noun in the number it needs: "1 claim", "0 claims", "2 claims".

    Args:
        plural: the plural form when it is not noun + "s" (counted(2, "entry", "entries")).
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def agreeing(count: int, singular: str, plural: str) -> str:
    """Return the verb form that agrees with count: agreeing(1, "has", "have") == "has"."""
    return singular if count == 1 else plural
