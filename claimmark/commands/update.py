"""`claimmark update DOC FILE`: make a file the new version of a document, printing counts per status."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from storage import Library
from storage.statuses import STATUSES

from ..output import print_json, print_note, print_row
from . import Command

if TYPE_CHECKING:
    from documents import Document


def register(command: Command) -> None:
    """Declare update."""
    parser = command("update", "make FILE the new version of a document; print counts per status", cmd_update)
    parser.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    parser.add_argument("file", metavar="FILE", help="the new version of the article")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")


def cmd_update(args: argparse.Namespace, library: Library) -> int:
    """Re-anchor the document's annotations on the file's text and print how many got each status."""
    from documents.bounded import cli_start_method, start_bounded

    pending = start_bounded(args.file, start_method=cli_start_method())  # the new file parses meanwhile
    try:
        summary = library.find_document(args.document)
        from storage.anchoring import update_document

        stored = library.document(summary.id)
    except BaseException:
        pending.cancel()
        raise
    counts = update_document(library, summary.id, pending.result(), stored=stored)
    print_counts(counts, as_json=args.json)
    return 0


def print_counts(counts: dict[str, int], *, as_json: bool = False) -> None:
    """Print STATUS<TAB>COUNT for every status, in the documented order (or one JSON object)."""
    ordered = {status: counts.get(status, 0) for status in STATUSES}
    if as_json:
        print(json.dumps(ordered))
        return
    for status, count in ordered.items():
        print_row(status, count)


def describe_update(document_id: int, counts: dict[str, int]) -> str:
    """One line telling that an import updated an existing document, e.g. for stderr."""
    parts = ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)
    return f"document {document_id} updated to a new version of its file: {parts}"


def import_documents(documents: list[Document], library: Library, *, as_json: bool = False) -> None:
    """Import each document, updating the earlier import of the same file when its text changed.

    Prints ID<TAB>TITLE per document, or one JSON list of {id, title, created, counts}.
    """
    from storage.anchoring import import_or_update

    outcomes = [import_or_update(library, document) for document in documents]
    if as_json:
        print_json([{**asdict(o.summary), "created": o.created, "updated_counts": o.counts} for o in outcomes])
    for outcome in outcomes:
        if not as_json:
            print_row(outcome.summary.id, outcome.summary.title)
        if outcome.counts is not None:
            print_note(describe_update(outcome.summary.id, outcome.counts))
