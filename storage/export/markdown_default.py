"""The built-in Markdown template (storage/export/templates/default.md.j2) written out in Python.

Jinja2 spends most of its time per claim on context handling for the
overridable ``claim`` block; exporting 100,000 claims through it takes several
seconds. This function writes exactly what the template writes (a test renders
both on the golden files and on random text and compares them), so the
default export is fast while users still extend the template itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..statuses import AnchorStatus
from .context import Claim
from .markdown_escape import blockquote, escape_heading, escape_inline, paragraphs, tag_link


def render_default(variables: dict[str, Any]) -> str:
    """Return what default.md.j2 renders for variables (see markdown_export.template_variables)."""
    document = variables["document"]
    out = []
    if variables["standalone"]:
        out.append(f"---\n{variables['front_matter']}\n---\n\n")
    else:
        out.append(f"# {escape_heading(document.title) if document.title else 'Untitled'}\n\n")
    if variables["metadata_line"]:
        out.append(f"{variables['metadata_line']}\n\n")
    out.append(f"{variables['summary']}\n" if document.claims else "*No claims tagged yet.*\n")
    labelled = variables["group_by"] == "position"
    for group in variables["groups"]:
        out.append(f"\n## {escape_heading(group.label)} ({len(group.claims)})\n")
        out.extend(_claim(claim, labelled) for claim in group.claims)
    return "".join(out)


# Headings, speakers, labels and tags repeat from claim to claim: escape each once.
_escaped = lru_cache(maxsize=4096)(escape_inline)
_tag = lru_cache(maxsize=4096)(tag_link)


def _claim(claim: Claim, labelled: bool) -> str:
    parts = ["\n", blockquote(claim.exact), "\n"]
    if claim.speaker:
        parts.append(f">\n> — {_escaped(claim.speaker)}\n")
    if claim.note:
        parts.append(f"\n{paragraphs(claim.note)}\n")
    if claim.tags:
        parts.append(f"\nTags: {' '.join(_tag(tag) for tag in claim.tags)}\n")
    parts.append("\n")
    if labelled:
        parts.append(f"**{_escaped(claim.type_label)}** · ")
    parts.append(f"¶ {claim.paragraph}" if claim.paragraph else "Title")
    if claim.heading:
        parts.append(f", under “{_escaped(claim.heading)}”")
    if claim.status != AnchorStatus.ANCHORED:
        parts.append(f" · anchor: {_escaped(claim.status)}")
    parts.append(f" · [open in Claimmark]({claim.link})\n")
    return "".join(parts)
