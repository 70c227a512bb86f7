"""Claim types: types list, types add."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from storage import Library
from storage.claim_types import UNDERLINE_NAMES

from ..output import print_json, print_row
from . import READ, WRITE, Command, access, library_option


def register(command: Command) -> None:
    """Declare `types list` and `types add`."""
    types = command("types", "list or add the library's claim types", cmd_types_list)
    types.add_argument("--json", action="store_true", help="print JSON")
    access(types, READ)
    actions = types.add_subparsers(dest="types_action", metavar="ACTION")
    listing = actions.add_parser("list", help="list the claim types in their order", description="list claim types")
    listing.add_argument("--json", action="store_true", help="print JSON")
    library_option(listing, default=argparse.SUPPRESS)
    listing.set_defaults(handler=cmd_types_list, library_access=READ)
    add = actions.add_parser("add", help="add a claim type", description="add a claim type to the library")
    add.add_argument("name", help="its name: a letter, then letters, digits, - or _")
    add.add_argument("--label", default="", help="what the window shows (default: the name, capitalised)")
    add.add_argument("--colour", "--color", default="#7a5cc4", metavar="#RRGGBB", help="highlight colour")
    add.add_argument("--underline", default="dotted", choices=sorted(UNDERLINE_NAMES), help="underline style")
    add.add_argument("--shortcut", default="", metavar="KEY", help="one letter that tags a selection as this type")
    add.add_argument("--json", action="store_true", help="print the new type as JSON")
    library_option(add, default=argparse.SUPPRESS)
    add.set_defaults(handler=cmd_types_add, library_access=WRITE)


def cmd_types_list(args: argparse.Namespace, library: Library) -> int:
    """Print NAME<TAB>LABEL<TAB>COLOUR<TAB>UNDERLINE<TAB>SHORTCUT per claim type (or JSON)."""
    types = library.claim_types()
    if getattr(args, "json", False):
        print_json([asdict(t) for t in types])
        return 0
    for t in types:
        print_row(t.name, t.label, t.colour, t.underline, t.shortcut)
    return 0


def cmd_types_add(args: argparse.Namespace, library: Library) -> int:
    """Add a claim type and print its line as `types list` shows it (or JSON)."""
    t = library.add_claim_type(args.name, args.label, args.colour, args.underline, args.shortcut)
    if args.json:
        print_json(asdict(t))
    else:
        print_row(t.name, t.label, t.colour, t.underline, t.shortcut)
    return 0
