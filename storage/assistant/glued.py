"""Attribution verbs glued to the word before them, a space lost in the source ("UN expertscalled on").

Text copied or scraped from web pages often loses the space beside a link
("recentlyclaimed", "Althoughdenied"), which hides the speech verb from every
rule. A token is read as two words when it ends with an attribution verb of
four letters or more and what comes before is four letters or more too and not
the beginning of a real word with that ending (``glue_exceptions.txt``: fore+told,
under+stated, deva+stated). Short prefixes never count, which keeps "recalled",
"proclaimed", "untold" whole.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

MIN_PART = 4  # letters on each side of the lost space


def glued_verbs(words: list[str], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Return (token, verb) for each token of words that is a word glued to an attribution verb."""
    verbs = lexicon.glue_suffixes
    found = []
    for token in [t for t in words if len(t) >= 2 * MIN_PART and t.endswith(verbs)]:  # few, in C
        if token not in lexicon.keys:
            verb = next(v for v in verbs if token.endswith(v))
            head = token[: -len(verb)]
            if len(head) >= MIN_PART and head.isalpha() and not head.startswith(lexicon.glue_exceptions):
                found.append((token, verb))
    return found


def unglue(text: str, glued: list[tuple[str, str]]) -> str:
    """Return text with a space put back before each glued verb (the text grows by one per repair)."""
    for token, verb in glued:
        match = re.search(rf"(?<![\w’'-]){re.escape(token)}(?![\w’'-])", text, re.IGNORECASE)
        if match:
            cut = match.end() - len(verb)
            text = f"{text[:cut]} {text[cut:]}"
    return text
