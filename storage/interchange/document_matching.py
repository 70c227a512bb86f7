"""Finding the library document each incoming annotation belongs to, and where on it its quote is.

In this order: the sha256 of the document's text (Claimmark's own files; then
positions count in that very text), the document's address (``documents.url``,
or a source that is a URL, compared by ``address_key``), its source path,
then its quote. Annotations the file groups together (one page, one book, one
attachment) share a document: a group none of whose items names a known
address is settled once, by its longest quotes, and each of its items is then
placed on that document, looking further only for an item not found there.

Quotes are looked up in the documents' full-text index (``documents_fts``),
never by reading every document's text per annotation; the candidates it
gives are checked by placing the quote on them (``anchoring.QuotePlacer``).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass

from documents import Document, Metadata
from documents.front_matter import record_stated_source
from documents.model import clean_line

from ..anchoring.placing import Placement, QuotePlacer
from ..library import Library
from .addresses import address_key, file_path
from .import_report import ImportReport
from .incoming import IncomingAnnotation, InvalidAnnotationFile

_WORD = re.compile(r"[^\W_]+")
_KEY_WORDS = 3  # a quote's longest words asked of the index
_CANDIDATES = 6  # documents the index offers per quote
_RECENT = 3  # documents last found by quote, tried before the index
_FUZZY_CANDIDATES = 2  # of those, the best searched for similar words when none has the exact ones
_VOTERS = 3  # a group's longest quotes that settle its document


SOURCE_NOTE = "source named in the annotation file: "


@dataclass(frozen=True)
class Match:
    """An item's document; whether the item names it (hash, address, source) rather than its group's
    quotes; whether the item's offsets count in that document's text (same sha256)."""

    document_id: int
    named: bool = True
    position_counts: bool = False


class QuoteIndex:
    """Finds the documents whose text holds a quote, through the documents' full-text index.

    It asks for the documents that hold all of the quote's few longest words: long words are
    rare words, whose lists in the index are short, where a phrase query reads the lists of
    "the" and "of" too (0.4 ms a quote against 4.8 ms, side by side on 100 articles of real
    prose). When none holds them all (a quote whose words have changed), it asks for those
    that hold most of them.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def candidates(self, quote: str) -> list[int]:
        """Return ids of documents that may hold the quote, likeliest first."""
        words = sorted({word.lower() for word in _WORD.findall(quote)}, key=lambda w: (-len(w), w))[:_KEY_WORDS]
        if not words:
            return []
        terms = [f'"{word}"' for word in words]
        # No column filter (`text : ...`): it makes a query ten times slower, and a title that
        # holds the words does no harm: the quote is then looked for in the text.
        return self._query(" AND ".join(terms), "") or self._query(" OR ".join(terms), "ORDER BY rank")

    def _query(self, match: str, order: str) -> list[int]:
        sql = f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? {order} LIMIT ?"
        try:
            return [row[0] for row in self.conn.execute(sql, [match, _CANDIDATES])]
        except sqlite3.OperationalError:  # a query FTS5 cannot parse: no candidates rather than a failed import
            return []


class DocumentMatcher:
    """Matches incoming annotations to the library's documents, adding documents a Claimmark file carries."""

    def __init__(self, library: Library, report: ImportReport) -> None:
        self.library = library
        self.report = report
        rows = library.conn.execute("SELECT id, sha256, source, url FROM documents ORDER BY id DESC").fetchall()
        self.by_hash = {sha: doc_id for doc_id, sha, _, _ in rows}  # the oldest wins on a tie: rows run newest first
        self.by_source = {source: doc_id for doc_id, _, source, _ in rows if source}
        self.by_address: dict[str, int] = {}
        for doc_id, _, source, url in rows:
            for address in (source, url):  # a document's canonical url wins over a source with the same key
                if key := address_key(address):
                    self.by_address[key] = doc_id
        self.index = QuoteIndex(library.conn)  # not library.db: importing sqlite-utils costs 80 ms
        self.placers: dict[int, QuotePlacer] = {}
        self.groups: dict[str, Match | None] = {}
        self._named: dict[tuple[str, ...], Match | None] = {}  # what direct() found for the same marks
        self.recent: list[int] = []  # the documents quotes were last found on, latest first

    def settle_groups(self, items: list[IncomingAnnotation]) -> None:
        """Decide each group's document: one named by any of its items, else the one its longest quotes are in."""
        quotes: dict[str, list[IncomingAnnotation]] = {}
        for item in items:
            if item.skip or not item.group:
                continue
            found = self.direct(item)
            if found is not None and self.groups.get(item.group) is None:
                self.groups[item.group] = Match(found.document_id, named=False)
            elif item.exact:
                quotes.setdefault(item.group, []).append(item)
        for group, members in quotes.items():
            if self.groups.get(group) is None:
                self.groups[group] = self._voted(members)

    def document_of(self, item: IncomingAnnotation) -> Match | None:
        """Return the document item belongs to by its own marks or its group's, without looking at its quote."""
        found = self.direct(item)
        if found is None and item.group:
            found = self.groups.get(item.group)
        return found

    def direct(self, item: IncomingAnnotation) -> Match | None:
        """Return the document item names by text hash, address or source path (None when it names none)."""
        hint = item.hint
        marks = (hint.sha256, hint.source, hint.metadata.get("url", ""), item.target, *item.addresses)
        if marks not in self._named:
            self._named[marks] = self._direct(item)
        return self._named[marks]

    def _direct(self, item: IncomingAnnotation) -> Match | None:
        hint = item.hint
        for sha in (hint.sha256, item.target.removeprefix("urn:sha256:")):
            if sha and sha in self.by_hash:
                return Match(self.by_hash[sha], position_counts=True)
        if hint.blocks is not None and hint.sha256:
            return Match(self._add(item), position_counts=True)
        for address in (item.target, *item.addresses, hint.metadata.get("url", "")):
            key = address_key(address)
            if key and key in self.by_address:
                return Match(self.by_address[key])
        for source in (hint.source, item.target, file_path(item.target)):
            if source and source in self.by_source:
                return Match(self.by_source[source])
        return None

    def by_quote(
        self, item: IncomingAnnotation, exclude: int | None = None, fuzzy: bool = True
    ) -> tuple[int, Placement] | None:
        """Return the document whose text holds item's quote, and where; None when none does.

        Its exact words are looked for first, on the documents quotes were last found on and on
        every candidate the index gives; with fuzzy, then similar words on the best few
        candidates (a fuzzy search of a text that lacks the quote costs milliseconds, an exact
        one microseconds).
        """
        recent = [d for d in self.recent if d != exclude]
        for document_id in recent:  # a file's annotations come in runs on one document: try those first
            placed = self.placer(document_id).place(item.exact, item.prefix, item.suffix, item.start, fuzzy=False)
            if placed is not None:
                return document_id, placed
        candidates = [d for d in self.index.candidates(item.exact) if d != exclude and d not in recent]
        for document_id in candidates:
            placed = self.placer(document_id).place(item.exact, item.prefix, item.suffix, item.start, fuzzy=False)
            if placed is not None:
                self.recent = [document_id, *recent[: _RECENT - 1]]
                return document_id, placed
        best: tuple[int, Placement] | None = None
        for document_id in candidates[:_FUZZY_CANDIDATES] if fuzzy else ():
            placed = self.placer(document_id).place(item.exact, item.prefix, item.suffix, item.start)
            if placed is not None and (best is None or placed.score > best[1].score):
                best = (document_id, placed)
        return best

    def placer(self, document_id: int) -> QuotePlacer:
        """Return the quote placer of one document's text (built once per import)."""
        if document_id not in self.placers:
            self.placers[document_id] = QuotePlacer(self.library.document_text(document_id))
        return self.placers[document_id]

    def _voted(self, members: list[IncomingAnnotation]) -> Match | None:
        longest = sorted(members, key=lambda item: -len(item.exact))[:_VOTERS]
        votes = Counter(found[0] for item in longest if (found := self.by_quote(item)) is not None)
        return Match(votes.most_common(1)[0][0], named=False) if votes else None

    def _add(self, item: IncomingAnnotation) -> int:
        hint = item.hint
        assert hint.blocks is not None
        fields = {
            key: clean_line(value) for key, value in hint.metadata.items()
            if key in Metadata.__dataclass_fields__ and key != "source"
        }  # fmt: skip
        document = Document(Metadata(**fields), hint.blocks)  # type: ignore[arg-type]
        # The file's word for where the text came from is kept, but is never the document's source:
        # that would make the library stat and read a path the file chose.
        record_stated_source(document.metadata, clean_line(hint.metadata.get("source", "")), SOURCE_NOTE)
        if document.sha256 != hint.sha256:
            title = hint.metadata.get("title")
            raise InvalidAnnotationFile(f"the text of document {title!r} does not match its sha256")
        summary, added = self.library.import_document(document)
        self.report.documents_added += added
        self.by_hash[hint.sha256] = summary.id
        return summary.id
