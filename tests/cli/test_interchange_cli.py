"""import-annotations and notes on the command line; documents' addresses in list and show."""

from __future__ import annotations

import json
from pathlib import Path

from .runner import claimmark, fails

FILES = Path(__file__).resolve().parents[1] / "storage" / "annotation_files"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"
PAGE_URL = "https://gazette.example.org/2025/03/04/harbour-town-cruise-ban"


def test_import_annotations_prints_one_line_per_file(cli_env: dict[str, str]) -> None:
    """The summary names the file and its format, then the counts; again, everything is a duplicate."""
    claimmark(cli_env, "import", str(FILES / "harbour-town.html"))
    first = claimmark(cli_env, "import-annotations", str(FILES / "hypothesis-api.json")).stdout
    assert f"{FILES / 'hypothesis-api.json'} (Hypothesis API response): 5 added (3 anchored, 1 changed," in first
    assert first.count("\n") == 1
    again = claimmark(cli_env, "import-annotations", str(FILES / "hypothesis-api.json")).stdout
    assert ": 0 added, 6 duplicate, 2 skipped" in again


def test_import_annotations_json_report(cli_env: dict[str, str]) -> None:
    """--json prints every count, the skipped items by reason and the first ones in full."""
    claimmark(cli_env, "import", str(SAMPLE))
    report = json.loads(claimmark(cli_env, "import-annotations", str(FILES / "My Clippings.txt"), "--json").stdout)
    counts = {key: report[key] for key in ("format", "added", "anchored", "notes_added", "duplicate", "skipped")}
    assert {"format": "kindle", "added": 2, "anchored": 2, "notes_added": 1, "duplicate": 1, "skipped": 3} == counts
    assert 1 == report["skipped_by_reason"]["Kindle bookmarks (they hold no text)"]
    assert {"reason", "origin_id", "excerpt"} == set(report["skipped_examples"][0])


def test_type_and_format_options(cli_env: dict[str, str]) -> None:
    """--type gives untagged annotations a type; --format names the format; wrong ones are one error line."""
    claimmark(cli_env, "import", str(SAMPLE))
    csv = str(FILES / "readwise-export.csv")
    assert "unknown claim type 'claim'" in fails(cli_env, "import-annotations", csv, "--type", "claim")
    assert "is not Kindle My Clippings.txt" in fails(cli_env, "import-annotations", csv, "--format", "kindle")
    claimmark(cli_env, "import-annotations", csv, "--type", "fact", "--format", "readwise")
    shown = claimmark(cli_env, "show", "1").stdout.splitlines()
    assert "fact: 1" in shown and "opinion: 1" in shown and "untyped: 0" in shown and "notes: 1" in shown


def test_unknown_file_is_one_error_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A file in no format read here is refused in one line naming what is read."""
    other = tmp_path / "list.txt"
    other.write_text("milk\neggs\n", encoding="utf-8")
    error = fails(cli_env, "import-annotations", str(other))
    assert "not an annotation file Claimmark reads" in error and "Kindle My Clippings.txt" in error


def test_notes_lists_document_notes(cli_env: dict[str, str]) -> None:
    """notes DOC prints the notes on the whole document (and --json their fields)."""
    claimmark(cli_env, "import", str(FILES / "harbour-town.html"))
    claimmark(cli_env, "import-annotations", str(FILES / "hypothesis-api.json"))
    line = claimmark(cli_env, "notes", "1").stdout
    assert "\tAna Lima\tfollow-up\tCompare with the 2019 referendum coverage.\n" in line
    (note,) = json.loads(claimmark(cli_env, "notes", "1", "--json").stdout)
    assert ("hypothesis", "Pt3rV8aXEe-fG6h7i8j9kF", PAGE_URL) == (
        note["origin_format"], note["origin_id"], note["origin_url"],
    )  # fmt: skip


def test_list_and_show_give_the_documents_address(cli_env: dict[str, str]) -> None:
    """A saved page's canonical URL is the last column of list and a line of show; its file stays the source."""
    claimmark(cli_env, "import", str(FILES / "harbour-town.html"))
    assert claimmark(cli_env, "list").stdout.rstrip("\n").endswith(f"\t0 annotations\t{PAGE_URL}")
    shown = claimmark(cli_env, "show", "1").stdout.splitlines()
    assert f"url: {PAGE_URL}" in shown and f"source: {FILES / 'harbour-town.html'}" in shown
