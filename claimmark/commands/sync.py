"""Shared group libraries: server init, group create|add-member|list|share|join, sync, conflicts list|resolve."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from types import FrameType

from storage import Library, LibraryError

from ..output import emit, error_line, print_json, print_row
from . import READ, Command, Handler, access, library_option

# storage.sync loads psycopg (0.3 s): each handler imports what it uses, so no other command pays for it.


def _actions(parser: argparse.ArgumentParser, name: str) -> Callable[[str, str, Handler], argparse.ArgumentParser]:
    """Return a function adding one action (a sub-subcommand) to parser."""
    actions = parser.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True)

    def action(verb: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        sub = actions.add_parser(verb, help=help, description=help)
        library_option(sub, default=argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    return action


def register(command: Command) -> None:
    """Declare server, group, sync and conflicts."""
    server = _actions(command("server", "set up a PostgreSQL server for shared libraries", _usage), "server")
    init = server("init", "create or upgrade the Claimmark schema on a server (as its administrator)", cmd_server_init)
    init.add_argument(
        "dsn", metavar="DSN", help="connection string, e.g. 'host=db.example.org dbname=claimmark user=postgres'"
    )
    init.add_argument("--json", action="store_true", help="print JSON")
    command("group", "create, fill, list, share or join a group", _usage, _group_arguments)
    sub = command("sync", "send this library's changes to its group and receive the group's", cmd_sync)
    sub.add_argument("--json", action="store_true", help="print the sync state as JSON")
    sub.add_argument("--attempts", type=int, default=3, metavar="N", help="tries while the server is unreachable")
    conflicts = _actions(command("conflicts", "list or resolve what sync could not merge", _usage), "conflicts")
    listing = conflicts("list", "list the open conflicts", cmd_conflicts_list)
    listing.add_argument("--all", action="store_true", help="resolved ones too")
    listing.add_argument("--json", action="store_true", help="print JSON")
    access(listing, READ)
    choose = conflicts("resolve", "keep my value or theirs for one conflict", cmd_conflicts_resolve)
    choose.add_argument("conflict", type=int, metavar="ID")
    side = choose.add_mutually_exclusive_group(required=True)
    side.add_argument("--mine", action="store_const", const="mine", dest="keep", help="keep my value (sent next sync)")
    side.add_argument("--theirs", action="store_const", const="theirs", dest="keep", help="keep the group's value")
    choose.add_argument("--json", action="store_true", help="print JSON")


def _group_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare group's actions (their roles come from storage.sync, loaded for this command only)."""
    from storage.sync import ROLES

    action = _actions(parser, "group")
    server_help = "connection string (default: the server this library syncs with)"
    create = action("create", "create a group that you own", cmd_group_create)
    create.add_argument("name", metavar="NAME")
    create.add_argument("--shared", action="store_true", help="members see each other's claims")
    create.add_argument("--server", metavar="DSN", help=server_help)
    create.add_argument("--json", action="store_true", help="print JSON")
    add = action("add-member", "add a person to a group (creating their login if needed)", cmd_group_add_member)
    add.add_argument("group", metavar="GROUP")
    add.add_argument("person", metavar="PERSON", help="their PostgreSQL login name")
    add.add_argument("--role", choices=ROLES, default="member", help="owner, member (default) or reader")
    add.add_argument("--password-stdin", action="store_true", help="read a new person's password from stdin")
    add.add_argument("--server", metavar="DSN", help=server_help)
    add.add_argument("--json", action="store_true", help="print JSON")
    listing = action("list", "list your groups, their members and roles", cmd_group_list)
    listing.add_argument("--server", metavar="DSN", help=server_help)
    listing.add_argument("--json", action="store_true", help="print JSON")
    access(listing, READ)
    share = action("share", "let members see each other's claims (on) or only their own (off)", cmd_group_share)
    share.add_argument("group", metavar="GROUP")
    share.add_argument("setting", choices=("on", "off"))
    share.add_argument("--server", metavar="DSN", help=server_help)
    share.add_argument("--json", action="store_true", help="print JSON")
    compare = action("compare", "compare every member's tagging of a document with a key", cmd_group_compare)
    compare.add_argument("document", metavar="DOC", help="document id or a unique part of its title")
    compare.add_argument("--key", metavar="PERSON", help="whose claims are the key (default: you)")
    compare.add_argument("--json", action="store_true", help="print JSON")
    access(compare, READ)
    join = action("join", "make this library sync with a group of yours", cmd_group_join)
    join.add_argument("dsn", metavar="DSN", help="connection string with your login name")
    join.add_argument("--group", metavar="NAME", help="which group, when you are in several")
    join.add_argument("--json", action="store_true", help="print JSON")
    leave = action("leave", "stop syncing this library (it keeps everything it holds)", cmd_group_leave)
    leave.add_argument("--json", action="store_true", help="print JSON")


def _usage(args: argparse.Namespace, library: Library) -> int:
    raise LibraryError("say what to do: see claimmark --help")  # argparse requires the action first


def _server(args: argparse.Namespace, library: Library) -> str:
    """The --server DSN, else the server the library syncs with."""
    if args.server:
        return str(args.server)
    from storage.sync import read_link

    link = read_link(library)
    if link is None:
        raise LibraryError("give --server DSN (this library syncs with no group yet)")
    return link.dsn


def cmd_server_init(args: argparse.Namespace, library: Library) -> int:
    """Create or upgrade the schema; print what was done."""
    from storage.sync import init_server

    before, after = init_server(args.dsn)
    said = f"server schema {after}" + (" (already up to date)" if before == after else f" (was {before})")
    emit(args, {"before": before, "after": after}, said)
    return 0


def cmd_group_create(args: argparse.Namespace, library: Library) -> int:
    """Create a group; print ID<TAB>NAME."""
    from storage.sync import create_group

    group = create_group(_server(args, library), args.name, shared=args.shared)
    emit(args, asdict(group), group.id, group.name)
    return 0


def cmd_group_add_member(args: argparse.Namespace, library: Library) -> int:
    """Add a person with a role; print PERSON<TAB>ROLE."""
    from storage.sync import add_member

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    add_member(_server(args, library), args.group, args.person, args.role, password=password)
    emit(args, {"group": args.group, "person": args.person, "role": args.role}, args.person, args.role)
    return 0


def cmd_group_list(args: argparse.Namespace, library: Library) -> int:
    """Print NAME<TAB>YOUR ROLE<TAB>shared|private<TAB>MEMBERS per group (or JSON)."""
    from storage.sync import list_groups

    groups = list_groups(_server(args, library))
    if args.json:
        print_json([asdict(g) for g in groups])
        return 0
    for g in groups:
        members = " ".join(f"{person}:{role}" for person, role in g.members)
        print_row(g.name, g.role or "-", "shared" if g.shared else "private", members)
    return 0


def cmd_group_share(args: argparse.Namespace, library: Library) -> int:
    """Turn sharing on or off; print NAME<TAB>shared|private."""
    from storage.sync import set_shared

    group = set_shared(_server(args, library), args.group, args.setting == "on")
    emit(args, asdict(group), group.name, "shared" if group.shared else "private")
    return 0


def cmd_group_compare(args: argparse.Namespace, library: Library) -> int:
    """Print one line per key claim (type, agreement, found/students, quote, missed by), then one per student."""
    from storage.sync import class_summary, list_groups, read_link

    link = read_link(library)
    key = args.key or (link.person if link else library.annotator)
    students = None
    if link is not None:  # the whole class, those who tagged nothing included
        found = [g for g in list_groups(link.dsn) if g.id == link.group_id]
        students = [person for g in found for person, _ in g.members] or None
    summary = class_summary(library, library.find_document(args.document).id, key, students)
    if args.json:
        print_json(asdict(summary))
        return 0
    count = len(summary.students)
    for c in summary.claims:
        quote = " ".join(c.key.exact.split())
        missed = " ".join(c.missed_by) or "-"
        print_row("claim", c.key.claim_type, f"{c.agreement:.0%}", f"{len(c.found_by)}/{count}", quote,
                  f"missed by: {missed}")  # fmt: skip
    for r in summary.results:
        print_row("student", r.student, f"found {r.found}/{len(summary.claims)}", f"same type {r.same_type}",
                  f"extra {r.extra}")  # fmt: skip
    return 0


def cmd_group_join(args: argparse.Namespace, library: Library) -> int:
    """Link the library; print GROUP<TAB>PERSON<TAB>ROLE."""
    from storage.sync import join_group

    link = join_group(library, args.dsn, args.group)
    emit(args, {"group": link.group_name, "person": link.person, "role": link.role},
         link.group_name, link.person, link.role)  # fmt: skip
    return 0


def cmd_group_leave(args: argparse.Namespace, library: Library) -> int:
    """Unlink the library from its group; print the group's name."""
    from storage.sync.link import read_link, unlink

    link = read_link(library)
    if link is None:
        raise LibraryError("this library syncs with no group")
    unlink(library)
    emit(args, {"group": link.group_name}, link.group_name)
    return 0


@contextmanager
def _interrupt_cancels() -> Iterator[threading.Event]:
    """While in the body, Ctrl+C sets the event rather than raising (a second Ctrl+C raises KeyboardInterrupt).

    The sync then stops at once, on its own terms: a wait on the server is broken off and nothing
    half-done is kept, where a KeyboardInterrupt raised inside psycopg would first try to cancel
    the query on a server that may not answer.
    """
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed  # (signals reach the main thread only)
        return

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        if pressed.is_set():
            raise KeyboardInterrupt
        pressed.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_sync(args: argparse.Namespace, library: Library) -> int:
    """Sync; print one summary line (or the state as JSON). A paused or stopped sync is an error; Ctrl+C stops it."""
    from storage.sync import NOT_LINKED, RetryPolicy, SyncCancelled, sync

    with _interrupt_cancels() as pressed:
        try:
            state = sync(library, RetryPolicy(attempts=max(1, args.attempts)), cancel=pressed.is_set)
        except SyncCancelled as error:
            print(error_line(error), file=sys.stderr)
            return 130
    if args.json:
        print_json(state.to_dict())
        return 0 if state.ok else 1
    if state.status == NOT_LINKED:
        raise LibraryError("this library syncs with no group: run `claimmark group join DSN` first")
    if not state.ok:
        raise LibraryError(state.summary().replace("Sync ", "sync ", 1))
    print_row("synced", f"pushed {state.pushed}", f"pulled {state.pulled}", f"conflicts {state.conflicts}",
              f"kept here {state.held}")  # fmt: skip
    return 0


def cmd_conflicts_list(args: argparse.Namespace, library: Library) -> int:
    """Print ID<TAB>FIELD<TAB>SUMMARY per conflict (or JSON)."""
    from storage.sync import list_conflicts

    found = list_conflicts(library, include_resolved=args.all)
    if args.json:
        print_json([{**asdict(c), "summary": c.summary} for c in found])
        return 0
    for c in found:
        print_row(c.id, c.field, c.summary, *([f"(resolved: {c.resolution})"] if c.resolved else []))
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace, library: Library) -> int:
    """Resolve one conflict; print ID<TAB>mine|theirs."""
    from storage.sync import resolve

    resolved = resolve(library, args.conflict, args.keep)
    emit(args, {"id": resolved.id, "resolution": resolved.resolution}, resolved.id, resolved.resolution)
    return 0
