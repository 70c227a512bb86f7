"""The Hypothesis-shaped export: a search response as Hypothesis's API documents it, keeping every claim's fields."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from jsonschema import Draft7Validator

from storage import Library
from storage.export.hypothesis_export import export_hypothesis, hypothesis_id, user_account

# The search response and annotation of the Hypothesis API v1 reference (hypothesis/h:
# docs/_extra/api-reference/hypothesis-v1.yaml, "/search" 200 response, and schemas/annotation.yaml),
# written out as JSON Schema. Their user pattern "acct:^[A-Za-z0-9._]{3,30}@.*$" can match nothing
# (a "^" after "acct:"), so the documented form acct:<username>@<authority> is checked as meant.
SELECTOR_QUOTE = {
    "type": "object",
    "required": ["type", "exact"],
    "properties": {
        "type": {"const": "TextQuoteSelector"},
        "exact": {"type": "string"},
        "prefix": {"type": "string"},
        "suffix": {"type": "string"},
    },
}
SELECTOR_POSITION = {
    "type": "object",
    "required": ["type", "start", "end"],
    "properties": {"type": {"const": "TextPositionSelector"}, "start": {"type": "number"}, "end": {"type": "number"}},
}
ANNOTATION = {
    "type": "object",
    "required": [
        "id",
        "created",
        "updated",
        "user",
        "uri",
        "text",
        "tags",
        "group",
        "permissions",
        "target",
        "document",
        "links",
        "hidden",
        "flagged",
    ],
    "properties": {
        "id": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "user": {"type": "string", "pattern": r"^acct:[A-Za-z0-9._]{3,30}@.+$"},
        "uri": {"type": "string", "format": "uri"},
        "text": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "group": {"type": "string"},
        "permissions": {"type": "object"},
        "target": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "source": {"type": "string", "format": "uri"},
                    "selector": {"type": "array", "items": {"oneOf": [SELECTOR_QUOTE, SELECTOR_POSITION]}},
                },
            },
        },
        "document": {
            "type": "object",
            "required": ["title"],
            "properties": {"title": {"type": "array", "items": {"type": "string"}}},
        },
        "links": {"type": "object"},
        "hidden": {"type": "boolean"},
        "flagged": {"type": "boolean"},
        "references": {"type": "array", "items": {"type": "string"}},
        "user_info": {"type": "object", "properties": {"display_name": {"type": ["string", "null"]}}},
    },
}
SEARCH_RESPONSE = {
    "type": "object",
    "required": ["rows", "total"],
    "properties": {"rows": {"type": "array", "items": ANNOTATION}, "total": {"type": "integer"}},
}


def test_export_is_a_search_response(harbour_cited: tuple[Library, int]) -> None:
    """The file is {total, rows} with every required field of each annotation, formats (uri, date-time) checked."""
    library, document_id = harbour_cited
    data = json.loads(export_hypothesis(library, [document_id]))
    validator = Draft7Validator(SEARCH_RESPONSE, format_checker=Draft7Validator.FORMAT_CHECKER)
    assert [] == [error.message for error in validator.iter_errors(data)]
    assert 5 == data["total"] == len(data["rows"])


def test_every_claim_field_is_kept(harbour_cited: tuple[Library, int], harbour_claims: list) -> None:
    """Id (the uuid), quote and context, positions, note, tags, type and speaker, times and annotator are there."""
    library, document_id = harbour_cited
    rows = {row["id"]: row for row in json.loads(export_hypothesis(library, [document_id]))["rows"]}
    for annotation in library.annotations(document_id):
        row = rows[hypothesis_id(annotation.uuid)]
        assert annotation.uuid == str(uuid.UUID(bytes=base64.urlsafe_b64decode(row["id"] + "==")))
        quote, position = row["target"][0]["selector"]
        assert (annotation.exact, annotation.prefix, annotation.suffix) == (
            quote["exact"],
            quote["prefix"],
            quote["suffix"],
        )
        assert (annotation.start, annotation.end) == (position["start"], position["end"])
        speaker = [f"claimmark:speaker:{annotation.speaker}"] if annotation.speaker else []
        assert [*annotation.tags, f"claimmark:{annotation.claim_type}", *speaker] == row["tags"]
        assert (annotation.note, annotation.created, annotation.updated) == (
            row["text"],
            row["created"],
            row["updated"],
        )
        assert ("Ana Ruiz", "acct:Ana_Ruiz@claimmark") == (row["user_info"]["display_name"], row["user"])
    assert {"https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships"} == {r["uri"] for r in rows.values()}


def test_rows_are_private_to_their_user(harbour_cited: tuple[Library, int]) -> None:
    """Only the annotator may read, change or delete a row: a library's claims are private ("Only me")."""
    library, document_id = harbour_cited
    row = json.loads(export_hypothesis(library, [document_id]))["rows"][0]
    assert {key: [row["user"]] for key in ("read", "admin", "update", "delete")} == row["permissions"]


@pytest.mark.parametrize(
    ("annotator", "account"),
    [
        ("", "acct:claimmark@claimmark"),
        ("jo", "acct:jo_@claimmark"),
        ("Zoë O'Brien", "acct:Zoe_O_Brien@claimmark"),
        ("x" * 40, f"acct:{'x' * 30}@claimmark"),
        ("李", "acct:claimmark@claimmark"),
    ],
)
def test_user_names_fit_hypothesis(annotator: str, account: str) -> None:
    """Annotators become Hypothesis user names: 3 to 30 of A-Z a-z 0-9 . _."""
    assert account == user_account(annotator)


def test_no_claims_is_an_empty_response(library: Library) -> None:
    """Nothing to export is still a valid response: no rows, total 0."""
    assert {"total": 0, "rows": []} == json.loads(export_hypothesis(library, []))


def test_rows_written_by_sqlite_match_the_python_model(harbour_cited: tuple[Library, int]) -> None:
    """The rows SQLite writes are exactly row()'s dicts, one per line of the file."""
    from storage.export.context import document_exports
    from storage.export.hypothesis_export import row
    from storage.export.w3c_export import document_source

    library, document_id = harbour_cited
    text = export_hypothesis(library, [document_id])
    document = next(document_exports(library, [document_id]))
    assert [row(c, document, document_source(document)) for c in document.claims] == json.loads(text)["rows"]
    assert 5 == sum(line.startswith('    {"id": ') for line in text.splitlines())
