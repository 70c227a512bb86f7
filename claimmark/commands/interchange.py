"""Annotations in from other tools: import-annotations (argument handling only; storage/ does the work)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storage import Library

from ..output import print_row
from . import Command


def register(command: Command) -> None:
    """Declare import-annotations."""
    command(
        "import-annotations",
        "import annotations (W3C, Hypothesis, Zotero, Kindle, Readwise) onto matching documents",
        cmd_import_annotations,
        _arguments,
    )


def _arguments(sub: argparse.ArgumentParser) -> None:
    """Declare import-annotations' options (the formats come from the importers, loaded for it only)."""
    from storage.interchange.formats import FORMATS

    sub.add_argument("file", metavar="FILE")
    sub.add_argument(
        "--type", dest="claim_type", default="", metavar="TYPE",
        help="claim type for annotations that name none (default: untyped, to classify later)",
    )  # fmt: skip
    sub.add_argument("--format", choices=list(FORMATS), default="", help="the file's format (default: told by content)")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")


def cmd_import_annotations(args: argparse.Namespace, library: Library) -> int:
    """Import an annotation file; print the one-line summary (or the whole report as JSON)."""
    from storage.interchange.annotation_import import import_annotation_file

    report = import_annotation_file(library, Path(args.file), claim_type=args.claim_type, format_name=args.format)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_row(f"{report.file} ({report.label}): {report.summary()}")
    return 0
