"""Reading Zotero annotations as JSON: items in Zotero's own ``toJSON`` shape, or as the Web API v3 returns them.

Shapes (from the Zotero Web API documentation and Zotero's item JSON):

- an item: ``{"key", "version", "itemType": "annotation", "parentItem",
  "annotationType", "annotationText", "annotationComment", "annotationColor",
  "annotationPageLabel", "annotationSortIndex", "annotationPosition",
  "annotationAuthorName", "tags": [{"tag": ...}], "dateAdded", "dateModified"}``;
- the Web API wraps each item: ``{"key", "library", "links", "meta":
  {"createdByUser": {...}}, "data": {item}}``;
- a list of either, or ``{"items": [...]}``. Other items of the same file
  (the attachment, its parent with ``url`` and ``title``) tell an annotation's
  document; they are not annotations themselves.

``highlight`` and ``underline`` annotations carry a quote; ``note`` and
``text`` annotations, and ``image`` or ``ink`` ones with a comment, are notes
on the whole document.
"""

from __future__ import annotations

from typing import Any

from .incoming import IncomingAnnotation, foreign, mapping, raw_text, text_of

ORIGIN = "zotero"
_QUOTED = ("highlight", "underline")


def looks_like_zotero(data: Any) -> bool:
    """Whether decoded JSON holds Zotero items of which at least one is an annotation."""
    return any(_data(item).get("itemType") == "annotation" for item in _items(data)[:1000])


def label(data: Any) -> str:
    """Name the shape for the import report."""
    return "Zotero Web API" if any("data" in item for item in _items(data)[:20]) else "Zotero JSON"


def parse_zotero(data: Any) -> list[IncomingAnnotation]:
    """Return every annotation item; the file's other items only tell the annotations' documents."""
    items = _items(data)
    by_key = {str(_data(item).get("key")): item for item in items if _data(item).get("key")}
    found = []
    for item in items:
        fields = _data(item)
        if fields.get("itemType") == "annotation":
            found.append(_annotation(item, fields, by_key))
        elif not fields:
            found.append(foreign(ORIGIN, "", skip="not Zotero items"))
    return found


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        data = data.get("items", [data])
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _data(item: dict[str, Any]) -> dict[str, Any]:
    """The item's own fields: its ``data`` in the Web API shape, the item itself otherwise."""
    inner = item.get("data")
    fields = inner if isinstance(inner, dict) else item
    return fields if isinstance(fields.get("itemType"), str) else {}


def _annotation(item: dict[str, Any], fields: dict[str, Any], by_key: dict[str, dict[str, Any]]) -> IncomingAnnotation:
    kind = text_of(fields.get("annotationType"))
    parent = text_of(fields.get("parentItem"))
    url, title = _document_of(parent, by_key)
    tags = [text_of(tag.get("tag")) for tag in fields.get("tags") or [] if isinstance(tag, dict)]
    annotation = foreign(
        ORIGIN, text_of(fields.get("key")) or text_of(item.get("key")),
        exact=raw_text(fields.get("annotationText")) if kind in _QUOTED else "",
        note=raw_text(fields.get("annotationComment")).strip(), type_candidates=[t for t in tags if t],
        created=text_of(fields.get("dateAdded")), updated=text_of(fields.get("dateModified")),
        target=url, group=parent or url, annotator=_annotator(item, fields), title=title,
    )  # fmt: skip
    if kind in _QUOTED and not annotation.exact.strip():
        annotation.skip = f"Zotero {kind}s without their text (Zotero has not extracted it)"
    elif not annotation.exact and not annotation.note:
        annotation.skip = f"Zotero {kind or 'annotation'}s without a comment (nothing to show)"
    return annotation


def _document_of(parent: str, by_key: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The url and title of an annotation's document, from its attachment and the attachment's parent."""
    url, title, key = "", "", parent
    for _ in range(3):  # annotation -> attachment -> regular item
        fields = _data(by_key.get(key, {}))
        if not fields:
            break
        url = url or text_of(fields.get("url"))
        title = title or text_of(fields.get("title"))
        key = text_of(fields.get("parentItem"))
    return url, title


def _annotator(item: dict[str, Any], fields: dict[str, Any]) -> str:
    """The annotation's author name, else the Web API's user who created it."""
    named = text_of(fields.get("annotationAuthorName"))
    if named:
        return named
    user = mapping(mapping(item.get("meta")).get("createdByUser"))
    return text_of(user.get("name")) or text_of(user.get("username"))
