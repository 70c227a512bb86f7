"""A realistic small library for the README's pictures of the managing views (used by gui/screenshots.py).

The bundled sample and a few saved news pages of the shared test articles, each
tagged with the claim assistant's suggestions (a reader accepts about half of
them), tagged by topic, made over several weeks, and grouped in collections.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from documents import load_document, load_path
from resources import sample_articles
from storage import Library
from storage.assistant.accepting import accept_suggestions
from storage.assistant.suggest import suggest_claims

WEB = ("nature.com.telescope.html", "reuters.com.parasite.html", "salon.com.emissions.html",
       "theguardian.com.academics.html", "scmp.com.playbook.html")  # fmt: skip
# Topic tags, given to a claim when its quote holds one of the words.
TOPICS = {
    "tourism": r"cruise|tourist|visitor|passenger", "housing": r"\brent|housing",
    "economy": r"euro|money|trade|spent|\bpay",
    "climate": r"emission|coal|carbon|climate|energy", "science": r"telescope|astronom|research|scien",
    "film": r"film|oscar|award|parasite", "universities": r"universit|academic|lectur|staff",
    "politics": r"council|government|president|minister|election|vote", "security": r"daesh|taliban|terror|attack",
}  # fmt: skip
START = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)  # a Monday: the first week of term


def import_articles(library: Library, shared: Path) -> list[int]:
    """Import the bundled sample and the shared web pages that are there; return their ids."""
    sample = sample_articles()[0]
    ids = [library.import_document(load_document(sample.read_bytes(), sample.name))[0].id]
    for name in WEB:
        path = shared / "web" / name
        if path.exists():
            ids.append(library.import_document(load_path(path))[0].id)
    return ids


def tag_with_suggestions(library: Library, document_id: int, every: int = 2) -> None:
    """Store every second suggested claim of a document, as a reader accepting the assistant's advice would."""
    stored = library.document(document_id)
    suggested = [s for s in suggest_claims(stored.text, stored.blocks) if s.claim_type != "none"]
    accept_suggestions(library, document_id, suggested[::every])


def add_topics(library: Library) -> None:
    """Give each claim the topic tags its quote's words name."""
    for annotation in library.annotations():
        tags = [tag for tag, words in TOPICS.items() if re.search(words, annotation.exact, re.IGNORECASE)]
        if tags and not annotation.tags:
            library.update_annotation(annotation.uuid, tags=tags[:2])


def spread_over_weeks(library: Library, ids: list[int]) -> None:
    """Date each document's claims in its own week of term (a course reads one article a week or so).

    A claim's creation time is never overwritten, so each is stored again (deleted and restored, as undo does).
    """
    for week, document_id in enumerate(ids):
        with library.transaction():
            for number, annotation in enumerate(library.annotations(document_id)):
                when = (START + timedelta(days=7 * week + number % 5, hours=number)).isoformat(timespec="milliseconds")
                library.delete_annotation(annotation.uuid)
                library.restore_annotation(replace(annotation, created=when, updated=when))
