"""Jinja2 templates for the Markdown export: the built-in default and users' own.

The built-in template ships in storage/export/templates/ and is rendered by a plain
Jinja2 environment (it is ours). A user's template is rendered by a
``SandboxedEnvironment`` that can load nothing but the built-in templates, so a
template file can neither reach Python internals nor read other files.

In both, every ``{{ value }}`` is written as literal Markdown (escaped by
:func:`storage.markdown_escape.escape_inline`) unless it is Markdown already.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import LibraryError
from .context import Claim
from .markdown_escape import MarkdownSafe, blockquote, escape_inline, paragraphs, raw, tag_link, yaml_block

DEFAULT_TEMPLATE = "default.md"
USER_TEMPLATE = "user template"
MAX_TEMPLATE_BYTES = 1_000_000
MAX_RENDER_SECONDS = 60  # one document's rendering; the built-in template takes milliseconds
MAX_OUTPUT_CHARS = 200_000_000


class TemplateProblem(LibraryError):
    """A user's export template cannot be read, compiled or rendered."""


def _finalize(value: Any) -> str:
    """Write every template expression as literal Markdown unless it is Markdown already."""
    if isinstance(value, MarkdownSafe | Markup):
        return value
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return escape_inline(value)


def location(claim: Claim) -> str:
    """Return where a claim sits, e.g. ``¶ 4, under “Background”`` (plain text, not escaped)."""
    where = f"¶ {claim.paragraph}" if claim.paragraph else "Title"
    return f"{where}, under “{claim.heading}”" if claim.heading else where


def tags_line(tags: Any) -> MarkdownSafe:
    """Return topic tags as space-separated ``#tag``s."""
    return MarkdownSafe(" ".join(tag_link(str(tag)) for tag in tags))


def _configure(environment: jinja2.Environment) -> jinja2.Environment:
    environment.filters.update(
        blockquote=blockquote, paragraphs=paragraphs, tags=tags_line, tag=tag_link, yaml=yaml_block,
        raw=raw, md=escape_inline, location=location,
    )  # fmt: skip
    return environment


def _builtin_sources() -> dict[str, str]:
    folder = files("storage.export") / "templates"
    return {DEFAULT_TEMPLATE: (folder / "default.md.j2").read_text(encoding="utf-8")}


def _options(**extra: Any) -> dict[str, Any]:
    return dict(
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        finalize=_finalize, undefined=jinja2.StrictUndefined, **extra,
    )  # fmt: skip


@cache
def default_template() -> jinja2.Template:
    """Return the built-in Markdown template, compiled once."""
    environment = _configure(jinja2.Environment(loader=jinja2.DictLoader(_builtin_sources()), **_options()))
    return environment.get_template(DEFAULT_TEMPLATE)


def default_template_source() -> str:
    """Return the text of the built-in template (a starting point for one's own)."""
    return _builtin_sources()[DEFAULT_TEMPLATE]


def user_template(source: str, name: str = USER_TEMPLATE) -> jinja2.Template:
    """Compile a user's template in the sandbox; it may extend or include "default.md".

    Raises:
        TemplateProblem: the template does not compile.
    """
    sources = {**_builtin_sources(), name: source}
    environment = _configure(SandboxedEnvironment(loader=jinja2.DictLoader(sources), **_options()))
    try:
        return environment.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"{name}, line {error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise TemplateProblem(f"{name}: {error}") from None


def load_template(path: str | Path) -> jinja2.Template:
    """Read and compile a user's template file.

    Raises:
        TemplateProblem: the file cannot be read, is not UTF-8 text, or does not compile.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateProblem(f"{path}: a template may hold at most {MAX_TEMPLATE_BYTES:,} bytes")
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateProblem(f"{path}: no such template file") from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"{path}: a template must be UTF-8 text") from None
    except OSError as error:
        raise TemplateProblem(f"{path}: cannot read template ({error.strerror})") from None
    return user_template(source, str(path))


def _bounded(chunks: Iterator[str], name: str | None) -> str:
    """Collect a template's output, stopping one that runs away (a loop over huge ranges, say)."""
    deadline, size, kept = time.monotonic() + MAX_RENDER_SECONDS, 0, []
    for count, chunk in enumerate(chunks):
        kept.append(chunk)
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS or (count % 1024 == 0 and time.monotonic() > deadline):
            raise TemplateProblem(
                f"{name}: stopped after {MAX_RENDER_SECONDS} s or {MAX_OUTPUT_CHARS:,} characters for one document"
            )
    return "".join(kept)


def render(template: jinja2.Template, variables: dict[str, Any], block: str | None = None) -> str:
    """Render template (or one of its blocks) with variables.

    Raises:
        TemplateProblem: the template fails while rendering (unknown variable, forbidden access, ...).
    """
    try:
        if block is None:
            return _bounded(template.generate(variables), template.name)
        if block not in template.blocks:
            raise TemplateProblem(f"{template.name}: has no block {block!r}")
        return _bounded(template.blocks[block](template.new_context(variables)), template.name)
    except TemplateProblem:
        raise
    except jinja2.TemplateError as error:
        raise TemplateProblem(f"{template.name}: {error}") from None
    except (TypeError, ValueError, AttributeError, ArithmeticError, RecursionError) as error:
        raise TemplateProblem(f"{template.name}: {type(error).__name__}: {error}") from None
