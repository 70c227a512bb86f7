"""The research commands end to end: search, annotations --all, collections, types, tags, similar, stats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from storage import Library

from ..storage.research_library import SmallLibrary, fill
from .runner import claimmark, fails


@pytest.fixture
def small(library_path: Path) -> SmallLibrary:
    """The small research library, written and closed, for the command line to open."""
    with Library(library_path) as library:
        return fill(library)


def test_search_shows_each_claim_and_its_document(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """Each claim hit shows its uuid, type, document and quote; documents show where the words are."""
    result = claimmark(cli_env, "search", "lighthouse restoration")
    claim, text = result.stdout.splitlines()
    assert claim.split("\t") == [
        "claim", small.uuids["c1"], "opinion", str(small.documents[2]), "Council notes: the budget",
        "A councillor called the [lighthouse] [restoration] a waste of money.",
    ]  # fmt: skip
    kind, document_id, offset, title, snippet = text.split("\t")
    assert ("text", "Council notes: the budget") == (kind, title) and "[lighthouse] [restoration]" in snippet
    assert "claimmark: 1 claims and 1 documents match (1 and 1 shown)\n" == result.stderr
    with Library(cli_env["CLAIMMARK_LIBRARY"]) as library:
        assert library.document_text(int(document_id))[int(offset) :].startswith("lighthouse")


def test_search_json_and_limits(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """--json carries totals, notes and every hit; --limit bounds the claims shown."""
    found = json.loads(claimmark(cli_env, "search", "the", "--limit", "2", "--json").stdout)
    assert (7, 2) == (found["total_claims"], len(found["claims"]))
    assert {"uuid", "document", "quote", "snippet", "highlights", "matched"} <= set(found["claims"][0])
    noted = json.loads(claimmark(cli_env, "search", "minister:harbour", "--json").stdout)
    assert 2 == noted["total_claims"] and "minister: is not a filter" in noted["notes"][0]


def test_search_errors_are_one_line(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """Unknown types, statuses and collections, and empty queries, are one error line each."""
    assert "no such claim type" in fails(cli_env, "search", "type:rumour")
    assert "no such status" in fails(cli_env, "search", "status:gone")
    assert "nothing to search for" in fails(cli_env, "search", '" "')
    assert "collection:nope" in fails(cli_env, "search", "collection:nope")


def test_annotations_across_the_library_filtered_and_exported(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """annotations --all takes the filters, sorts and pages, and --format exports exactly that set."""
    lines = claimmark(cli_env, "annotations", "--all", "--tag", "fishing", "--tag", "budget").stdout.splitlines()
    assert [small.uuids[k] for k in ("h2", "f2", "c2", "c1")] == [line.split("\t")[0] for line in lines]
    assert str(small.documents[0]) == lines[0].split("\t")[2]
    newest = claimmark(cli_env, "annotations", "--all", "--sort", "created", "--desc", "--limit", "1").stdout
    assert newest.startswith(small.uuids["c2"])
    rows = json.loads(claimmark(cli_env, "annotations", "--all", "--type", "opinion", "--since", "2024-04-01",
                                "--json").stdout)  # fmt: skip
    assert [small.uuids["f2"], small.uuids["c1"]] == [r["uuid"] for r in rows]
    exported = claimmark(cli_env, "annotations", "--all", "--speaker", "ana minister", "--format", "csv").stdout
    assert [small.uuids["h1"], small.uuids["f1"]] == [r["uuid"] for r in csv.DictReader(io.StringIO(exported))]
    assert 1 == len(claimmark(cli_env, "annotations", "1", "--status", "moved").stdout.splitlines())
    assert "--all" in fails(cli_env, "annotations")
    assert "YYYY-MM-DD" in fails(cli_env, "annotations", "--all", "--since", "May")


def test_collections_commands(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """Add (nested), add and remove documents, show, rename, move, list, export and delete collections."""
    course = claimmark(cli_env, "collections", "add", "Course").stdout.split("\t")[0]
    assert "Course/Week 1" in claimmark(cli_env, "collections", "add", "Week 1", "--parent", "Course").stdout
    added = claimmark(cli_env, "collections", "add-docs", "Course/Week 1", "1", "2").stdout
    assert "2 documents added to Course/Week 1\n" == added
    removed = claimmark(cli_env, "collections", "remove-docs", "Week 1", "2").stdout
    assert "1 document removed from Course/Week 1\n" == removed
    assert "1\tHarbour to reopen in May\n" == claimmark(cli_env, "collections", "show", course).stdout
    claimmark(cli_env, "collections", "rename", "Week 1", "Week One")
    assert "Week One" in claimmark(cli_env, "collections", "move", "Course/Week One").stdout
    listed = claimmark(cli_env, "collections", "list").stdout.splitlines()
    assert [f"{course}\tCourse\t0", "2\tWeek One\t1"] == listed
    assert "Harbour to reopen" in claimmark(cli_env, "export", "--collection", "Week One").stdout
    tree = json.loads(claimmark(cli_env, "collections", "--json").stdout)
    assert ["Course", "Week One"] == [node["collection"]["name"] for node in tree]
    claimmark(cli_env, "collections", "move", "Week One", "--before", "Course")  # beside it, first
    assert ["Week One", "Course"] == [line.split("\t")[1] for line in
                                      claimmark(cli_env, "collections", "list").stdout.splitlines()]  # fmt: skip
    assert "not beside" in fails(cli_env, "collections", "move", "Week One", "--parent", "Course", "--before", "Course")
    assert "Course" in claimmark(cli_env, "collections", "delete", "Course").stdout
    assert "no collection" in fails(cli_env, "collections", "show", "Course")


def test_types_commands(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """rename, recolour, change, move and delete claim types; a built-in type in use stays."""
    renamed = claimmark(cli_env, "types", "rename", "opinion", "view", "--label", "View").stdout
    assert "view\tView\t#e07b00\tdash\tO\n" == renamed
    assert "#123456" in claimmark(cli_env, "types", "recolour", "view", "#123456").stdout
    changed = claimmark(
        cli_env, "types", "change", "view", "--label", "Views", "--underline", "wavy", "--shortcut", "v"
    )
    assert "view\tViews\t#123456\twave\tV\n" == changed.stdout
    assert claimmark(cli_env, "types", "move", "quote", "1").stdout.startswith("quote\t")
    assert "built in" in fails(cli_env, "types", "delete", "fact")
    assert "built in" in fails(cli_env, "types", "delete", "view", "--reassign", "fact")  # renamed, still built in
    claimmark(cli_env, "types", "add", "rumour")
    assert "deleted rumour: no claims had it" == claimmark(cli_env, "types", "delete", "rumour").stdout.strip()
    claimmark(cli_env, "types", "add", "rumour")
    claimmark(cli_env, "annotate", "3", "--quote", "The budget debate", "--type", "rumour")
    assert "name the type" in fails(cli_env, "types", "delete", "rumour")
    deleted = claimmark(cli_env, "types", "delete", "rumour", "--reassign", "fact").stdout
    assert "deleted rumour: 1 claim now fact\n" == deleted


def test_tags_commands(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """list with counts, rename, merge and delete tags."""
    assert "budget\t2" == claimmark(cli_env, "tags", "list").stdout.splitlines()[0]
    assert "fishing\tFisheries" == claimmark(cli_env, "tags", "rename", "fishing", "Fisheries").stdout.strip()
    assert "Fisheries\t2" == claimmark(cli_env, "tags", "merge", "doubt", "--into", "fisheries").stdout.strip()
    assert "policy\t1" == claimmark(cli_env, "tags", "delete", "policy").stdout.strip()
    assert {"budget", "Fisheries", "harbour"} == {t["name"] for t in json.loads(
        claimmark(cli_env, "tags", "list", "--json").stdout)}  # fmt: skip
    assert "merge" in fails(cli_env, "tags", "rename", "budget", "harbour")


def test_similar_and_stats(small: SmallLibrary, cli_env: dict[str, str]) -> None:
    """similar lists the copy elsewhere; stats prints counts per type for the library, a document, a collection."""
    [line] = claimmark(cli_env, "similar", small.uuids["h1"]).stdout.splitlines()
    assert [small.uuids["f1"], "2", "Fishing crews wait for the harbour", "Ana Minister"] == line.split("\t")[2:6]
    assert "no annotation" in fails(cli_env, "similar", "00000000-0000-4000-8000-999999999999")
    lines = claimmark(cli_env, "stats").stdout.splitlines()
    assert {
        "claims\t7",
        "type\topinion\t3\t42.9%",
        "speaker\tAna Minister\t2",
        "week\t2024-03-04\topinion=1 quote=1",
    } <= set(lines)
    assert "claims\t3" in claimmark(cli_env, "stats", "1").stdout.splitlines()
    claimmark(cli_env, "collections", "add", "C")
    claimmark(cli_env, "collections", "add-docs", "C", "3")
    found = json.loads(claimmark(cli_env, "stats", "--collection", "C", "--json", "--period", "day").stdout)
    assert (2, "day") == (found["claims"], found["period"])
    assert "not both" in fails(cli_env, "stats", "1", "--collection", "C")
