"""The rules that suggest a claim type for a sentence, each with the one-line reason a student reads.

In order, the first that applies decides:

1. **Not a claim** (``none``): a heading, page furniture ("Leave a Reply",
   "Additional reporting by"), a byline, a date line, a footnote, a short label
   without a full stop (a table cell), or a question.
2. **Quote**: someone's words in quotation marks (four words or more, or a
   short passage ending a sentence; not a title in capitals), or a quotation
   going on from the sentence before, or reported speech: an attribution verb
   or phrase ("told", "explained", "according to Lieven"), or a view
   attributed with "that" ("Li hopes that").
3. **Opinion** or **fact**, by weighing cues outside quotation marks.
   Opinion: recommendation and obligation ("should", "would be wise"),
   stance ("I think", "it is difficult to …"), hedges ("probably", "could"),
   predictions ("will", "is set to"), evaluative words ("excellent",
   "unfair"), an intensified judgement ("was particularly gruesome"),
   intensifiers, interpretations of causes ("stemmed from"), an exclamation.
   Fact: numbers (more for a measured quantity: "40 per cent", "$3m",
   "300 people"), dates, names (capitalised words inside the sentence) and
   reported events (a verb in the past tense, "-ed" or irregular: "took",
   "fell"; not one inside an interpretation, "brought about"). Opinion wins
   when its weight reaches OPINION_AT and is not below the fact weight;
   otherwise fact.

Words come from ``words/<language>/*.txt`` (see lexicon.py); the weights are below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .glued import glued_verbs, unglue
from .lexicon import Lexicon, lexicon, tokens
from .quotations import Quotation, blank, quotations

FACT, OPINION, QUOTE, NONE = "fact", "opinion", "quote", "none"
LABELS = {FACT: "Fact", OPINION: "Opinion", QUOTE: "Quote", NONE: "Not a claim"}
# Weights of the opinion cues, and of the fact cues they are weighed against.
OPINION_WEIGHTS = {
    "recommendation": 2.0, "stance": 2.0, "hedges": 1.0, "prediction": 1.0, "evaluative": 1.0,
    "subjective_adjectives": 0.5, "intensifiers": 0.5, "interpretation": 0.5,
}  # fmt: skip
FACT_WEIGHTS = {"number": 1.0, "quantity": 1.5, "date": 1.0, "names": 0.25, "event": 0.5}
UNANCHORED = 0.5  # opinion weight added when some opinion cue meets no date, number or reported event
INTENSIFIED = 1.0  # weight of a copula with an intensified word ("was particularly gruesome")
OPINION_AT = 1.0  # the least opinion weight that can make an opinion
SHORT_LABEL_WORDS = 6  # a block this short without a full stop is a heading or a label

_HAS_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d(?:s)?\b")
_CALENDAR = "January|February|March|April|May|June|July|August|September|October|November|December|" + (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
# A capitalised word past the first that is not "I" or a month or day: a name.
_NAME_INSIDE = re.compile(rf"(?<![\w'’])(?!I\b|I'|(?:{_CALENDAR})\b)[A-Z]")
_PAST_TENSE = re.compile(r"\b[a-z]{3,}ed\b")
# A number with its unit, a currency or a share: "40 per cent", "$3m", "12 km", "2.5 times", "300 people".
_QUANTITY = re.compile(
    r"[$€£¥]\s?\d|\d(?:[\d,.]*\d)?\s?(?:%|per ?cent|percent|bn\b|m\b|k\b|km|kg|mph|°|"
    r"(?:(?:hundred|thousand|million|billion|trillion)\s)?(?:kilomet|met|mile|tonne|ton|kilogram|gram|litre|liter|"
    r"gallon|dollar|euro|pound|yuan|yen|rupee|people|person|times|degree|hour|minute|second|day|week|month|"
    r"year|vote|seat|case|death|patient|student|worker|job|home|house|ship|barrel|acre|hectare|gb|mb|byte)[a-z]*)"
)
_STANCE_FRAME = re.compile(
    r"\bit(?:'s| is| was| would be| seems)((?: not| only| almost| hardly| so| very| quite)*) (\w+)"
)
# A copula with an intensified word after it: the writer's judgement ("is very bold", "was truly awful").
_INTENSIFIED = re.compile(r"\b(is|are|was|were|be|been|seems|seemed|remains|remained) (\w+) ([a-z]{3,})\b")
_ACCORDING_TO_DATA = re.compile(
    r"according to (?:the )?(?:figures|data|statistics|estimates|records|a report|a study|a survey|a poll|research)"
)
_THAT_VIEW = re.compile(r"\b(\w+) (\w+) that\b")
# An attribution word used as a noun ("their say", "the claims"), or saying nothing.
_NOT_SPEECH = re.compile(r"\b(?:a|an|the|their|his|her|its|our|my|your|no)\s+(\w+)|\b(\w+)\s+(?:nothing|no more)\b")
_FIRST_PERSON_VERB = re.compile(r"\b(?:i|we) (\w+)")
_NOUN_LIKE = frozenset(
    ["say", "says", "claim", "claims", "answer", "answers", "reply", "replies", "notes", "reports", "word", "words"]
)
_BYLINE = re.compile(r"By\s+[A-Z]")
_COMMENT_COUNT = re.compile(r"\d+ (?:comments?|replies|responses)\b", re.IGNORECASE)
_PLEASE = re.compile(r"\bplease\b")
_CLOSERS = "”’\"') ]"
_UNANCHORED_CUE = "(nothing dated, counted or reported)"
_DESCRIPTIONS = {
    "date": "a date", "number": "a number", "quantity": "a measured quantity", "names": "names",
    "event": "a reported event",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TypeSuggestion:
    """A suggested claim type with its one-line reason and the cues behind it."""

    claim_type: str  # fact | opinion | quote | none
    reason: str  # "Quote — quotation marks and 'told'"
    cues: tuple[str, ...] = ()


@dataclass(slots=True)
class Reading:
    """What the rules read in a sentence: its quotations, the text outside them, its words and list hits."""

    sentence: str
    found: list[Quotation]
    outside: str  # the sentence with quoted text blanked (same length)
    lowered: str  # outside, lower case, straight apostrophes (glued verbs set apart)
    words: list[str]
    hits: dict[str, list[str]]  # list name -> entries found outside quotations
    glued: list[tuple[str, str]] = field(default_factory=list)  # (token as written, verb) of glued.py
    spoken: str = ""  # outside with the glued verbs set apart (longer by one a repair); what speakers read


def read(sentence: str, words: Lexicon) -> Reading:
    """Return the Reading of one sentence (an attribution verb glued to the word before it read apart)."""
    found = quotations(sentence)
    outside = blank(sentence, found)
    lowered = outside.lower().replace("’", "'")
    listed = tokens(lowered)
    glued = glued_verbs(listed, words)
    spoken = outside
    if glued:
        spoken = unglue(outside, glued)
        lowered = spoken.lower().replace("’", "'")
        listed = tokens(lowered)
    return Reading(sentence, found, outside, lowered, listed, words.scan(listed), glued, spoken)


def suggest_type(
    sentence: str, heading: bool = False, in_quote: bool = False, language: str = "", reading: Reading | None = None
) -> TypeSuggestion:
    """Suggest the claim type of one sentence.

    Args:
        sentence: the sentence's text.
        heading: it is (in) a heading block.
        in_quote: the sentence before left a quotation open (a quote running on).
        language: the document's language code; English lists when there are none for it.
        reading: the sentence's Reading, when the caller has it already.
    """
    words = lexicon(language)
    if heading:
        return _none("a heading")
    furniture = _not_a_claim(sentence, words)
    if furniture:
        return _none(furniture)
    reading = reading or read(sentence, words)
    quote = _quote(reading, words, in_quote)
    if quote is not None:
        return quote
    if sentence.rstrip(_CLOSERS).endswith("?"):
        return _none("a question")
    return _opinion_or_fact(reading, words)


def _none(why: str) -> TypeSuggestion:
    return TypeSuggestion(NONE, f"{LABELS[NONE]} — {why}")


def _not_a_claim(sentence: str, words: Lexicon) -> str:
    """Return why a sentence is no claim at all (page furniture, labels), or ""."""
    if not _HAS_LETTER.search(sentence):
        return "no words, only numbers or signs"
    lowered = sentence.lower().replace("’", "'")
    if lowered.startswith(words.entries["boilerplate"]) or _COMMENT_COUNT.match(sentence):
        furniture = next((e for e in words.entries["boilerplate"] if lowered.startswith(e)), "comments")
        return f"page furniture ('{furniture}')"
    if "please" in lowered and _PLEASE.search(lowered) and not quotations(sentence):
        return "a request to the reader ('please')"
    if sentence[0] in "*†‡":
        return "a footnote"
    count = sentence.count(" ") + 1
    if count <= SHORT_LABEL_WORDS:
        if _BYLINE.match(sentence):
            return "a byline"
        if _is_date_line(lowered, words):
            return "a date line"
        if not sentence.rstrip(_CLOSERS).endswith((".", "!", "?", "…")):
            return "a short label without a full stop (a heading or a table cell)"
    return ""


def _is_date_line(lowered: str, words: Lexicon) -> bool:
    listed = [w for w in tokens(lowered) if not w.isdigit()]
    return bool(listed) and len(listed) <= 4 and all(w in words.words("dates") for w in listed)


def _quote(reading: Reading, words: Lexicon, in_quote: bool) -> TypeSuggestion | None:
    """Return the quote suggestion when someone else's words are reported, else None."""
    sentence, found = reading.sentence, reading.found
    whole = len(found) == 1 and found[0].start == 0 and found[0].end >= len(sentence.rstrip(" .")) - 1
    speech = [q for q in found if q.is_speech(whole)]
    verbs = _attribution(reading, words)
    said = f" and '{verbs[0]}'" if verbs else ""
    if speech:
        return TypeSuggestion(QUOTE, f"{LABELS[QUOTE]} — quotation marks{said}", ("quotation marks", *verbs))
    if in_quote and sentence[:1] not in '“"‘':
        return TypeSuggestion(QUOTE, f"{LABELS[QUOTE]} — a quotation running on from the sentence before")
    if found and verbs:
        return TypeSuggestion(QUOTE, f"{LABELS[QUOTE]} — a quoted phrase{said}", ("quotation marks", *verbs))
    if verbs:
        written = next((token for token, verb in reading.glued if verbs[0].startswith(verb)), "")
        note = f" (written '{written}', a space lost)" if written else ""
        return TypeSuggestion(QUOTE, f"{LABELS[QUOTE]} — reported speech: '{verbs[0]}'{note}", tuple(verbs))
    return None


def _attribution(reading: Reading, words: Lexicon) -> list[str]:
    """Return the attribution verbs and phrases outside quotation marks (data sources and "I said" excepted)."""
    lowered, verbs = reading.lowered, list(reading.hits.get("attribution", ()))
    if verbs:
        if "according to" in verbs and _ACCORDING_TO_DATA.search(lowered):
            verbs.remove("according to")
        if not _NOUN_LIKE.isdisjoint(verbs) or "nothing" in lowered or "no more" in lowered:
            unsaid = {word for match in _NOT_SPEECH.finditer(lowered) for word in match.groups() if word}
            verbs = [verb for verb in verbs if verb not in unsaid or lowered.count(verb) > 1]
        if verbs and ("i " in lowered or "we " in lowered):  # "I said", "we reported": the writer speaks
            mine = set(_FIRST_PERSON_VERB.findall(lowered))
            verbs = [verb for verb in verbs if verb not in mine]
    if "cognition" in reading.hits and "that" in reading.words:
        for match in _THAT_VIEW.finditer(lowered):
            if match.group(2) in words.words("cognition") and match.group(1) not in ("i", "we", "you"):
                verbs.append(f"{match.group(2)} that")
    return verbs


def _opinion_or_fact(reading: Reading, words: Lexicon) -> TypeSuggestion:
    opinion = _opinion_cues(reading, words)
    fact = _fact_cues(reading, words)
    if opinion and not set(fact) & {"number", "quantity", "date", "event"}:
        opinion.append((_UNANCHORED_CUE, UNANCHORED))
    opinion_weight = sum(weight for _, weight in opinion)
    fact_weight = sum(FACT_WEIGHTS[name] for name in fact)
    if opinion_weight >= OPINION_AT and opinion_weight >= fact_weight:
        where = reading.lowered.find
        ranked = sorted(opinion, key=lambda item: (-item[1], where(item[0]) % (len(reading.lowered) + 1)))
        cues = [cue for cue, _ in ranked if cue != _UNANCHORED_CUE][:3]
        return TypeSuggestion(OPINION, f"{LABELS[OPINION]} — {', '.join(repr(c) for c in cues)}", tuple(cues))
    described = _describe(fact) if fact else "a statement without opinion words"
    return TypeSuggestion(FACT, f"{LABELS[FACT]} — {described}", tuple(fact))


def _opinion_cues(reading: Reading, words: Lexicon) -> list[tuple[str, float]]:
    """Return (cue, weight) for each opinion cue of the sentence, each word once at its highest weight."""
    best: dict[str, float] = {}
    for name, hits in reading.hits.items():
        weight = OPINION_WEIGHTS.get(name)
        if weight is not None:
            for hit in hits:
                best[hit] = max(weight, best.get(hit, 0.0))
    if "it" in reading.words or "it's" in reading.words:
        for match in _STANCE_FRAME.finditer(reading.lowered):
            frame = match.group(0)
            if match.group(2) in words.words("stance_adjectives") and not any(" " in c and c in frame for c in best):
                best[frame] = OPINION_WEIGHTS["stance"]
    intensified = _INTENSIFIED.search(reading.lowered)  # "was particularly gruesome", "is very bold"
    if intensified and _is_judgement(intensified, words):
        best[intensified.group(0)] = INTENSIFIED
    if "!" in reading.outside:
        best["!"] = 1.0
    phrases = [f" {cue} " for cue in best if " " in cue]
    return [
        (cue, weight) for cue, weight in best.items() if not any(f" {cue} " in p and p != f" {cue} " for p in phrases)
    ]


def _is_judgement(intensified: re.Match[str], words: Lexicon) -> bool:
    """Whether "is very X" intensifies a word (not "is very much in", "was really on")."""
    intensifier, judged = intensified.group(2, 3)
    return intensifier in words.words("intensifiers") and judged not in words.words("function_words")


def _fact_cues(reading: Reading, words: Lexicon) -> list[str]:
    """Return the kinds of fact cue present: number, date, names, event."""
    lowered, found = reading.lowered, []
    year = _YEAR.search(lowered)
    if "dates" in reading.hits or year:
        found.append("date")
    if "numbers" in reading.hits or _DIGIT.search(_YEAR.sub("", lowered) if year else lowered):
        found.append("number")
    if _NAME_INSIDE.search(reading.outside, 1):
        found.append("names")
    past = _PAST_TENSE.findall(lowered) + reading.hits.get("past_tense", [])
    if past and "interpretation" in reading.hits:
        # a verb inside an interpretation ("stemmed from", "brought about") reports no event
        explaining = {phrase.split()[0] for phrase in reading.hits["interpretation"]}
        past = [verb for verb in past if verb not in explaining]
    if past and not words.words("interpretation").issuperset(past):
        found.append("event")
    if "number" in found and _QUANTITY.search(lowered):
        found[found.index("number")] = "quantity"
    return found


def _describe(kinds: list[str]) -> str:
    """Return "a date and a number, names" for the kinds found."""
    phrases = [_DESCRIPTIONS[kind] for kind in kinds]
    head = " and ".join(phrases[:2])
    return ", ".join([head, *phrases[2:]])
