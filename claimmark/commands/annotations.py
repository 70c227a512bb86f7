"""Annotations: annotate, annotations, notes, search."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from storage import STATUSES, Library, find_occurrence

from ..output import print_json, print_row
from . import READ, Command, access


def register(command: Command) -> None:
    """Declare annotate, annotations, notes and search."""
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
    sub = command("annotations", "list a document's annotations", cmd_annotations)
    access(sub, READ)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--type", dest="claim_type")
    sub.add_argument("--status", choices=STATUSES, help="only annotations with this anchoring status")
    sub.add_argument("--json", action="store_true")
    sub = command("notes", "list the notes on a whole document (page notes)", cmd_notes)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--json", action="store_true")
    sub = command("search", "full-text search of annotations", cmd_search)
    access(sub, READ)
    sub.add_argument("query")
    sub.add_argument("--json", action="store_true")


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
    """Print a document's annotations, one per line (or JSON)."""
    summary = library.find_document(args.document)
    annotations = library.annotations(summary.id, claim_type=args.claim_type, status=args.status)
    if args.json:
        print_json([asdict(a) for a in annotations])
        return 0
    for a in annotations:
        print_row(a.uuid, a.claim_type, f"{a.start}-{a.end}", a.status, " ".join(a.exact.split()))
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


def cmd_search(args: argparse.Namespace, library: Library) -> int:
    """Print the best full-text matches among quotes, notes and speakers."""
    hits = library.search(args.query)
    if args.json:
        print_json([{"document": h.document_title, "snippet": h.snippet, **asdict(h.annotation)} for h in hits])
        return 0
    for hit in hits:
        print_row(hit.annotation.document_id, hit.document_title, hit.annotation.claim_type, hit.snippet)
    return 0
