"""Escaping of user text for Markdown: nothing a user types may change a file's structure.

User text (quotes, notes, speakers, tags, titles) is written so that it renders
literally in Python-Markdown, CommonMark (Obsidian) and Pandoc:

- inline markup characters are backslash-escaped (`` \\ ` * _ [ ] { } # ``);
- ``<`` always, ``&`` before an entity, and ``|`` become HTML character
  references, so no raw HTML, entity or table cell can come from user text
  (in a heading, where no table can start, ``|`` stays: see escape_heading);
- a line that would start a block (``>``, ``-``, ``+``, ``1.``, ``1)``, ``=``,
  ``:``) has its first mark escaped, and leading indentation is dropped so no
  line becomes a code block;
- each line of multi-line text becomes its own paragraph, so no line can turn
  the one before it into a heading (setext underline) or continue a list.

Values wrapped in :class:`MarkdownSafe` are Markdown already and pass unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

_INLINE = re.compile(r"[\\`*_\[\]{}#<|]|&(?=#?\w+;)")
_REFERENCES = {"<": "&lt;", "&": "&amp;", "|": "&#124;"}
# A heading's text is inline only: no table cell or block can start in it, so "|" and a first "-" stay as typed.
_HEADING_INLINE = re.compile(r"[\\`*_\[\]{}#<]|&(?=#?\w+;)")
_NEEDS_WORK = re.compile("[\\\\`*_\\[\\]{}#<|&\x00-\x08\x0b-\x1f\x7f]")
_MAYBE_BLOCK_START = re.compile(r"[>+=:~\d-]")
_BLOCK_START = re.compile(r"^(?:[>+=:~-]|\d{1,9}(?=[.)]))")
_TAG_UNSAFE = re.compile(r"[^\w/-]+")
# An underscore with a non-letter beside it can open or close emphasis ("a-_-b"); inside a word it cannot.
_TAG_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_DASHES = re.compile(r"-{2,}")
_TAG_WORDS = {"+": "plus", "#": "sharp", "&": "and", "@": "at", "%": "percent"}
# Control characters never belong in a note (and STX/ETX are Python-Markdown's placeholder marks).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


class MarkdownSafe(str):
    """A string that is Markdown already (built by Claimmark), written without escaping."""

    __slots__ = ()


def _replace_inline(match: re.Match[str]) -> str:
    char = match.group()
    return _REFERENCES.get(char) or "\\" + char


def _escape_line_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group()[0].isdigit():  # "1." or "1)": escape the list delimiter after the number
        end = match.end()
        return line[:end] + "\\" + line[end:]
    if line[0] in "=:~":  # no backslash escape for these in Python-Markdown; a reference works everywhere
        return f"&#{ord(line[0])};" + line[1:]
    return "\\" + line


def escape_inline(text: object) -> str:
    """Return text as one line of literal Markdown: whitespace collapsed, every mark escaped."""
    if isinstance(text, MarkdownSafe):
        return text
    line = " ".join(str(text).split())
    if _NEEDS_WORK.search(line) is not None:
        line = _INLINE.sub(_replace_inline, _CONTROLS.sub("", line))
    return _escape_line_start(line) if _MAYBE_BLOCK_START.match(line) else line


def escape_heading(text: object) -> str:
    """Return text for the rest of an ATX heading line ("# " + it): one line, literal, "|" left as it is.

    Unlike escape_inline, which must also be safe in a table cell, nothing here becomes a
    character reference except ``<`` and an ``&`` that would start one, so a title such as
    "Harbour | Port" reads the same in the Markdown file as rendered.
    """
    if isinstance(text, MarkdownSafe):
        return text
    line = " ".join(_CONTROLS.sub("", str(text)).split())
    return _HEADING_INLINE.sub(_replace_inline, line)


def escaped_lines(text: str) -> list[str]:
    """Return the non-blank lines of text, each escaped as a separate line of literal Markdown."""
    return [escape_inline(line) for line in text.split("\n") if line.strip()]


def blockquote(text: object) -> MarkdownSafe:
    """Return text as a Markdown blockquote, one quoted paragraph per line of text."""
    if "\n" not in str(text):
        return MarkdownSafe("> " + escape_inline(text))
    lines = escaped_lines(str(text)) or [""]
    return MarkdownSafe("\n>\n".join("> " + line for line in lines))


def paragraphs(text: object) -> MarkdownSafe:
    """Return text as Markdown paragraphs, one per line of text."""
    return MarkdownSafe("\n\n".join(escaped_lines(str(text))))


def tag_slug(tag: str) -> str:
    """Return a topic tag as Obsidian writes tags: letters, digits, "_", "-" and "/" only, never digits only.

    Obsidian's tags hold letters and digits (any script), ``_``, ``-`` and ``/``
    (nesting), and at least one character that is not a digit. So ``+``, ``#``
    and ``&`` become words (``C++`` -> ``C-plus-plus``, ``C#`` -> ``C-sharp``,
    ``R&D`` -> ``R-and-D``), a symbol such as an emoji becomes its Unicode name
    (``🙂`` -> ``slightly-smiling-face``), any other run of characters becomes
    ``-``, and a tag of digits only gets ``tag-`` in front (``2021`` -> ``tag-2021``).
    """
    words = "".join(_tag_character(char) for char in unicodedata.normalize("NFC", tag.strip()))
    slug = _TAG_EDGE_UNDERSCORE.sub("-", _TAG_UNSAFE.sub("-", words))
    slug = _DASHES.sub("-", slug).strip("-") or "tag"
    return slug if any(char.isalpha() for char in slug) else "tag-" + slug


def _tag_character(char: str) -> str:
    """Return what one character of a tag becomes: itself, a word between hyphens, or nothing."""
    if char in _TAG_WORDS:
        return f"-{_TAG_WORDS[char]}-"
    category = unicodedata.category(char)
    if category == "So":  # emoji and other symbols: their name ("SLIGHTLY SMILING FACE")
        return "-" + "-".join(unicodedata.name(char, "symbol").lower().split()) + "-"
    if category in ("Me", "Cf", "Sk") or "VARIATION SELECTOR" in unicodedata.name(char, ""):
        return ""  # joiners, variation selectors, skin tones: parts of the symbol before them
    return char


def tag_link(tag: str) -> MarkdownSafe:
    """Return a topic tag as an Obsidian-style `#tag` (see tag_slug)."""
    return MarkdownSafe("#" + tag_slug(tag))


_PANDOC_INLINE = re.compile(r"[\\`*_\[\]{}<>$^~@]|&(?=#?\w+;)")
_PANDOC_BLOCK_START = re.compile(r"^(?:[#>+=:|-]|\d{1,9}(?=[.)]))")


def pandoc_text(text: object) -> str:
    """Return text for a front matter field that Pandoc reads as Markdown, so that it shows as typed.

    Pandoc parses metadata strings as Markdown: ``*x*`` would be emphasis,
    ``<b>`` raw HTML, ``@key`` a citation, ``$x$`` math. Those marks get a
    backslash (every ASCII punctuation mark may be escaped in Pandoc), as does
    a first character that would start a heading, list or quote. Other readers
    of the front matter (Obsidian's properties) show such a backslash as it is.
    """
    line = " ".join(str(text).split())
    line = _PANDOC_INLINE.sub(lambda match: "\\" + match.group(), _CONTROLS.sub("", line))
    match = _PANDOC_BLOCK_START.match(line)
    if match is None:
        return line
    end = match.end()
    return line[:end] + "\\" + line[end:] if match.group()[0].isdigit() else "\\" + line


def yaml_block(data: dict[str, Any]) -> MarkdownSafe:
    """Return data as YAML (safely quoted, keys in the given order) for a front matter block."""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return MarkdownSafe(dumped.rstrip("\n"))


def raw(text: object) -> MarkdownSafe:
    """Mark text as Markdown the template author vouches for (written unescaped)."""
    return MarkdownSafe(str(text))
