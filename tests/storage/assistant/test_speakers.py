"""The speaker of a quote: named around its attribution verb, full names for surnames, pronouns followed."""

from __future__ import annotations

from storage.assistant.sentences import split_sentences
from storage.assistant.speakers import SpeakerFinder

TEXT = "\n".join([
    "Anatol Lieven, a Senior Research Fellow at the Quincy Institute, explained that the group would fail.",
    "“China would certainly give help,” he added.",
    "“It is only a matter of time,” Rabia Akhtar, a non-resident senior fellow, told TRT World.",
    "“The poorer Afghans become, the better for ISK,” according to Lieven.",
    "“That is why present policy is counter-productive.”",
    "Officials met. UN experts called on Washington to “take into serious consideration the crisis.”",
    "“We are not against visitors,” said Mayor Ines Carvalho, who cast the deciding vote.",
    "The report by the University and College Union claims institutions created a pool of staff.",
    "But a spokesperson for the Universities and Colleges Employers’ Association (UCEA) said it had acted.",
    "Chinese President Xi Jinping said it was “an unusual time” for all.",
])  # fmt: skip


def _speakers(text: str) -> list[str]:
    finder = SpeakerFinder(text)
    return [finder.speaker(start, end) for start, end in split_sentences(text)]


def test_speakers_of_attributed_quotes() -> None:
    """Names before or after the verb, appositives, surnames, pronouns and running-on quotes each find their speaker."""
    assert [
        "Anatol Lieven", "Anatol Lieven", "Rabia Akhtar", "Anatol Lieven", "Anatol Lieven", "", "UN experts",
        "Ines Carvalho", "University and College Union", "Universities and Colleges Employers’ Association",
        "Xi Jinping",
    ] == _speakers(TEXT)  # fmt: skip


def test_the_person_told_is_not_the_speaker() -> None:
    """After "told" comes the listener: the speaker is the subject before the verb."""
    text = "“We will win,” the coach told reporters. Jo Grady told the BBC that staff were shocked."
    assert ["", "Jo Grady"] == _speakers(text)


def test_a_surname_takes_the_nearest_full_name_before_it() -> None:
    """With two people of one surname, a bare surname is the one named last before the quote."""
    text = "Maria Li arrived. Di Li followed. “It works,” says Li. Maria Li spoke later."
    spans = split_sentences(text)
    assert "Di Li" == SpeakerFinder(text).speaker(*spans[2])


def test_no_name_nearby_means_no_speaker() -> None:
    """A quotation with no attribution and no quote before it has no speaker."""
    assert [""] == _speakers("“Nobody knows what happens next,” the notice read at the door.")


def test_a_glued_verb_still_finds_its_speaker() -> None:
    """ "Unite leaderswarned" (a space lost) is read as "Unite leaders warned": the subject speaks."""
    from storage.assistant.suggest import suggest_claims

    text = "On Monday, Unite leaderswarned that strikes “would spread to every port in the country.”"
    assert ["Unite leaders"] == [c.speaker for c in suggest_claims(text)]


def test_the_subject_after_a_leading_phrase_is_the_speaker() -> None:
    """A date or place phrase before a comma is not part of the subject: "In Geneva, WHO officials said"."""
    text = "In Geneva on Friday, WHO officials said the outbreak “is far from over, and cases are rising.”"
    assert ["WHO officials"] == _speakers(text)


def test_an_adverb_before_the_verb_is_not_part_of_the_speaker() -> None:
    """ "Acme Corp recently announced" -> "Acme Corp"."""
    assert ["Acme Corp"] == _speakers("Acme Corp recently announced that it “will close three plants next year.”")


def test_a_surname_spelt_one_letter_apart_takes_the_full_name() -> None:
    """A typo in the source ("Hendricks" for "Hendriks") still finds the person named in full earlier."""
    text = "Marta Hendriks, an economist at the bank, spoke first. “Rates will stay high,” Hendricks said."
    assert ["", "Marta Hendriks"] == _speakers(text)


def test_a_word_starting_a_sentence_is_not_part_of_a_name() -> None:
    """ "Yesterday Joe Carver" at a sentence's start: "yesterday" is written in lower case too, so not a name."""
    text = "It rained yesterday. Yesterday Joe Carver arrived. “We start now,” Carver said."
    assert ["", "", "Joe Carver"] == _speakers(text)


def test_a_first_name_alone_takes_the_full_name_it_begins() -> None:
    """ "said Elena" after "Elena Vasquez" was named: the full name."""
    text = "Elena Vasquez runs the clinic. “We need more nurses,” said Elena."
    assert ["", "Elena Vasquez"] == _speakers(text)


def test_he_and_she_follow_the_speaker_they_fit() -> None:
    """With a man and a woman quoted, "she" is the woman even when the man spoke last; "said he" too."""
    text = "\n".join([
        "“The vote is close,” said Mrs Alma Ruiz.",
        "“We will see,” said Mr Tom Baker.",
        "“I counted twice,” she added.",
        "“Then count again,” said he.",
    ])  # fmt: skip
    assert ["Alma Ruiz", "Tom Baker", "Alma Ruiz", "Tom Baker"] == _speakers(text)


def test_a_pronoun_learns_who_it_refers_to() -> None:
    """Once "she" referred to a speaker, a later "he" skips her for the speaker before."""
    text = "\n".join([
        "“Prices rose,” Sam Ortiz said.",
        "“Wages did not,” Kim Lee said.",
        "“That is the problem,” she added.",
        "“It will pass,” he said.",
    ])  # fmt: skip
    assert ["Sam Ortiz", "Kim Lee", "Kim Lee", "Sam Ortiz"] == _speakers(text)


def test_a_title_alone_is_the_latest_speaker_with_that_title() -> None:
    """ "the senator" is the senator quoted last, not another senator merely mentioned since."""
    text = "\n".join([
        "“We will block it,” said Senator Ann Wells.",
        "She met Senator Bo Grant on Monday.",
        "“Nothing has changed,” the senator said.",
    ])  # fmt: skip
    assert ["Ann Wells", "", "Ann Wells"] == _speakers(text)


def test_a_name_like_new_york_at_a_sentence_start_stays_whole() -> None:
    """ "New" is written in lower case too, but it ends like no common word: "New York Times" stays whole."""
    text = "It was new. New York Times staff agreed. “We stay,” said Times staff."
    assert ["", "", "New York Times"] == _speakers(text)


def test_people_of_an_organisation_after_the_verb_are_the_organisation() -> None:
    """ "according to analysts at Fitch Ratings", "said officials from the Red Cross": the organisation named."""
    text = "\n".join([
        "The plan will fail, according to analysts at Fitch Ratings.",
        "“Supplies are running out,” said senior officials from the Red Cross.",
    ])  # fmt: skip
    assert ["Fitch Ratings", "Red Cross"] == _speakers(text)
