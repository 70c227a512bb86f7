"""README's command reference is complete: every subcommand and every option of it is shown there."""

from __future__ import annotations

import argparse
from pathlib import Path

from claimmark.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(parser: argparse.ArgumentParser, prefix: str = "claimmark") -> dict[str, list[tuple[str, ...]]]:
    """Return "claimmark NAME [SUB]" -> each option of that command as its spellings (help and --library left out)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                usage = f"{prefix} {name}"
                found[usage] = [
                    tuple(a.option_strings)
                    for a in sub._actions
                    if a.option_strings and not set(a.option_strings) & {"-h", "--help", "--library"}
                ]
                found.update(_commands(sub, usage))
    return found


def _usage_lines(readme: str, usage: str) -> str:
    """The README lines showing usage (and their backslash continuations)."""
    lines, taken, keep = readme.splitlines(), [], False
    for line in lines:
        if line.startswith(usage + " ") or line == usage:
            keep = True
        if keep:
            taken.append(line)
            keep = line.rstrip().endswith("\\")
    return "\n".join(taken)


def test_every_command_and_option_is_in_the_readme() -> None:
    """Each subcommand has a usage line in README, and each of its options is on it."""
    readme = README.read_text(encoding="utf-8")
    missing = []
    for usage, options in _commands(build_parser()).items():
        shown = _usage_lines(readme, usage)
        if not shown:
            missing.append(usage)
        missing += [f"{usage} {spellings[-1]}" for spellings in options if not any(o in shown for o in spellings)]
    assert [] == missing


def test_the_check_sees_a_missing_option() -> None:
    """The check above can fail: an option left out of a usage line is found missing."""
    readme = "claimmark list\n"
    assert "--json" not in _usage_lines(readme, "claimmark list")
    assert "" == _usage_lines(readme, "claimmark show")
