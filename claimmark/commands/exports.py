"""The export and open subcommands (argument handling only; storage/ does the work)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from storage import Library, LibraryError
from storage.wording import counted

from ..output import print_json, print_row
from . import NO_LIBRARY, READ, Command, access

if TYPE_CHECKING:
    from storage.export.exporting import ExportOptions


class ExportUsageError(LibraryError):
    """Arguments to an export command that do not fit together."""


def register(command: Command) -> None:
    """Add export and open to the parser through its `command` helper."""
    sub = command(
        "export", "export claims as Markdown, W3C JSON-LD, CSV, .xlsx or Hypothesis JSON", cmd_export, _export_arguments
    )
    access(sub, READ)
    sub = command("open", "open a claimmark:// link in the window (or --print where it points)", cmd_open)
    sub.add_argument("url", metavar="URL")
    sub.add_argument("--print", action="store_true", dest="print_only", help="print the document and claim instead")
    sub.add_argument("--json", action="store_true", help="with --print: print JSON")
    access(sub, NO_LIBRARY)  # the link names its library; the default one is never opened (nor created)


def _export_arguments(sub: argparse.ArgumentParser) -> None:
    """Declare export's options (their choices come from the exporters, imported only for this command)."""
    from storage.export.exporting import FORMATS
    from storage.export.markdown import GROUPINGS

    sub.add_argument("documents", nargs="*", metavar="DOC", help="document ids or unique parts of titles")
    sub.add_argument("--all", action="store_true", help="export every document")
    sub.add_argument("--collection", metavar="C", help="export a collection's documents (id, path or name)")
    sub.add_argument("--format", choices=FORMATS, default="markdown")
    sub.add_argument("--group-by", choices=GROUPINGS, default="type", help="Markdown: by claim type or reading order")
    sub.add_argument("--template", metavar="PATH", default="", help="Markdown: your own Jinja2 template")
    sub.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark (for Excel)")
    sub.add_argument("--exact", action="store_true", help="CSV: write text exactly as typed (no apostrophe before =)")
    sub.add_argument("--include-text", action="store_true", help="JSON: carry the documents' text too")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="PATH", help="write one file to PATH instead of standard output")
    where.add_argument("--split-dir", metavar="DIR", help="write one file per document into DIR")
    sub.add_argument("--json", action="store_true", help="with --split-dir: print the written paths as JSON")


def cmd_export(args: argparse.Namespace, library: Library) -> int:
    """Export the named documents (or --all) in the chosen format."""
    from storage.export.exporting import BINARY_FORMATS, ExportOptions, export_file, export_text

    if [args.all, bool(args.documents), bool(args.collection)].count(True) != 1:
        raise ExportUsageError("name the documents to export, or use --all or --collection")
    if args.collection:
        from storage.research import collections

        ids = collections.document_ids(library, collections.find(library, args.collection).id)
    else:
        ids = [d.id for d in library.documents()] if args.all else [library.find_document(r).id for r in args.documents]
    if args.template and args.format != "markdown":
        raise ExportUsageError("--template applies to --format markdown only")
    if args.format in BINARY_FORMATS and not (args.output or args.split_dir):
        raise ExportUsageError(f"--format {args.format} writes a file: give -o PATH or --split-dir DIR")
    options = ExportOptions(
        format=args.format, group_by=args.group_by, template_path=args.template, bom=args.bom,
        exact=args.exact, include_text=args.include_text,
    )  # fmt: skip
    if args.json and not args.split_dir:
        raise ExportUsageError("--json applies to --split-dir only (use --format json for JSON claims)")
    if args.split_dir:
        return _export_to_folder(library, ids, Path(args.split_dir), options, as_json=args.json)
    if args.output:
        export_file(library, ids, Path(args.output), options)
    else:
        sys.stdout.write(export_text(library, ids, options))
    return 0


def _export_to_folder(library: Library, ids: list[int], folder: Path, options: ExportOptions, *, as_json: bool) -> int:
    """Write one file per document, print each path; fail with one line naming any note kept as edited."""
    from storage.export.exporting import ExportFailed, export_to_folder

    written = export_to_folder(library, ids, folder, options)
    if as_json:
        print_json([str(path) for path in written])
    else:
        for path in written:
            print_row(path)
    if written.kept:
        sys.stdout.flush()
        kept = "; ".join(f"{path} ({why})" for path, why in written.kept)
        raise ExportFailed(f"{counted(len(written.kept), 'note')} not updated, to keep your changes: {kept}")
    return 0


def cmd_open(args: argparse.Namespace, _library: Library | None) -> int:
    """Open a claimmark:// link: in the window, or print the document and claim it points at.

    Opens only the link's own library, and only when it exists (nothing is created).
    """
    from storage.links import parse_link

    link = parse_link(args.url)
    if not link.library.is_file():
        raise ExportUsageError(f"the link's library {link.library} does not exist")
    if not args.print_only:
        from gui.link_opening import run_link

        return run_link(link, args.url)
    with Library(link.library, read_only=True) as linked:
        summary = linked.document_summary(link.document_id)
        annotation = linked.annotation(link.annotation) if link.annotation else None
    if args.json:
        print_json({"document": asdict(summary), "annotation": asdict(annotation) if annotation else None})
        return 0
    print_row(summary.id, summary.title)
    if annotation is not None:
        print_row(annotation.uuid, annotation.claim_type, " ".join(annotation.exact.split()))
    return 0
