"""Realistic libraries for the benchmarks: War and Peace with sentence-length claims, or many articles.

Claims are whole sentences (or runs of two), as a reader selects them; a
third carry one or two topic tags and a fifth a note, so listing them pays
for tags and notes as it does in a real library. Set-up is bulk
(``insert_annotations``), never part of a measured figure.
"""

from __future__ import annotations

import random
import re
import uuid
from pathlib import Path

from documents import Document, Metadata, load_path
from documents.model import make_block
from storage import Annotation, Library, annotation_rows
from storage.clock import now
from storage.selectors import quote_selector

TYPES = ("fact", "opinion", "quote")
TAGS = ("war", "family", "faith", "money", "history", "love", "moscow", "napoleon")
SENTENCE = "the minister said that taxes would rise next year while critics argued the plan was unfair"
NOTES = ("Check this against the letters.", "Compare with the earlier chapter.", "Who says so?")
_SENTENCE = re.compile(r"[A-Z\"“][^.!?\n]{15,400}[.!?][\"”]?")


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every sentence-like run of text (15 to 400 characters)."""
    return [match.span() for match in _SENTENCE.finditer(text)]


def sentence_claims(text: str, document_id: int, count: int, rng: random.Random) -> list[Annotation]:
    """Return count claims on whole sentences of text (some of two sentences), tagged and noted like a reader's."""
    spans, stamp, claims = sentences(text), now(), []
    for _ in range(count):
        index = rng.randrange(len(spans) - 1)
        start, end = spans[index]
        if rng.random() < 0.2:
            end = spans[index + 1][1]
        exact, prefix, suffix = quote_selector(text, start, end)
        tags = tuple(sorted(rng.sample(TAGS, rng.randint(1, 2)))) if rng.random() < 0.33 else ()
        claims.append(Annotation(
            uuid=str(uuid.uuid4()), document_id=document_id, start=start, end=end, exact=exact, prefix=prefix,
            suffix=suffix, claim_type=rng.choice(TYPES), note=rng.choice(NOTES) if rng.random() < 0.2 else "",
            tags=tags, created=stamp, updated=stamp,
        ))  # fmt: skip
    return claims


def book_library(path: Path, book: Path, claims: int, seed: int = 7) -> int:
    """Create a library at path holding book with claims sentence claims; return the book's id."""
    with Library(path) as library:
        summary, _ = library.import_document(load_path(book))
        text = library.document_text(summary.id)
        insert_claims(library, sentence_claims(text, summary.id, claims, random.Random(seed)))
    return summary.id


def article(number: int, rng: random.Random, paragraphs: int = 30) -> Document:
    """An article of paragraphs of plain English words under one heading."""
    words = SENTENCE.split(" ")
    blocks = [make_block("heading", f"Article {number}: a report on the economy", 1)]
    for _ in range(paragraphs):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(12, 30)))
        blocks.append(make_block("paragraph", (sentence.capitalize() + ". ") * rng.randint(2, 5)))
    return Document(Metadata(title=f"Article {number}", author="A. Writer", published="2024-05-13"), blocks)


def many_documents_library(path: Path, documents: int, claims: int, seed: int = 11) -> list[int]:
    """Create a library at path of documents articles sharing claims sentence claims; return their ids."""
    rng, ids, rows = random.Random(seed), [], []
    with Library(path) as library:
        for number in range(documents):
            summary, _ = library.import_document(article(number, rng))
            ids.append(summary.id)
            rows += sentence_claims(library.document_text(summary.id), summary.id, claims // documents, rng)
        insert_claims(library, rows)
    return ids


def insert_claims(library: Library, claims: list[Annotation]) -> None:
    """Store claims in one transaction, as the bulk import does (set-up, not a measured path)."""
    with library.transaction() as conn:
        annotation_rows.insert_many(conn, claims)
