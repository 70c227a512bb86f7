"""The command line: argument parsing and output only; the work is done by storage/ and documents/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from documents import DocumentError
from storage import Library, LibraryError
from storage.paths import default_library_path, path_problem

from . import __version__
from .commands import MODULES, Handler, library_option
from .output import error_line


class UsageError(Exception):
    """Bad arguments: reported as one `claimmark: error:` line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every subcommand (declared by the modules of claimmark.commands)."""
    parser = _Parser(prog="claimmark", description="Read articles critically: tag claims as fact, opinion or quote.")
    parser.add_argument("--version", action="version", version=f"claimmark {__version__}")
    library_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)  # keep a --library given before the command
        sub.set_defaults(handler=handler)
        return sub

    for module in MODULES:
        importlib.import_module(f"{__package__}.commands.{module}").register(command)
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
        if not getattr(args, "needs_library", True):  # e.g. open: it names its own library
            return int(args.handler(args, None))
        with Library(_library_path(args)) as library:
            return int(args.handler(args, library))
    except (UsageError, DocumentError, LibraryError) as error:
        print(error_line(error), file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except OSError as error:  # a path given on the command line that the system refuses
        print(error_line(f"{error.filename or 'file'}: {error.strerror or error}"), file=sys.stderr)
        return 1
    except (RecursionError, MemoryError) as error:
        print(error_line(f"the input is too deeply nested or too large ({type(error).__name__})"), file=sys.stderr)
        return 1
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
        elif "://" not in arg and path_problem(arg):
            raise UsageError(f"{arg!r} is neither a command nor a file: the path {path_problem(arg)}")
        elif not Path(arg).exists() and "://" not in arg:
            raise UsageError(f"{arg!r} is neither a command nor a file (see claimmark --help)")
        else:
            files.append(arg)
    from gui.app import run

    return run(Path(library).expanduser() if library else default_library_path(), files)
