"""The same claim elsewhere: near-identical quotes in other documents, with who said them and where.

Candidates come from the full-text index the library keeps anyway: the
claim's rarest words (of its longest words, those in the fewest quotes) are
paired, and any quote in another document holding a pair is a candidate, so
a copy with one of those words changed is still found. Candidates are then scored by rapidfuzz (in C++) with case and
punctuation ignored (``default_process``). This needs no index of its own:
MinHash signatures over word shingles would be a second index computed in
Python on every insert (0.56 ms of CPU a claim measured here: 56 s more per
100,000 imported); see docs/architecture.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from ..library import Library
from ..records import Annotation
from .matching import fold
from .search import document_titles, shown_by_ids

THRESHOLD = 85.0  # rapidfuzz ratio (0-100) from which two normalised quotes are "near"
RAREST = 4  # rarest words of the quote paired up to find candidates
PROBED = 8  # longest words of the quote whose frequency is looked up
COUNT_CAP = 1_000  # quotes counted at most per word (a bound on work: past it, a word is simply common)
MAX_CANDIDATES = 2_000  # candidates scored at most (a bound on work)
CONTAINED = 95.0  # partial ratio from which one quote is taken to be inside the other
MIN_CONTAINED = 24  # characters a quote needs before "inside another" means anything
MAX_CONTAINED = 200  # candidates (the most alike first) checked for holding the quote, at most
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SimilarClaim:
    """A claim elsewhere whose quote is (nearly) the same: it, its document, how alike."""

    annotation: Annotation  # its speaker, document_id, start and end say who said it and where
    document_title: str
    score: float  # 0-100: rapidfuzz ratio of the normalised quotes (partial ratio for contains/within)
    relation: str  # "same" (identical once normalised), "near", "contains" (it holds this quote), "within"


def normalised(text: str) -> str:
    """Return text as quotes are compared: lower case, no accents, words joined by single spaces."""
    return " ".join(_WORDS.findall(fold(text)))


def similar(library: Library, uuid: str, *, limit: int = 20, threshold: float = THRESHOLD) -> list[SimilarClaim]:
    """Return claims in other documents whose quotes are near-identical to this claim's, most alike first.

    Raises:
        NotFound: no annotation with that uuid.
    """
    claim = library.annotation(uuid)
    words = list(dict.fromkeys(normalised(claim.exact).split()))
    if not words:
        return []
    candidates = _candidates(library, claim, _query(library, words))
    return _results(library, _scored(claim.exact, candidates, threshold)[:limit])


def _scored(exact: str, candidates: list[tuple[int, str]], threshold: float) -> list[tuple[float, str, int]]:
    """(score, relation, row id) of the candidates alike enough, most alike first (rapidfuzz, in C++)."""
    quote = default_process(exact)
    texts = [default_process(text) for _, text in candidates]
    ratios = process.extract(quote, texts, scorer=fuzz.ratio, limit=None)
    scored, checked = [], 0
    for text, ratio, index in ratios:
        if text == quote:
            scored.append((100.0, "same", candidates[index][0]))
        elif ratio >= threshold:
            scored.append((ratio, "near", candidates[index][0]))
        elif checked < MAX_CONTAINED:
            checked += 1
            contained = _contained(quote, text)
            if contained is not None:
                scored.append((contained[0], contained[1], candidates[index][0]))
    return sorted(scored, key=lambda s: (-s[0], s[2]))


def _query(library: Library, words: list[str]) -> str:
    """An FTS5 query for quotes holding two of the claim's rarest words (all of them, when it has two or fewer)."""
    rarest = _rarest(library, words)
    quoted = [f'"{word}"' for word in rarest]
    if len(quoted) <= 2:
        return "exact : (" + " AND ".join(quoted) + ")"
    pairs = " OR ".join(f"({a} AND {b})" for a, b in combinations(quoted, 2))
    return f"exact : ({pairs})"


def _rarest(library: Library, words: list[str]) -> list[str]:
    """The claim's rarest words: of its longest words, those in the fewest quotes (counted up to a cap)."""
    conn = library.conn
    longest = sorted(words, key=len, reverse=True)[:PROBED]
    counts = {
        word: conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT ?)",
            [f'exact : "{word}"', COUNT_CAP],
        ).fetchone()[0]
        for word in longest
    }
    known = [word for word in longest if counts[word]]  # a word the index splits otherwise is left out
    return sorted(known or longest, key=lambda w: (counts[w], -len(w)))[:RAREST]


def _candidates(library: Library, claim: Annotation, match: str) -> list[tuple[int, str]]:
    rows = library.conn.execute(
        "SELECT a.id, a.exact FROM annotations_fts JOIN annotations a ON a.id = annotations_fts.rowid"
        " WHERE annotations_fts MATCH ? AND a.document_id != ? LIMIT ?",
        [match, claim.document_id, MAX_CANDIDATES],
    )
    return rows.fetchall()


def _contained(quote: str, other: str) -> tuple[float, str] | None:
    """Whether one quote stands inside the other: (partial ratio, "contains" or "within"), or None."""
    shorter, longer = sorted((quote, other), key=len)
    if len(shorter) < MIN_CONTAINED or len(shorter) > 0.8 * len(longer):
        return None
    partial = fuzz.partial_ratio(shorter, longer, score_cutoff=CONTAINED)
    if not partial:
        return None
    return partial, "contains" if longer is other else "within"


def _results(library: Library, scored: list[tuple[float, str, int]]) -> list[SimilarClaim]:
    found = shown_by_ids(library, [row_id for _, _, row_id in scored])
    titles = document_titles(library, {a.document_id for a in found.values()})
    return [
        SimilarClaim(found[row_id], titles.get(found[row_id].document_id, ""), round(score, 1), relation)
        for score, relation, row_id in scored
        if row_id in found
    ]
