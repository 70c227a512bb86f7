"""Documents in the library: import, list, show."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from storage import Library

from ..output import print_json, print_row
from . import READ, Command, access
from .update import import_documents


def register(command: Command) -> None:
    """Declare import, list and show."""
    sub = command("import", "import article files or http(s) URLs; print ID<TAB>TITLE for each", cmd_import)
    sub.add_argument("files", nargs="+", metavar="FILE|URL")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("list", "list the documents in the library (id, title, author, date, annotations, url)", cmd_list)
    access(sub, READ)
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("show", "show a document's metadata, or its canonical text", cmd_show)
    access(sub, READ)
    sub.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    sub.add_argument("--text", action="store_true", help="print the canonical text")
    sub.add_argument("--json", action="store_true", help="print JSON")


def cmd_import(args: argparse.Namespace, library: Library) -> int:
    """Parse (and fetch) every file before writing anything; print ID<TAB>TITLE per document.

    Each file is read in a child process with memory and CPU limits (documents.bounded).
    """
    from documents import is_url, load_url  # the importers load only for this command
    from documents.bounded import cli_start_method, load_path_bounded

    start = cli_start_method()
    documents = [
        load_url(source) if is_url(source) else load_path_bounded(source, start_method=start) for source in args.files
    ]
    import_documents(documents, library, as_json=args.json)  # a changed file already imported becomes a new version
    return 0


def cmd_list(args: argparse.Namespace, library: Library) -> int:
    """Print one line per document (or JSON)."""
    documents = library.documents()
    if args.json:
        print_json([asdict(d) for d in documents])
        return 0
    for d in documents:
        total = sum(d.counts.values())
        print_row(d.id, d.title, d.author, d.published, f"{total} annotation{'s' * (total != 1)}", d.url)
    return 0


def cmd_show(args: argparse.Namespace, library: Library) -> int:
    """Print a document's metadata and counts per claim type, or its canonical text (or JSON)."""
    summary = library.find_document(args.document)
    if args.text:
        text = library.document_text(summary.id)
        if args.json:
            print_json({"id": summary.id, "text": text})
        else:
            sys.stdout.write(text + "\n")
        return 0
    fields = asdict(summary)
    counts = fields.pop("counts")
    counts = {claim_type.name: counts.get(claim_type.name, 0) for claim_type in library.claim_types()}
    if args.json:
        print_json({**fields, "counts": counts})
        return 0
    for key, value in {**fields, **counts}.items():
        print_row(f"{key}: {value}")
    return 0
