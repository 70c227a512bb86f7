"""The article text of client-rendered pages, read from the data the page embeds.

Some sites ship an almost empty ``<body>`` and render the article with
JavaScript from data in ``<script>`` elements. Nothing is ever run: this module
only reads JSON. It looks for serialized DOM trees (``{"type": "p", "children":
[{"type": "text", "data": ...}]}``, the format htmlparser2-based renderers use)
and turns the one that best matches the
article body the page declares back into plain HTML for the usual allow-list
converter. Its output is built with escaping, so data cannot inject markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from .html_blocks import safe_href

_ASSIGNMENT = re.compile(r"^\s*(?:window\.)?[\w$.\[\]'\"]+\s*=\s*")
_RENDERED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code",
    "em", "i", "strong", "b", "a", "br", "div", "section", "table", "tr", "td", "th",
}  # fmt: skip
_MAX_SCRIPT_CHARS = 8 * 1024 * 1024
_MAX_DEPTH = 60


def embedded_article_html(scripts: list[str], reference: str) -> str:
    """Return HTML for the serialized DOM tree in the scripts' JSON that best matches reference.

    Args:
        scripts: the texts of the page's <script> elements.
        reference: what the page says its article text is (JSON-LD articleBody).
    """
    wanted = set(reference.lower().split())
    best, best_score = "", 0.0
    for script in scripts:
        for nodes in _dom_lists(_parse_json(script)):
            rendered = "".join(_render(node, 0) for node in nodes)
            words = set(html.unescape(re.sub(r"<[^>]*>", " ", rendered)).lower().split())
            score = len(words & wanted) / max(1, len(words | wanted))
            if score > best_score:
                best, best_score = rendered, score
    return best


def _parse_json(script: str) -> object:
    if not script or len(script) > _MAX_SCRIPT_CHARS:
        return None
    text = _ASSIGNMENT.sub("", script.strip(), count=1).rstrip().rstrip(";")
    if not text.startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _dom_lists(data: object) -> Iterator[list[dict[str, Any]]]:
    """Yield every list of DOM-like nodes with at least one paragraph, iteratively."""
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            if _looks_like_dom(item):
                yield item
            else:
                stack.extend(item)


def _looks_like_dom(items: list[object]) -> bool:
    nodes = [i for i in items if isinstance(i, dict) and isinstance(i.get("type"), str)]
    return bool(nodes) and len(nodes) == len(items) and any(n["type"] == "p" and "children" in n for n in nodes)


def _render(node: object, depth: int) -> str:
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return ""
    kind = node.get("type")
    if kind == "text":
        data = node.get("data")
        return html.escape(data) if isinstance(data, str) else ""
    children = node.get("children")
    inner = "".join(_render(child, depth + 1) for child in children) if isinstance(children, list) else ""
    if kind not in _RENDERED_TAGS:
        return ""
    if kind == "a":
        attribs = node.get("attribs")
        href = safe_href(attribs.get("href")) if isinstance(attribs, dict) else None
        return f'<a href="{html.escape(href)}">{inner}</a>' if href else inner
    return f"<{kind}>{inner}</{kind}>"
