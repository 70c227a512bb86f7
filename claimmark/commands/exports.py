"""The export, import-annotations and open subcommands (argument handling only; storage/ does the work)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from storage import Library, LibraryError

from . import Command

# The exporters (Jinja2, YAML) and the importer load when their command runs, not with the command line.


class ExportUsageError(LibraryError):
    """Arguments to an export command that do not fit together."""


def register(command: Command) -> None:
    """Add export, import-annotations and open to the parser through its `command` helper."""
    command("export", "export claims as Markdown, W3C JSON-LD or CSV", cmd_export, _export_arguments)
    sub = command("import-annotations", "import W3C annotations (JSON) onto matching documents", cmd_import)
    sub.add_argument("file", metavar="FILE.json")
    sub.add_argument("--json", action="store_true", help="print the counts as JSON")
    sub = command("open", "open a claimmark:// link in the window (or --print where it points)", cmd_open)
    sub.add_argument("url", metavar="URL")
    sub.add_argument("--print", action="store_true", dest="print_only", help="print the document and claim instead")


def _export_arguments(sub: argparse.ArgumentParser) -> None:
    """Declare export's options (their choices come from the exporters)."""
    from storage.export.exporting import FORMATS
    from storage.export.markdown import GROUPINGS

    sub.add_argument("documents", nargs="*", metavar="DOC", help="document ids or unique parts of titles")
    sub.add_argument("--all", action="store_true", help="export every document")
    sub.add_argument("--format", choices=FORMATS, default="markdown")
    sub.add_argument("--group-by", choices=GROUPINGS, default="type", help="Markdown: by claim type or reading order")
    sub.add_argument("--template", metavar="PATH", default="", help="Markdown: your own Jinja2 template")
    sub.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark (for Excel)")
    sub.add_argument("--include-text", action="store_true", help="JSON: carry the documents' text too")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="PATH", help="write one file to PATH instead of standard output")
    where.add_argument("--split-dir", metavar="DIR", help="write one file per document into DIR")


def cmd_export(args: argparse.Namespace, library: Library) -> int:
    """Export the named documents (or --all) in the chosen format."""
    from storage.export.exporting import ExportOptions, export_text, export_to_folder, write_atomically

    if args.all == bool(args.documents):
        raise ExportUsageError("name the documents to export, or use --all")
    ids = [d.id for d in library.documents()] if args.all else [library.find_document(r).id for r in args.documents]
    if args.template and args.format != "markdown":
        raise ExportUsageError("--template applies to --format markdown only")
    options = ExportOptions(
        format=args.format, group_by=args.group_by, template_path=args.template, bom=args.bom,
        include_text=args.include_text,
    )  # fmt: skip
    if args.split_dir:
        for path in export_to_folder(library, ids, Path(args.split_dir), options):
            print(path)
        return 0
    text = export_text(library, ids, options)
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace, library: Library) -> int:
    """Import a W3C annotation file and print what happened."""
    from storage.interchange.annotation_import import import_annotation_file

    report = import_annotation_file(library, Path(args.file))
    print(json.dumps(asdict(report)) if args.json else report.summary())
    return 0


def cmd_open(args: argparse.Namespace, _library: Library) -> int:
    """Open a claimmark:// link: in the window, or print the document and claim it points at."""
    from storage.links import parse_link

    link = parse_link(args.url)
    if not link.library.is_file():
        raise ExportUsageError(f"the link's library {link.library} does not exist")
    if not args.print_only:
        from gui.link_opening import run_link

        return run_link(link, args.url)
    with Library(link.library) as linked:
        summary = linked.document_summary(link.document_id)
        print(f"{summary.id}\t{summary.title}")
        if link.annotation:
            annotation = linked.annotation(link.annotation)
            print(f"{annotation.uuid}\t{annotation.claim_type}\t{' '.join(annotation.exact.split())}")
    return 0
