"""Managing claim types: rename (name and label), recolour, restyle, reorder, delete (reassigning its claims).

Each change is one committed transaction and returns what the window's undo
command needs: the type as it was (``TypeChange.before``), the order before
(``reorder``), or the deleted type with the claims given to another
(``DeletedType``, put back by ``restore``). The rules for a valid name,
colour, underline and shortcut are those of ``storage.claim_types``. A
renamed type's claims follow at once (``ON UPDATE CASCADE``), and so does
every view and export, which read types from the library.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import claim_types as rules
from ..clock import now
from ..errors import InvalidAnnotation, NotFound
from ..library import Library
from ..records import ClaimType
from ..wording import agreeing, counted


@dataclass(frozen=True)
class TypeChange:
    """A claim type before and after a change (undo: change ``after.name`` back to ``before``)."""

    before: ClaimType
    after: ClaimType


@dataclass(frozen=True)
class DeletedType:
    """A deleted claim type, and the claims that were given another type (uuid, their ``updated`` before)."""

    claim_type: ClaimType
    reassigned_to: str  # "" when no claim had the type
    reassigned: tuple[tuple[str, str], ...] = ()


def usage(library: Library) -> dict[str, int]:
    """Return claim type name -> how many claims have it (every type, 0 for the unused)."""
    counts = dict(library.conn.execute("SELECT claim_type, count(*) FROM annotations GROUP BY 1").fetchall())
    return {t.name: counts.get(t.name, 0) for t in library.claim_types()}


def change(
    library: Library,
    name: str,
    *,
    new_name: str | None = None,
    label: str | None = None,
    colour: str | None = None,
    underline: str | None = None,
    shortcut: str | None = None,
) -> TypeChange:
    """Change a claim type's name, label, colour, underline or shortcut, in one transaction.

    Raises:
        NotFound: no such claim type.
        InvalidAnnotation: a value breaks the rules of storage.claim_types, or the new name is taken.
    """
    before = _named(library, name)
    values = {
        "name": _new_name(library, before, new_name),
        "label": before.label if label is None else (label.strip() or before.label),
        "colour": before.colour if colour is None else rules.checked_colour(colour),
        "underline": before.underline if underline is None else rules.checked_underline(underline),
        "shortcut": before.shortcut if shortcut is None else _shortcut(library, before, shortcut),
    }
    with library.transaction() as conn:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE claim_types SET {assignments} WHERE name = ?", [*values.values(), before.name])
    return TypeChange(before, _named(library, values["name"]))


def undo_change(library: Library, done: TypeChange) -> None:
    """Put a changed claim type back as it was."""
    b = done.before
    change(library, done.after.name, new_name=b.name, label=b.label, colour=b.colour, underline=b.underline,
           shortcut=b.shortcut)  # fmt: skip


def reorder(library: Library, names: list[str]) -> list[str]:
    """Show the claim types in this order (every name once); return the order before (undo: reorder to it).

    Raises:
        InvalidAnnotation: names is not an arrangement of the library's claim types.
    """
    before = [t.name for t in library.claim_types()]
    if sorted(names) != sorted(before):
        raise InvalidAnnotation(f"an order names every claim type once: {', '.join(before)}")
    with library.transaction() as conn:
        conn.executemany("UPDATE claim_types SET position = ? WHERE name = ?", list(enumerate(names, start=1)))
    return before


def move(library: Library, name: str, index: int) -> list[str]:
    """Move one claim type to a place in the order (0 = first); return the order before."""
    order = [t.name for t in library.claim_types()]
    current = _named(library, name).name
    order.remove(current)
    order.insert(max(0, min(index, len(order))), current)
    return reorder(library, order)


def delete(library: Library, name: str, *, reassign_to: str | None = None) -> DeletedType:
    """Delete a claim type; its claims, if any, get the type reassign_to, all in one transaction.

    Raises:
        NotFound: no such type (or no type reassign_to).
        InvalidAnnotation: it is built in and in use; it is in use and reassign_to is not given or is itself.
    """
    gone = _named(library, name)
    used = usage(library)[gone.name]
    if used and gone.builtin:
        raise InvalidAnnotation(
            f"{gone.name} is built in and {counted(used, 'claim')} {agreeing(used, 'has', 'have')} it:"
            " it cannot be deleted"
        )
    target = _target(library, gone, used, reassign_to)
    conn = library.conn
    reassigned = tuple(conn.execute("SELECT uuid, updated FROM annotations WHERE claim_type = ?", [gone.name]))
    with library.transaction() as conn:
        conn.execute(
            "UPDATE annotations SET claim_type = ?, updated = ? WHERE claim_type = ?", [target, now(), gone.name]
        )
        conn.execute("DELETE FROM claim_types WHERE name = ?", [gone.name])
    return DeletedType(gone, target if used else "", tuple((uuid, updated) for uuid, updated in reassigned))


def restore(library: Library, deleted: DeletedType) -> None:
    """Put a deleted claim type back, with its claims (undo of delete)."""
    t = deleted.claim_type
    with library.transaction() as conn:
        conn.execute(
            "INSERT INTO claim_types (name, label, colour, underline, shortcut, position, builtin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [t.name, t.label, t.colour, t.underline, t.shortcut, t.position, int(t.builtin)],
        )
        conn.executemany(
            "UPDATE annotations SET claim_type = ?, updated = ? WHERE uuid = ?",
            [(t.name, updated, uuid) for uuid, updated in deleted.reassigned],
        )


def _named(library: Library, name: str) -> ClaimType:
    wanted = name.strip().lower()
    found = next((t for t in library.claim_types() if t.name == wanted), None)
    if found is None:
        known = ", ".join(t.name for t in library.claim_types())
        raise NotFound(f"unknown claim type {name!r} (known: {known})")
    return found


def _new_name(library: Library, before: ClaimType, new_name: str | None) -> str:
    if new_name is None:
        return before.name
    name = rules.checked_name(new_name)
    if name != before.name and any(t.name == name for t in library.claim_types()):
        raise InvalidAnnotation(f"claim type {name!r} exists already")
    return name


def _shortcut(library: Library, before: ClaimType, shortcut: str) -> str:
    taken = {t.shortcut.upper() for t in library.claim_types() if t.shortcut and t.name != before.name}
    return rules.checked_shortcut(shortcut, taken)


def _target(library: Library, gone: ClaimType, used: int, reassign_to: str | None) -> str:
    if not used:
        return gone.name  # no claim to move: the UPDATE touches nothing
    if reassign_to is None:
        raise InvalidAnnotation(
            f"{counted(used, 'claim')} {agreeing(used, 'has', 'have')} the type {gone.name}:"
            f" name the type to give {agreeing(used, 'it', 'them')} instead"
        )
    target = _named(library, reassign_to).name
    if target == gone.name:
        raise InvalidAnnotation(f"claims of {gone.name} need another type than {gone.name}")
    return target
