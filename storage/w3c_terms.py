"""The W3C Web Annotation vocabulary Claimmark writes and reads (shared by export and import).

Every export carries, after the W3C context, a JSON-LD context object that
defines each ``claimmark:`` term (IRIs under ``urn:claimmark:``), so that a
JSON-LD processor keeps every field when it expands the file:

- ``claimmark:document`` on a collection: the document's metadata, whose keys
  (``title``, ``author``, ``published``, ``source``, ``url``, ``format``,
  ``language``, ``sha256``, ``blocks``) are Claimmark's own terms there (a
  JSON-LD 1.1 scoped context). ``source`` is a plain string (a path is never
  made a relative IRI), ``format`` Claimmark's own format name (not
  ``dc:format``, which wants a media type), ``url`` an ``xsd:anyURI``,
  ``blocks`` a JSON literal;
- ``claimmark:status`` (anchored, moved, changed, orphaned) and
  ``claimmark:score`` (``xsd:double``) on an annotation;
- ``claimmark:role`` on a body: ``claimType`` or ``speaker``.
"""

from __future__ import annotations

from typing import Any

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "urn:claimmark:"
CLAIM_TYPE_ROLE = "claimType"  # claimmark:role of the tagging body naming the claim type
SPEAKER_ROLE = "speaker"  # claimmark:role of the identifying body naming who says it
DOCUMENT_TERMS: dict[str, Any] = {
    "title": "claimmark:title",
    "author": "claimmark:author",
    "published": "claimmark:published",
    "source": "claimmark:source",
    "url": {"@id": "claimmark:url", "@type": "xsd:anyURI"},
    "format": "claimmark:format",
    "language": "claimmark:language",
    "sha256": "claimmark:sha256",
    "blocks": {"@id": "claimmark:blocks", "@type": "@json"},
}
CLAIMMARK_CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "claimmark": NAMESPACE,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "claimmark:document": {"@id": "claimmark:document", "@context": DOCUMENT_TERMS},
    "claimmark:status": {"@id": "claimmark:status"},
    "claimmark:score": {"@id": "claimmark:score", "@type": "xsd:double"},
    "claimmark:role": {"@id": "claimmark:role"},
}
CONTEXT: list[Any] = [W3C_CONTEXT, CLAIMMARK_CONTEXT]
