"""The command line: argument parsing and output only; the work is done by storage/ and documents/."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from documents import DocumentError
from storage import Library, LibraryError
from storage.errors import DamagedLibrary
from storage.library_file import check_soon
from storage.paths import default_library_path, path_problem
from storage.write_errors import translate

from . import __version__
from .commands import MODULES, NO_LIBRARY, READ, Arguments, Handler, library_option
from .output import error_line


class UsageError(Exception):
    """Bad arguments: reported as one `claimmark: error:` line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse imports shutil (and zlib, bz2, lzma with it) to ask the width, for every add_argument.
        return self.formatter_class(prog=self.prog, width=_terminal_width())  # type: ignore[call-arg]


def _terminal_width() -> int:
    """The help text's width, as argparse works it out (COLUMNS, else the terminal's, else 80), less 2."""
    try:
        return int(os.environ["COLUMNS"]) - 2
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns - 2 if sys.__stdout__ else 78
    except (OSError, ValueError, AttributeError):
        return 78


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """Return the parser for every subcommand (declared by the modules of claimmark.commands).

    Args:
        chosen: the command about to run, when known. Only its subparser is made
            (the others' are stand-ins that accept and drop their options: 14
            parsers cost a tenth of `claimmark list`), and a command declared with
            ``arguments`` gets them only when it is the one chosen (or when none is),
            so that `claimmark list` never imports what the exporters need to declare
            theirs. A chosen name that is no command gets the full parser, for its error.
    """
    parser = _Parser(prog="claimmark", description="Read articles critically: tag claims as fact, opinion or quote.")
    parser.add_argument("--version", action="version", version=f"claimmark {__version__}")
    library_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    names: list[str] = []

    def command(name: str, help: str, handler: Handler, arguments: Arguments | None = None) -> argparse.ArgumentParser:
        names.append(name)
        if chosen and name != chosen:
            return _Unused()  # type: ignore[return-value]
        sub = commands.add_parser(name, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)  # keep a --library given before the command
        sub.set_defaults(handler=handler)
        if arguments is not None and chosen in (None, name):
            arguments(sub)
        return sub

    for module in MODULES:
        importlib.import_module(f"{__package__}.commands.{module}").register(command)
    return parser if not chosen or chosen in names else build_parser(None)


class _Unused:
    """The parser of a command that is not the one given: every call on it is accepted and does nothing."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    The one error boundary: every domain, database or system error becomes one
    ``claimmark: error:`` line on stderr and a non-zero status, never a traceback.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    chosen = _chosen_command(argv)
    if chosen is None and not {"-h", "--help"} & set(argv):
        chosen = ""  # the window: no command's options are needed (export's would import the exporters)
    parser = build_parser(chosen)
    path: Path | None = None
    try:
        if _wants_window(argv, parser):
            return _open_window(argv)
        args = parser.parse_args(argv)
        path = args.library_path = _library_path(args)
        return _run(args, path)
    except (UsageError, DocumentError, LibraryError) as error:
        return _fail(str(error), 2 if isinstance(error, UsageError) else 1, error)
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, BrokenPipeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        if isinstance(error, OSError) and not isinstance(error, sqlite3.Error) and error.filename:
            return _fail(f"{error.filename}: {error.strerror or error}", 1, error)  # a path the system refuses
        return _fail(
            str(translate(error, path or default_library_path(), action="the command did not complete")), 1, error
        )
    except (RecursionError, MemoryError) as error:
        return _fail(f"the input is too deeply nested or too large ({type(error).__name__})", 1, error)
    except KeyboardInterrupt:
        print(error_line("interrupted"), file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, path: Path) -> int:
    handler: Handler = args.handler
    access = getattr(args, "library_access", "write")
    if access == NO_LIBRARY:
        return int(handler(args, None))
    with Library(path, read_only=access == READ) as library:
        return int(handler(args, library))


def _fail(message: str, status: int, error: BaseException) -> int:
    """Print the one error line (for a damaged library, with the newest good backup to restore)."""
    if isinstance(error, DamagedLibrary):
        from storage.backup import newest_good_backup

        backup = newest_good_backup(Path(str(error.path)))
        if backup is not None:
            message += f"; the newest good backup is {backup.path} (claimmark restore FILE)"
    print(error_line(message), file=sys.stderr)
    return status


def _chosen_command(argv: list[str]) -> str | None:
    """The first argument that is neither an option nor --library's value: the command, if any."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--library":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _library_path(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_path()


def _wants_window(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """No subcommand (only --library and files) means: open the window."""
    subparsers = parser._subparsers._group_actions[0] if parser._subparsers else None
    names = set(subparsers.choices or ()) if subparsers is not None else set()
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
    path = Path(library).expanduser() if library else default_library_path()
    check_soon(path)  # the library's quick_check runs while the window's modules import
    from gui.app import run

    return run(path, files)
