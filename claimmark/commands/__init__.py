"""The subcommands, one module per concern; each module's ``register(command)`` declares its commands.

``command(name, help, handler)`` (see claimmark.cli) adds a subparser whose
handler is called with the parsed arguments and an open Library. A new
command is a function in the module of its concern (or a new module listed in
``MODULES``); it prints plain lines, or JSON with ``--json``, and raises a
domain error for anything a user should read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from storage import Library

Handler = Callable[[argparse.Namespace, Library], int]
Command = Callable[[str, str, Handler], argparse.ArgumentParser]

# Module names under claimmark.commands, in the order their commands appear in --help.
MODULES = (
    "documents", "annotations", "research", "collections", "claim_types", "tags", "update", "exports",
)  # fmt: skip


def library_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """Give parser the --library option (every command takes it, before or after the command's name)."""
    parser.add_argument(
        "--library",
        metavar="PATH",
        default=default,
        help="library file (default: $CLAIMMARK_LIBRARY or the user data folder)",
    )
