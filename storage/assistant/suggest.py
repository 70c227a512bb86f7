"""Candidate claims for a whole document: every sentence with its suggested type, reason and speaker.

Nothing here is stored: the window's review list and ``claimmark suggest``
show the candidates, and only those a user accepts become annotations
(``accepting.accept_suggestions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from documents import Block

from .lexicon import lexicon
from .rules import QUOTE, Reading, TypeSuggestion, read, suggest_type
from .sentences import Span, snap_to_sentence, split_sentences
from .speakers import SpeakerFinder

CONTEXT_CHARS = 2000  # how far back a selection's speaker looks for the quote before ("he added")


@dataclass(slots=True)
class SuggestedClaim:
    """One candidate claim: a sentence at code-point offsets [start, end) with its suggestion.

    Treat it as a value (retype with dataclasses.replace); not frozen because a book makes 25,000 of them.
    """

    start: int
    end: int
    claim_type: str  # fact | opinion | quote | none
    reason: str
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the claim as a plain dict (for JSON)."""
        return asdict(self)


def suggest_claims(text: str, blocks: Sequence[Block] = (), language: str = "") -> list[SuggestedClaim]:
    """Return a suggestion for every sentence of a canonical text, in reading order ("none" ones included).

    Args:
        text: the canonical text (blocks joined by newlines).
        blocks: the document's blocks, when known: heading blocks are never claims.
        language: the document's language code.
    """
    headings = _heading_starts(blocks)
    speakers = SpeakerFinder(text, language)
    words = lexicon(language)
    claims: list[SuggestedClaim] = []
    open_quote = False
    for start, end in split_sentences(text, language):
        sentence = text[start:end]
        reading = read(sentence, words)
        heading = bool(headings) and text.rfind("\n", 0, start) + 1 in headings
        suggestion = suggest_type(sentence, heading, open_quote, language, reading)
        speaker = ""
        if suggestion.claim_type == QUOTE:
            attributed = "attribution" in reading.hits or "cognition" in reading.hits
            speaker = speakers.speaker(start, end, open_quote, reading.spoken, attributed)
        claims.append(SuggestedClaim(start, end, suggestion.claim_type, suggestion.reason, speaker))
        open_quote = _leaves_quote_open(reading) and not text.startswith("\n", end)
    return claims


def suggest_for_selection(
    text: str, start: int, end: int, language: str = "", finder: SpeakerFinder | None = None
) -> tuple[Span, TypeSuggestion, str]:
    """Suggest a type (and a speaker) for a user's selection: the floating bar's pre-highlight and reason.

    Cheap for one selection; on a book, pass one ``SpeakerFinder(text)`` kept for the open document
    (its index of the text's names is built on first use, ~0.3 s for War and Peace).

    Returns:
        The sentences the selection touches (its snap), the suggestion for them, and the speaker.
    """
    snapped = snap_to_sentence(text, start, end, language)
    sentence = text[snapped[0] : snapped[1]]  # a clause is judged by its sentence
    reading = read(sentence, lexicon(language))
    suggestion = suggest_type(sentence, language=language, reading=reading)
    speaker = ""
    if suggestion.claim_type == QUOTE:
        finder = finder or SpeakerFinder(text, language)
        finder.last_speaker = ""
        back = max(0, snapped[0] - CONTEXT_CHARS)
        for start_before, end_before in split_sentences(text[back : snapped[0]], language)[1 if back else 0 :]:
            finder.speaker(start_before + back, end_before + back)  # meets the quotes before ("he added")
        speaker = finder.speaker(*snapped, outside=reading.spoken)
    return snapped, suggestion, speaker


def _heading_starts(blocks: Sequence[Block]) -> set[int]:
    starts, offset = set(), 0
    for block in blocks:
        if block.kind == "heading":
            starts.add(offset)
        offset += len(block.text) + 1
    return starts


def _leaves_quote_open(reading: Reading) -> bool:
    found, sentence = reading.found, reading.sentence
    return bool(found) and found[-1].end == len(sentence) and sentence[-1:] not in '”"’'
