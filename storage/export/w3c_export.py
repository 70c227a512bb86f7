"""W3C Web Annotation (JSON-LD) export: one AnnotationCollection per document.

Each annotation targets its document with a ``TextQuoteSelector`` (exact,
prefix, suffix) and a ``TextPositionSelector`` (code-point start and end of the
canonical text). Its bodies are ``TextualBody``s: the claim type (purpose
``tagging``, ``claimmark:role`` ``claimType``), each topic tag (``tagging``),
the note (``commenting``) and the speaker (``identifying``, role ``speaker``);
its ``creator`` is the annotator (a ``Person`` with a ``name``), when known.
A collection carries the document's metadata and the sha256 of its canonical
text, by which :mod:`storage.annotation_import` finds the document again; with
``include_text`` it also carries the blocks, so an empty library can be filled
from the file alone. Its one page has an id (``…:page:0``) and names the
collection it is part of. The ``@context`` is the W3C one and Claimmark's own
terms (:mod:`storage.w3c_terms`), so JSON-LD expansion keeps every field.

Several documents are a JSON-LD array of such collections, each complete with
its own ``@context``: JSON-LD allows a top-level array of node objects and it
means the same graph as an ``@graph`` of them (a test expands both), while
each collection stays a document of its own that the W3C test suite's schemas
accept as it is and that the importer reads. (An AnnotationCollection of
collections is not in the model.)

Nothing library-specific (ids, paths of the library) is written, so
exporting, importing elsewhere and exporting again gives the same file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress, each_reported
from ..w3c_terms import CLAIM_TYPE_ROLE, CONTEXT, SPEAKER_ROLE
from .context import Claim, DocumentExport, Only, document_export, only_json


@gc_paused()
def export_json(
    library: Library,
    document_ids: Iterable[int],
    *,
    include_text: bool = False,
    progress: Progress | None = None,
    only: Only | None = None,
) -> str:
    """Return the JSON-LD for the documents: one collection, or a list of them for several.

    Raises:
        NotFound: a document is not in the library.
    """
    library_path = str(library.path.resolve())
    types = library.claim_types()
    texts = []
    for document_id in each_reported(document_ids, progress):
        document = document_export(library.document(document_id), [], types, library_path)
        scope = only_json(only, document_id)
        rows = library.conn.execute(_ITEMS_SQL, [document_source(document), document_id, scope])
        items = [item[:-1] + _creator(annotator) + "}" if annotator else item for item, annotator in rows]
        texts.append(collection_json(document, items, include_text))
    if len(texts) == 1:
        return texts[0] + "\n"
    return "[\n" + ",\n".join(texts) + "\n]\n"


@lru_cache(maxsize=256)
def _creator(annotator: str) -> str:
    """Return the creator member that ends an annotation's JSON text (joined on as text: json_patch costs 30%)."""
    return ',"creator":' + json.dumps({"type": "Person", "name": annotator}, ensure_ascii=False, separators=(",", ":"))


def collection_json(document: DocumentExport, items: list[str], include_text: bool = False) -> str:
    """Return one collection as JSON text: indented, with each annotation (JSON text) on a line of its own."""
    data = collection(document, include_text)
    data["total"] = len(items)
    head = json.dumps(data, ensure_ascii=False, indent=2)
    if not items:
        return head
    marker = '"items": []'  # occurs once: quotes inside a JSON string are escaped
    return head.replace(marker, '"items": [\n      ' + ",\n      ".join(items) + "\n    ]", 1)


def _body_sql(purpose: str, value: str, role: str = "") -> str:
    role_sql = f", 'claimmark:role', '{role}'" if role else ""
    return f"json_object('type', 'TextualBody', 'purpose', '{purpose}', 'value', {value}{role_sql})"


# Each annotation as annotation() below builds it, written by SQLite's JSON functions in C
# (a test checks the two agree): a 100,000-annotation export never builds Python dicts.
_ITEMS_SQL = f"""
SELECT json_object(
    'id', 'urn:uuid:' || a.uuid, 'type', 'Annotation', 'motivation', 'classifying',
    'created', a.created, 'modified', a.updated,
    'body', (SELECT json_group_array(json(body)) FROM (
        SELECT 1 AS part, '' AS name, {_body_sql("tagging", "a.claim_type", CLAIM_TYPE_ROLE)} AS body
        UNION ALL SELECT 2, t.name, {_body_sql("tagging", "t.name")}
            FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id
        UNION ALL SELECT 3, '', {_body_sql("commenting", "a.note")} WHERE a.note != ''
        UNION ALL SELECT 4, '', {_body_sql("identifying", "a.speaker", SPEAKER_ROLE)} WHERE a.speaker != ''
        ORDER BY part, name COLLATE NOCASE)),
    'target', json_object('source', ?1, 'selector', json_array(
        json_object('type', 'TextQuoteSelector', 'exact', a.exact, 'prefix', a.prefix, 'suffix', a.suffix),
        json_object('type', 'TextPositionSelector', 'start', a.start, 'end', a.end))),
    'claimmark:status', a.status, 'claimmark:score', a.score), coalesce(a.annotator, '')
FROM annotations a WHERE a.document_id = ?2 AND (?3 IS NULL OR a.uuid IN (SELECT value FROM json_each(?3)))
ORDER BY a.start, a.end, a.id
"""


def document_source(document: DocumentExport) -> str:
    """Return the IRI that annotations of document target: its URL, its source URL or file URI, or its text hash."""
    if document.url:
        return document.url
    source = document.source
    if "://" in source:
        return source
    if source and Path(source).is_absolute():
        return Path(source).as_uri()
    return f"urn:sha256:{document.sha256}"


def collection_id(document: DocumentExport) -> str:
    """Return the IRI of a document's collection (not the document's own: that is what annotations target)."""
    return f"urn:claimmark:collection:{document.sha256}"


def collection(document: DocumentExport, include_text: bool = False) -> dict[str, Any]:
    """Return one document's AnnotationCollection."""
    metadata: dict[str, Any] = {
        "title": document.title, "author": document.author, "published": document.published,
        "source": document.source, "url": document.url, "format": document.format, "language": document.language,
        "sha256": document.sha256,
    }  # fmt: skip
    if include_text:
        metadata["blocks"] = [block.to_dict() for block in document.blocks]
    target = document_source(document)
    identifier = collection_id(document)
    return {
        "@context": CONTEXT,
        "id": identifier,
        "type": "AnnotationCollection",
        "label": document.title,
        "total": len(document.claims),
        "claimmark:document": metadata,
        "first": {
            "id": f"{identifier}:page:0",
            "type": "AnnotationPage",
            "partOf": identifier,
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
        **({"creator": {"type": "Person", "name": claim.annotator}} if claim.annotator else {}),
    }


def _body(purpose: str, value: str, role: str = "") -> dict[str, Any]:
    body = {"type": "TextualBody", "purpose": purpose, "value": value}
    if role:
        body["claimmark:role"] = role
    return body
