"""The claim assistant's commands: suggest (claims for a document) and compare (a key with a student's tagging)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from storage import Library, LibraryError

from ..output import print_row, row
from . import READ, Command, access


class AssistantUsageError(LibraryError):
    """Arguments to suggest or compare that do not fit together, or a file that cannot be read."""


def register(command: Command) -> None:
    """Declare suggest and compare."""
    sub = command("suggest", "suggest a claim type, reason and speaker for every sentence of a document", cmd_suggest)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--only", action="append", default=[], metavar="TYPE", help="only sentences of this type")
    sub.add_argument("--accept", action="store_true", help="store the suggested claims (not 'none') as annotations")
    sub.add_argument("--json", action="store_true")
    sub = command("compare", "compare a student's tagging with an answer key; print the report", cmd_compare)
    access(sub, READ)
    sub.add_argument("files", nargs="*", metavar="KEY.json STUDENT.json", help="two W3C JSON exports of one document")
    sub.add_argument("--document", metavar="DOC", help="compare two annotators' tagging of DOC in the library")
    sub.add_argument("--key", metavar="ANNOTATOR", help="with --document: who made the key")
    sub.add_argument("--student", metavar="ANNOTATOR", help="with --document: whose tagging is compared")
    sub.add_argument("--json", action="store_true", help="the report as JSON instead of Markdown")
    sub.add_argument("-o", "--output", metavar="PATH", help="write the report to PATH instead of standard output")


def cmd_suggest(args: argparse.Namespace, library: Library) -> int:
    """Print one line per sentence: start, end, type, speaker, reason and the sentence (or JSON)."""
    from storage.assistant.accepting import accept_suggestions
    from storage.assistant.suggest import suggest_claims

    summary = library.find_document(args.document)
    document = library.document(summary.id)
    claims = suggest_claims(document.text, document.blocks, document.metadata.language)
    if args.only:
        wanted = {name.strip().lower() for name in args.only}
        claims = [claim for claim in claims if claim.claim_type in wanted]
    if args.accept:
        accepted = accept_suggestions(library, summary.id, [c for c in claims if c.claim_type != "none"])
        print_row(f"accepted {len(accepted)} suggested claims")
        return 0
    text = document.text
    if args.json:
        rows = [{**claim.to_dict(), "text": text[claim.start : claim.end]} for claim in claims]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    lines = (row(c.start, c.end, c.claim_type, c.speaker, c.reason, text[c.start : c.end]) for c in claims)
    sys.stdout.write("".join(line + "\n" for line in lines))  # one write: a book has 25,000 sentences
    return 0


def cmd_compare(args: argparse.Namespace, library: Library) -> int:
    """Compare two JSON exports, or two annotators of one document; print or write the report."""
    from storage.assistant.answer_keys import claims_from_exports, claims_from_library, report_markdown
    from storage.assistant.compare import compare
    from storage.export.exporting import write_atomically

    if args.document:
        if args.files or not (args.key and args.student):
            raise AssistantUsageError("with --document, name --key ANNOTATOR and --student ANNOTATOR (and no files)")
        tagging = claims_from_library(library, library.find_document(args.document).id, args.key, args.student)
        names = (args.key, args.student)
    else:
        if len(args.files) != 2 or args.key or args.student:
            raise AssistantUsageError("name two files, KEY.json and STUDENT.json (or --document with --key, --student)")
        tagging = claims_from_exports(_json(args.files[0]), _json(args.files[1]), library)
        names = (Path(args.files[0]).name, Path(args.files[1]).name)
    comparison = compare(tagging.text, tagging.key, tagging.student)
    if args.json:
        report = json.dumps({"title": tagging.title, "key": names[0], "student": names[1], **comparison.to_dict()},
                            ensure_ascii=False, indent=2) + "\n"  # fmt: skip
    else:
        report = report_markdown(comparison, tagging.title, *names)
    if args.output:
        write_atomically(args.output, report)
        print(args.output)
    else:
        print(report, end="")
    return 0


def _json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise AssistantUsageError(f"{path}: cannot read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AssistantUsageError(f"{path}: not JSON ({error})") from None
