"""The cite subcommand: documents as CSL-JSON or BibTeX references (argument handling only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storage import Library

from . import READ, Command, access
from .exports import ExportUsageError

CITATION_FORMATS = ("csl", "bibtex")


def register(command: Command) -> None:
    """Declare cite."""
    sub = command("cite", "print documents as references: CSL-JSON (Zotero, Pandoc) or BibTeX", cmd_cite)
    access(sub, READ)
    sub.add_argument("documents", nargs="*", metavar="DOC", help="document ids or unique parts of titles")
    sub.add_argument("--all", action="store_true", help="cite every document")
    sub.add_argument("--format", choices=CITATION_FORMATS, default="csl", help="CSL-JSON (default) or BibTeX")
    sub.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of standard output")
    sub.add_argument("--json", action="store_true", help="CSL-JSON (the same as --format csl)")


def cmd_cite(args: argparse.Namespace, library: Library) -> int:
    """Print (or write) the references of the named documents, or of every document."""
    from storage.export.citations import bibtex, csl_json, references
    from storage.export.files import write_atomically

    if args.json:
        args.format = "csl"
    if args.all == bool(args.documents):
        raise ExportUsageError("name the documents to cite, or use --all")
    ids = [d.id for d in library.documents()] if args.all else [library.find_document(r).id for r in args.documents]
    refs = references(library, ids)
    text = csl_json(refs) if args.format == "csl" else bibtex(refs)
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0
