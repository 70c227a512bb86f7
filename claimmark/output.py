"""What the command line prints: one escaping rule for every message and tab-separated field, and JSON.

Titles, file names, notes and error messages come from files and links that
anyone may have written. Printed raw, an escape sequence in a file name
could rewrite the terminal, and a tab or newline in a title would break the
one-record-per-line output scripts rely on. So every message and field goes
through ``escape``: C0 and C1 control characters (tab and newline included)
and the invisible bidirectional controls become ``\\t``, ``\\n``, ``\\xNN`` or
``\\uNNNN``. JSON output (``--json``) carries the exact text instead.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(value: object) -> str:
    """Return str(value) with every control or bidirectional-control character written as an escape."""
    return _UNSAFE.sub(_escaped, str(value))


def row(*values: object) -> str:
    """Return one tab-separated line of values, each escaped (so no field holds a tab or newline)."""
    return "\t".join(escape(value) for value in values)


def print_row(*values: object) -> None:
    """Print one tab-separated line of escaped values."""
    print(row(*values))


def print_json(data: Any) -> None:
    """Print data as indented JSON (exact text: JSON escapes control characters itself)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def emit(args: object, data: Any, *values: object) -> None:
    """Print data as JSON when the command was given --json, else values as one tab-separated line."""
    if getattr(args, "json", False):
        print_json(data)
    else:
        print_row(*values)


def error_line(message: object) -> str:
    """Return the one line a failure prints: ``claimmark: error: MESSAGE``, escaped."""
    return f"claimmark: error: {escape(message)}"


def print_note(message: object) -> None:
    """Print a ``claimmark: ...`` note (not an error) on standard error, escaped."""
    print(f"claimmark: {escape(message)}", file=sys.stderr)
