"""Topic tags across the library: tags list, rename, merge, delete."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from storage import Library

from ..output import emit, print_json, print_row
from . import READ, WRITE, Command, access, library_option


def register(command: Command) -> None:
    """Declare `tags` and its actions."""
    top = command("tags", "list, rename, merge or delete topic tags across the library", cmd_list)
    top.add_argument("--json", action="store_true", help="print JSON")
    access(top, READ)
    actions = top.add_subparsers(dest="tags_action", metavar="ACTION")

    def action(name: str, help: str, handler: object) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)
        if name not in ("list", "show"):
            sub.add_argument("--json", action="store_true", help="print the result as JSON")
        sub.set_defaults(handler=handler, library_access=READ if name in ("list", "show") else WRITE)
        return sub

    sub = action("list", "list tags with the number of claims carrying each, most used first", cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = action("rename", "rename a tag on every claim", cmd_rename)
    sub.add_argument("tag", metavar="TAG")
    sub.add_argument("name", metavar="NEW")
    sub = action("merge", "merge tags into one: every claim with any of them gets TARGET", cmd_merge)
    sub.add_argument("tags", nargs="+", metavar="TAG")
    sub.add_argument("--into", required=True, metavar="TARGET", help="the tag they become (made if new)")
    sub = action("delete", "take a tag off every claim", cmd_delete)
    sub.add_argument("tag", metavar="TAG")


def cmd_list(args: argparse.Namespace, library: Library) -> int:
    """Print TAG<TAB>CLAIMS per tag (or JSON)."""
    from storage.research import tag_changes

    found = tag_changes.tags(library)
    if getattr(args, "json", False):
        print_json([asdict(t) for t in found])
        return 0
    for t in found:
        print_row(t.name, t.count)
    return 0


def cmd_rename(args: argparse.Namespace, library: Library) -> int:
    """Rename a tag; print OLD<TAB>NEW."""
    from storage.research import tag_changes

    done = tag_changes.rename(library, args.tag, args.name)
    emit(args, {"before": done.before, "after": done.after}, done.before, done.after)
    return 0


def cmd_merge(args: argparse.Namespace, library: Library) -> int:
    """Merge tags; print TARGET<TAB>CLAIMS NOW CARRYING IT."""
    from storage.research import tag_changes

    done = tag_changes.merge(library, args.tags, args.into)
    count = next((t.count for t in tag_changes.tags(library) if t.name == done.into), 0)
    emit(args, {"into": done.into, "claims": count}, done.into, count)
    return 0


def cmd_delete(args: argparse.Namespace, library: Library) -> int:
    """Delete a tag; print TAG<TAB>CLAIMS IT WAS ON."""
    from storage.research import tag_changes

    done = tag_changes.delete(library, args.tag)
    emit(args, {"tag": done.name, "claims": len(done.uuids)}, done.name, len(done.uuids))
    return 0
