"""The speaker of a quote: the person or organisation its words are attributed to nearby.

Read outside the quotation marks, around the attribution verb:

- after it: "…,” said Mayor Ines Carvalho" / "says Li" / "according to Lieven" /
  "according to analysts at Fitch Ratings" (the organisation);
- before it: "Anatol Lieven, a Senior Research Fellow …, explained" (the name
  that opens the clause), "Onwurah said", "The report by the University and
  College Union claims" (the last name of the subject), "On April 25, UN
  experts called on" (the subject after a leading phrase), "Acme recently
  said" (an adverb is no part of it);
- a pronoun ("he added", "said she") takes the latest speaker it can refer
  to: not one met before with the other pronoun or titled for it ("Mrs",
  "Prince"); a quotation running on with no verb of its own takes the
  previous quote's speaker.

A surname alone resolves to the full name used for it elsewhere in the text
("Lieven" -> "Anatol Lieven", the latest one before the quote, else the
first after); a first name alone to the full name it begins; a surname
found nowhere else to one spelt a letter apart (a typo); a title alone ("the
prince") to the latest speaker with that title. Titles ("Mayor",
"President"), a leading "the", and a capitalised common word opening a
sentence ("Yesterday Joe Biden") are no part of a name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, lexicon
from .quotations import blank, quotations

# A capitalised word; a full stop belongs to it only inside ("U.S.") or after an initial ("J."),
# so a name never runs on over the end of a sentence ("… says Li. Maria Li …").
_NAME_WORD = r"[A-Z](?:[\w’'-]|\.(?=\w))*(?:(?<![\w’'-]{2})\.)?"
_CONNECTOR = r"(?:and|of|for|de|del|der|van|von|al|bin|la|le|du|da|y)"
_SPACE = r"[^\S\n]+"  # a name never runs over a block boundary
_NAME = re.compile(rf"{_NAME_WORD}(?:{_SPACE}(?:{_CONNECTOR}{_SPACE})?{_NAME_WORD})*")
_NAME_AFTER = re.compile(rf"\s+(?:the\s+)?({_NAME.pattern})")
_GROUP_AFTER = re.compile(rf"\s+(?:[a-z]+\s+)?[a-z]+s\s+(?:at|of|from|for)\s+(?:the\s+)?({_NAME.pattern})")
_PRONOUN_AFTER = re.compile(r"\s+(he|she)\b")
_TITLE_AFTER = re.compile(r"\s+the\s+(\w+)")
_AND = re.compile(r"\s+(?:and|or)\s+")
_PRONOUNS = frozenset(["he", "she", "they", "it"])
_ABBREVIATION_IN_BRACKETS = re.compile(r"\s*\([A-Z][\w.&-]*\)\s*$")
_CLAUSE_BREAK = re.compile(r"[”\";:]|\s[—–-]\s")
MIN_MISSPELT = 5  # a surname this long may be matched one letter apart
FIRST = "^"  # the key of a name's first word in the index of full names
RECENT_SPEAKERS = 4  # how many latest speakers a pronoun may refer to
SHORT_SUBJECT_WORDS = 3  # a subject this short is the speaker whole ("UN experts")


@dataclass
class SpeakerFinder:
    """Finds the speakers of a document's quotes, in reading order (it remembers the last one)."""

    text: str
    language: str = ""
    last_speaker: str = ""
    # the latest speakers, most recent first, and the pronoun each was met with ("he", "she")
    _recent: list[str] = field(default_factory=list, init=False, repr=False)
    _pronoun_of: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _pronoun: str = field(default="", init=False, repr=False)
    _words: Lexicon = field(init=False, repr=False)
    _names: dict[str, dict[str, list[int]]] | None = field(default=None, init=False, repr=False)
    _fullest: dict[str, list[tuple[str, list[int]]]] = field(default_factory=dict, init=False, repr=False)
    _initials: dict[str, list[str]] | None = field(default=None, init=False, repr=False)
    _misspelt: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # word -> surname key or ""

    def __post_init__(self) -> None:
        self._words = lexicon(self.language)
        verbs = sorted(self._words.entries["attribution"] + self._words.entries["cognition"], key=len, reverse=True)
        self._verb = re.compile(rf"(?<![\w’'])(?:{'|'.join(map(re.escape, verbs))})(?![\w’'])")

    @property
    def _surnames(self) -> dict[str, dict[str, list[int]]]:
        """Every later word of the text's names -> the full names (built on first use)."""
        if self._names is None:
            self._names = _full_names(self.text, self._words)
        return self._names

    @property
    def _by_initial(self) -> dict[str, list[str]]:
        """The index's surname words by their first letter (built on first use), for surnames spelt differently."""
        if self._initials is None:
            self._initials = {}
            for key in self._surnames:
                if len(key) >= MIN_MISSPELT - 1 and not key.startswith(FIRST):
                    self._initials.setdefault(key[:1], []).append(key)
        return self._initials

    def index_names(self) -> None:
        """Build the index of the text's names now (a book's takes a moment: call it off the UI thread)."""
        _ = self._surnames

    def speaker(
        self, start: int, end: int, runs_on: bool = False, outside: str | None = None, attributed: bool = True
    ) -> str:
        """Return the speaker of the quote text[start:end] ("" when none is named nearby).

        Args:
            runs_on: the sentence continues the quotation of the sentence before (no verb of its own needed).
            outside: the sentence with its quotations blanked, when the caller has it.
            attributed: False when the caller knows no attribution word stands outside the quotations.
        """
        sentence = self.text[start:end]
        if outside is None:
            outside = blank(sentence, quotations(sentence))
        found, self._pronoun = "", ""
        for match in self._verb.finditer(outside) if attributed else ():
            addressed = match.group(0) in self._words.words("addressed")
            found = ("" if addressed else self._after(outside[match.end() :])) or self._before(outside[: match.start()])
            if found:
                break
        if not found and (runs_on or sentence[:1] in '“"‘'):
            found = self.last_speaker
        found = self._resolve(found, start) if found else ""
        if found:
            self._remember(found)
        return found

    def _remember(self, speaker: str) -> None:
        """Keep the speaker as the latest one, and the pronoun that referred to them."""
        self.last_speaker = speaker
        self._recent = [speaker, *[name for name in self._recent if name != speaker]][:RECENT_SPEAKERS]
        if self._pronoun and not self._pronoun_of.get(speaker):
            self._pronoun_of[speaker] = self._pronoun

    def _by_pronoun(self, pronoun: str) -> str:
        """The latest speaker "he" or "she" can refer to: the latest not met with the other pronoun nor titled
        for it ("Mrs", "Prince"); else the last speaker ("they", "it", or no one fits)."""
        if pronoun not in ("he", "she"):
            return self.last_speaker
        self._pronoun = pronoun
        for name in self._recent:
            if name not in self._pronoun_of:
                self._pronoun_of[name] = self._titled_pronoun(name)
            if self._pronoun_of[name] in (pronoun, ""):
                return name
        return self.last_speaker

    def _titled_pronoun(self, name: str) -> str:
        """ "he" or "she" when the text writes the name after a title that tells ("Prince Vasíli"), else ""."""
        for pronoun, listed in (("he", "he_titles"), ("she", "she_titles")):
            if any(name in self._surnames.get(title, {}) for title in self._words.words(listed)):
                return pronoun
        return ""

    def _after(self, rest: str) -> str:
        """The name right after the verb: "said Mayor Ines Carvalho", "replied the prince"."""
        match = _NAME_AFTER.match(rest)
        if match and not self._is_function_word(match.group(1)):
            return match.group(1)
        pronoun = _PRONOUN_AFTER.match(rest)
        if pronoun:  # "said he"
            return self._by_pronoun(pronoun.group(1))
        group = _GROUP_AFTER.match(rest)  # "according to analysts at Fitch Ratings": the organisation
        if group and not self._is_function_word(group.group(1)):
            return group.group(1)
        title = _TITLE_AFTER.match(rest)
        if title and title.group(1) in self._words.words("titles"):
            return title.group(1).capitalize()
        return ""

    def _before(self, head: str) -> str:
        """The subject before the verb: a pronoun, the name ending it, or the name opening its clause."""
        clause = _CLAUSE_BREAK.split(head)[-1]
        clause = _ABBREVIATION_IN_BRACKETS.sub(" ", clause).rstrip()
        last_word = clause.split()[-1].lower() if clause.split() else ""
        if last_word in _PRONOUNS:
            return self._by_pronoun(last_word)
        if clause.endswith(","):
            return self._opening_name(clause)
        last_piece = clause.rsplit(",", 1)[-1]  # "On April 25, UN experts": the subject follows the last comma
        if "," in clause and any(not self._is_function_word(m.group(0)) for m in _NAME.finditer(last_piece)):
            clause = last_piece.strip()
        names = [m.group(0) for m in _NAME.finditer(clause) if not self._is_function_word(m.group(0))]
        if not names:
            return ""
        if clause.endswith(names[-1]):
            return names[-1]
        # an adverb before the verb ("Daesh-K recently claimed") is not part of the speaker
        subject = [w for w in clause.split() if w.lower() not in self._words.words("function_words")]
        while subject and subject[-1].islower() and subject[-1].endswith("ly"):
            subject.pop()
        return " ".join(subject) if 0 < len(subject) <= SHORT_SUBJECT_WORDS else names[-1]

    def _opening_name(self, clause: str) -> str:
        for match in _NAME.finditer(clause):
            if not self._is_function_word(match.group(0)):
                return match.group(0) if clause[match.end() : match.end() + 1] == "," else ""
        return ""

    def _is_function_word(self, name: str) -> bool:
        return " " not in name and name.lower() in self._words.words("function_words")

    def _resolve(self, name: str, offset: int) -> str:
        """Drop titles and a leading "the"; give a surname (or a short name) the fullest name used for it.

        A title alone ("the prince") takes the latest speaker written with it, else the nearest such name;
        a first name alone the nearest full name it begins; a surname met nowhere else the full name of a
        surname one letter apart ("Hendricks" for "Marta Hendriks": a typo in the source).
        """
        words = [_bare(word) for word in name.split()]
        if len(words) == 1 and words[0].lower() in self._words.words("titles"):
            titled = self._surnames.get(words[0].lower(), {})
            if not titled:
                return words[0]
            recent = [name for name in self._recent if name in titled]  # "the prince" who spoke last
            words = (recent[0] if recent else _nearest(titled, offset)).split()
        words = _without_titles(words, self._words.words("titles"))
        return self._full_name(words, offset) or self._other_full_name(words, offset) or " ".join(words)

    def _full_name(self, words: list[str], offset: int) -> str:
        """Return the longest name in the text holding words as its later words, the nearest before offset."""
        wanted = " ".join(words)
        if wanted not in self._fullest:
            candidates = self._surnames.get(words[-1].lower(), {})
            fitting = [full for full in candidates if f" {wanted} " in f" {full} "]
            longest = max((len(full.split()) for full in fitting), default=0)
            self._fullest[wanted] = [(full, candidates[full]) for full in fitting if len(full.split()) == longest]
        nearest = [(_before(offsets, offset), full) for full, offsets in self._fullest[wanted]]
        return max(nearest)[1] if nearest else ""

    def _other_full_name(self, words: list[str], offset: int) -> str:
        """A lone word's full name where it is the first name, else where a surname is spelt one letter apart."""
        if len(words) != 1 or len(words[0]) < 2:
            return ""
        word = words[0].lower()
        first = self._surnames.get(FIRST + word)
        if first:
            return _nearest(first, offset)
        if len(word) < MIN_MISSPELT:
            return ""
        if word not in self._misspelt:
            from rapidfuzz import process  # on the first name not found as spelt: 14 ms of imports at window start
            from rapidfuzz.distance import Levenshtein

            near = self._by_initial.get(word[:1], [])
            match = process.extractOne(word, near, scorer=Levenshtein.distance, score_cutoff=1) if near else None
            self._misspelt[word] = match[0] if match else ""
        if not self._misspelt[word]:
            return ""
        candidates = self._surnames[self._misspelt[word]]
        longest = max(len(full.split()) for full in candidates)
        return _nearest({full: at for full, at in candidates.items() if len(full.split()) == longest}, offset)


def _opens_like_a_common_word(word: str, words: Lexicon) -> bool:
    """Whether a capitalised word has a common word's ending or is a day ("Looking", "Recently", "Yesterday")."""
    lowered = word.lower()
    if lowered in words.words("titles"):
        return False
    return lowered.endswith(("ing", "ly", "ed")) or lowered in words.words("dates")


def _has_word(text: str, word: str) -> bool:
    """Whether word stands on its own in text (a literal search first: a few ms on a book)."""
    for match in re.finditer(rf"{re.escape(word)}(?![\w’'-])", text):
        if not match.start() or not (text[match.start() - 1].isalnum() or text[match.start() - 1] in "’'-_"):
            return True
    return False


def _starts_sentence(text: str, at: int) -> bool:
    """Whether text[at] begins a sentence: the text's or a block's start, or after . ! ? … (and a quote)."""
    before = text[max(0, at - 4) : at].rstrip(' “"‘(')
    return not before.strip() or before[-1] in "\n.!?…" or (before[-1] in '”’"' and before[-2:-1] in tuple(".!?…"))


def _nearest(names: dict[str, list[int]], offset: int) -> str:
    """Return the name met last before offset (else the first after it)."""
    return max((_before(at, offset), full) for full, at in names.items())[1]


def _without_titles(words: list[str], titles: frozenset[str]) -> list[str]:
    """Drop everything up to the last title word at the front ("Chinese President Xi Jinping" -> "Xi Jinping")."""
    keep = list(words)
    for index, word in enumerate(words[:-1]):
        if word.lower().strip(".") in titles:
            keep = words[index + 1 :]
    return [w.removesuffix("’s").removesuffix("'s") for w in keep]


def _before(offsets: list[int], offset: int) -> int:
    """Rank a name by where it was met: the last time before offset (higher is nearer), else after it (negative)."""
    index = bisect.bisect_left(offsets, offset)
    return offsets[index - 1] + 1 if index > 0 else -offsets[0]


def _bare(word: str) -> str:
    """Return a name word without the punctuation that ends a clause ("Lieven." -> "Lieven"; "U.S." stays)."""
    word = word.rstrip(",;:")
    if word.endswith(".") and word.count(".") == 1 and len(word) > 2:
        return word[:-1]
    return word


def _full_names(text: str, words: Lexicon) -> dict[str, dict[str, list[int]]]:
    """Return word -> {full name: [offsets]} for every later word (or title) of each name of two to four words.

    A name's first word is also a key, as FIRST + word (a first name alone: "Vasíli" -> "Vasíli Kurágin").
    A capitalised first word at a sentence's start that reads like a common word ("-ing", "-ly", "-ed", a
    day: not "New", "United") and that the text also writes in lower case is no part of the name
    ("Looking Vasíli Dmítrich Denísov", "Yesterday Joe Biden"; "New York" stays whole).
    """
    found: dict[str, dict[str, list[int]]] = {}
    titles = words.words("titles")
    in_lower_case: dict[str, bool] = {}  # a sentence-opening word -> whether the text writes it in lower case
    for match in _NAME.finditer(text):
        if " " not in match.group(0):
            continue
        for index, piece in enumerate(_AND.split(match.group(0))):
            raw = [_bare(word) for word in piece.split()]
            if index == 0 and _opens_like_a_common_word(raw[0], words) and _starts_sentence(text, match.start()):
                common = raw[0].lower()
                if common not in in_lower_case:
                    in_lower_case[common] = _has_word(text, common)
                if in_lower_case[common]:
                    raw = raw[1:]
            parts = [p for p in _without_titles(raw, titles) if p.lower() not in words.words("function_words")]
            if not 1 <= len(parts) <= 4 or not all(p[:1].isupper() for p in parts):
                continue
            full = " ".join(parts)
            keys = [p.lower() for p in parts[1:]] + [w.lower() for w in raw if w.lower() in titles]
            if len(parts) > 1:
                keys.append(FIRST + parts[0].lower())
            for key in keys:
                found.setdefault(key, {}).setdefault(full, []).append(match.start())
    return found
