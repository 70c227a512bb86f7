"""Cues that make a sentence the writer's fact or opinion: events, measured quantities, interpretations, judgements."""

from __future__ import annotations

import pytest

from storage.assistant.rules import suggest_type


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        # an irregular past tense reports an event as well as "-ed" does
        ("The rebels took the airport at dawn.", "Fact — a reported event"),
        ("The rebels held the town.", "Fact — a reported event"),
        # a number with a unit, a currency or a share weighs more than a bare number
        ("Unemployment fell to 4.2 per cent.", "Fact — a measured quantity and a reported event"),
        ("The storm left 300 people without power.", "Fact — a measured quantity"),
        ("The bridge cost $12m to repair.", "Fact — a measured quantity"),
        # a scheduled event with a date and a number is not a prediction of the writer's
        ("The new line will carry 40,000 passengers a day from 2027.", "Fact — a date and a number"),
    ],
)
def test_fact_cues(sentence: str, reason: str) -> None:
    """Events, quantities and dates make a fact, and the reason names them."""
    assert reason == suggest_type(sentence).reason


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        # a verb inside an interpretation of causes is not a reported event
        ("The crisis stemmed from years of neglect.", "Opinion — 'stemmed from'"),
        ("The unrest was brought about by the new tax.", "Opinion — 'brought about'"),
        # a copula with an intensified word is the writer's judgement
        ("The queue was extremely long.", "Opinion — 'was extremely long'"),
        # a prediction framed as where things are heading
        ("The company is set to dominate the market.", "Opinion — 'is set to'"),
    ],
)
def test_opinion_cues(sentence: str, reason: str) -> None:
    """Interpretations, intensified judgements and predictions make an opinion, and the reason quotes them."""
    assert reason == suggest_type(sentence).reason
