"""Collections: collections list, add, rename, move, delete, show, add-docs, remove-docs."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from storage import Library
from storage.wording import counted

from ..output import emit, print_json, print_row
from . import READ, WRITE, Command, access, library_option


def register(command: Command) -> None:
    """Declare `collections` and its actions."""
    top = command("collections", "group documents in collections (a course, a project), nested as a tree", cmd_list)
    top.add_argument("--json", action="store_true", help="print JSON")
    access(top, READ)
    actions = top.add_subparsers(dest="collections_action", metavar="ACTION")

    def action(name: str, help: str, handler: object) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)
        if name not in ("list", "show"):
            sub.add_argument("--json", action="store_true", help="print the result as JSON")
        sub.set_defaults(handler=handler, library_access=READ if name in ("list", "show") else WRITE)
        return sub

    sub = action("list", "list the collections as a tree: ID, PATH, number of documents", cmd_list)
    sub.add_argument("--json", action="store_true", help="print JSON (the tree)")
    sub = action("add", "add a collection; print ID<TAB>PATH", cmd_add)
    sub.add_argument("name")
    sub.add_argument("--parent", metavar="P", help="the collection to put it under (id, path or name)")
    sub = action("rename", "rename a collection", cmd_rename)
    sub.add_argument("collection", metavar="COLL")
    sub.add_argument("name")
    sub = action("move", "put a collection under another (or, without --parent, at the top)", cmd_move)
    sub.add_argument("collection", metavar="COLL")
    sub.add_argument("--parent", metavar="P", help="the new parent (id, path or name)")
    sub.add_argument("--before", metavar="S", help="just before this collection, beside it (id, path or name)")
    sub = action("delete", "delete a collection and those under it (never their documents)", cmd_delete)
    sub.add_argument("collection", metavar="COLL")
    sub = action("show", "list a collection's documents (with those of the collections under it)", cmd_show)
    sub.add_argument("collection", metavar="COLL")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = action("add-docs", "put documents into a collection", cmd_add_docs)
    sub.add_argument("collection", metavar="COLL")
    sub.add_argument("documents", nargs="+", metavar="DOC")
    sub = action("remove-docs", "take documents out of a collection (they stay in the library)", cmd_remove_docs)
    sub.add_argument("collection", metavar="COLL")
    sub.add_argument("documents", nargs="+", metavar="DOC")


def cmd_list(args: argparse.Namespace, library: Library) -> int:
    """Print ID<TAB>PATH<TAB>DOCUMENTS per collection, parents first (or the tree as JSON)."""
    from storage.research import collections

    if getattr(args, "json", False):
        print_json([asdict(node) for node in collections.tree(library)])
        return 0
    for c in collections.collections(library):
        print_row(c.id, c.path, c.documents)
    return 0


def cmd_add(args: argparse.Namespace, library: Library) -> int:
    """Add a collection and print ID<TAB>PATH."""
    from storage.research import collections

    parent = collections.find(library, args.parent).id if args.parent else None
    made = collections.create(library, args.name, parent=parent)
    emit(args, {"id": made.id, "path": made.path}, made.id, made.path)
    return 0


def cmd_rename(args: argparse.Namespace, library: Library) -> int:
    """Rename a collection and print ID<TAB>PATH."""
    from storage.research import collections

    found = collections.find(library, args.collection)
    collections.rename(library, found.id, args.name)
    renamed = collections.collection(library, found.id)
    emit(args, {"id": renamed.id, "path": renamed.path}, renamed.id, renamed.path)
    return 0


def cmd_move(args: argparse.Namespace, library: Library) -> int:
    """Move a collection and print ID<TAB>PATH."""
    from storage.research import collections

    found = collections.find(library, args.collection)
    before = collections.find(library, args.before) if args.before else None
    parent = collections.find(library, args.parent).id if args.parent else before.parent_id if before else None
    collections.move(library, found.id, parent, before.id if before else None)
    moved = collections.collection(library, found.id)
    emit(args, {"id": moved.id, "path": moved.path}, moved.id, moved.path)
    return 0


def cmd_delete(args: argparse.Namespace, library: Library) -> int:
    """Delete a collection; print ID<TAB>PATH of every collection removed."""
    from storage.research import collections

    removed = collections.delete(library, collections.find(library, args.collection).id)
    if args.json:
        print_json([{"id": c.id, "path": c.path} for c in removed.collections])
    for c in () if args.json else removed.collections:
        print_row(c.id, c.path)
    return 0


def cmd_show(args: argparse.Namespace, library: Library) -> int:
    """Print ID<TAB>TITLE per document of the collection (or JSON)."""
    from storage.research import collections

    ids = collections.document_ids(library, collections.find(library, args.collection).id)
    summaries = [library.document_summary(d) for d in ids]
    if args.json:
        print_json([asdict(s) for s in summaries])
        return 0
    for s in summaries:
        print_row(s.id, s.title)
    return 0


def cmd_add_docs(args: argparse.Namespace, library: Library) -> int:
    """Put documents into a collection; print how many were not in it yet."""
    from storage.research import collections

    found = collections.find(library, args.collection)
    ids = [library.find_document(reference).id for reference in args.documents]
    added = collections.add_documents(library, found.id, ids)
    emit(
        args,
        {"collection": found.path, "added": list(added)},
        f"{counted(len(added), 'document')} added to {found.path}",
    )
    return 0


def cmd_remove_docs(args: argparse.Namespace, library: Library) -> int:
    """Take documents out of a collection; print how many were in it."""
    from storage.research import collections

    found = collections.find(library, args.collection)
    ids = [library.find_document(reference).id for reference in args.documents]
    removed = collections.remove_documents(library, found.id, ids)
    emit(args, {"collection": found.path, "removed": list(removed)},
         f"{counted(len(removed), 'document')} removed from {found.path}")  # fmt: skip
    return 0
