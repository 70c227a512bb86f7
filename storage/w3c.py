"""W3C Web Annotation (JSON-LD) export: one AnnotationCollection per document.

Each annotation targets its document with a ``TextQuoteSelector`` (exact,
prefix, suffix) and a ``TextPositionSelector`` (code-point start and end of the
canonical text). Its bodies are ``TextualBody``s: the claim type (purpose
``tagging``, ``claimmark:role`` ``claimType``), each topic tag (``tagging``),
the note (``commenting``) and the speaker (``identifying``, role ``speaker``).
A collection carries the document's metadata and the sha256 of its canonical
text, by which :mod:`storage.annotation_import` finds the document again; with
``include_text`` it also carries the blocks, so an empty library can be filled
from the file alone. Nothing library-specific (ids, paths of the library) is
written, so exporting, importing elsewhere and exporting again gives the same file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .export_context import Claim, DocumentExport, Progress, document_exports
from .library import Library

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "urn:claimmark:"
CONTEXT: list[Any] = [W3C_CONTEXT, {"claimmark": NAMESPACE}]
CLAIM_TYPE_ROLE = "claimType"
SPEAKER_ROLE = "speaker"


def export_json(
    library: Library, document_ids: Iterable[int], *, include_text: bool = False, progress: Progress | None = None
) -> str:
    """Return the JSON-LD for the documents: one collection, or a list of them for several.

    Raises:
        NotFound: a document is not in the library.
    """
    texts = [collection_json(d, include_text) for d in document_exports(library, document_ids, progress)]
    if len(texts) == 1:
        return texts[0] + "\n"
    return "[\n" + ",\n".join(texts) + "\n]\n"


def collection_json(document: DocumentExport, include_text: bool = False) -> str:
    """Return one collection as JSON text: indented, one annotation per line.

    (Indenting every annotation would take Python's slow encoder; one line each
    keeps the C encoder and a file that diffs and greps well.)
    """
    data = collection(document, include_text)
    items = data["first"]["items"]
    data["first"]["items"] = []
    head = json.dumps(data, ensure_ascii=False, indent=2)
    marker = '"items": []'  # occurs once: a quote inside a JSON string would be escaped
    if not items or head.count(marker) != 1:
        data["first"]["items"] = items
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = ",\n".join("      " + json.dumps(item, ensure_ascii=False) for item in items)
    return head.replace(marker, '"items": [\n' + lines + "\n    ]", 1)


def document_source(document: DocumentExport) -> str:
    """Return the IRI that annotations of document target: its URL, file URI, or text hash URN."""
    source = document.source
    if "://" in source:
        return source
    if source and Path(source).is_absolute():
        return Path(source).as_uri()
    return f"urn:sha256:{document.sha256}"


def collection(document: DocumentExport, include_text: bool = False) -> dict[str, Any]:
    """Return one document's AnnotationCollection."""
    metadata: dict[str, Any] = {
        "title": document.title, "author": document.author, "published": document.published,
        "source": document.source, "format": document.format, "language": document.language,
        "sha256": document.sha256,
    }  # fmt: skip
    if include_text:
        metadata["blocks"] = [block.to_dict() for block in document.blocks]
    target = document_source(document)
    return {
        "@context": CONTEXT,
        "id": f"urn:sha256:{document.sha256}",
        "type": "AnnotationCollection",
        "label": document.title,
        "total": len(document.claims),
        "claimmark:document": metadata,
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation(claim, target) for claim in document.claims],
        },
    }


def annotation(claim: Claim, target: str) -> dict[str, Any]:
    """Return one claim as a W3C Annotation (without @context: it sits in a collection)."""
    bodies: list[dict[str, Any]] = [_body("tagging", claim.type, CLAIM_TYPE_ROLE)]
    bodies += [_body("tagging", tag) for tag in claim.tags]
    if claim.note:
        bodies.append(_body("commenting", claim.note))
    if claim.speaker:
        bodies.append(_body("identifying", claim.speaker, SPEAKER_ROLE))
    return {
        "id": f"urn:uuid:{claim.uuid}",
        "type": "Annotation",
        "motivation": "classifying",
        "created": claim.created,
        "modified": claim.updated,
        "body": bodies,
        "target": {
            "source": target,
            "selector": [
                {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
            ],
        },
        "claimmark:status": claim.status,
        "claimmark:score": claim.score,
    }


def _body(purpose: str, value: str, role: str = "") -> dict[str, Any]:
    body = {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}
    if role:
        body["claimmark:role"] = role
    return body
