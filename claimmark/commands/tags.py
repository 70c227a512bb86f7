"""Topic tags across the library: tags list, rename, merge, delete."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from storage import Library

from . import Command, library_option


def register(command: Command) -> None:
    """Declare `tags` and its actions."""
    top = command("tags", "list, rename, merge or delete topic tags across the library", cmd_list)
    top.add_argument("--json", action="store_true", help="print JSON")
    actions = top.add_subparsers(dest="tags_action", metavar="ACTION")

    def action(name: str, help: str, handler: object) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
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
        print(json.dumps([asdict(t) for t in found], ensure_ascii=False, indent=2))
        return 0
    for t in found:
        print(f"{t.name}\t{t.count}")
    return 0


def cmd_rename(args: argparse.Namespace, library: Library) -> int:
    """Rename a tag; print OLD<TAB>NEW."""
    from storage.research import tag_changes

    done = tag_changes.rename(library, args.tag, args.name)
    print(f"{done.before}\t{done.after}")
    return 0


def cmd_merge(args: argparse.Namespace, library: Library) -> int:
    """Merge tags; print TARGET<TAB>CLAIMS NOW CARRYING IT."""
    from storage.research import tag_changes

    done = tag_changes.merge(library, args.tags, args.into)
    count = next((t.count for t in tag_changes.tags(library) if t.name == done.into), 0)
    print(f"{done.into}\t{count}")
    return 0


def cmd_delete(args: argparse.Namespace, library: Library) -> int:
    """Delete a tag; print TAG<TAB>CLAIMS IT WAS ON."""
    from storage.research import tag_changes

    done = tag_changes.delete(library, args.tag)
    print(f"{done.name}\t{len(done.uuids)}")
    return 0
