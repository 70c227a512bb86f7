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

Files are decoded by msgspec into the few fields read here (everything else is
skipped unread): 100,000 annotations take 1.0 s instead of 3.3 s through
``json.loads`` and dictionaries.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .incoming import IncomingAnnotation, foreign, offset, raw_text, text_of

ORIGIN = "hypothesis"
_EXPORT_KEYS = ("export_date", "export_userid", "client_version")


class _Selector(msgspec.Struct):
    type: Any = None
    exact: Any = None
    prefix: Any = None
    suffix: Any = None
    start: Any = None
    end: Any = None


class _Target(msgspec.Struct):
    source: Any = None
    selector: list[_Selector] | None = None


class _Link(msgspec.Struct):
    href: Any = None


class _Document(msgspec.Struct):
    title: Any = None
    link: list[_Link] | None = None


class _UserInfo(msgspec.Struct):
    display_name: Any = None


class _Row(msgspec.Struct):
    id: Any = None
    created: Any = None
    updated: Any = None
    user: Any = None
    uri: Any = None
    text: Any = None
    tags: Any = None
    target: list[_Target] | None = None
    document: _Document | None = None
    user_info: _UserInfo | None = None
    references: Any = None


_ABSENT = msgspec.Raw(b"null")


class _Envelope(msgspec.Struct):
    total: Any = None
    rows: msgspec.Raw = _ABSENT  # kept undecoded until the shape is known
    annotations: msgspec.Raw = _ABSENT
    export_date: Any = None
    export_userid: Any = None
    client_version: Any = None


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
    """Return every annotation of a decoded API response, client export or list of annotations."""
    rows = data.get("rows", data.get("annotations")) if isinstance(data, dict) else data
    found = []
    for row in rows or []:
        try:
            found.append(_annotation(msgspec.convert(row, _Row)) if _is_annotation(row) else _not_an_annotation())
        except msgspec.ValidationError as error:
            found.append(foreign(ORIGIN, text_of(row.get("id")), skip=f"a malformed Hypothesis annotation ({error})"))
    return found


def parse_hypothesis_json(data: bytes) -> tuple[str, list[IncomingAnnotation]] | None:
    """Read a Hypothesis file's bytes straight into records: (label, items); None when it is not that shape.

    Raises:
        msgspec.DecodeError: the bytes are not JSON.
    """
    try:
        envelope = msgspec.json.decode(data, type=_Envelope)
    except msgspec.ValidationError:
        return None  # a list, or not an object: the general path decides
    if envelope.rows != _ABSENT and envelope.total is not None:
        raw, shape = envelope.rows, "Hypothesis API response"
    elif envelope.annotations != _ABSENT and (envelope.export_date or envelope.client_version):
        raw, shape = envelope.annotations, "Hypothesis export"
    else:
        return None
    try:
        rows = msgspec.json.decode(raw, type=list[_Row])
    except msgspec.ValidationError:
        return None  # some row has an odd shape: the general path reads row by row
    return shape, [_annotation(row) if isinstance(row.id, str) else _not_an_annotation() for row in rows]


def _is_annotation(row: Any) -> bool:
    return isinstance(row, dict) and isinstance(row.get("id"), str) and ("uri" in row or "target" in row)


def _not_an_annotation() -> IncomingAnnotation:
    return foreign(ORIGIN, "", skip="not Hypothesis annotations (no id, uri or target)")


def _annotation(row: _Row) -> IncomingAnnotation:
    target = row.target[0] if row.target else _Target()
    quote = position = None
    for selector in target.selector or ():
        if selector.type == "TextQuoteSelector" and quote is None:
            quote = selector
        elif selector.type == "TextPositionSelector" and position is None:
            position = selector
    source = text_of(target.source)
    uri = text_of(row.uri) or source
    tags = [tag for tag in row.tags if isinstance(tag, str)] if isinstance(row.tags, list) else []
    document = row.document or _Document()
    links = [text_of(link.href) for link in document.link or ()]
    item = foreign(
        ORIGIN, row.id, exact=raw_text(quote.exact) if quote else "", prefix=raw_text(quote.prefix) if quote else "",
        suffix=raw_text(quote.suffix) if quote else "", start=offset(position.start) if position else None,
        end=offset(position.end) if position else None, note=raw_text(row.text).strip(), type_candidates=tags,
        created=text_of(row.created), updated=text_of(row.updated), target=uri, annotator=_annotator(row),
        title=text_of(document.title), addresses=tuple(a for a in (source, *links) if a and a != uri),
    )  # fmt: skip
    if row.references:
        item.skip = "replies to other annotations (replies are not imported)"
    elif not item.exact.strip() and not item.note and not tags:
        item.skip = "without quote or note"
    return item


def _annotator(row: _Row) -> str:
    """The display name, else the user name of ``acct:name@host``."""
    named = text_of(row.user_info.display_name) if row.user_info else ""
    if named:
        return named
    user = text_of(row.user)
    return user.removeprefix("acct:").split("@", 1)[0] if user.startswith("acct:") else user
