"""Markdown export: YAML front matter, claims grouped by type or in reading order, links back.

The text comes from a Jinja2 template (the built-in default or a user's own,
see :mod:`storage.export_templates`); this module gathers the variables a
template sees and writes one combined file or one file per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
import pathvalidate

from ..clock import now
from ..gc_pause import gc_paused
from ..library import Library
from ..progress import Progress
from .context import DocumentExport, Only, document_exports
from .jinja_templates import default_template, location, render
from .markdown_default import render_default
from .markdown_escape import MarkdownSafe, escape_inline, pandoc_text, tag_slug, yaml_block

GROUPINGS = ("type", "position")
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*#^\[\]]+')
_PORTS = [f"{port}{number}" for port in ("COM", "LPT") for number in "123456789¹²³"]
_RESERVED_NAMES = frozenset(["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *_PORTS])


@gc_paused()
def export_markdown(
    library: Library,
    document_ids: Iterable[int],
    *,
    group_by: str = "type",
    template: jinja2.Template | None = None,
    exported: str | None = None,
    progress: Progress | None = None,
    only: Only | None = None,
) -> str:
    """Return one Markdown file for the given documents (front matter for the file as a whole).

    Raises:
        NotFound: a document is not in the library.
        TemplateProblem: the template fails.
    """
    exported = exported or now()
    documents = list(document_exports(library, document_ids, progress, only))
    standalone = len(documents) == 1
    parts = [document_markdown(d, group_by=group_by, template=template, exported=exported, standalone=standalone)
             for d in documents]  # fmt: skip
    if not standalone:
        parts.insert(0, f"---\n{yaml_block(combined_front_matter(documents, exported))}\n---\n")
    return "\n".join(part.strip("\n") + "\n" for part in parts)


def markdown_files(
    library: Library,
    document_ids: Iterable[int],
    *,
    group_by: str = "type",
    template: jinja2.Template | None = None,
    exported: str | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield (file name, Markdown) for each document: one standalone note per document."""
    exported = exported or now()
    used: set[str] = set()
    for document in document_exports(library, document_ids, progress):
        text = document_markdown(document, group_by=group_by, template=template, exported=exported)
        yield note_filename(document.title, document.id, used), text


def document_markdown(
    document: DocumentExport,
    *,
    group_by: str = "type",
    template: jinja2.Template | None = None,
    exported: str = "",
    standalone: bool = True,
) -> str:
    """Render one document through template (default: the built-in one, written out in Python for speed)."""
    variables = template_variables(document, group_by=group_by, exported=exported, standalone=standalone)
    text = render(template, variables) if template is not None else render_default(variables)
    return text.strip("\n") + "\n"


def claim_markdown(library: Library, uuid: str, template: jinja2.Template | None = None) -> str:
    """Return one claim as the export writes it (the template's ``claim`` block): "Copy as Markdown".

    Raises:
        NotFound: no such annotation.
    """
    annotation = library.annotation(uuid)
    document = next(document_exports(library, [annotation.document_id]))
    claim = next(c for c in document.claims if c.uuid == uuid)
    chosen = template if template is not None and "claim" in template.blocks else default_template()
    variables = template_variables(document, group_by="position", exported=now(), standalone=False)
    return render(chosen, {**variables, "claim": claim}, block="claim").strip("\n") + "\n"


def template_variables(
    document: DocumentExport, *, group_by: str = "type", exported: str = "", standalone: bool = True
) -> dict[str, Any]:
    """Return the variables a Markdown template sees for one document (README: "Export templates")."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {GROUPINGS}, not {group_by!r}")
    return {
        "document": document,
        "groups": document.groups(group_by),
        "group_by": group_by,
        "exported": exported,
        "standalone": standalone,
        "front_matter": yaml_block(front_matter(document, exported)),
        "metadata_line": metadata_line(document, standalone),
        "summary": summary_line(document),
        "location": location,
    }


def front_matter(document: DocumentExport, exported: str) -> dict[str, Any]:
    """Return the YAML front matter of one document's note, as Pandoc and Obsidian read it.

    Pandoc: ``title``, ``author`` (a list), ``date``, ``keywords`` (the tags as
    typed), written as Pandoc Markdown (see pandoc_text); ``url`` and
    ``citekey`` for citing. Obsidian: ``tags`` (as tag_slug writes them) and
    flat number properties, ``claims`` in all and ``claims_TYPE`` per claim
    type. Empty author, date, keywords and url are left out, so Pandoc writes
    no empty author line.
    """
    data: dict[str, Any] = {"title": pandoc_text(document.title or "Untitled")}
    if document.authors:
        data["author"] = [pandoc_text(name) for name in document.authors]
    if document.published:
        data["date"] = document.published
    if document.tags:
        data["keywords"] = [pandoc_text(tag) for tag in document.tags]
    if document.address:
        data["url"] = document.address
    data.update(citekey=document.citekey, source=document.source, imported=document.imported, exported=exported)
    data.update(claim_counts(document.counts))
    data["tags"] = tag_names(document.tags)
    data["claimmark"] = str(document.link)
    return data


def claim_counts(counts: dict[str, int]) -> dict[str, int]:
    """Return claim counts as flat number properties: ``claims`` (all) and ``claims_TYPE`` for each type."""
    return {"claims": sum(counts.values()), **{f"claims_{name}": number for name, number in counts.items()}}


def tag_names(tags: Iterable[str]) -> list[str]:
    """Return topic tags as Obsidian's tags property holds them: slugs, without "#", sorted, no duplicates."""
    return sorted({tag_slug(tag) for tag in tags}, key=str.casefold)


def combined_front_matter(documents: list[DocumentExport], exported: str) -> dict[str, Any]:
    """Return the front matter of a file holding several documents."""
    counts: dict[str, int] = {}
    for document in documents:
        for name, count in document.counts.items():
            counts[name] = counts.get(name, 0) + count
    tags = sorted({tag for d in documents for tag in d.tags}, key=str.casefold)
    data: dict[str, Any] = {"title": "Claimmark export", "exported": exported, "documents": len(documents)}
    if tags:
        data["keywords"] = [pandoc_text(tag) for tag in tags]
    return {**data, **claim_counts(counts), "tags": tag_names(tags)}


def metadata_line(document: DocumentExport, standalone: bool = False) -> MarkdownSafe:
    """Return "By AUTHOR · PUBLISHED · Source: SOURCE" (escaped Markdown), or "" when nothing is known.

    A standalone note gives only "Source: …": its front matter is its title
    block (Pandoc shows title, author and date from it; Obsidian its properties).
    """
    parts = [] if standalone or not document.author else [f"By {escape_inline('; '.join(document.authors))}"]
    if document.published and not standalone:
        parts.append(escape_inline(document.published))
    if document.address or document.source:
        parts.append(f"Source: {escape_inline(document.address or document.source)}")
    return MarkdownSafe(" · ".join(parts))


def summary_line(document: DocumentExport) -> MarkdownSafe:
    """Return e.g. "7 claims — Fact: 3 · Opinion: 2 · Quote: 2"."""
    total = len(document.claims)
    labels = {t.name: t.label for t in document.claim_types}
    counts = " · ".join(f"{escape_inline(labels.get(name, name))}: {n}" for name, n in document.counts.items())
    return MarkdownSafe(f"{total} claim{'s' * (total != 1)} — {counts}")


def note_filename(title: str, document_id: int, used: set[str]) -> str:
    """Return a file name for a document's note that is safe on Windows, macOS and Linux, unique in used.

    The title without characters that file systems or Obsidian's links refuse
    (``/ \\ : * ? " < > | # ^ [ ]``, controls), at most 120 characters and 200
    UTF-8 bytes, no leading or trailing dot or space, and never a name Windows
    reserves (``CON``, ``NUL``, ``COM1`` …, which get `` (note)``; pathvalidate
    checks the result); the document id is added when the name is taken.
    """
    stem = " ".join(_UNSAFE_FILENAME.sub(" ", title).split())[:120]
    while len(stem.encode("utf-8")) > 200:
        stem = stem[:-1]
    stem = stem.strip(". ") or f"Document {document_id}"
    first, dot, rest = stem.partition(".")
    if first.strip().upper() in _RESERVED_NAMES:  # Windows reserves "CON" and "CON.anything"
        stem = f"{first.strip()} (note){dot}{rest}"
    name = f"{stem}.md"
    if name.casefold() in used:
        name = f"{stem} ({document_id}).md"
    try:
        pathvalidate.validate_filename(name, platform="universal")
    except pathvalidate.ValidationError:  # nothing above should let one through; never write it if it does
        name = f"Document {document_id}.md"
    used.add(name.casefold())
    return name
