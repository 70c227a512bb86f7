"""Answer keys: matching, outcomes, the confusion matrix, span scores and kappa, each checked by hand."""

from __future__ import annotations

import pytest

from storage.assistant.answer_keys import report_markdown
from storage.assistant.compare import Claim, cohen_kappa, compare, overlap

#        0         1         2         3         4
#        0123456789012345678901234567890123456789012345
TEXT = "Alpha one. Beta two. Gamma three. Delta four."
S0, S1, S2, S3 = (0, 10), (11, 20), (21, 33), (34, 45)


def test_outcomes_matrix_scores_and_kappa_of_a_hand_made_pair() -> None:
    """Agreed, type differs (with the key's note), missed and extra, and every number, by hand."""
    key = [Claim(*S0, "fact"), Claim(*S1, "opinion", note="A judgement."), Claim(*S2, "quote")]
    student = [Claim(0, 4, "fact"), Claim(*S1, "fact"), Claim(*S3, "opinion")]
    result = compare(TEXT, key, student)
    # "Alph" shares 4 of 10 characters with the key's sentence (0.4 < 0.5) but lies in the same sentence: matched.
    assert [("agreed", 0), ("type differs", 11), ("missed", 21), ("extra", 34)] == [
        (o.outcome, (o.key or o.student).start) for o in result.outcomes
    ]
    assert "A judgement." == result.outcomes[1].key.note
    assert {"agreed": 1, "type differs": 1, "missed": 1, "extra": 1} == result.counts()
    # Rows are the key, columns the student; missed and extra fall on "none".
    assert ["fact", "opinion", "quote", "none"] == result.labels
    assert {"fact": 1, "opinion": 0, "quote": 0, "none": 0} == result.confusion["fact"]
    assert {"fact": 1, "opinion": 0, "quote": 0, "none": 0} == result.confusion["opinion"]
    assert {"fact": 0, "opinion": 0, "quote": 0, "none": 1} == result.confusion["quote"]
    assert {"fact": 0, "opinion": 1, "quote": 0, "none": 0} == result.confusion["none"]
    # Spans: 2 matched of 3 student claims, 2 of 3 key claims: P = R = 2/3, F1 = 2PR/(P+R) = 2/3.
    assert (2 / 3, 2 / 3, 2 / 3) == pytest.approx((result.spans.precision, result.spans.recall, result.spans.f1))
    # Typed: only the agreed pair counts: P = R = F1 = 1/3.
    assert (1 / 3, 1 / 3, 1 / 3) == pytest.approx((result.typed.precision, result.typed.recall, result.typed.f1))
    # Sentences: key [fact, opinion, quote, none], student [fact, fact, none, opinion].
    assert [("fact", "fact"), ("opinion", "fact"), ("quote", "none"), ("none", "opinion")] == [
        (k, s) for _, k, s in result.sentence_labels
    ]
    # p_o = 1/4; key marginals 1,1,1,1 and student fact 2, opinion 1, none 1:
    # p_e = (1*2 + 1*1 + 1*0 + 1*1) / 16 = 4/16 = 1/4; kappa = (1/4 - 1/4) / (1 - 1/4) = 0.
    assert 0.0 == pytest.approx(result.kappa)


def test_kappa_of_five_sentences_by_hand() -> None:
    """Key [f, f, o, n, n] against student [f, o, o, n, f]: p_o = 3/5, p_e = 8/25, kappa = 0.28/0.68."""
    pairs = [("fact", "fact"), ("fact", "opinion"), ("opinion", "opinion"), ("none", "none"), ("none", "fact")]
    # Key: fact 2, opinion 1, none 2; student: fact 2, opinion 2, none 1 -> p_e = (2*2 + 1*2 + 2*1) / 25 = 8/25.
    assert (0.6 - 0.32) / (1 - 0.32) == pytest.approx(cohen_kappa(pairs))
    assert 0.41176 == pytest.approx(cohen_kappa(pairs), abs=1e-5)


def test_kappa_is_undefined_when_both_sides_use_one_label() -> None:
    """With p_e = 1 (everything "none" on both sides) kappa has no value; with no sentences neither."""
    assert cohen_kappa([("none", "none")] * 3) is None
    assert cohen_kappa([]) is None


def test_overlap_over_union_decides_matches_across_sentences() -> None:
    """Claims over two sentences match at IoU >= 0.5 and not below; each claim matches once."""
    key = [Claim(0, 20, "fact")]  # S0 and S1
    assert 10 / 20 == overlap(key[0], Claim(0, 10, "fact"))
    wide = compare(TEXT, key, [Claim(5, 25, "fact")])  # shares 15 of 25 = 0.6
    assert ["agreed"] == [o.outcome for o in wide.outcomes]
    narrow = compare(TEXT, [Claim(0, 33, "fact")], [Claim(25, 45, "fact")])  # 8 of 45; homes S0 vs S3
    assert ["missed", "extra"] == [o.outcome for o in narrow.outcomes]
    twice = compare(TEXT, [Claim(*S1, "quote")], [Claim(11, 15, "quote"), Claim(16, 20, "fact")])
    assert ["agreed", "extra"] == [o.outcome for o in twice.outcomes]
    # Spans: 1 of 2 student claims matched, 1 of 1 key claim: P = 1/2, R = 1, F1 = 2 * 0.5 * 1 / 1.5 = 2/3.
    assert (0.5, 1.0, 2 / 3) == pytest.approx((twice.spans.precision, twice.spans.recall, twice.spans.f1))


def test_report_shows_the_numbers_the_matrix_and_the_keys_notes() -> None:
    """The Markdown report carries each figure of the comparison and the key's note where the type differs."""
    key = [Claim(*S0, "fact", exact="Alpha one."), Claim(*S1, "opinion", note="A *judgement*.", exact="Beta two.")]
    student = [Claim(*S0, "fact", exact="Alpha one."), Claim(*S1, "fact", exact="Beta two.")]
    report = report_markdown(compare(TEXT, key, student), "Greek letters", "teacher", "ann")
    assert "| span F1 | 1.000 |" in report and "| typed F1 | 0.500 |" in report
    # Sentences key [fact, opinion, none, none], student [fact, fact, none, none]: p_o = 3/4,
    # p_e = (1*2 + 1*0 + 2*2) / 16 = 6/16, kappa = (12/16 - 6/16) / (10/16) = 0.6.
    assert "| Cohen's kappa (4 sentences) | 0.600 |" in report
    assert "| opinion | 1 | 0 | 0 |" in report
    assert (
        "- **type differs**: you tagged fact, the key says opinion: “Beta two.”. Key's note: A \\*judgement\\*."
        in report
    )
