"""`claimmark update DOC FILE`: make a file the new version of a document, printing counts per status."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from storage import Library
from storage.statuses import STATUSES

if TYPE_CHECKING:
    from documents import Document

from . import Command


def register(command: Command) -> None:
    """Declare update."""
    parser = command("update", "make FILE the new version of a document; print counts per status", cmd_update)
    parser.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    parser.add_argument("file", metavar="FILE", help="the new version of the article")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")


def cmd_update(args: argparse.Namespace, library: Library) -> int:
    """Re-anchor the document's annotations on the file's text and print how many got each status."""
    from documents import load_path
    from storage.anchoring import update_document  # re-anchoring (rapidfuzz) loads only for this command

    summary = library.find_document(args.document)
    document = load_path(args.file)
    counts = update_document(library, summary.id, document)
    print_counts(counts, as_json=args.json)
    return 0


def print_counts(counts: dict[str, int], *, as_json: bool = False) -> None:
    """Print STATUS<TAB>COUNT for every status, in the documented order (or one JSON object)."""
    ordered = {status: counts.get(status, 0) for status in STATUSES}
    if as_json:
        print(json.dumps(ordered))
        return
    for status, count in ordered.items():
        print(f"{status}\t{count}")


def describe_update(document_id: int, counts: dict[str, int]) -> str:
    """One line telling that an import updated an existing document, e.g. for stderr."""
    parts = ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)
    return f"document {document_id} updated to a new version of its file: {parts}"


def import_documents(documents: list[Document], library: Library) -> None:
    """Import each document, updating the earlier import of the same file when its text changed."""
    from storage.anchoring import import_or_update

    for document in documents:
        outcome = import_or_update(library, document)
        print(f"{outcome.summary.id}\t{outcome.summary.title}")
        if outcome.counts is not None:
            print(f"claimmark: {describe_update(outcome.summary.id, outcome.counts)}", file=sys.stderr)
