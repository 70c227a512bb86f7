"""Documents in the library: import, list, show."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from storage import Library

from . import Command
from .update import import_documents


def register(command: Command) -> None:
    """Declare import, list and show."""
    sub = command("import", "import article files or http(s) URLs; print ID<TAB>TITLE for each", cmd_import)
    sub.add_argument("files", nargs="+", metavar="FILE|URL")
    sub = command("list", "list the documents in the library", cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("show", "show a document's metadata, or its canonical text", cmd_show)
    sub.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    sub.add_argument("--text", action="store_true", help="print the canonical text")


def cmd_import(args: argparse.Namespace, library: Library) -> int:
    """Parse (and fetch) every file before writing anything; print ID<TAB>TITLE per document."""
    from documents import is_url, load_path, load_url  # the importers load only for this command

    documents = [load_url(source) if is_url(source) else load_path(source) for source in args.files]
    import_documents(documents, library)  # a changed file already imported becomes a new version
    return 0


def cmd_list(args: argparse.Namespace, library: Library) -> int:
    """Print one line per document (or JSON)."""
    documents = library.documents()
    if args.json:
        print(json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=2))
        return 0
    for d in documents:
        total = sum(d.counts.values())
        print(f"{d.id}\t{d.title}\t{d.author}\t{d.published}\t{total} annotation{'s' * (total != 1)}")
    return 0


def cmd_show(args: argparse.Namespace, library: Library) -> int:
    """Print a document's metadata and counts per claim type, or its canonical text."""
    summary = library.find_document(args.document)
    if args.text:
        sys.stdout.write(library.document_text(summary.id) + "\n")
        return 0
    fields = asdict(summary)
    counts = fields.pop("counts")
    for key, value in fields.items():
        print(f"{key}: {value}")
    for claim_type in library.claim_types():
        print(f"{claim_type.name}: {counts.get(claim_type.name, 0)}")
    return 0
