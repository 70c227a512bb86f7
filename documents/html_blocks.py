"""The one HTML-to-blocks converter: an allow-list walk over parsed HTML.

Event-driven (``html.parser``), so deeply nested or unbalanced markup costs no
recursion. Only allow-listed elements shape blocks; scripts, styles, frames,
forms and media are dropped with their content; nothing is ever fetched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

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
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "track", "wbr", "area", "base", "col", "param", "embed"}
_INLINE = {"em": "emphasis", "i": "emphasis", "cite": "emphasis", "strong": "strong", "b": "strong",
           "code": "code", "tt": "code", "kbd": "code", "samp": "code", "a": "link"}  # fmt: skip
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SPACE = re.compile(r"\s+")


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


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._in_title = False
        self._skip = 0
        self._heading: list[int] = []
        self._pre = self._quote = self._item = 0
        self._chunks: list[str] = []
        self._length = 0
        self._open: list[list[Any]] = []  # [kind, start, href, tag]
        self._spans: list[Span] = []

    # -- parser events -------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED and tag not in _VOID:
            self._skip += 1
        if self._skip or tag in _SKIPPED:
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            self._enter(tag)
        elif tag in _INLINE:
            href = safe_href(dict(attrs).get("href")) if tag == "a" else None
            if tag != "a" or href:
                self._open.append([_INLINE[tag], self._length, href, tag])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in ("br", "hr"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip:
            if tag in _SKIPPED and tag not in _VOID:
                self._skip -= 1
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            self._leave(tag)
        elif tag in _INLINE:
            self._close_span(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
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

    # -- block bookkeeping ---------------------------------------------
    def _enter(self, tag: str) -> None:
        if tag in _HEADINGS:
            self._heading.append(_HEADINGS[tag])
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

    def _close_span(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][3] == tag:
                kind, start, href, _ = self._open.pop(index)
                if self._length > start:
                    self._spans.append(Span(kind, start, self._length, href))
                return

    def _flush(self) -> None:
        text = "".join(self._chunks)
        kind, level = self._kind()
        text = text.rstrip("\n") if kind == "code" else text.rstrip(" ")
        for span in self._open:
            if self._length > span[1]:
                self._spans.append(Span(span[0], span[1], self._length, span[2]))
            span[1] = 0
        if text.strip():
            spans = tuple(
                Span(s.kind, s.start, min(s.end, len(text)), s.href)
                for s in sorted(self._spans, key=lambda s: (s.start, s.end))
                if s.start < len(text)
            )
            self.blocks.append(Block(kind, text, level, spans))
        self._chunks, self._length, self._spans = [], 0, []


def html_to_blocks(html: str) -> tuple[list[Block], str]:
    """Convert HTML to blocks.

    Returns:
        The blocks and the text of the page's <title> (may be empty).
    """
    converter = _Converter()
    converter.feed(html)
    converter.close()
    converter._flush()
    return converter.blocks, " ".join(converter.title.split())
