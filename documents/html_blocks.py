"""The one HTML-to-blocks converter: an allow-list walk over the events of libxml2's HTML parser.

lxml's HTML parser (libxml2, no network, no DTD, no entity but HTML's own)
calls back start, end and data events into a target: no tree is built, deep
nesting costs no recursion, and the work is linear in the input. (The standard
library's html.parser, used before, is quadratic on unterminated tags: 24 KB
of ``<a `` took 8 s.) Only allow-listed elements shape blocks; scripts,
styles, frames, forms and media are dropped with their content; nothing is
ever fetched.

Inline elements still open when a block ends (``<b>`` never closed, say) are a
stack per tag; each block gets at most one span per kind from them, however
many are open, so formatting left open over many blocks costs nothing per
element. Blocks, characters, spans and nesting draw on the import's Budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .budget import Budget, check_nesting
from .model import Block, Span, clean_text

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p", "div", "section", "article", "main", "body", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "caption",
    "figure", "figcaption", "header", "footer", "address", "details", "summary", "hr", "br",
}  # fmt: skip
_SKIPPED = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "head", "form", "button", "select", "textarea",
    "canvas", "audio", "video", "picture", "nav", "aside", "map", "dialog",
}  # fmt: skip
_INLINE = {"em": "emphasis", "i": "emphasis", "cite": "emphasis", "strong": "strong", "b": "strong",
           "code": "code", "tt": "code", "kbd": "code", "samp": "code", "a": "link"}  # fmt: skip
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SPACE = re.compile(r"\s+")
# An XML declaration and a DOCTYPE, internal subset included: libxml2's HTML parser
# would show a subset's "]>" as text, and the entities it declares are never wanted.
PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>)?", re.I)
# What lxml cannot take in a str (NUL, lone surrogates); clean_text drops the other controls.
_UNPARSABLE = re.compile("[\x00\ud800-\udfff]")
_MAX_TITLE = 4096


def safe_href(href: str | None) -> str | None:
    """Return href if it is an absolute http, https or mailto link, else None."""
    if not href:
        return None
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in _SAFE_SCHEMES else None


@dataclass
class _Open:
    """An inline element still open: its span kind, link target, start and the block it opened in."""

    kind: str
    href: str | None
    start: int
    block: int


class _Converter:
    """The parser's target: turns start, end and data events into blocks."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.blocks: list[Block] = []
        self.title: list[str] = []
        self._title_length = 0
        self._in_title = False
        self._skip = 0
        self._heading: list[int] = []
        self._pre = self._quote = self._item = 0
        self._chunks: list[str] = []
        self._length = 0
        self._block_number = 0
        self._open: dict[str, list[_Open]] = {}  # tag -> open elements, innermost last
        self._depth = 0
        self._closed: set[tuple[str, int, int, str | None]] = set()

    # -- parser events -------------------------------------------------
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED:
            self._skip += 1
        if self._skip:
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            self._enter(tag)
        elif tag in _INLINE:
            href = safe_href(attrib.get("href")) if tag == "a" else None
            if tag != "a" or href:
                self._depth += 1
                check_nesting(self._depth + len(self._heading))
                self._open.setdefault(tag, []).append(_Open(_INLINE[tag], href, self._length, self._block_number))

    def end(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip:
            if tag in _SKIPPED:
                self._skip -= 1
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            self._leave(tag)
        elif tag in _INLINE:
            self._close_span(tag)

    def data(self, data: str) -> None:
        if self._in_title:
            if self._title_length < _MAX_TITLE:
                self.title.append(data[:_MAX_TITLE])
                self._title_length += len(data)
            return
        if self._skip:
            return
        data = clean_text(data)
        if self._pre:
            data = data if self._chunks else data.lstrip("\n")
        else:
            data = _SPACE.sub(" ", data)
            if data.startswith(" ") and (not self._chunks or self._chunks[-1].endswith(" ")):
                data = data[1:]
        if data:
            self._chunks.append(data)
            self._length += len(data)
            self.budget.check_pending(self._length)

    def comment(self, text: str) -> None:
        """Comments are not text."""

    def close(self) -> None:
        self._flush()

    # -- block bookkeeping ---------------------------------------------
    def _enter(self, tag: str) -> None:
        if tag in _HEADINGS:
            self._heading.append(_HEADINGS[tag])
            check_nesting(self._depth + len(self._heading))
        elif tag == "pre":
            self._pre += 1
        elif tag == "blockquote":
            self._quote += 1
        elif tag == "li":
            self._item += 1

    def _leave(self, tag: str) -> None:
        if tag in _HEADINGS and self._heading:
            self._heading.pop()
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
        elif tag == "blockquote":
            self._quote = max(0, self._quote - 1)
        elif tag == "li":
            self._item = max(0, self._item - 1)

    def _kind(self) -> tuple[str, int]:
        if self._heading:
            return "heading", self._heading[-1]
        if self._pre:
            return "code", 0
        if self._item:
            return "list_item", 0
        if self._quote:
            return "quote", 0
        return "paragraph", 0

    def _start_in_block(self, element: _Open) -> int:
        """Where an open element starts in the current block (0 when it opened in an earlier one)."""
        return element.start if element.block == self._block_number else 0

    def _close_span(self, tag: str) -> None:
        stack = self._open.get(tag)
        if not stack:
            return
        element = stack.pop()
        self._depth -= 1
        start = self._start_in_block(element)
        if self._length > start:
            self._closed.add((element.kind, start, self._length, element.href))

    def _still_open(self) -> set[tuple[str, int, int, str | None]]:
        """One span per kind for the elements open at the end of the block: the outermost one's."""
        first: dict[str, _Open] = {}
        for stack in self._open.values():
            if stack and (stack[0].kind not in first or stack[0].start < first[stack[0].kind].start):
                first[stack[0].kind] = stack[0]
        spans = set()
        for kind, element in first.items():
            start = self._start_in_block(element)
            if self._length > start:
                spans.add((kind, start, self._length, element.href))
        return spans

    def _flush(self) -> None:
        text = "".join(self._chunks)
        kind, level = self._kind()
        text = text.rstrip("\n") if kind == "code" else text.rstrip(" ")
        if text.strip():
            spans = tuple(
                Span(span_kind, start, min(end, len(text)), href)
                for span_kind, start, end, href in sorted(self._closed | self._still_open(), key=_span_order)
                if start < len(text)
            )
            self.budget.add_block(len(text), len(spans))
            self.blocks.append(Block(kind, text, level, spans))
        self._chunks, self._length, self._closed = [], 0, set()
        self._block_number += 1


def _span_order(span: tuple[str, int, int, str | None]) -> tuple[int, int, str, str]:
    """Spans by position, then kind and target: the same order whatever order sets iterate in."""
    kind, start, end, href = span
    return start, end, kind, href or ""


def html_to_blocks(html: str, budget: Budget | None = None) -> tuple[list[Block], str]:
    """Convert HTML to blocks, drawing on budget (a fresh one when not given).

    Returns:
        The blocks and the text of the page's <title> (may be empty).

    Raises:
        DocumentTooLarge: the blocks, characters, spans or nesting pass the budget's limits.
    """
    from lxml import etree

    converter = _Converter(budget or Budget())
    markup = _UNPARSABLE.sub("", PROLOG.sub("", html, count=1))
    if markup.strip():
        parser = etree.HTMLParser(target=converter, no_network=True, recover=True, remove_pis=True)
        parser.feed(markup)
        parser.close()
    return converter.blocks, " ".join("".join(converter.title).split())[:_MAX_TITLE]
