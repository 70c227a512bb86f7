"""Search everything: claim quotes, notes, speakers and tags, and the documents' text, in one query.

``search(library, text)`` returns the best claim hits (each with its claim and
document, the matched words highlighted) and the best document-text hits
(each with a snippet and the canonical offset of its first match, where the
window opens the document). Totals are counted apart (``totals``), so the top
results come back at once even for common words. Filters become terms of
the same FTS5 query (``type:``, ``status:``, ``annotator:``, ``doc:`` and
``collection:`` match the index's facets column), so SQLite intersects them
inside the index. See ``query`` for the syntax and ``ranking`` for the bound.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import annotation_rows
from ..errors import LibraryError
from ..library import Library
from ..records import Annotation
from ..statuses import STATUSES
from . import collections, matching, ranking
from .highlights import CLOSE, CUT, OPEN, Highlighted, read_marks
from .query import ParsedQuery, Term, parse, term_of

TEXT_COLUMNS = "{exact note speaker tag_text}"
DOCUMENT_COLUMNS = "{title text}"
SNIPPET_TOKENS = 24
CLAIM_ONLY_FILTERS = ("speaker", "tag", "type", "status", "annotator")  # documents have none of these
_FIELDS = ("quote", "note", "speaker", "tags")  # annotations_fts columns 0-3, as results name them
_CLAIM_COLUMNS = (
    f"snippet(annotations_fts, 0, '{OPEN}', '{CLOSE}', '{CUT}', {SNIPPET_TOKENS}),"
    f" snippet(annotations_fts, 1, '{OPEN}', '{CLOSE}', '{CUT}', {SNIPPET_TOKENS}),"
    f" highlight(annotations_fts, 2, '{OPEN}', '{CLOSE}'), highlight(annotations_fts, 3, '{OPEN}', '{CLOSE}')"
)
MAX_DOCUMENT_TOKENS = 200  # doc: and collection: up to this many documents are index terms; more, a join
_CLAIM_JOIN = "JOIN annotations a ON a.id = annotations_fts.rowid"
_IN_DOCUMENTS = "AND a.document_id IN (SELECT value FROM json_each(?))"
DOCUMENT_WINDOW = 100  # documents ranked at most per query (each is long: bm25 reads its whole position list)
DOCUMENT_COMMON = 500  # from this many matching documents on, the newest first


class SearchError(LibraryError):
    """A query that cannot be searched as typed; the message says why and what would work."""


@dataclass(frozen=True)
class PreparedSearch:
    """A query read and resolved against the library: what to hand to FTS5."""

    text: str
    claim_match: str  # FTS5 expression over annotations_fts; "" when the query is empty
    document_match: str  # over documents_fts; "" when documents cannot match (no words, or claim-only filters)
    document_ids: tuple[int, ...] | None  # doc: and collection: restrict document hits to these
    notes: tuple[str, ...]
    terms: tuple[Term, ...] = ()  # the words and phrases searched for (for highlighting documents)
    claim_documents: tuple[int, ...] | None = None  # claims restricted to these documents after the index

    def claim_scope(self) -> tuple[str, str, list[object]]:
        """Return the join, the extra WHERE and its parameters that restrict claims to claim_documents."""
        if self.claim_documents is None:
            return "", "", []
        return _CLAIM_JOIN, _IN_DOCUMENTS, [json.dumps(list(self.claim_documents))]


@dataclass(frozen=True)
class ClaimHit:
    """A claim whose quote, note, speaker or tags match: the claim, its document, what matched."""

    annotation: Annotation
    document_title: str
    quote: Highlighted  # the quote (about 24 words of it when long), matched words marked
    matches: dict[str, Highlighted] = field(default_factory=dict)  # "quote"|"note"|"speaker"|"tags" that matched


@dataclass(frozen=True)
class DocumentHit:
    """A document whose text (or title) matches: a snippet, and where in the text its first match is."""

    document_id: int
    title: Highlighted
    snippet: Highlighted
    start: int  # canonical (code point) offset of the snippet's first matched word; 0 when only the title matched
    end: int


@dataclass(frozen=True)
class SearchResults:
    """The best hits of one query, best first."""

    query: str
    claims: list[ClaimHit]
    documents: list[DocumentHit]
    notes: tuple[str, ...] = ()  # how the query was read (e.g. "foo: is not a filter; searched as words")
    ordered: str = ranking.RANKED  # claims: RANKED (bm25), WINDOWED (bm25 of the newest WINDOW), NEWEST (too common)

    @property
    def windowed(self) -> bool:
        """Whether the claims were not all ranked (too many matches)."""
        return self.ordered != ranking.RANKED


@dataclass(frozen=True)
class SearchTotals:
    """How many claims and documents match in all (counted apart from the ranked hits)."""

    claims: int
    documents: int


def prepare(library: Library, text: str) -> PreparedSearch:
    """Read a query and resolve its filters against the library.

    Raises:
        SearchError: a filter names what the library cannot have (a claim type or status that does not
            exist, a collection that does not exist), or the query only excludes.
    """
    parsed = parse(text)
    notes = list(parsed.notes)
    if parsed.is_empty:
        if parsed.excluded:
            raise SearchError('a search needs something to find: words, a "phrase" or a filter such as tag:war')
        return PreparedSearch(text, "", "", None, tuple(notes))
    parts = [_text_part(parsed, TEXT_COLUMNS)] if parsed.has_text else []
    document_ids = _document_ids(library, parsed.filters, notes)
    tokens = document_ids if document_ids is None or len(document_ids) <= MAX_DOCUMENT_TOKENS else None
    parts += _filter_parts(library, parsed.filters, notes, tokens)
    claim_documents = document_ids if tokens is None and document_ids is not None else None
    if not parts and claim_documents is None:
        return PreparedSearch(text, "", "", None, tuple(dict.fromkeys(notes)))
    claim_match = " AND ".join(f"({part})" for part in parts) + _excluded(parsed, TEXT_COLUMNS) if parts else ""
    documents_too = parsed.has_text and not any(name in parsed.filters for name in CLAIM_ONLY_FILTERS)
    document_match = _text_part(parsed, DOCUMENT_COLUMNS) + _excluded(parsed, DOCUMENT_COLUMNS) if documents_too else ""
    terms = tuple(term for clause in parsed.clauses for term in clause)
    return PreparedSearch(
        text, claim_match, document_match, document_ids, tuple(dict.fromkeys(notes)), terms, claim_documents
    )


def search(
    library: Library, query: str | PreparedSearch, *, limit: int = 20, offset: int = 0, document_limit: int = 5
) -> SearchResults:
    """Return the best claim hits (limit, from offset) and the best document hits (document_limit).

    Raises:
        SearchError: see ``prepare``.
    """
    prepared = prepare(library, query) if isinstance(query, str) else query
    if not prepared.claim_match:
        claims = _scoped_claims(library, prepared.claim_documents, limit, offset)
        return SearchResults(prepared.text, claims, [], prepared.notes)
    claims, ordered = _claim_hits(library, prepared, limit, offset)
    documents: list[DocumentHit] = []
    if prepared.document_match and document_limit > 0 and offset == 0:
        documents = _document_hits(library, prepared, document_limit)
    return SearchResults(prepared.text, claims, documents, prepared.notes, ordered)


def totals(library: Library, query: str | PreparedSearch) -> SearchTotals:
    """Return how many claims and documents match in all. Raises SearchError (see ``prepare``)."""
    prepared = prepare(library, query) if isinstance(query, str) else query
    conn = library.conn
    join, extra, params = prepared.claim_scope()
    if prepared.claim_match:
        claims = ranking.count(conn, "annotations_fts", prepared.claim_match, extra, params, join)
    else:
        claims = (
            int(conn.execute(f"SELECT count(*) FROM annotations a WHERE 1 {extra}", params).fetchone()[0])
            if join
            else 0
        )
    documents = 0
    if prepared.document_match:
        extra, params = _document_restriction(prepared)
        documents = ranking.count(conn, "documents_fts", prepared.document_match, extra, params)
    return SearchTotals(claims, documents)


def _text_part(parsed: ParsedQuery, columns: str) -> str:
    clauses = " AND ".join("(" + " OR ".join(term.fts() for term in clause) + ")" for clause in parsed.clauses)
    return f"{columns} : ({clauses})"


def _excluded(parsed: ParsedQuery, columns: str) -> str:
    if not parsed.excluded:
        return ""
    return f" NOT {columns} : (" + " OR ".join(term.fts() for term in parsed.excluded) + ")"


def _filter_parts(
    library: Library, filters: dict[str, tuple[str, ...]], notes: list[str], document_ids: tuple[int, ...] | None
) -> list[str]:
    parts = []
    for name, column in (("speaker", "speaker"), ("tag", "tag_text")):
        terms = [t for t in (term_of(v) for v in filters.get(name, ())) if t is not None]
        if name in filters and not terms:
            notes.append(f"{name}: needs a word to match; ignored")
        if terms:
            parts.append(f"{column} : (" + " OR ".join(t.fts() for t in terms) + ")")
    facets = [
        _facets("ty", _claim_types(library, filters.get("type", ()))),
        _facets("st", _statuses(filters.get("status", ()))),
        _facets("an", _annotators(library, filters.get("annotator", ()), notes)),
    ]
    if document_ids is not None:
        facets.append(" OR ".join(f'"dc{d}"' for d in document_ids) if document_ids else '"none"')
    parts += [f"facets : ({facet})" for facet in facets if facet]
    return parts


def _facets(prefix: str, values: list[str]) -> str:
    return " OR ".join(f'"{prefix}{value.encode("utf-8").hex()}"' for value in values)


def _claim_types(library: Library, values: tuple[str, ...]) -> list[str]:
    types = library.claim_types()
    names = []
    for value in values:
        wanted = value.strip().casefold()
        found = next((t.name for t in types if wanted in (t.name.casefold(), t.label.casefold())), None)
        if found is None:
            raise SearchError(f"type:{value}: no such claim type (known: {', '.join(t.name for t in types)})")
        names.append(found)
    return names


def _statuses(values: tuple[str, ...]) -> list[str]:
    for value in values:
        if value.strip().lower() not in STATUSES:
            raise SearchError(f"status:{value}: no such status (known: {', '.join(STATUSES)})")
    return [value.strip().lower() for value in values]


def _annotators(library: Library, values: tuple[str, ...], notes: list[str]) -> list[str]:
    """Annotator names as stored: the value itself when someone has it (one index seek), else any case of it."""
    conn = library.conn
    chosen = []
    for value in (v.strip() for v in values):
        if conn.execute("SELECT 1 FROM annotations WHERE annotator = ? LIMIT 1", [value]).fetchone():
            chosen.append(value)
            continue
        known = [row[0] for row in conn.execute("SELECT DISTINCT annotator FROM annotations")]
        found = [name for name in known if name.casefold() == value.casefold()]
        if not found:
            notes.append(f"annotator:{value}: nobody of that name has made claims here")
        chosen += found or [value]
    return chosen


def _document_ids(library: Library, filters: dict[str, tuple[str, ...]], notes: list[str]) -> tuple[int, ...] | None:
    """The documents that doc: and collection: allow (both given: those in both), or None for all."""
    chosen: set[int] | None = None
    if "doc" in filters:
        chosen = {d for value in filters["doc"] for d in _documents_named(library, value, notes)}
    if "collection" in filters:
        inside = set()
        for value in filters["collection"]:
            try:
                inside.update(collections.document_ids(library, collections.find(library, value).id))
            except LibraryError as error:
                raise SearchError(f"collection:{value}: {error}") from None
        chosen = inside if chosen is None else chosen & inside
    return None if chosen is None else tuple(sorted(chosen))


def _documents_named(library: Library, value: str, notes: list[str]) -> list[int]:
    """Documents a doc: value names: its id, or every document whose title contains it."""
    text = value.strip()
    conn = library.conn
    if text.isdigit():
        found = [row[0] for row in conn.execute("SELECT id FROM documents WHERE id = ?", [int(text)])]
    else:
        needle = text.casefold()
        found = [doc for doc, title in conn.execute("SELECT id, title FROM documents") if needle in title.casefold()]
    if not found:
        notes.append(f"doc:{value}: no document has that id or title")
    return found


def _claim_hits(library: Library, prepared: PreparedSearch, limit: int, offset: int) -> tuple[list[ClaimHit], str]:
    conn = library.conn
    join, extra, params = prepared.claim_scope()
    rows, ordered = ranking.ranked(
        conn, "annotations_fts", prepared.claim_match, _CLAIM_COLUMNS, limit, offset, extra, params, join=join
    )
    found = shown_by_ids(library, [row[0] for row in rows])
    titles = document_titles(library, {a.document_id for a in found.values()})
    hits = []
    for row_id, *marked in rows:
        annotation = found.get(row_id)
        if annotation is None:  # deleted between the two statements by another connection
            continue
        fields = dict(zip(_FIELDS, map(read_marks, marked), strict=True))
        matches = {name: text for name, text in fields.items() if text.spans}
        hits.append(ClaimHit(annotation, titles.get(annotation.document_id, ""), fields["quote"], matches))
    return hits, ordered


def _scoped_claims(library: Library, document_ids: tuple[int, ...] | None, limit: int, offset: int) -> list[ClaimHit]:
    """The claims of the documents (newest first), for a query that is only doc: or collection:."""
    if document_ids is None:
        return []
    conn = library.conn
    rows = conn.execute(
        f"SELECT a.id FROM annotations a WHERE 1 {_IN_DOCUMENTS} ORDER BY a.id DESC LIMIT ? OFFSET ?",
        [json.dumps(list(document_ids)), limit, offset],
    ).fetchall()
    found = shown_by_ids(library, [row[0] for row in rows])
    titles = document_titles(library, {a.document_id for a in found.values()})
    return [ClaimHit(a, titles.get(a.document_id, ""), Highlighted(a.exact)) for a in (found[r[0]] for r in rows)]


def _document_hits(library: Library, prepared: PreparedSearch, limit: int) -> list[DocumentHit]:
    conn = library.conn
    extra, params = _document_restriction(prepared)
    rows, _ = ranking.ranked(
        conn, "documents_fts", prepared.document_match, "1", limit, extra=extra, params=params,
        window=DOCUMENT_WINDOW, common=DOCUMENT_COMMON,
    )  # fmt: skip
    found = {
        document_id: (title, text)
        for document_id, title, text in conn.execute(
            "SELECT id, title, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps([row[0] for row in rows])],
        )
    }
    pattern = matching.pattern_of(prepared.terms)
    hits = []
    for document_id, _ in rows:
        title, text = found.get(document_id, ("", ""))
        place = matching.find_place(text, pattern, len(prepared.terms)) if pattern else None
        start, end = place or (0, 0)
        snippet = matching.snippet_at(text, (start, end), pattern)
        hits.append(DocumentHit(document_id, matching.highlighted(title, pattern), snippet, start, end))
    return hits


def _document_restriction(prepared: PreparedSearch) -> tuple[str, list[object]]:
    if prepared.document_ids is None:
        return "", []
    return "AND (rowid + 0) IN (SELECT value FROM json_each(?))", [json.dumps(list(prepared.document_ids))]


def shown_by_ids(library: Library, annotation_ids: list[int]) -> dict[int, Annotation]:
    """Return the annotations with these row ids (those that exist) as the library shows them (ranges checked)."""
    found = annotation_rows.select_by_ids(library.conn, annotation_ids)
    return dict(zip(found, library.within_texts(list(found.values())), strict=True))


def document_titles(library: Library, document_ids: set[int]) -> dict[int, str]:
    """Return document id -> title for the given ids (those that exist), in one query."""
    sql = "SELECT id, title FROM documents WHERE id IN (SELECT value FROM json_each(?))"
    return dict(library.conn.execute(sql, [json.dumps(sorted(document_ids))]).fetchall())


__all__ = [
    "ClaimHit",
    "DocumentHit",
    "PreparedSearch",
    "SearchError",
    "SearchResults",
    "SearchTotals",
    "Term",
    "document_titles",
    "prepare",
    "search",
    "shown_by_ids",
    "totals",
]
