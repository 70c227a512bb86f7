"""The subcommands, one module per concern; each module's ``register(command)`` declares its commands.

``command(name, help, handler)`` (see claimmark.cli) adds a subparser whose
handler is called with the parsed arguments and an open Library;
``command(name, help, handler, arguments)`` declares the options by calling
``arguments(subparser)`` only when that command runs (or --help needs them),
for options whose choices come from modules that are slow to import. A new
command is a function in the module of its concern (or a new module listed in
``MODULES``); it prints tab-separated lines through ``claimmark.output``
(every field escaped), or JSON with ``--json``, and raises a domain error for
anything a user should read.

A command that only reads says so with ``access(sub, READ)``: its library is
opened read-only (never created or changed). ``access(sub, NO_LIBRARY)`` is for
commands that open files themselves (the handler gets None; the library's path
is ``args.library_path``). Every other command may write.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

Handler = Callable[[argparse.Namespace, Any], int]  # gets a Library, or None for NO_LIBRARY commands
Arguments = Callable[[argparse.ArgumentParser], None]
Command = Callable[..., argparse.ArgumentParser]  # (name, help, handler, arguments=None)

# Module names under claimmark.commands, in the order their commands appear in --help.
MODULES = (
    "documents", "annotations", "claim_types", "update", "exports", "safekeeping", "citations", "interchange",
    "assistant", "research", "collections", "tags", "sync",
)  # fmt: skip

READ, WRITE, NO_LIBRARY = "read", "write", "none"


def access(parser: argparse.ArgumentParser, mode: str) -> None:
    """Declare how a command uses the library: READ (opened read-only), WRITE (the default) or NO_LIBRARY."""
    parser.set_defaults(library_access=mode)


def library_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """Give parser the --library option (every command takes it, before or after the command's name)."""
    parser.add_argument(
        "--library",
        metavar="PATH",
        default=default,
        help="library file (default: $CLAIMMARK_LIBRARY or the user data folder)",
    )
