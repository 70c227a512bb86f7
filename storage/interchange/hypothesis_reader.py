"""Reading Hypothesis annotations: an API search response and the Hypothesis client's export file.

Shapes (from the Hypothesis API documentation and the client's "Export"):

- API search response: ``{"total": N, "rows": [annotation, ...]}``;
- client export: ``{"export_date", "export_userid", "client_version", "annotations": [annotation, ...]}``;
- also a bare list of annotations.

An annotation has ``id``, ``created``, ``updated``, ``user`` (``acct:name@host``),
``user_info.display_name``, ``uri``, ``text`` (the note, Markdown), ``tags``,
``references`` (set on replies), ``document.title`` and ``target`` (a list of
``{source, selector: [RangeSelector, TextPositionSelector, TextQuoteSelector]}``).
Positions count in the page's text as the browser saw it, so they only hint.
A page note has a target without selectors: it becomes a document note.
"""

from __future__ import annotations

from typing import Any

from .incoming import IncomingAnnotation, foreign, mapping, offset, raw_text, text_of

ORIGIN = "hypothesis"
_EXPORT_KEYS = ("export_date", "export_userid", "client_version")


def looks_like_hypothesis(data: Any) -> bool:
    """Whether decoded JSON is an API search response, a client export, or a list of Hypothesis annotations."""
    if isinstance(data, dict):
        if isinstance(data.get("rows"), list) and "total" in data:
            return True
        return isinstance(data.get("annotations"), list) and any(key in data for key in _EXPORT_KEYS)
    return isinstance(data, list) and bool(data) and all(_is_annotation(row) for row in data[:20])


def label(data: Any) -> str:
    """Name the shape for the import report."""
    return "Hypothesis API response" if isinstance(data, dict) and "rows" in data else "Hypothesis export"


def parse_hypothesis(data: Any) -> list[IncomingAnnotation]:
    """Return every annotation of an API response, a client export or a list of annotations."""
    rows = data.get("rows", data.get("annotations")) if isinstance(data, dict) else data
    return [_annotation(row) if _is_annotation(row) else _not_an_annotation(row) for row in rows or []]


def _is_annotation(row: Any) -> bool:
    return isinstance(row, dict) and isinstance(row.get("id"), str) and ("uri" in row or "target" in row)


def _not_an_annotation(row: Any) -> IncomingAnnotation:
    return foreign(ORIGIN, "", skip="not a Hypothesis annotation (no id, uri or target)")


def _annotation(row: dict[str, Any]) -> IncomingAnnotation:
    target = _first_dict(row.get("target"))
    selectors = _selectors(target)
    quote, position = selectors.get("TextQuoteSelector", {}), selectors.get("TextPositionSelector", {})
    uri = text_of(row.get("uri")) or text_of(target.get("source"))
    source = text_of(target.get("source"))
    tags = [tag for tag in row.get("tags") or [] if isinstance(tag, str)]
    document = mapping(row.get("document"))
    item = foreign(
        ORIGIN, row["id"], exact=raw_text(quote.get("exact")), prefix=raw_text(quote.get("prefix")),
        suffix=raw_text(quote.get("suffix")), start=offset(position.get("start")), end=offset(position.get("end")),
        note=raw_text(row.get("text")).strip(), type_candidates=tags, created=text_of(row.get("created")),
        updated=text_of(row.get("updated")), target=uri, annotator=_annotator(row),
        title=text_of(document.get("title")),
        addresses=tuple(a for a in (source, *_links(document)) if a and a != uri),
    )  # fmt: skip
    if row.get("references"):
        item.skip = "a reply to another annotation (replies are not imported)"
    elif not item.exact and not item.note and not tags:
        item.skip = "no quote and no note (nothing Claimmark can show)"
    return item


def _annotator(row: dict[str, Any]) -> str:
    """The display name, else the user name of ``acct:name@host``."""
    info = mapping(row.get("user_info"))
    named = text_of(info.get("display_name"))
    if named:
        return named
    user = text_of(row.get("user"))
    return user.removeprefix("acct:").split("@", 1)[0] if user.startswith("acct:") else user


def _links(document: dict[str, Any]) -> list[str]:
    """The page's own addresses when the annotation carries them (``document.link[].href``)."""
    links = document.get("link")
    return [text_of(link.get("href")) for link in links if isinstance(link, dict)] if isinstance(links, list) else []


def _selectors(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    selectors = target.get("selector")
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if isinstance(selector, dict) and isinstance(selector.get("type"), str):
            found.setdefault(selector["type"], selector)
    return found


def _first_dict(value: Any) -> dict[str, Any]:
    value = value[0] if isinstance(value, list) and value else value
    return value if isinstance(value, dict) else {}
