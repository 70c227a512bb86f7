"""A first Markdown export: one section per claim type, each quote a blockquote."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .library import Library
from .records import Annotation, ClaimType, DocumentSummary

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Escape user text so it renders literally inside a Markdown paragraph or blockquote.

    Inline markup characters are backslash-escaped and a line that would start a
    list, a quote or a heading underline is escaped too.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def blockquote(text: str) -> str:
    """Return text as a Markdown blockquote, escaped, every line prefixed."""
    return "\n".join("> " + line if line else ">" for line in escape_markdown(text).split("\n"))


def export_markdown(library: Library, document_ids: Iterable[int]) -> str:
    """Return one Markdown file for the given documents, claims grouped by type."""
    types = library.claim_types()
    sections = [_document_section(library, library.document_summary(i), types) for i in document_ids]
    return "\n\n".join(sections).rstrip("\n") + "\n"


def _document_section(library: Library, summary: DocumentSummary, types: list[ClaimType]) -> str:
    annotations = library.annotations(summary.id)
    lines = [f"# {escape_markdown(summary.title or 'Untitled')}", ""]
    facts = [value for value in (summary.author, summary.published) if value]
    if summary.source:
        facts.append(f"Source: {summary.source}")
    if facts:
        lines += [escape_markdown(" · ".join(facts)), ""]
    by_type: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_type.setdefault(annotation.claim_type, []).append(annotation)
    if not annotations:
        lines.append("*No claims tagged yet.*")
    for claim_type in types:
        group = by_type.get(claim_type.name)
        if group:
            lines += [f"## {escape_markdown(claim_type.label)} ({len(group)})", ""]
            for annotation in group:
                lines += _claim_lines(annotation)
    return "\n".join(lines)


def _claim_lines(annotation: Annotation) -> list[str]:
    lines = [blockquote(annotation.exact)]
    if annotation.speaker:
        lines += [">", f"> — {escape_markdown(annotation.speaker)}"]
    lines.append("")
    if annotation.note:
        lines += [escape_markdown(annotation.note), ""]
    if annotation.tags:
        lines += [" ".join("\\#" + escape_markdown(tag) for tag in annotation.tags), ""]
    return lines
