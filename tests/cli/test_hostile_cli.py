"""The one-line-error promise against hostile names, links, JSON and paths; --json everywhere; no side effects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimmark.cli import build_parser
from claimmark.output import escape, row
from storage.links import build_link

from .runner import claimmark, fails


def _subcommands(parser) -> dict[str, object]:
    """Every (sub)command parser by its full name, e.g. "types add"."""
    found = {}
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for name, sub in action.choices.items():
            found[name] = sub
            found.update({f"{name} {inner}": p for inner, p in _subcommands(sub).items()})
    return found


def _dispatches_only(parser) -> bool:
    """Whether the parser only names an action to take (`group create`, ...) and prints nothing itself."""
    return any(getattr(action, "required", False) for action in getattr(parser._subparsers, "_group_actions", []))


def test_every_command_that_prints_data_takes_json() -> None:
    """Each command and subcommand has a --json option (those that only lead to an action aside)."""
    commands = _subcommands(build_parser()).items()
    missing = [
        name for name, sub in commands if "--json" not in sub._option_string_actions and not _dispatches_only(sub)
    ]
    assert [] == missing
    assert {"group", "server", "conflicts"} <= {name for name, sub in commands if _dispatches_only(sub)}


def test_escape_writes_control_and_bidi_characters_as_escapes() -> None:
    """ESC, tab, newline, DEL, C1 and the bidi overrides become visible escapes; other text stays."""
    assert "a\\x1b[31mb\\tc\\nd\\x7fe\\x9bf\\u202eg é 😀" == escape("a\x1b[31mb\tc\nd\x7fe\x9bf\u202eg é 😀")
    assert "1\ttwo\\tparts\\nlines" == row(1, "two\tparts\nlines")


def test_file_name_with_escape_sequence_is_escaped_in_the_error(cli_env, tmp_path: Path) -> None:
    """A file name carrying a terminal escape sequence reaches stderr escaped, in one line."""
    bad = tmp_path / "\x1b]0;pwned\x07\x1b[2Jname.xyz"
    bad.write_bytes(b"x")
    line = fails(cli_env, "import", str(bad))
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b]0;pwned\\x07\\x1b[2Jname.xyz: unsupported format" in line


def test_titles_from_file_names_are_one_line(cli_env, tmp_path: Path) -> None:
    """A title taken from a file name with a newline, a tab and an escape sequence is stored as one clean line."""
    article = tmp_path / "two\nlines\tand\x1b[31m tab.txt"
    article.write_text("only lowercase words, no heading in sight.\n", encoding="utf-8")
    assert ["1\ttwo lines and[31m tab"] == claimmark(cli_env, "import", str(article)).stdout.splitlines()
    assert "two lines and[31m tab" == json.loads(claimmark(cli_env, "list", "--json").stdout)[0]["title"]


def test_tabs_and_newlines_in_fields_keep_one_record_per_line(cli_env, tmp_path: Path) -> None:
    """A label or note holding tabs, newlines and escapes prints as one escaped tab-separated record."""
    claimmark(cli_env, "types", "add", "rumour", "--label", "Two\tparts\nand \x1b[2J lines")
    listed = claimmark(cli_env, "types", "list").stdout.splitlines()
    assert "rumour\tTwo\\tparts\\nand \\x1b[2J lines\t#7a5cc4\tdot\t" == listed[-1]
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome claim here.\n", encoding="utf-8")
    claimmark(cli_env, "import", str(article))
    claimmark(cli_env, "annotate", "1", "--quote", "claim", "--type", "fact", "--note", "first\nsecond\tthird")
    [hit] = claimmark(cli_env, "search", "second").stdout.splitlines()
    assert 6 == len(hit.split("\t")) and hit.startswith("claim\t")  # a hit in a note with tab and newline


def test_deeply_nested_json_is_one_line(cli_env, tmp_path: Path) -> None:
    """A JSON file nested 100,000 deep is refused in one line (it raised RecursionError)."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in fails(cli_env, "import-annotations", str(deep))


@pytest.mark.parametrize(
    ("query", "message"),
    [("document=²", "names no document"), ("document=" + "9" * 5000, "names no document"),
     ("document=1&annotation=x\x1b[31m", "control characters"), ("document=1\u202e", "names no document"),
     ("document=99999999999999999999", "names no document")],
)  # fmt: skip
def test_malformed_links_are_one_line(cli_env, tmp_path: Path, query: str, message: str) -> None:
    """Non-ASCII, 5,000-digit or oversized ids and control characters in a link are one InvalidLink line."""
    line = fails(cli_env, "open", "--print", f"claimmark://open?library={tmp_path}/l.sqlite&{query}")
    assert message in line and "\x1b" not in line


def test_library_path_with_a_name_over_255_bytes_is_one_line(cli_env, tmp_path: Path) -> None:
    """--library with a 300-byte name, in a link or as the library, gives one line."""
    long = tmp_path / ("n" * 300) / "library.sqlite"
    assert "longer than 255 bytes" in fails(cli_env, "--library", str(long), "list")
    assert "longer than 255 bytes" in fails(cli_env, "open", "--print", build_link(long, 1))
    assert "longer than 255 bytes" in fails(cli_env, str(tmp_path / ("n" * 300)))


def test_open_does_not_create_the_default_library(cli_env, tmp_path: Path, library_path: Path) -> None:
    """`claimmark open` reads only the link's library: the default one is never created."""
    linked = tmp_path / "linked.sqlite"
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text.\n", encoding="utf-8")
    claimmark(cli_env, "--library", str(linked), "import", str(article))
    assert "1\tTitle" == claimmark(cli_env, "open", "--print", build_link(linked, 1)).stdout.strip()
    assert (
        "Title"
        == json.loads(claimmark(cli_env, "open", "--print", "--json", build_link(linked, 1)).stdout)["document"][
            "title"
        ]
    )
    assert "does not exist" in fails(cli_env, "open", "--print", build_link(tmp_path / "none.sqlite", 1))
    assert not library_path.exists()


def test_json_of_import_show_annotate_and_types_add(cli_env, tmp_path: Path) -> None:
    """The commands that printed only lines now print JSON with --json."""
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome claim here.\n", encoding="utf-8")
    [imported] = json.loads(claimmark(cli_env, "import", "--json", str(article)).stdout)
    assert (1, "Title", True) == (imported["id"], imported["title"], imported["created"])
    shown = json.loads(claimmark(cli_env, "show", "1", "--json").stdout)
    assert ("Title", 0) == (shown["title"], shown["counts"]["fact"])
    assert "Title\nSome claim here." == json.loads(claimmark(cli_env, "show", "1", "--text", "--json").stdout)["text"]
    added = json.loads(claimmark(cli_env, "annotate", "1", "--quote", "claim", "--type", "fact", "--json").stdout)
    assert ("claim", "fact") == (added["exact"], added["claim_type"])
    assert "rumour" == json.loads(claimmark(cli_env, "types", "add", "rumour", "--json").stdout)["name"]
