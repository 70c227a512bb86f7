"""Claim types: types list, add, rename, recolour, change, move, delete."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from storage import ClaimType, Library
from storage.claim_types import UNDERLINE_NAMES
from storage.wording import counted

from ..output import emit, print_json, print_row
from . import READ, WRITE, Command, Handler, access, library_option


def register(command: Command) -> None:
    """Declare `types` and its actions."""
    types = command("types", "list, add, rename, recolour, reorder or delete the library's claim types", cmd_types_list)
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
    _register_changes(actions)


def _register_changes(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def action(name: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help, description=help)
        sub.add_argument("name", help="the claim type's name")
        library_option(sub, default=argparse.SUPPRESS)
        sub.add_argument("--json", action="store_true", help="print the claim type as JSON")
        sub.set_defaults(handler=handler, library_access=WRITE)
        return sub

    sub = action("rename", "rename a claim type (its claims follow)", cmd_types_rename)
    sub.add_argument("new_name", metavar="NEW", help="its new name")
    sub.add_argument("--label", default=None, help="its new label (default: unchanged)")
    sub = action("recolour", "give a claim type another colour", cmd_types_recolour)
    sub.add_argument("colour", metavar="#RRGGBB")
    sub = action("change", "change a claim type's label, underline or shortcut", cmd_types_change)
    sub.add_argument("--label", default=None, help="what the window shows")
    sub.add_argument("--underline", default=None, choices=sorted(UNDERLINE_NAMES), help="underline style")
    sub.add_argument("--shortcut", default=None, metavar="KEY", help='one letter, or "" for none')
    sub = action("move", "put a claim type at a place in the order (1 = first)", cmd_types_move)
    sub.add_argument("position", type=int, metavar="POSITION")
    sub = action(
        "delete", "delete a claim type; its claims, if any, get the type given by --reassign", cmd_types_delete
    )
    sub.add_argument("--reassign", metavar="TYPE", help="the type its claims get instead")


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


def cmd_types_rename(args: argparse.Namespace, library: Library) -> int:
    """Rename a claim type and print its line."""
    from storage.research import claim_type_changes

    _print(claim_type_changes.change(library, args.name, new_name=args.new_name, label=args.label).after, args)
    return 0


def cmd_types_recolour(args: argparse.Namespace, library: Library) -> int:
    """Recolour a claim type and print its line."""
    from storage.research import claim_type_changes

    _print(claim_type_changes.change(library, args.name, colour=args.colour).after, args)
    return 0


def cmd_types_change(args: argparse.Namespace, library: Library) -> int:
    """Change a claim type's label, underline or shortcut and print its line."""
    from storage.research import claim_type_changes

    done = claim_type_changes.change(
        library, args.name, label=args.label, underline=args.underline, shortcut=args.shortcut
    )
    _print(done.after, args)
    return 0


def cmd_types_move(args: argparse.Namespace, library: Library) -> int:
    """Move a claim type in the order and print every type's line in the new order."""
    from storage.research import claim_type_changes

    claim_type_changes.move(library, args.name, args.position - 1)
    if args.json:
        print_json([asdict(t) for t in library.claim_types()])
        return 0
    for t in library.claim_types():
        _print(t, args)
    return 0


def cmd_types_delete(args: argparse.Namespace, library: Library) -> int:
    """Delete a claim type; print how many claims got another type."""
    from storage.research import claim_type_changes

    done = claim_type_changes.delete(library, args.name, reassign_to=args.reassign)
    moved = (
        f"{counted(len(done.reassigned), 'claim')} now {done.reassigned_to}" if done.reassigned else "no claims had it"
    )
    emit(args, {"deleted": done.claim_type.name, "reassigned": moved}, f"deleted {done.claim_type.name}: {moved}")
    return 0


def _print(t: ClaimType, args: argparse.Namespace) -> None:
    emit(args, asdict(t), t.name, t.label, t.colour, t.underline, t.shortcut)
