"""The W3C export checked by the official test suite's JSON Schemas (w3c/web-annotation-tests, vendored in w3c/).

The suite's "Musts" lists name the schemas a conforming annotation, collection
and page must satisfy, each with its expected result; they are run here as the
suite's own runner does, with formats (uri, date-time) checked. A few
optional features Claimmark uses are checked too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.w3c_export import export_json

SUITE = Path(__file__).parent / "w3c" / "web-annotation-tests"
MUSTS = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}
OPTIONAL_FEATURES = {  # optional parts of the model the export implements
    "annotation": [
        "annotations/3.3.1-annotationCreatorImplemented.json",
        "annotations/3.3.2-annotationCreatorAgentTypeImplemented.json",
        "annotations/3.3.2-annotationCreatorAgentNameImplemented.json",
        "annotations/3.3.1-annotationCreatedImplemented.json",
        "annotations/3.3.1-annotationModifiedImplemented.json",
        "annotations/3.3.5-annotationMotivationImplemented.json",
        "annotations/specificResource/4.2-selectorFound.json",
        "annotations/specificResource/4.2.4-textQuoteSelector.json",
        "annotations/specificResource/4.2.5-textPositionSelector.json",
        "annotations/bodiesTargets/3.3.5-bodyPurpose.json",
        "annotations/bodiesTargets/3.2.4-bodyETBTypeTextualBody.json",
    ],
    "collection": [
        "collections/5.1-collectionLabelImplemented.json",
        "collections/5.1-collectionTotalImplemented.json",
        "collections/5.1-collectionFirstImplemented.json",
    ],
    "page": [
        "collections/pages/5.2-pagePartOfImplemented.json",
        "collections/pages/5.2-pageStartIndexImplemented.json",
    ],
}


@cache
def registry() -> Registry:
    """Every schema of the suite, found by the relative id it declares (how the schemas refer to each other)."""
    resources = []
    for path in SUITE.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


@cache
def assertion(name: str) -> tuple[Draft4Validator, bool, str]:
    """Return an assertion's validator, whether it expects "valid", and its error message."""
    schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
    validator = Draft4Validator(schema, registry=registry(), format_checker=Draft4Validator.FORMAT_CHECKER)
    return validator, schema.get("expectedResult", "valid") == "valid", str(schema.get("errorMessage"))


def failures(kind: str, data: dict[str, Any], assertions: list[str]) -> list[str]:
    """Return the error message of every assertion whose result is not the expected one."""
    problems = []
    for name in assertions:
        validator, expect_valid, message = assertion(name)
        if validator.is_valid(data) != expect_valid:
            problems.append(f"{kind} {name}: {message}")
    return problems


def musts(kind: str) -> list[str]:
    """Return the assertions of a "Musts" list of the suite."""
    test = json.loads((SUITE / MUSTS[kind]).read_text(encoding="utf-8"))
    return [a if isinstance(a, str) else a["$ref"] for a in test["assertions"]]


def parts(collection: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Return the collection, its page (as the suite takes it: inside the collection) and each annotation.

    An annotation of a page inherits the page's @context; taken alone, it carries it.
    """
    found = [("collection", collection), ("page", collection)]
    found += [("annotation", {"@context": collection["@context"], **item}) for item in collection["first"]["items"]]
    return found


def test_collection_page_and_annotations_pass_the_musts(harbour_cited: tuple[Library, int]) -> None:
    """Collection, page and every annotation satisfy all of the suite's MUST assertions (page id included)."""
    library, document_id = harbour_cited
    collection = json.loads(export_json(library, [document_id], include_text=True))
    problems = [p for kind, data in parts(collection) for p in failures(kind, data, musts(kind))]
    assert [] == problems
    assert "urn:claimmark:collection:" in collection["first"]["id"]


def test_optional_features_used_are_valid(harbour_cited: tuple[Library, int]) -> None:
    """The creator, dates, motivation, selectors, purposes, label, total, first, partOf and startIndex pass."""
    library, document_id = harbour_cited
    collection = json.loads(export_json(library, [document_id]))
    problems = [p for kind, data in parts(collection) for p in failures(kind, data, OPTIONAL_FEATURES[kind])]
    assert [] == problems


def test_each_collection_of_several_passes_on_its_own(harbour_library: tuple[Library, int]) -> None:
    """Several documents: each collection of the array, and an empty one, is complete and passes the musts."""
    library, document_id = harbour_library
    other, _ = library.import_document(Document(Metadata(title="No claims"), [make_block("paragraph", "Body.")]))
    collections = json.loads(export_json(library, [document_id, other.id]))
    assert [5, 0] == [c["total"] for c in collections]
    problems = [p for c in collections for kind, data in parts(c) for p in failures(kind, data, musts(kind))]
    assert [] == problems


@pytest.mark.parametrize(
    ("change", "broken"),
    [
        (lambda c: c["first"].pop("id"), "page collections/pages/5.2-pageIdValidated.json"),
        (lambda c: c["first"]["items"][0].update(created="yesterday"), "annotations/3.3.1-annotationCreatedValidated"),
        (lambda c: c["first"]["items"][0]["target"].update(source="/home/me/a.txt"), "3.2-targetObjectsRecognized"),
    ],
)
def test_the_schemas_catch_what_they_check(harbour_library: tuple[Library, int], change: Any, broken: str) -> None:
    """The check can fail: a page without id, a bad date, a bare path as target source are each refused."""
    library, document_id = harbour_library
    collection = json.loads(export_json(library, [document_id]))
    change(collection)
    problems = [p for kind, data in parts(collection) for p in failures(kind, data, musts(kind))]
    assert any(broken in problem for problem in problems), problems
