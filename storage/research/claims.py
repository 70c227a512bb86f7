"""Claims across the library: one query with filters, a sort and paging, for the claims view and the command line.

A ``ClaimFilter`` is plain data (the view keeps one and changes a field per
user action); ``page`` returns one page of rows and the total; ``uuids``
returns every matching claim for an export of exactly what is shown. Each
filter is an indexed SQL condition; ``text`` is a search query (the search
field's syntax), matched through the full-text index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..claim_types import UNTYPED
from ..errors import InvalidAnnotation
from ..library import Library
from ..records import Annotation
from . import collections
from .search import document_titles, prepare, shown_by_ids, totals

SORTS = ("document", "created", "updated", "type", "speaker")
_ORDER = {
    "document": "a.document_id {d}, a.start {d}, a.end {d}, a.id {d}",
    "created": "a.created {d}, a.id {d}",
    "updated": "a.updated {d}, a.id {d}",
    "type": "{positions} {d}, a.document_id, a.start, a.end, a.id",
    "speaker": "a.speaker COLLATE NOCASE {d}, a.document_id, a.start, a.end, a.id",
}
MAX_PAGE = 10_000
_BROWSE = "INDEXED BY annotations_browse"  # migration 5: (document_id, start, end) and every filter's column
_TAGGED = (
    "SELECT x.annotation_id FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
    " WHERE t.name IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to show: every non-empty field must hold (values within one field: any of them)."""

    types: tuple[str, ...] = ()  # claim type names
    speakers: tuple[str, ...] = ()  # speakers as stored, any case; "" = claims without a speaker
    tags: tuple[str, ...] = ()  # claims with any of these tags (any case)
    documents: tuple[int, ...] = ()  # document ids
    collections: tuple[int, ...] = ()  # collection ids (with the collections under them)
    statuses: tuple[str, ...] = ()  # anchored, moved, changed, orphaned
    annotators: tuple[str, ...] = ()
    created_from: str = ""  # ISO date (or date and time): made on or after
    created_to: str = ""  # ISO date: made on or before that day
    text: str = ""  # a search query the claim's quote, note, speaker or tags must match

    def changed(self, **changes: Any) -> ClaimFilter:
        """Return a copy with some fields changed (the view's one-step filter edits)."""
        return ClaimFilter(**{**self.__dict__, **changes})


@dataclass(frozen=True)
class ClaimRow:
    """One row of the claims view: the claim and the title of its document."""

    annotation: Annotation
    document_title: str


@dataclass(frozen=True)
class ClaimPage:
    """One page of claims in the chosen order, and how many match in all."""

    rows: list[ClaimRow]
    total: int  # -1 when not counted
    offset: int
    limit: int
    notes: tuple[str, ...] = field(default=())  # how the text filter was read


@dataclass(frozen=True)
class FilterChoices:
    """What the claims view's filters can offer: each value with its number of claims, most first."""

    types: list[tuple[str, int]]  # in the library's order of claim types
    speakers: list[tuple[str, int]]  # "" (no speaker) included
    tags: list[tuple[str, int]]
    annotators: list[tuple[str, int]]
    statuses: list[tuple[str, int]]
    first_day: str  # the first and last day a claim was made ("" without claims)
    last_day: str


def choices(library: Library) -> FilterChoices:
    """Return the values the filters can take, with counts (one grouped query each, over indexes)."""
    conn = library.conn

    def grouped(sql: str) -> list[tuple[str, int]]:
        return [(value, count) for value, count in conn.execute(sql)]

    by_type = dict(grouped("SELECT claim_type, count(*) FROM annotations GROUP BY 1"))
    first = conn.execute("SELECT min(created) FROM annotations").fetchone()[0]  # apart: each reads one index end
    last = conn.execute("SELECT max(created) FROM annotations").fetchone()[0]
    return FilterChoices(
        types=[
            (t.name, by_type.get(t.name, 0)) for t in library.claim_types() if t.name != UNTYPED or by_type.get(t.name)
        ],
        speakers=grouped(
            "SELECT speaker, count(*) FROM annotations GROUP BY speaker COLLATE NOCASE"
            " ORDER BY 2 DESC, 1 COLLATE NOCASE"
        ),
        tags=grouped(
            "SELECT t.name, count(*) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id GROUP BY t.id"
            " ORDER BY 2 DESC, t.name COLLATE NOCASE"
        ),
        annotators=grouped("SELECT annotator, count(*) FROM annotations GROUP BY 1 ORDER BY 2 DESC, 1"),
        statuses=grouped("SELECT status, count(*) FROM annotations GROUP BY 1 ORDER BY 2 DESC, 1"),
        first_day=(first or "")[:10],
        last_day=(last or "")[:10],
    )


def page(
    library: Library,
    claim_filter: ClaimFilter = ClaimFilter(),  # frozen: one shared default is safe
    *,
    sort: str = "document",
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
    count: bool = True,
) -> ClaimPage:
    """Return claims matching the filter, sorted, from offset (at most limit; total counted unless count=False).

    Raises:
        InvalidAnnotation: an unknown sort, a malformed date, or a limit out of range.
        SearchError, NotFound: the text filter or a collection cannot be resolved.
    """
    if sort not in SORTS:
        raise InvalidAnnotation(f"unknown sort {sort!r} (known: {', '.join(SORTS)})")
    if not 0 < limit <= MAX_PAGE or offset < 0:
        raise InvalidAnnotation(f"a page holds 1 to {MAX_PAGE:,} claims, from an offset of 0 or more")
    sql, params, notes = page_sql(library, claim_filter, sort=sort, descending=descending, limit=limit, offset=offset)
    ids = [row[0] for row in library.conn.execute(sql, params)]
    found = shown_by_ids(library, ids)
    annotations = [found[i] for i in ids if i in found]
    titles = document_titles(library, {a.document_id for a in annotations})
    rows = [ClaimRow(a, titles.get(a.document_id, "")) for a in annotations]
    total = _total(library, claim_filter) if count else -1
    return ClaimPage(rows, total, offset, limit, notes)


def _order(library: Library, sort: str, descending: bool) -> str:
    """The ORDER BY of a sort; claim types by their place in the library's order (written out: no subquery per row)."""
    # A literal per type (quotes doubled: a name imported from a file is not checked as added ones are).
    whens = " ".join(
        f"WHEN '{t.name.replace(chr(39), chr(39) * 2)}' THEN {number}" for number, t in enumerate(library.claim_types())
    )
    positions = f"CASE a.claim_type {whens} END"
    return _ORDER[sort].format(d="DESC" if descending else "ASC", positions=positions)


def page_sql(
    library: Library, claim_filter: ClaimFilter, *, sort: str, descending: bool, limit: int, offset: int
) -> tuple[str, list[Any], tuple[str, ...]]:
    """Return (the SQL selecting a page's annotation ids, its parameters, notes on the text filter).

    Ids first, from an index only; the rows are read after, so the sort never carries whole rows. In
    reading order the browse index holds every filter's column: SQLite walks it and stops at a full page.
    """
    where, params, notes = conditions(library, claim_filter)
    index = _BROWSE if where and sort == "document" else ""
    sql = (
        f"SELECT a.id FROM annotations a {index} {where} ORDER BY {_order(library, sort, descending)} LIMIT ? OFFSET ?"
    )
    return sql, [*params, limit, offset], notes


def count(library: Library, claim_filter: ClaimFilter = ClaimFilter()) -> int:  # frozen: one shared default is safe
    """Return how many claims match the filter."""
    return _total(library, claim_filter)


def _total(library: Library, claim_filter: ClaimFilter) -> int:
    """Count off the smallest index that holds the answer: one filter's own, or the browse index for several."""
    fast = _fast_total(library, claim_filter)
    if fast is not None:
        return fast
    where, params, _ = conditions(library, claim_filter)
    several = sum(1 for value in claim_filter.__dict__.values() if value) > 1
    return total_of(library, where, params, _BROWSE if several else "")


def uuids(library: Library, claim_filter: ClaimFilter = ClaimFilter()) -> list[str]:
    """Return the uuid of every claim matching the filter, in document order (for an export of the view)."""
    where, params, _ = conditions(library, claim_filter)
    sql = f"SELECT a.uuid FROM annotations a {where} ORDER BY a.document_id, a.start, a.end, a.id"
    return [row[0] for row in library.conn.execute(sql, params)]


def total_of(library: Library, where: str, params: list[Any], index: str = "") -> int:
    """Return the number of annotations ``a`` satisfying where (as ``conditions`` builds it)."""
    sql = f"SELECT count(*) FROM annotations a {index} {where}"
    return int(library.conn.execute(sql, params).fetchone()[0])


def conditions(library: Library, claim_filter: ClaimFilter) -> tuple[str, list[Any], tuple[str, ...]]:
    """Return (``WHERE ...`` over ``annotations a``, its parameters, notes on the text filter).

    One value is an equality, so that SQLite reads the first page off that filter's index in reading
    order; tags and text test ``+a.id``, so that SQLite walks an index in the view's order and looks
    each claim up in their set, instead of sorting every claim of a common tag.
    """
    clauses: list[str] = []
    params: list[Any] = []

    def among(column: str, values: tuple[Any, ...]) -> None:
        if len(values) == 1:
            clauses.append(f"{column} = ?")
            params.append(values[0])
        elif values:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(values)))

    f = claim_filter
    among("a.claim_type", f.types)
    among("a.status", f.statuses)
    among("a.annotator", f.annotators)
    among("a.document_id", f.documents)
    if f.speakers:
        clauses.append("(" + " OR ".join("a.speaker = ? COLLATE NOCASE" for _ in f.speakers) + ")")
        params += [speaker.strip() for speaker in f.speakers]
    if f.tags:
        clauses.append(_tag_condition(library, f.tags))
        params.append(json.dumps(list(f.tags)))
    if f.collections:
        inside = sorted({d for c in f.collections for d in collections.document_ids(library, c)})
        clauses.append("a.document_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(inside))
    _dates(f, clauses, params)
    notes = _text(library, f.text, clauses, params)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params, notes


def _tag_condition(library: Library, tags: tuple[str, ...]) -> str:
    """Claims with any of the tags: a lookup per claim for a common tag, a set of claims for a rarer one.

    (Walking the view's index and looking each claim's tags up finds a page of a tag on half the claims at
    once; for a tag on few claims, building their set first costs less than a lookup for every claim.)
    """
    conn = library.conn
    tagged = conn.execute(f"SELECT count(*) FROM ({_TAGGED})", [json.dumps(list(tags))]).fetchone()[0]
    everything = conn.execute("SELECT max(id) FROM annotations").fetchone()[0] or 1
    if tagged * 10 > everything:
        return (
            "EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = a.id AND x.tag_id IN"
            " (SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))))"
        )
    return f"+a.id IN ({_TAGGED})"


def _fast_total(library: Library, f: ClaimFilter) -> int | None:
    """The total, counted off one small index, when the filter is only tags or only text (else None)."""
    only = {name for name, value in f.__dict__.items() if value}
    conn = library.conn
    if not only:
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    if only == {"tags"}:
        sql = f"SELECT count(DISTINCT annotation_id) FROM ({_TAGGED})"
        if len(f.tags) == 1:
            sql = "SELECT count(*) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name = ?"
            return int(conn.execute(sql, [f.tags[0]]).fetchone()[0])
        return int(conn.execute(sql, [json.dumps(list(f.tags))]).fetchone()[0])
    if only == {"text"}:
        prepared = prepare(library, f.text)
        if prepared.claim_match and prepared.claim_documents is None:
            return totals(library, prepared).claims
    return None


def _dates(f: ClaimFilter, clauses: list[str], params: list[Any]) -> None:
    if f.created_from:
        clauses.append("a.created >= ?")
        params.append(_checked_date(f.created_from))
    if f.created_to:
        clauses.append("a.created < ?")
        day = date.fromisoformat(_checked_date(f.created_to)[:10])
        params.append((day + timedelta(days=1)).isoformat())


def _checked_date(text: str) -> str:
    try:
        date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InvalidAnnotation(f"date {text!r}: use YYYY-MM-DD") from None
    return text.strip()


def _text(library: Library, text: str, clauses: list[str], params: list[Any]) -> tuple[str, ...]:
    """Add the text filter (the search syntax) as a match on the full-text index."""
    if not text.strip():
        return ()
    prepared = prepare(library, text)
    if prepared.claim_match:
        clauses.append("+a.id IN (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)")
        params.append(prepared.claim_match)
    if prepared.claim_documents is not None:
        clauses.append("a.document_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(prepared.claim_documents)))
    return prepared.notes
