"""The command line end to end against a temporary library."""

from __future__ import annotations

import json
from pathlib import Path

from .runner import claimmark, fails

FOUNDED = (
    "The town council of Port Averill voted seven to six on Monday evening to ban cruise ships carrying more than"
    " 1,000 passengers from docking at the old harbour, starting in April 2026."
)
OPINION = "The decision is long overdue."
GALACE = "at least a third of my summer trade"


def test_round_trip_import_annotate_export_search(sample_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """import, annotate three claims, list, annotations, export and search all work together."""
    imported = claimmark(cli_env, "import", str(sample_path)).stdout
    doc_id, title = imported.rstrip("\n").split("\t")
    assert "Harbour town votes to ban large cruise ships from its old port" == title
    claims = [
        (doc_id, "--quote", FOUNDED, "--type", "fact", "--tag", "history"),
        (doc_id, "--quote", OPINION, "--type", "opinion", "--note", "Policy advice"),
        ("cruise ships from", "--quote", GALACE, "--type", "quote", "--speaker", "Tomas Reyes"),
    ]
    uuids = [claimmark(cli_env, "annotate", *claim).stdout.strip() for claim in claims]
    assert 3 == len(set(uuids)) and all(len(u) == 36 for u in uuids)

    listed = json.loads(claimmark(cli_env, "list", "--json").stdout)
    assert [{"fact": 1, "opinion": 1, "quote": 1}] == [d["counts"] for d in listed]
    rows = json.loads(claimmark(cli_env, "annotations", doc_id, "--json").stdout)
    assert {FOUNDED, OPINION, GALACE} == {r["exact"] for r in rows}
    assert [FOUNDED] == [
        r["exact"] for r in json.loads(claimmark(cli_env, "annotations", doc_id, "--type", "fact", "--json").stdout)
    ]

    out = tmp_path / "claims.md"
    claimmark(cli_env, "export", doc_id, "-o", str(out))
    markdown = out.read_text(encoding="utf-8")
    assert markdown.index("Fact") < markdown.index("Opinion") < markdown.index("Quote")
    assert "voted seven to six" in markdown
    assert "Policy advice" in markdown

    hits = json.loads(claimmark(cli_env, "search", "seven to six", "--json").stdout)["claims"]
    assert [uuids[0]] == [h["uuid"] for h in hits]
    assert FOUNDED in claimmark(cli_env, "show", doc_id, "--text").stdout


def test_show_prints_metadata_and_counts(sample_path: Path, cli_env: dict[str, str]) -> None:
    """show prints the published date and a count line per claim type."""
    doc_id = claimmark(cli_env, "import", str(sample_path)).stdout.split("\t")[0]
    shown = claimmark(cli_env, "show", doc_id).stdout.splitlines()
    assert "published: 2025-03-04" in shown and "fact: 0" in shown


def test_library_option_beats_environment(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """--library, before or after the subcommand, chooses the library file."""
    article = tmp_path / "a.txt"
    article.write_text("A Title\n\nSome body text here.", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    claimmark(cli_env, "--library", str(other), "import", str(article))
    claimmark(cli_env, "list", "--library", str(other))
    assert "A Title" in claimmark(cli_env, "list", "--library", str(other)).stdout
    assert "" == claimmark(cli_env, "list").stdout


def test_errors_are_one_line_and_write_nothing(
    sample_path: Path, cli_env: dict[str, str], tmp_path: Path, library_path: Path
) -> None:
    """Bad input gets one `claimmark: error:` line, a non-zero exit and an untouched library."""
    doc_id = claimmark(cli_env, "import", str(sample_path)).stdout.split("\t")[0]
    claimmark(cli_env, "annotate", doc_id, "--quote", FOUNDED, "--type", "fact")
    before = claimmark(cli_env, "annotations", doc_id, "--json").stdout
    (tmp_path / "photo.xyz").write_bytes(b"\x89PNG")
    assert "does not occur" in fails(cli_env, "annotate", doc_id, "--quote", "not in the text", "--type", "fact")
    assert "occurs only 1" in fails(
        cli_env, "annotate", doc_id, "--quote", FOUNDED, "--type", "fact", "--occurrence", "2"
    )
    assert "unknown claim type" in fails(cli_env, "annotate", doc_id, "--quote", FOUNDED, "--type", "rumour")
    assert "no document" in fails(cli_env, "show", "999")
    assert "photo.xyz" in fails(cli_env, "import", str(sample_path), str(tmp_path / "photo.xyz"))
    assert "no such file" in fails(cli_env, "import", str(tmp_path / "missing.txt"))
    fails(cli_env, "annotate", doc_id, "--type", "fact")  # missing --quote
    fails(cli_env, "export")
    fails(cli_env, "frobnicate", "--now")
    assert before == claimmark(cli_env, "annotations", doc_id, "--json").stdout
    assert 1 == len(json.loads(claimmark(cli_env, "list", "--json").stdout))


def test_not_a_library_is_one_line(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """A --library that is not a Claimmark library is a one-line error."""
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"garbage" * 1000)
    assert "not a Claimmark library" in fails(cli_env, "list", "--library", str(bogus))


def test_the_module_runs_as_a_real_process(cli_env: dict[str, str], tmp_path: Path) -> None:
    """`python -m claimmark` is a real entry point: output, exit status and a one-line error from a process."""
    from .runner import claimmark_process

    assert "" == claimmark_process(cli_env, "list").stdout
    failed = claimmark_process(cli_env, "show", "42", check=False)
    assert 1 == failed.returncode and "" == failed.stdout
    assert ["claimmark: error: no document 42"] == failed.stderr.splitlines()
