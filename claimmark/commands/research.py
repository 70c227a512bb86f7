"""Research over the whole library: search, similar, stats."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from storage import InvalidAnnotation, Library

from ..output import print_json, print_note, print_row
from . import READ, Command, access


def register(command: Command) -> None:
    """Declare search, similar and stats."""
    sub = command("search", "search claims (quote, note, speaker, tags) and the documents' text", cmd_search)
    sub.add_argument("query", help='words, "a phrase", prefix*, -word, a OR b, speaker: tag: type: status: ...')
    sub.add_argument("--limit", type=int, default=20, metavar="N", help="claims shown at most (default 20)")
    sub.add_argument("--documents", type=int, default=5, metavar="N", help="documents shown at most (default 5)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    access(sub, READ)
    sub = command(
        "similar", "find the same claim, in the same or nearly the same words, in other documents", cmd_similar
    )
    sub.add_argument("uuid", metavar="UUID")
    sub.add_argument("--limit", type=int, default=20, metavar="N", help="claims shown at most (default 20)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    access(sub, READ)
    sub = command("stats", "count claims by type, position, speaker, tag and time", cmd_stats)
    sub.add_argument("document", metavar="DOC", nargs="?", help="one document (default: the whole library)")
    sub.add_argument("--collection", metavar="C", help="a collection (its id, path or name) instead")
    sub.add_argument("--period", choices=("day", "week"), default="week", help="claims over time by day or week")
    sub.add_argument("--json", action="store_true", help="print JSON")
    access(sub, READ)


def cmd_search(args: argparse.Namespace, library: Library) -> int:
    """Print the best claim hits and document hits, one per line (or JSON); totals and notes on stderr."""
    from storage.research import search

    prepared = search.prepare(library, args.query)
    if not prepared.claim_match and prepared.claim_documents is None:
        raise search.SearchError('nothing to search for: give words, a "phrase" or a filter such as tag:war')
    results = search.search(library, prepared, limit=max(1, args.limit), document_limit=max(0, args.documents))
    totals = search.totals(library, prepared)
    if args.json:
        print_json(_search_json(results, totals))
        return 0
    for note in results.notes:
        print_note(note)
    for hit in results.claims:
        a = hit.annotation
        print_row("claim", a.uuid, a.claim_type, a.document_id, hit.document_title, _line(hit.quote.marked()))
    for found in results.documents:
        print_row("text", found.document_id, found.start, found.title.text, _line(found.snippet.marked()))
    shown = f"{len(results.claims)} and {len(results.documents)} shown"
    print_note(f"{totals.claims} claims and {totals.documents} documents match ({shown})")
    return 0


def cmd_similar(args: argparse.Namespace, library: Library) -> int:
    """Print SCORE RELATION UUID DOC_ID TITLE SPEAKER START-END QUOTE per similar claim (or JSON)."""
    from storage.research.similar import similar

    found = similar(library, args.uuid, limit=max(1, args.limit))
    if args.json:
        rows = [{"score": s.score, "relation": s.relation, "document": s.document_title, **asdict(s.annotation)}
                for s in found]  # fmt: skip
        print_json(rows)
        return 0
    for s in found:
        a = s.annotation
        print_row(f"{s.score:g}", s.relation, a.uuid, a.document_id, s.document_title, a.speaker, f"{a.start}-{a.end}",
                  _line(a.exact))  # fmt: skip
    return 0


def cmd_stats(args: argparse.Namespace, library: Library) -> int:
    """Print the statistics of the library, a document or a collection (or JSON)."""
    from storage.research import collections, stats

    if args.document and args.collection:
        raise InvalidAnnotation("name a document or a collection, not both")
    if args.collection:
        found = stats.collection_statistics(library, collections.find(library, args.collection).id, period=args.period)
    elif args.document:
        found = stats.document_statistics(library, library.find_document(args.document).id, period=args.period)
    else:
        found = stats.library_statistics(library, period=args.period)
    if args.json:
        print_json(asdict(found))
        return 0
    for line in _stats_lines(found):
        print_row(*line.split("\t"))
    return 0


def _stats_lines(found: Any) -> list[str]:
    lines = [f"scope\t{found.scope}\t{found.title}", f"documents\t{found.documents}", f"claims\t{found.claims}"]
    lines += [f"type\t{t.name}\t{t.count}\t{t.share:.1%}" for t in found.types]
    lines += [f"speaker\t{name}\t{count}" for name, count in found.speakers]
    lines += [f"tag\t{name}\t{count}" for name, count in found.tags]
    lines += [f"status\t{name}\t{count}" for name, count in found.statuses.items()]
    lines += [f"annotator\t{name}\t{count}" for name, count in found.annotators.items()]
    lines += [f"position\t{b.start:.2f}-{b.end:.2f}\t{_counts(b.counts)}" for b in found.position_bins]
    lines += [f"{found.period}\t{p.start}\t{_counts(p.counts)}" for p in found.timeline]
    return lines


def _counts(counts: dict[str, int]) -> str:
    return " ".join(f"{name}={count}" for name, count in sorted(counts.items()))


def _line(text: str) -> str:
    return " ".join(text.split())


def _search_json(results: Any, totals: Any) -> dict[str, Any]:
    claims = [
        {"uuid": h.annotation.uuid, "type": h.annotation.claim_type, "document_id": h.annotation.document_id,
         "document": h.document_title, "quote": h.annotation.exact, "snippet": h.quote.text,
         "highlights": h.quote.spans, "matched": {name: t.marked() for name, t in h.matches.items()},
         "speaker": h.annotation.speaker, "note": h.annotation.note, "tags": h.annotation.tags,
         "status": h.annotation.status, "start": h.annotation.start, "end": h.annotation.end}
        for h in results.claims
    ]  # fmt: skip
    documents = [
        {"document_id": d.document_id, "document": d.title.text, "start": d.start, "end": d.end,
         "snippet": d.snippet.text, "highlights": d.snippet.spans}
        for d in results.documents
    ]  # fmt: skip
    return {
        "query": results.query, "notes": list(results.notes), "total_claims": totals.claims,
        "total_documents": totals.documents, "ordered": results.ordered,
        "claims": claims, "documents": documents,
    }  # fmt: skip
