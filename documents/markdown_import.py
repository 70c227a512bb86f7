"""Markdown (.md) -> Document, through Python-Markdown and the HTML converter.

Python-Markdown finds raw HTML with a copy of the standard library's
html.parser, which is quadratic on markup that never ends (24 KB of ``<a ``
took 9 s), and its link syntax rescans the rest of a paragraph from every
``[`` (and a link's ``(``) that is never closed, or nested in others (12 KB
of ``[a``: 11 s; of ``[x](``: 7 s). So
before it runs, every ``<`` that does not open a complete tag, autolink,
comment, declaration or processing instruction, and every ``[`` or ``(`` not
closed in its paragraph or nested more than ``MAX_BRACKET_DEPTH`` deep, becomes a
placeholder (a Unicode noncharacter) turned back into the same character in
the blocks: the text reads the same, and Python-Markdown only meets markup it
finishes in one pass. Its time also grows faster than its input, so a source
of more than ``MAX_MARKDOWN_LINES`` lines is refused before it starts.
"""

from __future__ import annotations

import re

import markdown

from .budget import MAX_MARKDOWN_LINES, Budget
from .errors import DocumentTooLarge
from .front_matter import apply_front_matter, split_front_matter
from .html_blocks import html_to_blocks
from .model import Block, Document, Metadata, Span, clean_text

# Noncharacters: not for interchange, so never part of an article.
_PLACEHOLDERS = {"<": "\ufdd0", "[": "\ufdd1", "(": "\ufdd2"}
_RESTORE = str.maketrans({placeholder: character for character, placeholder in _PLACEHOLDERS.items()})
_DROP_PLACEHOLDERS = str.maketrans(dict.fromkeys(_PLACEHOLDERS.values()))
MAX_BRACKET_DEPTH = 8
_BRACKET = re.compile(r"(?<!\\)[\[\]()]")
_CLOSING = {"]": "[", ")": "("}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")
# A complete start or end tag, or a declaration; no part may cross a "<", so a try costs
# at most the distance to the next one.
_COMPLETE_TAG = re.compile(
    r"""<(?:[A-Za-z][A-Za-z0-9:-]*(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'=<>`]+))?)*\s*/?>
        |/[A-Za-z][A-Za-z0-9:-]*\s*>
        |[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>
        |[^\s<>@]+@[^\s<>]+>
        |![A-Za-z][^<>]*>)""",
    re.X,
)
# Constructs the parser reads up to a closing string wherever it is.
_CLOSED_BY = {"<!--": "-->", "<![": "]]>", "<?": "?>"}


def parse_markdown(text: str, name: str = "") -> Document:
    """Parse Markdown source into a Document.

    YAML front matter (title, author, date) becomes metadata (its ``source``
    or ``url`` is kept as a note or as the url, never as where the file came
    from); otherwise the first level-1 heading is the title. Raw HTML in the
    source goes through the same allow-list as any HTML.

    Raises:
        DocumentTooLarge: more than MAX_MARKDOWN_LINES lines, or over the import budget.
    """
    fields, body = split_front_matter(clean_text(text))
    if body.count("\n") > MAX_MARKDOWN_LINES:
        raise DocumentTooLarge(f"more than {MAX_MARKDOWN_LINES:,} lines of Markdown")
    source = defuse_brackets(defuse_markup(body.translate(_DROP_PLACEHOLDERS)))
    html = markdown.markdown(source, extensions=["extra", "sane_lists"])
    blocks, _ = html_to_blocks(html, Budget())
    blocks = [_restored(block) for block in blocks]
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), name)
    metadata = Metadata(title=title, format="markdown")
    apply_front_matter(metadata, fields)
    return Document(metadata, blocks)


def defuse_markup(text: str) -> str:
    """Return text with every "<" that does not start complete markup replaced by its placeholder."""
    closers = {opening: text.rfind(closing) for opening, closing in _CLOSED_BY.items()}
    unfinished, position = [], 0
    while (match := _MARKUP_START.search(text, position)) is not None:
        end = _markup_end(text, match.start(), closers)
        if end is None:
            unfinished.append(match.start())
        position = end or match.start() + 1
    return _replaced(text, unfinished)


def defuse_brackets(text: str) -> str:
    """Return text with each "[" or "(" not closed in its paragraph, or nested too deep, as its placeholder."""
    stranded, start = [], 0
    for paragraph_break in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = paragraph_break.start() if paragraph_break else len(text)
        open_brackets: dict[str, list[int]] = {"[": [], "(": []}
        for bracket in _BRACKET.finditer(text, start, end):
            character = text[bracket.start()]
            if character in _CLOSING:
                if open_brackets[_CLOSING[character]]:
                    open_brackets[_CLOSING[character]].pop()
            elif len(open_brackets[character]) < MAX_BRACKET_DEPTH:
                open_brackets[character].append(bracket.start())
            else:
                stranded.append(bracket.start())
        stranded += open_brackets["["] + open_brackets["("]
        start = paragraph_break.end() if paragraph_break else end
    return _replaced(text, sorted(stranded))


def _replaced(text: str, positions: list[int]) -> str:
    """Text with the characters at positions (ascending) replaced by their placeholders."""
    out, done = [], 0
    for position in positions:
        out += [text[done:position], _PLACEHOLDERS[text[position]]]
        done = position + 1
    out.append(text[done:])
    return "".join(out)


def _markup_end(text: str, start: int, closers: dict[str, int]) -> int | None:
    """Where the markup starting at start ends, or None when it never does."""
    for opening, closing in _CLOSED_BY.items():
        if text.startswith(opening, start):
            if closers[opening] < start + len(opening):
                return None
            return text.find(closing, start + len(opening)) + len(closing)
    complete = _COMPLETE_TAG.match(text, start)
    return complete.end() if complete else None


def _restored(block: Block) -> Block:
    """The block with the placeholders turned back into the characters they stand for."""
    text = block.text.translate(_RESTORE)
    if text == block.text:
        return block
    spans = tuple(Span(s.kind, s.start, s.end, s.href.translate(_RESTORE) if s.href else None) for s in block.spans)
    return Block(block.kind, text, block.level, spans)
