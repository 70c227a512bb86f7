"""The W3C export as JSON-LD: expansion (PyLD, offline) keeps every field; IRIs are absolute; several documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.w3c_export import export_json
from storage.w3c_terms import CONTEXT, NAMESPACE, W3C_CONTEXT

ANNO = json.loads((Path(__file__).parent / "w3c" / "anno.jsonld").read_text(encoding="utf-8"))
OA, DC = "http://www.w3.org/ns/oa#", "http://purl.org/dc/elements/1.1/"


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Serve the W3C context from the vendored copy; refuse every other URL (never the network)."""
    if url.rstrip("/") not in (W3C_CONTEXT, W3C_CONTEXT.replace("http:", "https:")):
        raise jsonld.JsonLdError(
            "offline test", "loading document failed", {"url": url}, code="loading document failed"
        )
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": ANNO}


def expand(data: Any) -> list[dict[str, Any]]:
    """Return the JSON-LD expansion of data (no base IRI: a relative IRI would stay relative, and be caught)."""
    return jsonld.expand(data, {"documentLoader": offline_loader, "base": None})


def compact_again(data: Any) -> Any:
    """Return data expanded, then compacted with Claimmark's context: what a JSON-LD processor keeps of it."""
    compacted = jsonld.compact(expand(data), CONTEXT, {"documentLoader": offline_loader})
    compacted.pop("@context", None)
    return compacted


def normal(value: Any) -> Any:
    """Return value without the differences compaction may make: one-item lists, compact IRIs, @context."""
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items() if key != "@context"}
    if isinstance(value, list):
        return normal(value[0]) if len(value) == 1 else [normal(item) for item in value]
    if isinstance(value, str) and value.startswith("claimmark:"):
        return NAMESPACE + value.removeprefix("claimmark:")
    return value


def values(expanded: Any, prefix: str = NAMESPACE) -> dict[str, list[Any]]:
    """Return every value of every property whose IRI starts with prefix, found anywhere in expanded JSON-LD."""
    found: dict[str, list[Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, item in node.items():
                if key.startswith(prefix):
                    found.setdefault(key.removeprefix(prefix), []).extend(
                        i.get("@value", i.get("@id")) if isinstance(i, dict) else i for i in item
                    )
                walk(item)

    walk(expanded)
    return found


def test_expansion_keeps_every_field(harbour_cited: tuple[Library, int]) -> None:
    """Expanded and compacted again, the export is itself: no key is dropped, with the document's text too."""
    library, document_id = harbour_cited
    data = json.loads(export_json(library, [document_id], include_text=True))
    assert normal(data) == normal(compact_again(data))


def test_claimmark_terms_expand_to_their_values(harbour_cited: tuple[Library, int]) -> None:
    """Title, author, published, sha256, source, format, url, status, score and role are in the expansion."""
    library, document_id = harbour_cited
    data = json.loads(export_json(library, [document_id]))
    found = values(expand(data))
    document = data["claimmark:document"]
    for term in ("title", "author", "published", "sha256", "source", "format", "url", "language"):
        assert [document[term]] == found[term], term
    assert ["anchored"] * 4 + ["changed"] == sorted(found["status"])
    assert {1.0, 0.8} == set(found["score"]) and {"claimType", "speaker"} == set(found["role"])


def test_format_is_not_a_media_type_claim(harbour_library: tuple[Library, int]) -> None:
    """The document's format ("text") is Claimmark's own term, never dc:format (which expects a media type)."""
    library, document_id = harbour_library
    expanded = expand(json.loads(export_json(library, [document_id])))
    assert ["text"] == values(expanded)["format"] and DC + "format" not in json.dumps(expanded)


@pytest.mark.parametrize("source", ["/home/me/notes/article.txt", "relative/article.txt", ""])
def test_no_relative_iri(library: Library, source: str) -> None:
    """A path source is a file: URI or urn:sha256 target, and a plain string in the metadata: no relative IRI."""
    document = Document(Metadata(title="A", source=source), [make_block("paragraph", "Body text here.")])
    summary, _ = library.import_document(document)
    library.add_annotation(summary.id, 0, 4, "fact", speaker="Someone")
    expanded = expand(json.loads(export_json(library, [summary.id])))
    ids = [v for key, v in _all_items(expanded) if key == "@id"]
    assert ids and all(":" in i and not i.startswith(("/", ".")) for i in ids), ids
    target = values(expanded, OA)["hasSource"]
    assert target[0].startswith(("file:///", "urn:sha256:"))
    assert ([source] if source else [""]) == values(expanded)["source"]


def _all_items(node: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found += _all_items(item)
    elif isinstance(node, dict):
        for key, item in node.items():
            found += [(key, item)] if isinstance(item, str) else _all_items(item)
    return found


def test_creator_is_the_annotator(harbour_cited: tuple[Library, int]) -> None:
    """Each annotation's creator is a Person whose foaf:name is the annotator."""
    library, document_id = harbour_cited
    text = json.dumps(expand(json.loads(export_json(library, [document_id]))))
    assert 5 == text.count('"http://purl.org/dc/terms/creator"')
    assert 5 == text.count(
        '{"http://xmlns.com/foaf/0.1/name": [{"@value": "Ana Ruiz"}], "@type": ["http://xmlns.com/foaf/0.1/Person"]}'
    )


def test_several_documents_are_one_graph(harbour_library: tuple[Library, int]) -> None:
    """The array of collections expands exactly as the same collections in one @graph would."""
    library, document_id = harbour_library
    other, _ = library.import_document(Document(Metadata(title="Second"), [make_block("paragraph", "Body.")]))
    library.add_annotation(other.id, 0, 4, "opinion")
    collections = json.loads(export_json(library, [document_id, other.id]))
    graph = {"@context": CONTEXT, "@graph": [{k: v for k, v in c.items() if k != "@context"} for c in collections]}
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    as_array, as_graph = (jsonld.normalize(expand(x), options) for x in (collections, graph))
    assert as_array == as_graph and 2 == as_array.count("<http://www.w3.org/ns/activitystreams#OrderedCollection>")
