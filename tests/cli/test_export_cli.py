"""export, import-annotations and open from the command line, on temporary libraries."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from .runner import claimmark, fails

FOUNDED = "Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood in Afghanistan."
OPINION = "the US would be wise to revisit its sanctions"


def _two_documents(env: dict[str, str], trt_path: Path, tmp_path: Path) -> tuple[str, str]:
    """Import the TRT article (two claims) and a second note (one claim); return both ids."""
    trt = claimmark(env, "import", str(trt_path)).stdout.split("\t")[0]
    note = tmp_path / "second.txt"
    note.write_text("A Second Note\n\nThe budget grew by four percent.", encoding="utf-8")
    other = claimmark(env, "import", str(note)).stdout.split("\t")[0]
    claimmark(env, "annotate", trt, "--quote", FOUNDED, "--type", "fact", "--tag", "history")
    claimmark(env, "annotate", trt, "--quote", OPINION, "--type", "opinion", "--note", "# a note | not a heading")
    claimmark(env, "annotate", other, "--quote", "grew by four percent", "--type", "fact")
    return trt, other


def test_export_each_format_one_selection_and_all(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """One article, a selection and the whole library export in Markdown, JSON and CSV."""
    trt, other = _two_documents(cli_env, trt_path, tmp_path)
    one = claimmark(cli_env, "export", trt).stdout
    assert one.startswith("---\ntitle: As the West looks") and "\\# a note &#124; not a heading" in one
    by_position = claimmark(cli_env, "export", trt, "--group-by", "position").stdout
    assert "## Claims in reading order (2)" in by_position and "**Fact** ·" in by_position
    selection = json.loads(claimmark(cli_env, "export", trt, other, "--format", "json").stdout)
    assert [2, 1] == [c["total"] for c in selection]
    rows = list(csv.DictReader(io.StringIO(claimmark(cli_env, "export", "--all", "--format", "csv").stdout)))
    assert {FOUNDED, OPINION, "grew by four percent"} == {r["quote"] for r in rows}
    out = tmp_path / "excel.csv"
    claimmark(cli_env, "export", "--all", "--format", "csv", "--bom", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbfdocument_id,")
    folder = tmp_path / "vault"
    written = claimmark(cli_env, "export", "--all", "--split-dir", str(folder)).stdout.splitlines()
    assert {"A Second Note.md", "As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan.md"} == {
        Path(p).name for p in written
    }
    assert all(Path(p).read_text(encoding="utf-8").startswith("---\n") for p in written)


def test_template_option(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """--template renders through the user's Jinja2 template; a broken one is a one-line error."""
    trt, _ = _two_documents(cli_env, trt_path, tmp_path)
    template = tmp_path / "list.md.j2"
    template.write_text(
        "# {{ document.title }}\n"
        "{% for claim in document.claims %}- [{{ claim.type }}] {{ claim.exact }}\n{% endfor %}",
        encoding="utf-8",
    )
    text = claimmark(cli_env, "export", trt, "--template", str(template)).stdout
    assert f"- [fact] {FOUNDED}\n- [opinion] {OPINION}\n" == text.split("\n", 1)[1]
    template.write_text("{{ claim.", encoding="utf-8")
    assert "list.md.j2" in fails(cli_env, "export", trt, "--template", str(template))


def test_json_round_trip_through_the_cli(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """export --format json --include-text, import-annotations into an empty library, export again: identical
    but for the exporting machine's file paths, which an import never adopts as sources."""
    _two_documents(cli_env, trt_path, tmp_path)
    first = tmp_path / "all.json"
    claimmark(cli_env, "export", "--all", "--format", "json", "--include-text", "-o", str(first))
    empty = {**cli_env, "CLAIMMARK_LIBRARY": str(tmp_path / "empty.sqlite")}
    report = json.loads(claimmark(empty, "import-annotations", str(first), "--json").stdout)
    counts = {key: report[key] for key in ("added", "duplicate", "orphaned", "unmatched", "documents_added")}
    assert {"added": 3, "duplicate": 0, "orphaned": 0, "unmatched": 0, "documents_added": 2} == counts
    second = claimmark(empty, "export", "--all", "--format", "json", "--include-text").stdout
    exported = [_without_source(c) for c in json.loads(first.read_text(encoding="utf-8"))]
    assert sorted(exported, key=str) == sorted(json.loads(second), key=str)
    again = claimmark(empty, "import-annotations", str(first)).stdout
    assert "(W3C Web Annotation (JSON-LD)): 0 added, 3 duplicate" in again


def _without_source(collection: dict) -> dict:
    """An exported collection as it would be had its document no source (targets then name the text's hash)."""
    collection["claimmark:document"]["source"] = ""
    for item in collection["first"]["items"]:
        item["target"]["source"] = "urn:sha256:" + collection["claimmark:document"]["sha256"]
    return collection


def test_open_print_follows_an_exported_link(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """open --print resolves a link taken from the Markdown export to its document and claim."""
    trt, _ = _two_documents(cli_env, trt_path, tmp_path)
    markdown = claimmark(cli_env, "export", trt).stdout
    link = re.search(r"\]\((claimmark://open\?[^)]*annotation=[^)]*)\)", markdown).group(1)  # type: ignore[union-attr]
    elsewhere = {**cli_env, "CLAIMMARK_LIBRARY": str(tmp_path / "another.sqlite")}  # the link names the library
    printed = claimmark(elsewhere, "open", "--print", link).stdout.splitlines()
    assert printed[0].endswith("\tAs the West looks to Ukraine, Daesh-K continues to threaten Afghanistan")
    assert printed[1].split("\t")[1:] == ["fact", FOUNDED]


def test_export_errors_are_one_line(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """Bad export, import and open arguments are one `claimmark: error:` line each."""
    trt, _ = _two_documents(cli_env, trt_path, tmp_path)
    assert "--all" in fails(cli_env, "export")
    assert "markdown only" in fails(cli_env, "export", trt, "--format", "csv", "--template", os.devnull)
    fails(cli_env, "export", trt, "-o", str(tmp_path / "x.md"), "--split-dir", str(tmp_path))
    assert "cannot write" in fails(cli_env, "export", trt, "-o", str(tmp_path / "missing" / "x.md"))
    assert "no such file" in fails(cli_env, "import-annotations", str(tmp_path / "none.json"))
    assert "not a claimmark://open link" in fails(cli_env, "open", "https://example.org")
    assert "does not exist" in fails(cli_env, "open", f"claimmark://open?library={tmp_path}/nope.sqlite&document=1")


def test_desktop_file_registers_the_scheme() -> None:
    """claimmark-open.desktop hands claimmark:// links to `claimmark open`; claimmark.desktop starts the app."""
    import configparser

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    resources = Path(__file__).resolve().parents[2] / "resources"
    entry.read(resources / "claimmark-open.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert ("Application", "claimmark open %u") == (desktop["Type"], desktop["Exec"])
    assert "x-scheme-handler/claimmark" in desktop["MimeType"].split(";")
    launcher = configparser.ConfigParser(interpolation=None)
    launcher.optionxform = str  # type: ignore[assignment,method-assign]
    launcher.read(resources / "claimmark.desktop", encoding="utf-8")
    app = launcher["Desktop Entry"]
    assert ("claimmark %F", "claimmark") == (app["Exec"], app["Icon"]) and "NoDisplay" not in app
    assert (resources / "icons" / "claimmark.svg").is_file()


def test_spreadsheet_and_hypothesis_formats(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """--format xlsx writes a workbook (only to a file); --format hypothesis a search response; --exact CSV as typed."""
    trt, _ = _two_documents(cli_env, trt_path, tmp_path)
    assert "-o PATH" in fails(cli_env, "export", trt, "--format", "xlsx")
    claimmark(cli_env, "export", "--all", "--format", "xlsx", "-o", str(tmp_path / "claims.xlsx"))
    assert (tmp_path / "claims.xlsx").read_bytes().startswith(b"PK")
    found = json.loads(claimmark(cli_env, "export", trt, "--format", "hypothesis").stdout)
    assert 2 == found["total"] and {"claimmark:fact", "history"} <= set(found["rows"][0]["tags"])
    claimmark(cli_env, "annotate", trt, "--quote", "Daesh-K", "--type", "fact", "--note", "=1+1", "--occurrence", "2")
    safe = claimmark(cli_env, "export", trt, "--format", "csv").stdout
    exact = claimmark(cli_env, "export", trt, "--format", "csv", "--exact").stdout
    assert '"\'=1+1"' in safe and '"=1+1"' in exact and "'=1+1" not in exact


def test_cite(trt_path: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    """cite prints CSL-JSON by default, BibTeX with --format bibtex; --all cites every document."""
    trt, _ = _two_documents(cli_env, trt_path, tmp_path)
    [item] = json.loads(claimmark(cli_env, "cite", trt).stdout)
    assert ("west2024", "As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan") == (
        item["id"], item["title"])  # fmt: skip
    assert claimmark(cli_env, "cite", trt, "--format", "bibtex").stdout.startswith("@misc{west2024,\n")
    assert 2 == len(json.loads(claimmark(cli_env, "cite", "--all").stdout))
    claimmark(cli_env, "cite", "--all", "--format", "bibtex", "-o", str(tmp_path / "refs.bib"))
    assert 2 == (tmp_path / "refs.bib").read_text(encoding="utf-8").count("\n@") + 1
    assert "--all" in fails(cli_env, "cite")
    assert "no document matches" in fails(cli_env, "cite", "nothing like this")


def test_export_again_into_a_vault_keeps_an_edited_note(
    trt_path: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """--split-dir into the same folder: an untouched note is updated; an edited one is kept, with one error line."""
    _two_documents(cli_env, trt_path, tmp_path)
    vault = tmp_path / "vault"
    first = claimmark(cli_env, "export", "--all", "--split-dir", str(vault)).stdout.splitlines()
    second = Path(next(p for p in first if "A Second Note" in p))
    second.write_text(second.read_text(encoding="utf-8").replace("grew by four percent", "grew (I checked)"))
    result = claimmark(cli_env, "export", "--all", "--split-dir", str(vault), check=False)
    assert 1 == result.returncode and [p for p in first if p != str(second)] == result.stdout.splitlines()
    assert result.stderr.startswith("claimmark: error: 1 note not updated") and 1 == len(result.stderr.splitlines())
    assert "grew (I checked)" in second.read_text(encoding="utf-8")
