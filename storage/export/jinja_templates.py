"""Jinja2 templates for the Markdown export: the built-in default and users' own.

The built-in template ships in storage/export/templates/ and is rendered by a plain
Jinja2 environment (it is ours). A user's template is rendered by
``template_sandbox.MeteredSandbox`` (Jinja2's sandbox, every step counted)
that can load nothing but the built-in templates, so a template file can
neither reach Python internals nor read other files, and stops after a fixed
amount of work, not of time. Whatever goes wrong in it is one TemplateProblem
of one line.

In both, every ``{{ value }}`` is written as literal Markdown (escaped by
:func:`storage.markdown_escape.escape_inline`) unless it is Markdown already.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import LibraryError
from .context import Claim
from .markdown_escape import (
    MarkdownSafe,
    blockquote,
    escape_heading,
    escape_inline,
    paragraphs,
    raw,
    tag_link,
    yaml_block,
)
from .template_sandbox import MeteredSandbox, RenderLimit, budget, check_size, start_render

DEFAULT_TEMPLATE = "default.md"
USER_TEMPLATE = "user template"
MAX_TEMPLATE_BYTES = 1_000_000
MAX_OUTPUT_CHARS = 200_000_000
_MAX_MESSAGE = 300


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


@jinja2.pass_context
def _metered_finalize(context: jinja2.runtime.Context, value: Any) -> str:
    """The sandbox's finalize: every value written is sized and counted before it is escaped."""
    check_size(value, "a written value")
    written = _finalize(value)
    budget().produce(len(written))
    return written


def location(claim: Claim) -> str:
    """Return where a claim sits, e.g. ``¶ 4, under “Background”`` (plain text, not escaped)."""
    where = f"¶ {claim.paragraph}" if claim.paragraph else "Title"
    return f"{where}, under “{claim.heading}”" if claim.heading else where


def _heading(value: Any) -> MarkdownSafe:
    """The heading filter: value escaped for the text of a "#" heading line (see escape_heading)."""
    return MarkdownSafe(escape_heading(value))


def tags_line(tags: Any) -> MarkdownSafe:
    """Return topic tags as space-separated ``#tag``s."""
    return MarkdownSafe(" ".join(tag_link(str(tag)) for tag in tags))


def _configure(environment: jinja2.Environment) -> jinja2.Environment:
    environment.filters.update(
        blockquote=blockquote, paragraphs=paragraphs, tags=tags_line, tag=tag_link, yaml=yaml_block,
        raw=raw, md=escape_inline, location=location, heading=_heading,
    )  # fmt: skip
    return environment


@cache
def _builtin_sources() -> dict[str, str]:
    folder = files("storage.export") / "templates"
    return {DEFAULT_TEMPLATE: (folder / "default.md.j2").read_text(encoding="utf-8")}


def _options(**extra: Any) -> dict[str, Any]:
    return dict(
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        undefined=jinja2.StrictUndefined, **extra,
    )  # fmt: skip


@cache
def default_template() -> jinja2.Template:
    """Return the built-in Markdown template, compiled once."""
    loader = jinja2.DictLoader(_builtin_sources())
    environment = _configure(jinja2.Environment(loader=loader, finalize=_finalize, **_options()))
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
    include_size = max(len(text) for text in sources.values())
    environment = MeteredSandbox(
        loader=jinja2.DictLoader(sources), include_size=include_size, finalize=_metered_finalize, **_options()
    )
    _configure(environment)
    environment.meter_filters()
    try:
        start_render()  # the compiler may fold constants through filters
        return environment.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"{name}, line {error.lineno}: {_one_line(str(error.message))}") from None
    except Exception as error:  # a template is untrusted input: whatever it breaks is its problem
        raise TemplateProblem(f"{name}: {_one_line(_describe(error))}") from None


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
    """Collect a template's output, stopping one that writes more than MAX_OUTPUT_CHARS."""
    size, kept = 0, []
    for chunk in chunks:
        kept.append(chunk)
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateProblem(f"{name}: stopped after {MAX_OUTPUT_CHARS:,} characters for one document")
    return "".join(kept)


def _describe(error: BaseException) -> str:
    if isinstance(error, RenderLimit | jinja2.TemplateError):
        return str(error)
    if isinstance(error, MemoryError):
        return "ran out of memory"
    return f"{type(error).__name__}: {error}"


def _one_line(message: str) -> str:
    """An error's detail on one line of at most _MAX_MESSAGE characters (it may quote a whole document)."""
    line = " ".join(message.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"


def render(template: jinja2.Template, variables: dict[str, Any], block: str | None = None) -> str:
    """Render template (or one of its blocks) with variables; a user's template within its budget.

    Raises:
        TemplateProblem: the template fails while rendering (unknown variable, forbidden access, a limit, ...).
    """
    start_render()
    try:
        if block is None:
            return _bounded(template.generate(variables), template.name)
        if block not in template.blocks:
            raise TemplateProblem(f"{template.name}: has no block {block!r}")
        return _bounded(template.blocks[block](template.new_context(variables)), template.name)
    except TemplateProblem:
        raise
    except Exception as error:  # a template is untrusted input: whatever it breaks is its problem
        raise TemplateProblem(f"{template.name}: {_one_line(_describe(error))}") from None
