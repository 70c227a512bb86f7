"""A generated research library: 1,000 documents and 100,000 claims in War and Peace's English.

Documents are runs of the novel's paragraphs (so words, names and their
frequencies are real); claims are its sentences, with speakers, tags, notes,
statuses, annotators and creation days spread the way a reading group's are
(a few speakers and tags used a lot, most rarely). Some claims are copied,
lightly edited, into other documents, as quotes travel between articles.
Set-up only: nothing here is timed.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from documents import Document, Metadata, load_path
from documents.model import make_block
from storage import Annotation, Library
from storage.interchange.annotation_import import insert_annotations
from storage.research import collections
from storage.selectors import quote_selector

DOCUMENTS = 1_000
CLAIMS = 100_000
TYPES = ("fact", "opinion", "quote", "evidence", "question")
TYPE_WEIGHTS = (40, 30, 20, 6, 4)
SPEAKERS = (
    "Pierre", "Natasha", "Prince Andrew", "Princess Mary", "Nicholas", "Sonya", "Anna Pavlovna", "Prince Vasili",
    "Hélène", "Dolokhov", "Denisov", "Kutuzov", "Napoleon", "Bagration", "Count Rostov", "Countess Rostova",
    "Boris", "Anatole", "Bilibin", "Platon Karataev", "Tushin", "Speranski", "Alpatych", "Dron", "Petya",
    "Vera", "Berg", "Julie Karagina", "Mademoiselle Bourienne", "Tikhon",
)  # fmt: skip
TAGS = (
    "war", "peace", "history", "family", "love", "honour", "faith", "death", "society", "freedom", "fate",
    "napoleon", "moscow", "battle", "army", "nobility", "money", "marriage", "religion", "duty", "youth",
    "memory", "fear", "courage", "power", "russia", "france", "strategy", "wounded", "retreat", "freemasons",
    "estate", "serfs", "ball", "duel", "letters", "hunting", "illness", "prayer", "fire",
)  # fmt: skip
STATUSES = (("anchored", 90), ("moved", 5), ("changed", 3), ("orphaned", 2))
ANNOTATORS = ("ana", "ben", "chen", "dara", "eli")
COLLECTIONS = 10  # courses, each with weeks under it
WEEKS = 4
COPIED = 0.02  # share of claims also quoted, lightly edited, in another document
_SENTENCE = re.compile(r"[A-Z\"“][^.!?]{30,300}[.!?]")
_FIRST_DAY = datetime(2023, 1, 1, tzinfo=UTC)


def build_library(path: Path, book: Path, documents: int = DOCUMENTS, claims: int = CLAIMS) -> list[tuple[str, str]]:
    """Write a library of documents made of book's paragraphs, claims over them, tags, speakers and collections.

    Returns:
        (uuid of a claim, uuid of its copy in another document) for every claim copied.

    Raises:
        FileNotFoundError: the book is missing (a benchmark without its input fails).
    """
    paragraphs = book_paragraphs(book)
    rng = random.Random(16)
    bodies = [_body(number, paragraphs, rng) for number in range(documents)]
    copied = _copy_sentences(bodies, int(claims * COPIED), rng)
    with Library(path, annotator="ana") as library:
        for name, colour in (("evidence", "#8c564b"), ("question", "#17becf")):
            library.add_claim_type(name, colour=colour)
        ids = [library.import_document(_document(number, body))[0].id for number, body in enumerate(bodies)]
        texts = {document_id: library.document_text(document_id) for document_id in ids}
        pairs = [_copy_claims(texts, ids[source], sentence, ids[target], copy, rng)
                 for source, sentence, target, copy in copied]  # fmt: skip
        annotations = _claims(texts, claims - 2 * len(pairs), rng) + [claim for pair in pairs for claim in pair]
        insert_annotations(library, annotations)
        _collections(library, ids, rng)
    return [(original.uuid, copy.uuid) for original, copy in pairs]


def book_paragraphs(book: Path) -> list[str]:
    """Return the book's prose paragraphs as Claimmark imports them (mojibake repaired; headings left out)."""
    blocks = load_path(book).blocks
    return [b.text for b in blocks if b.kind == "paragraph" and len(b.text) >= 200 and "Gutenberg" not in b.text]


def _body(number: int, paragraphs: list[str], rng: random.Random) -> list[str]:
    """An article's paragraphs: a heading, then 8-40 consecutive paragraphs of the book, each marked as its own."""
    count = rng.randint(8, 40)
    first = rng.randrange(len(paragraphs) - count)
    chosen = paragraphs[first : first + count]
    body = [make_block("paragraph", f"{p} (§{number}.{i})").text for i, p in enumerate(chosen)]
    return [" ".join(body[0].split()[:6]).strip(",.;:") + f" — part {number}", *body]


def _document(number: int, body: list[str]) -> Document:
    blocks = [make_block("heading", body[0], 1)] + [make_block("paragraph", p) for p in body[1:]]
    day = (_FIRST_DAY + timedelta(days=number % 700)).date().isoformat()
    return Document(Metadata(title=body[0], author="Leo Tolstoy", published=day, format="text"), blocks)


def _copy_sentences(bodies: list[list[str]], count: int, rng: random.Random) -> list[tuple[int, str, int, str]]:
    """Sentences quoted again in another article (one word dropped, or not): (source, sentence, target, copy)."""
    copied = []
    while len(copied) < count:
        source, target = rng.sample(range(len(bodies)), 2)
        sentences = _SENTENCE.findall(rng.choice(bodies[source][1:]))
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        words = sentence.split()
        if rng.random() < 0.5:
            del words[rng.randrange(1, len(words))]
        bodies[target].append(" ".join(words))
        copied.append((source, sentence, target, " ".join(words)))
    return copied


def _copy_claims(
    texts: dict[int, str], source: int, sentence: str, target: int, copy: str, rng: random.Random
) -> tuple[Annotation, Annotation]:
    at, copy_at = texts[source].index(sentence), texts[target].rindex(copy)
    original = _claim(source, texts[source], at, at + len(sentence), rng)
    return original, replace(_claim(target, texts[target], copy_at, copy_at + len(copy), rng), claim_type="quote")


def _claims(texts: dict[int, str], total: int, rng: random.Random) -> list[Annotation]:
    """Sentence-long claims over the documents, more in the long ones."""
    weights = [len(text) for text in texts.values()]
    scale = total / sum(weights)
    made: list[Annotation] = []
    for (document_id, text), weight in zip(texts.items(), weights, strict=True):
        sentences = [m.span() for m in _SENTENCE.finditer(text)]
        wanted = min(len(sentences), max(1, round(weight * scale)))
        made += [_claim(document_id, text, start, end, rng) for start, end in sorted(rng.sample(sentences, wanted))]
    longest = max(texts, key=lambda d: len(texts[d]))
    sentences = [m.span() for m in _SENTENCE.finditer(texts[longest])]
    while len(made) < total:  # rounding: top up from the longest document
        start, end = rng.choice(sentences)
        made.append(_claim(longest, texts[longest], start, end, rng))
    return made[:total]


def _claim(document_id: int, text: str, start: int, end: int, rng: random.Random) -> Annotation:
    exact, prefix, suffix = quote_selector(text, start, end)
    claim_type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
    created = (_FIRST_DAY + timedelta(minutes=rng.randrange(700 * 24 * 60))).isoformat(timespec="milliseconds")
    speaker = SPEAKERS[min(int(rng.paretovariate(1.2)) - 1, len(SPEAKERS) - 1)] if rng.random() < 0.5 else ""
    tags = {TAGS[min(int(rng.paretovariate(1.0)) - 1, len(TAGS) - 1)] for _ in range(rng.choice((0, 1, 1, 2, 3)))}
    at = rng.randrange(max(1, len(text) - 200))
    note = " ".join(text[at : at + 200].split()[1:12]) if rng.random() < 0.3 else ""
    status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
    return Annotation(
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), document_id=document_id, start=start, end=end,
        exact=exact, prefix=prefix, suffix=suffix, claim_type=claim_type, note=note, speaker=speaker,
        tags=tuple(sorted(tags)), status=status, score=1.0 if status == "anchored" else 0.8, created=created,
        updated=created, annotator=rng.choice(ANNOTATORS),
    )  # fmt: skip


def _collections(library: Library, document_ids: list[int], rng: random.Random) -> None:
    """Courses with weeks under them; each document in one or two weeks."""
    weeks = []
    for course in range(COLLECTIONS):
        parent = collections.create(library, f"Course {course + 1}")
        weeks += [collections.create(library, f"Week {w + 1}", parent=parent.id) for w in range(WEEKS)]
    for document_id in document_ids:
        for week in rng.sample(weeks, rng.choice((1, 1, 2))):
            collections.add_documents(library, week.id, [document_id])
