"""Attribution verbs glued to the word before them (a space lost in the source) are read as two words."""

from __future__ import annotations

import pytest

from storage.assistant.glued import glued_verbs, unglue
from storage.assistant.lexicon import lexicon, tokens
from storage.assistant.rules import suggest_type


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The minister laterclaimed the figures were wrong.", [("laterclaimed", "claimed")]),
        ("Two officialssaid nothing had changed.", [("officialssaid", "said")]),
        ("Local doctorswarned of shortages.", [("doctorswarned", "warned")]),
        # real words that end with a speech verb stay whole
        ("The storm devastated the coast and was foretold by few.", []),
        ("She recalled and proclaimed it, untold and understated.", []),
        ("It was said twice.", []),
    ],
)
def test_glued_verbs_and_real_words(sentence: str, expected: list[tuple[str, str]]) -> None:
    """A verb after four letters or more of another word is glued; prefixes such as fore- or un- are not."""
    assert expected == glued_verbs(tokens(sentence.lower()), lexicon())


def test_unglue_puts_the_space_back_in_the_written_case() -> None:
    """The space goes back before the verb, whatever the case of the letters."""
    assert "Two Officials said it." == unglue("Two Officialssaid it.", [("officialssaid", "said")])


def test_a_glued_verb_makes_reported_speech_with_a_reason() -> None:
    """The reason names the verb and how it was written."""
    suggestion = suggest_type("The ministry laterclaimed that the border stayed open.")
    assert "quote" == suggestion.claim_type
    assert "Quote — reported speech: 'claimed' (written 'laterclaimed', a space lost)" == suggestion.reason
