"""The command line: argument parsing and output only; the work is done by storage/ and documents/."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from documents import DocumentError, is_url, load_path, load_url
from storage import Library, LibraryError, find_occurrence
from storage.paths import default_library_path
from storage.statuses import STATUSES

from . import __version__
from .cli_export import add_export_commands
from .update_command import add_update_arguments, cmd_update, import_documents


class UsageError(Exception):
    """Bad arguments: reported as one `claimmark: error:` line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _library_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--library",
        metavar="PATH",
        default=default,
        help="library file (default: $CLAIMMARK_LIBRARY or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every subcommand."""
    parser = _Parser(prog="claimmark", description="Read articles critically: tag claims as fact, opinion or quote.")
    parser.add_argument("--version", action="version", version=f"claimmark {__version__}")
    _library_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help: str, handler: Callable[[argparse.Namespace, Library], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        _library_option(sub, default=argparse.SUPPRESS)  # keep a --library given before the command
        sub.set_defaults(handler=handler)
        return sub

    sub = command("import", "import article files or http(s) URLs; print ID<TAB>TITLE for each", _cmd_import)
    sub.add_argument("files", nargs="+", metavar="FILE|URL")
    sub = command("list", "list the documents in the library", _cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("show", "show a document's metadata, or its canonical text", _cmd_show)
    sub.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    sub.add_argument("--text", action="store_true", help="print the canonical text")
    sub = command("annotate", "tag a quote of a document; print the annotation's UUID", _cmd_annotate)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--quote", required=True, help="the exact text to tag")
    sub.add_argument("--type", required=True, dest="claim_type", help="claim type: fact, opinion, quote, ...")
    sub.add_argument("--note", default="")
    sub.add_argument("--speaker", default="")
    sub.add_argument("--tag", action="append", default=[], dest="tags", help="topic tag (repeatable)")
    sub.add_argument("--occurrence", type=int, default=1, metavar="N", help="tag the Nth occurrence (default 1)")
    sub = command("annotations", "list a document's annotations", _cmd_annotations)
    sub.add_argument("document", metavar="DOC")
    sub.add_argument("--type", dest="claim_type")
    sub.add_argument("--status", choices=STATUSES, help="only annotations with this anchoring status")
    sub.add_argument("--json", action="store_true")
    sub = command("update", "make FILE the new version of a document; print counts per status", cmd_update)
    add_update_arguments(sub)
    add_export_commands(command)  # export, import-annotations, open
    sub = command("search", "full-text search of annotations", _cmd_search)
    sub.add_argument("query")
    sub.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    try:
        if _wants_window(argv, parser):
            return _open_window(argv)
        args = parser.parse_args(argv)
        with Library(_library_path(args)) as library:
            return int(args.handler(args, library))
    except (UsageError, DocumentError, LibraryError) as error:
        print(f"claimmark: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _library_path(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_path()


def _wants_window(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """No subcommand (only --library and files) means: open the window."""
    names = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    return not any(arg in names or arg in ("-h", "--help", "--version") for arg in argv)


def _open_window(argv: list[str]) -> int:
    library, files, rest = None, [], list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--library" and rest:
            library = rest.pop(0)
        elif arg.startswith("--library="):
            library = arg.split("=", 1)[1]
        elif arg.startswith("-"):
            raise UsageError(f"unknown option {arg}")
        elif not Path(arg).exists() and "://" not in arg:
            raise UsageError(f"{arg!r} is neither a command nor a file (see claimmark --help)")
        else:
            files.append(arg)
    from gui.app import run

    return run(Path(library).expanduser() if library else default_library_path(), files)


# -- subcommands ---------------------------------------------------------------
def _cmd_import(args: argparse.Namespace, library: Library) -> int:
    # Parse (and fetch) everything before writing anything.
    documents = [load_url(source) if is_url(source) else load_path(source) for source in args.files]
    import_documents(documents, library)  # a changed file already imported becomes a new version
    return 0


def _cmd_list(args: argparse.Namespace, library: Library) -> int:
    documents = library.documents()
    if args.json:
        print(json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=2))
        return 0
    for d in documents:
        total = sum(d.counts.values())
        print(f"{d.id}\t{d.title}\t{d.author}\t{d.published}\t{total} annotation{'s' * (total != 1)}")
    return 0


def _cmd_show(args: argparse.Namespace, library: Library) -> int:
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


def _cmd_annotate(args: argparse.Namespace, library: Library) -> int:
    summary = library.find_document(args.document)
    start, end = find_occurrence(library.document_text(summary.id), args.quote, args.occurrence)
    annotation = library.add_annotation(
        summary.id, start, end, args.claim_type.strip().lower(), note=args.note, speaker=args.speaker, tags=args.tags
    )
    print(annotation.uuid)
    return 0


def _cmd_annotations(args: argparse.Namespace, library: Library) -> int:
    summary = library.find_document(args.document)
    annotations = library.annotations(summary.id, claim_type=args.claim_type, status=args.status)
    if args.json:
        print(json.dumps([asdict(a) for a in annotations], ensure_ascii=False, indent=2))
        return 0
    for a in annotations:
        print(f"{a.uuid}\t{a.claim_type}\t{a.start}-{a.end}\t{a.status}\t{' '.join(a.exact.split())}")
    return 0


def _cmd_search(args: argparse.Namespace, library: Library) -> int:
    hits = library.search(args.query)
    if args.json:
        rows = [{"document": h.document_title, "snippet": h.snippet, **asdict(h.annotation)} for h in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for hit in hits:
        print(f"{hit.annotation.document_id}\t{hit.document_title}\t{hit.annotation.claim_type}\t{hit.snippet}")
    return 0
