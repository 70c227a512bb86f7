"""CSV read back field for field, tags as JSON, formulas defused; claimmark:// links; export options and folders."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Library
from storage.export.csv_export import BOM, COLUMNS, export_csv
from storage.export.exporting import ExportFailed, ExportOptions, export_text, export_to_folder
from storage.export.jinja_templates import TemplateProblem
from storage.links import InvalidLink, build_link, parse_link


def test_csv_reads_back_field_for_field(harbour_library: tuple[Library, int]) -> None:
    """Every annotation is one row whose fields read back by the csv module equal the stored values (--exact)."""
    library, document_id = harbour_library
    rows = list(csv.DictReader(io.StringIO(export_csv(library, [document_id], exact=True), newline="")))
    assert list(COLUMNS) == list(rows[0])
    title = library.document_summary(document_id).title
    for row, annotation in zip(rows, library.annotations(document_id), strict=True):
        expected = {
            "document_id": str(document_id), "document": title, "type": annotation.claim_type,
            "quote": annotation.exact, "speaker": annotation.speaker, "note": annotation.note,
            "start": str(annotation.start), "end": str(annotation.end), "status": annotation.status,
            "score": str(annotation.score), "created": annotation.created, "updated": annotation.updated,
            "annotator": annotation.annotator, "uuid": annotation.uuid,
        }  # fmt: skip
        assert expected == {key: row[key] for key in expected}
        assert list(annotation.tags) == json.loads(row["tags"])
        assert parse_link(row["link"]).annotation == annotation.uuid
    assert any("\n# not a heading\n" in row["note"] for row in rows)


def test_tags_are_a_json_array(harbour_library: tuple[Library, int], harbour_claims: list) -> None:
    """Tags "a; b" and "c" read back as two tags, not three; a claim without tags has []."""
    library, document_id = harbour_library
    rows = {row["uuid"]: row for row in csv.DictReader(io.StringIO(export_csv(library, [document_id])))}
    assert ["a; b", "c"] == json.loads(rows[harbour_claims[1][0]]["tags"])
    assert ["C++", "🙂"] == json.loads(rows[harbour_claims[2][0]]["tags"])
    assert [] == json.loads(rows[harbour_claims[4][0]]["tags"])


def test_csv_bom_for_excel(harbour_library: tuple[Library, int]) -> None:
    """--bom starts the file with a UTF-8 byte order mark; without it there is none."""
    library, document_id = harbour_library
    assert export_csv(library, [document_id], bom=True).startswith(BOM + "document_id,")
    assert export_csv(library, [document_id]).startswith("document_id,")


def test_csv_defuses_formulas_unless_exact(harbour_library: tuple[Library, int]) -> None:
    """By default user text starting like a formula gets an apostrophe (BOM or not); --exact keeps it as typed."""
    library, document_id = harbour_library
    annotation = library.annotations(document_id)[0]
    library.update_annotation(annotation.uuid, note='=HYPERLINK("http://x")', speaker="@mention", tags=["-x"])

    def row_of(text: str) -> dict[str, str]:
        rows = csv.DictReader(io.StringIO(text.removeprefix(BOM), newline=""))
        return next(row for row in rows if row["uuid"] == annotation.uuid)

    for safe in (export_csv(library, [document_id]), export_csv(library, [document_id], bom=True)):
        row = row_of(safe)
        assert ('\'=HYPERLINK("http://x")', "'@mention", '["-x"]') == (row["note"], row["speaker"], row["tags"])
    exact = row_of(export_csv(library, [document_id], exact=True))
    assert ('=HYPERLINK("http://x")', "@mention") == (exact["note"], exact["speaker"])


def test_link_round_trip(tmp_path: Path) -> None:
    """A link built for a library path with spaces and symbols parses back to the same place."""
    library = tmp_path / "my notes (2024) & more#1.sqlite"
    link = build_link(library, 12, "00000000-0000-4000-8000-00000000000A")
    assert link.startswith("claimmark://open?library=") and " " not in link and "#" not in link
    parsed = parse_link(link)
    assert (library, 12, "00000000-0000-4000-8000-00000000000a") == (
        parsed.library,
        parsed.document_id,
        parsed.annotation,
    )
    assert parse_link(build_link(library, 3)).annotation is None


@pytest.mark.parametrize(
    "url",
    ["https://example.org", "claimmark://close?library=x&document=1", "claimmark://open?document=1",
     "claimmark://open?library=x&document=one", "claimmark://open?library=x&document=1&annotation=../../etc",
     "claimmark://open?library=x&document=1&document=2"],
)  # fmt: skip
def test_bad_links_are_refused(url: str) -> None:
    """Malformed or foreign links raise InvalidLink with the link in the message."""
    with pytest.raises(InvalidLink, match=r"claimmark|https"):
        parse_link(url)


def test_user_template_changes_output(trt_library: tuple[Library, int], tmp_path: Path) -> None:
    """A template extending the default and overriding the claim block changes each claim as documented.

    On the reference article: its claims sit under section headings, which the location shows.
    """
    library, document_id = trt_library
    template = tmp_path / "mine.md.j2"
    template.write_text(
        '{% extends "default.md" %}{% block claim %}- {{ claim.type_label }}: {{ claim.exact }} '
        "({{ claim | location }}){% endblock %}",
        encoding="utf-8",
    )
    text = export_text(library, [document_id], ExportOptions(template_path=str(template)))
    assert "- Fact: Founded in 2015 as an offshoot of Daesh, Daesh-K continues spilling blood" in text
    assert "(¶ 26, under “The West’s Afghanistan policy”)" in text and "> " not in text.split("## Fact")[1]
    assert text.startswith("---\ntitle: As the West looks")


@pytest.mark.parametrize(
    ("source", "message"),
    [("{% for x in %}", "line 1"), ("{{ document.__class__.__mro__ }}", "unsafe|undefined|attribute"),
     ("{{ nothing_here }}", "undefined"), ("{% include '/etc/passwd' %}", "passwd")],
)  # fmt: skip
def test_bad_or_unsafe_templates_fail_clearly(
    harbour_library: tuple[Library, int], tmp_path: Path, source: str, message: str
) -> None:
    """Syntax errors, sandbox escapes and unknown variables are one TemplateProblem naming the file."""
    library, document_id = harbour_library
    template = tmp_path / "bad.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(TemplateProblem, match=message) as raised:
        export_text(library, [document_id], ExportOptions(template_path=str(template)))
    assert str(template) in str(raised.value)


def test_export_to_folder_writes_one_file_per_document(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """Each format writes one file per document into a new folder; unknown formats are refused."""
    library, document_id = harbour_library
    title = "Harbour town votes to ban large cruise ships from its old port"
    for name, suffix in (("markdown", ".md"), ("json", ".json"), ("csv", ".csv"), ("xlsx", ".xlsx"),
                         ("hypothesis", ".json")):  # fmt: skip
        written = export_to_folder(library, [document_id], tmp_path / name, ExportOptions(format=name))
        assert [tmp_path / name / f"{title}{suffix}"] == written
        assert written[0].read_bytes()
    with pytest.raises(ExportFailed, match="unknown export format"):
        ExportOptions(format="pdf")
    with pytest.raises(ExportFailed, match="binary format"):
        export_text(library, [document_id], ExportOptions(format="xlsx"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=40), speaker=st.text(alphabet="ab ,;\"\r\n\t\\'=+-@é😀", max_size=12))
def test_csv_keeps_any_text(harbour_library: tuple[Library, int], note: str, speaker: str) -> None:
    """Quotes, commas, newlines and emoji in notes and speakers come back from the csv module unchanged."""
    library, document_id = harbour_library
    first = library.annotations(document_id)[0]
    changed = library.update_annotation(first.uuid, note=note, speaker=speaker)
    rows = list(csv.DictReader(io.StringIO(export_csv(library, [document_id], exact=True), newline="")))
    row = next(r for r in rows if r["uuid"] == first.uuid)
    assert (changed.note, changed.speaker) == (row["note"], row["speaker"])


def test_runaway_template_is_stopped(harbour_library: tuple[Library, int], tmp_path: Path) -> None:
    """A template that would run for ages stops after its step budget with a TemplateProblem, not a hang."""
    library, document_id = harbour_library
    template = tmp_path / "forever.j2"
    template.write_text("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    with pytest.raises(TemplateProblem, match="stopped after 5,000,000 steps"):
        export_text(library, [document_id], ExportOptions(template_path=str(template)))
