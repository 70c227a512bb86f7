"""Annotations: annotate, annotations (of one document, or across the library), notes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from storage import STATUSES, InvalidAnnotation, Library, find_occurrence

from ..output import print_json, print_row
from . import READ, Command, access


def register(command: Command) -> None:
    """Declare annotate, annotations and notes."""
    sub = command("annotate", "tag a quote of a document; print the annotation's UUID", cmd_annotate)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--quote", required=True, help="the exact text to tag")
    sub.add_argument("--type", required=True, dest="claim_type", help="claim type: fact, opinion, quote, ...")
    sub.add_argument("--note", default="")
    sub.add_argument("--speaker", default="")
    sub.add_argument("--tag", action="append", default=[], dest="tags", help="topic tag (repeatable)")
    sub.add_argument("--occurrence", type=int, default=1, metavar="N", help="tag the Nth occurrence (default 1)")
    sub.add_argument("--annotator", metavar="NAME", help="who tags (default: $CLAIMMARK_ANNOTATOR or the login name)")
    sub.add_argument("--json", action="store_true", help="print the new annotation as JSON")
    sub = command(
        "annotations", "list a document's annotations, or with --all those of the library", cmd_annotations,
        _annotations_arguments,
    )  # fmt: skip
    access(sub, READ)
    sub = command("notes", "list the notes on a whole document (page notes)", cmd_notes)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--json", action="store_true")
    access(sub, READ)


def _annotations_arguments(sub: argparse.ArgumentParser) -> None:
    """Declare annotations' options (the sorts and export formats come from modules loaded for it only)."""
    from storage.export import FORMATS
    from storage.research.claims import SORTS

    sub.add_argument("document", metavar="DOC", nargs="?", help="document id or a unique part of its title")
    sub.add_argument("--all", action="store_true", help="annotations of every document (filtered by the options)")
    sub.add_argument("--type", action="append", default=[], dest="types", help="claim type (repeatable)")
    sub.add_argument("--status", action="append", default=[], dest="statuses", choices=STATUSES,
                     help="only annotations with this anchoring status (repeatable)")  # fmt: skip
    sub.add_argument("--speaker", action="append", default=[], dest="speakers", help="speaker (repeatable)")
    sub.add_argument("--tag", action="append", default=[], dest="tags", help="tag (repeatable: any of them)")
    sub.add_argument("--doc", action="append", default=[], dest="docs", metavar="DOC", help="document (repeatable)")
    sub.add_argument("--collection", action="append", default=[], dest="collections", metavar="C",
                     help="collection id, path or name, with those under it (repeatable)")  # fmt: skip
    sub.add_argument("--annotator", action="append", default=[], dest="annotators", help="who made it (repeatable)")
    sub.add_argument("--since", default="", metavar="YYYY-MM-DD", help="made on or after this day")
    sub.add_argument("--until", default="", metavar="YYYY-MM-DD", help="made on or before this day")
    sub.add_argument("--search", default="", metavar="QUERY", help="matching a search query (claimmark search syntax)")
    sub.add_argument("--sort", choices=SORTS, default="document", help="order (default: document, reading order)")
    sub.add_argument("--desc", action="store_true", help="reverse the order")
    sub.add_argument("--limit", type=int, default=0, metavar="N", help="at most N annotations")
    sub.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N")
    out = sub.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the annotations as JSON")
    out.add_argument("--format", choices=FORMATS, help="export exactly these annotations as Markdown, JSON-LD or CSV")


def cmd_annotate(args: argparse.Namespace, library: Library) -> int:
    """Tag the Nth occurrence of a quote; print the new annotation's uuid (or the annotation as JSON)."""
    if args.annotator is not None:
        library.annotator = args.annotator.strip()
    summary = library.find_document(args.document)
    start, end = find_occurrence(library.document_text(summary.id), args.quote, args.occurrence)
    annotation = library.add_annotation(
        summary.id, start, end, args.claim_type.strip().lower(), note=args.note, speaker=args.speaker, tags=args.tags
    )
    if args.json:
        print_json(asdict(annotation))
    else:
        print_row(annotation.uuid)
    return 0


def cmd_annotations(args: argparse.Namespace, library: Library) -> int:
    """Print annotations one per line (or JSON, or an export), filtered and sorted."""
    from storage.research import claims, collections

    if bool(args.document) == args.all:
        raise InvalidAnnotation("name a document, or use --all for the whole library")
    documents = [library.find_document(r).id for r in ([args.document] if args.document else args.docs)]
    claim_filter = claims.ClaimFilter(
        types=tuple(t.strip().lower() for t in args.types), speakers=tuple(args.speakers), tags=tuple(args.tags),
        documents=tuple(documents), statuses=tuple(args.statuses), annotators=tuple(args.annotators),
        collections=tuple(collections.find(library, c).id for c in args.collections),
        created_from=args.since, created_to=args.until, text=args.search,
    )  # fmt: skip
    if args.format:
        return _export(library, claims.uuids(library, claim_filter), args.format)
    rows = _rows(library, claim_filter, args)
    if args.json:
        print_json([{"document": r.document_title, **asdict(r.annotation)} for r in rows])
        return 0
    for row in rows:
        a = row.annotation
        where = (a.document_id,) if args.all else ()
        print_row(a.uuid, a.claim_type, *where, f"{a.start}-{a.end}", a.status, " ".join(a.exact.split()))
    return 0


def cmd_notes(args: argparse.Namespace, library: Library) -> int:
    """Print a document's notes on the whole document, one per line (or JSON)."""
    summary = library.find_document(args.document)
    notes = library.document_notes(summary.id)
    if args.json:
        print_json([asdict(n) for n in notes])
        return 0
    for note in notes:
        print_row(note.uuid, note.annotator, ", ".join(note.tags), " ".join(note.note.split()))
    return 0


def _rows(library: Library, claim_filter: Any, args: argparse.Namespace) -> list[Any]:
    """Every row the options select, read a page at a time."""
    from storage.research import claims

    rows: list[Any] = []
    offset, wanted = max(0, args.offset), args.limit if args.limit > 0 else None
    while wanted is None or len(rows) < wanted:
        size = claims.MAX_PAGE if wanted is None else min(claims.MAX_PAGE, wanted - len(rows))
        page = claims.page(library, claim_filter, sort=args.sort, descending=args.desc, limit=size, offset=offset,
                           count=False)  # fmt: skip
        rows += page.rows
        offset += len(page.rows)
        if len(page.rows) < size:
            break
    return rows


def _export(library: Library, uuids: list[str], format: str) -> int:
    from storage.export.exporting import ExportOptions, export_text

    sys.stdout.write(export_text(library, [], ExportOptions(format=format), annotation_uuids=uuids))
    return 0
