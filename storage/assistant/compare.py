"""Answer keys: a teacher's key compared with a student's tagging of the same document.

Matching: a key claim and a student claim match when the characters they
share are at least half of the characters either covers (overlap over union
>= MATCH_AT), or when both lie in the same sentence (the sentence each
overlaps most). Pairs are matched one to one, best overlap first.

For each claim the outcome is *agreed* (matched, same type), *type differs*
(matched, the key's type and note shown), *missed* (a key claim the student
has not) or *extra* (a student claim the key has not). Over them:

- a confusion matrix, key type by student type, "none" for missed and extra;
- span precision, recall and F1: matched student claims over all student
  claims, matched key claims over all key claims, and their harmonic mean;
  the same counting only agreed pairs ("typed");
- Cohen's kappa at sentence level: every sentence of the text takes the type
  of the claim that overlaps it most (if that claim lies mostly in it or
  covers most of it), else "none", once for the key and once for the student;
  kappa = (p_o - p_e) / (1 - p_e), undefined (None) when p_e = 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .sentences import Span, split_sentences

MATCH_AT = 0.5
NONE = "none"
AGREED, TYPE_DIFFERS, MISSED, EXTRA = "agreed", "type differs", "missed", "extra"


@dataclass(frozen=True)
class Claim:
    """A claim as compared: where it is on the canonical text, its type, note and speaker."""

    start: int
    end: int
    claim_type: str
    note: str = ""
    speaker: str = ""
    exact: str = ""


@dataclass(frozen=True)
class ClaimOutcome:
    """One row of the report: a key claim, a student claim, or a matched pair of both."""

    outcome: str  # agreed | type differs | missed | extra
    key: Claim | None
    student: Claim | None
    overlap: float  # characters in common over union (0 when unmatched)


@dataclass
class Scores:
    """Precision, recall and F1 from counts (0.0 where a count is zero)."""

    matched_student: int
    student: int
    matched_key: int
    key: int

    @property
    def precision(self) -> float:
        return self.matched_student / self.student if self.student else 0.0

    @property
    def recall(self) -> float:
        return self.matched_key / self.key if self.key else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Return the counts and the three scores."""
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class Comparison:
    """Everything the report says, each number derived from the outcomes and sentences here."""

    outcomes: list[ClaimOutcome]
    labels: list[str]  # claim types in the matrix, "none" last
    confusion: dict[str, dict[str, int]]  # key type -> student type -> count
    spans: Scores
    typed: Scores
    sentence_labels: list[tuple[Span, str, str]] = field(default_factory=list)  # (sentence, key, student)
    kappa: float | None = None

    def counts(self) -> dict[str, int]:
        """Return how many claims had each outcome."""
        found = Counter(outcome.outcome for outcome in self.outcomes)
        return {name: found.get(name, 0) for name in (AGREED, TYPE_DIFFERS, MISSED, EXTRA)}

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as plain data (for JSON)."""
        return {
            "counts": self.counts(), "spans": self.spans.to_dict(), "typed": self.typed.to_dict(),
            "kappa": self.kappa, "sentences": len(self.sentence_labels), "labels": self.labels,
            "confusion": self.confusion,
            "claims": [
                {"outcome": o.outcome, "overlap": round(o.overlap, 3), "key": o.key and asdict(o.key),
                 "student": o.student and asdict(o.student)} for o in self.outcomes
            ],
        }  # fmt: skip


def compare(text: str, key: Sequence[Claim], student: Sequence[Claim], language: str = "") -> Comparison:
    """Compare a student's claims with a key's on one canonical text."""
    sentences = split_sentences(text, language)
    pairs = _match(key, student, sentences)
    outcomes = _outcomes(key, student, pairs)
    labels = _labels(key, student)
    agreed = sum(o.outcome == AGREED for o in outcomes)
    sentence_labels = [(s, _sentence_label(s, key), _sentence_label(s, student)) for s in sentences]
    return Comparison(
        outcomes, labels, _confusion(outcomes, labels),
        Scores(len(pairs), len(student), len(pairs), len(key)), Scores(agreed, len(student), agreed, len(key)),
        sentence_labels, cohen_kappa([(k, s) for _, k, s in sentence_labels]),
    )  # fmt: skip


def overlap(a: Claim, b: Claim) -> float:
    """Return the characters two claims share over the characters either covers."""
    common = min(a.end, b.end) - max(a.start, b.start)
    if common <= 0:
        return 0.0
    return common / (max(a.end, b.end) - min(a.start, b.start))


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Return Cohen's kappa of paired labels, or None when chance agreement is certain (p_e = 1)."""
    pairs = list(pairs)
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(a == b for a, b in pairs) / total
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (total * total)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def _match(key: Sequence[Claim], student: Sequence[Claim], sentences: list[Span]) -> list[tuple[int, int, float]]:
    """Return one-to-one (key index, student index, overlap) pairs, best overlap first."""
    home_key = [_home(claim, sentences) for claim in key]
    home_student = [_home(claim, sentences) for claim in student]
    candidates = []
    for i, k in enumerate(key):
        for j, s in enumerate(student):
            shared = overlap(k, s)
            if shared >= MATCH_AT or (home_key[i] is not None and home_key[i] == home_student[j]):
                candidates.append((shared, i, j))
    pairs, used_key, used_student = [], set(), set()
    for shared, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_key and j not in used_student:
            pairs.append((i, j, shared))
            used_key.add(i)
            used_student.add(j)
    return pairs


def _home(claim: Claim, sentences: list[Span]) -> int | None:
    """Return the index of the sentence a claim overlaps most (None when it overlaps none)."""
    best, found = 0, None
    for index, (start, end) in enumerate(sentences):
        if start >= claim.end:
            break
        shared = min(end, claim.end) - max(start, claim.start)
        if shared > best:
            best, found = shared, index
    return found


def _outcomes(
    key: Sequence[Claim], student: Sequence[Claim], pairs: list[tuple[int, int, float]]
) -> list[ClaimOutcome]:
    rows = [
        ClaimOutcome(AGREED if key[i].claim_type == student[j].claim_type else TYPE_DIFFERS, key[i], student[j], shared)
        for i, j, shared in pairs
    ]
    matched_key, matched_student = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    rows += [ClaimOutcome(MISSED, claim, None, 0.0) for i, claim in enumerate(key) if i not in matched_key]
    rows += [ClaimOutcome(EXTRA, None, claim, 0.0) for j, claim in enumerate(student) if j not in matched_student]
    return sorted(rows, key=lambda o: _position(o))


def _position(outcome: ClaimOutcome) -> tuple[int, int]:
    claim = outcome.key or outcome.student
    assert claim is not None
    return claim.start, claim.end


def _labels(key: Sequence[Claim], student: Sequence[Claim]) -> list[str]:
    order = ["fact", "opinion", "quote"]
    seen = {c.claim_type for c in [*key, *student]}
    return [t for t in order if t in seen] + sorted(seen - set(order) - {NONE}) + [NONE]


def _confusion(outcomes: list[ClaimOutcome], labels: list[str]) -> dict[str, dict[str, int]]:
    matrix = {row: dict.fromkeys(labels, 0) for row in labels}
    for o in outcomes:
        row = o.key.claim_type if o.key else NONE
        column = o.student.claim_type if o.student else NONE
        matrix[row][column] += 1
    return matrix


def _sentence_label(sentence: Span, claims: Sequence[Claim]) -> str:
    """The type of the claim overlapping the sentence most, if mostly within it or covering most of it."""
    start, end = sentence
    best, label = 0, NONE
    for claim in claims:
        shared = min(end, claim.end) - max(start, claim.start)
        if shared > best and (2 * shared >= end - start or 2 * shared >= claim.end - claim.start):
            best, label = shared, claim.claim_type
    return label
