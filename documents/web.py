"""Saved web pages (.html, .htm, .xhtml) -> Document: the article, not the site around it.

trafilatura finds the main text (and reader comments) in the parsed page; its
output goes through the one allow-list converter in html_blocks. When
extraction finds nothing, the page's embedded article data or, last, its whole
body is used. Nothing is fetched or executed: lxml parses without network
access, and scripts are only ever read as JSON data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .decoding import decode_text
from .errors import DocumentTooLarge
from .html_blocks import PROLOG, html_to_blocks
from .model import Block, Document, Metadata, clean_text, make_block
from .web_embedded import embedded_article_html
from .web_metadata import PageFacts, clean_author, iso_date, read_page_facts
from .web_title import clean_title

if TYPE_CHECKING:  # lxml and trafilatura are loaded when the first page is parsed, not when Claimmark starts
    from lxml import etree
    from lxml import html as lxml_html

# trafilatura and its helpers log their doubts; the Document (or our error) is the one result.
for _logger in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

# Article extraction costs about 0.26 ms per element: a page with more is read whole,
# by the linear converter, and a page with more tags than this is refused unparsed.
MAX_EXTRACTION_ELEMENTS = 50_000
MAX_TAGS = 1_000_000
WHOLE_PAGE_NOTE = "too large for article extraction: the whole page was read"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# Class/id words that mark page furniture around an article (readability-style).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:trust-?badge|share|sharing|social|newsletter|subscribe|subscription|promo|advert|"
    r"advertisement|ad-unit|sponsor|cookie|consent|related|recommended|comment-respond|"
    r"comment-form|respond)(?:$|[\s_-])",
    re.I,
)
# Embedded content and controls: their fallback text is not the article's.
_EMBEDDED = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template", "svg", "math", "canvas",
    "audio", "video", "button", "select", "textarea", "dialog", "figcaption",
}  # fmt: skip
_FURNITURE_MAX_PARAGRAPHS = 8
_NOTE = re.compile(r"note|standfirst|dek|lede|summary|strapline|intro", re.I)
_CREDIT = re.compile(r"^\W*(?:photo|image|picture|illustration|graphic|video)?\s*(?:credits?|source)\s*:", re.I)
_CAPTION_MAX = 200
_HEADLINE_NEAR_START = 5  # blocks: a headline already among the first few is not repeated
# A pointer to another page: a short lead-in ending in a colon, the rest of the paragraph links.
_LEAD_IN = re.compile(r"\W*(?:\w[\w'’-]*\W*){1,4}[:»›]\s*")
_RELATED_MAX = 300
_SHORT_EXTRACTION = 0.5  # extracted text below this share of the JSON-LD body means a client-rendered page


@dataclass
class _Extraction:
    blocks: list[Block]
    title: str = ""
    author: str = ""
    date: str = ""
    site_name: str = ""


def parse_web_page(data: bytes, name: str = "") -> Document:
    """Extract the article from the bytes of a saved web page."""
    markup = _decode(data, name)
    if markup.count("<") > MAX_TAGS:
        raise DocumentTooLarge(f"{name}: more than {MAX_TAGS:,} tags")
    tree = _parse(markup)
    facts = read_page_facts(tree) if tree is not None else PageFacts()
    whole = tree is not None and _element_count(tree) > MAX_EXTRACTION_ELEMENTS
    extraction = _extract(tree, facts) if tree is not None and not whole else None
    if extraction is None or not extraction.blocks:
        blocks, page_title = html_to_blocks(markup)
        extraction = _Extraction(blocks, page_title)
    title = facts.headline or clean_title(extraction.title, facts.site_keys)
    blocks = _headline_first(extraction.blocks, facts.headline)
    metadata = Metadata(
        title=title,
        author=clean_author(extraction.author) or clean_author(facts.author),
        published=facts.published or extraction.date,
        url=facts.url,
        format="html",
        notes=[f"site: {site}"] if (site := extraction.site_name or facts.site_name) else [],
    )
    if whole:
        metadata.notes.append(WHOLE_PAGE_NOTE)
    return Document(metadata, blocks)


def _headline_first(blocks: list[Block], headline: str) -> list[Block]:
    """The page's visible headline (its <h1>) as the first heading, as the page shows it above the article.

    Extraction keeps to the article's body, which often starts below the headline.
    """
    if not headline or not blocks:
        return blocks
    if any(block.kind == "heading" and block.text == headline for block in blocks[:_HEADLINE_NEAR_START]):
        return blocks
    return [Block("heading", headline, 1), *blocks]


def _element_count(tree: lxml_html.HtmlElement) -> int:
    count = 0
    for count, _ in enumerate(tree.iter(), start=1):
        if count > MAX_EXTRACTION_ELEMENTS:
            break
    return count


def _decode(data: bytes, name: str) -> str:
    """Decode the page and drop its XML declaration and DOCTYPE (whose entities are never expanded)."""
    return PROLOG.sub("", _decode_bytes(data, name), count=1)


def _decode_bytes(data: bytes, name: str) -> str:
    """Decode by BOM, else with the page's declared charset when it works, else like any text file."""
    declared = (
        None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) else _META_CHARSET.search(data[:4096])
    )
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _parse(markup: str) -> lxml_html.HtmlElement | None:
    """Parse with lxml's HTML parser: no network, no entities, no DTD; None when it cannot."""
    if not markup.strip():
        return None
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _extract(tree: lxml_html.HtmlElement, facts: PageFacts) -> _Extraction | None:
    import trafilatura
    from trafilatura.settings import Document as Extracted

    scripts = [s.text or "" for s in tree.iter("script") if s.get("type") != "application/ld+json"]
    _remove_furniture(tree)
    notes = _notes_before_article(tree)
    try:
        result = trafilatura.bare_extraction(
            tree, include_comments=True, include_formatting=True, include_links=True, with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )  # fmt: skip
    except Exception:  # trafilatura fails in many ways on odd markup; the whole-body fallback then applies
        result = None
    if not isinstance(result, Extracted):
        result = None
    blocks = _element_blocks(result.body) if result is not None else []
    if _looks_client_rendered(blocks, facts):
        blocks = _embedded_blocks(scripts, facts.article_body) or blocks
    present = {block.text for block in blocks}
    if blocks:
        blocks = [make_block("paragraph", note) for note in notes if note not in present] + blocks
    if result is None:
        return _Extraction(blocks)
    comments = _element_blocks(result.commentsbody)
    blocks += [Block("heading", "Comments", 2), *comments] if comments else []
    return _Extraction(blocks, result.title or "", result.author or "", iso_date(result.date), result.sitename or "")


def _notes_before_article(tree: lxml_html.HtmlElement) -> list[str]:
    """Editor's notes and standfirsts that sit between the headline and the <article> element.

    Extraction keeps to <article> when a page has one; a short paragraph marked as a
    note or standfirst just above it ("This post originally appeared on ...") belongs
    to the article too.
    """
    headline = next((h for h in tree.iter("h1") if h.text_content().strip()), None)
    article = next(iter(tree.iter("article")), None)
    if headline is None or article is None:
        return []
    notes, after_headline = [], False
    for element in tree.iter():
        if element is article:
            break
        after_headline = after_headline or element is headline
        if after_headline and element.tag == "p" and _NOTE.search(element.get("class", "")):
            text = " ".join(element.text_content().split())
            if 0 < len(text) <= _CAPTION_MAX:
                notes.append(text)
    return notes


def _embedded_blocks(scripts: list[str], article_body: str) -> list[Block]:
    """The article of a client-rendered page: its embedded DOM tree, else the JSON-LD articleBody itself."""
    blocks = _article_blocks(embedded_article_html(scripts, article_body))
    if blocks:
        return blocks
    if "</p>" in article_body:
        return _article_blocks(article_body)
    return [make_block("paragraph", line) for line in article_body.split("\n") if line.strip()]


def _element_blocks(element: etree._Element | None) -> list[Block]:
    """Blocks of one of trafilatura's result trees (main text or comments)."""
    from lxml import etree
    from trafilatura.htmlprocessing import convert_to_html

    if element is None or not len(element):
        return []
    return _article_blocks(etree.tostring(convert_to_html(element), encoding="unicode"))


def _article_blocks(html: str) -> list[Block]:
    blocks, _ = html_to_blocks(html)
    return [
        block
        for block in blocks
        if not _is_teaser_heading(block) and not _is_credit_line(block) and not _is_related_link(block)
    ]


def _looks_client_rendered(blocks: list[Block], facts: PageFacts) -> bool:
    extracted = sum(len(block.text) for block in blocks)
    return bool(facts.article_body) and extracted < _SHORT_EXTRACTION * len(clean_text(facts.article_body))


def _is_teaser_heading(block: Block) -> bool:
    """A heading that is one link to another page is a "related story", not a section title."""
    return block.kind == "heading" and any(
        span.kind == "link" and span.start == 0 and span.end >= len(block.text) for span in block.spans
    )


def _is_related_link(block: Block) -> bool:
    """A paragraph such as "Read more: <link>" or "See also: <link>" points to another page: not the article's text.

    It is a lead-in of at most four words ending in ":" (or "»"), and links cover everything after it.
    """
    if block.kind != "paragraph" or len(block.text) > _RELATED_MAX or not block.spans:
        return False
    lead_in = _LEAD_IN.match(block.text)
    if lead_in is None or lead_in.end() >= len(block.text):
        return False
    linked = [False] * len(block.text)
    for span in block.spans:
        if span.kind == "link":
            linked[span.start : span.end] = [True] * (min(span.end, len(block.text)) - span.start)
    rest = range(lead_in.end(), len(block.text))
    return all(linked[i] or not block.text[i].isalnum() for i in rest)


def _is_credit_line(block: Block) -> bool:
    return len(block.text) <= _CAPTION_MAX and bool(_CREDIT.match(block.text))


def _remove_furniture(tree: lxml_html.HtmlElement) -> None:
    """Drop share bars, promos, related links, comment forms and image captions before extraction."""
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        furniture = bool(_FURNITURE.search(marks)) and not _holds_the_article(element)
        if furniture or element.tag in _EMBEDDED or _is_image_caption(element):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _holds_the_article(element: lxml_html.HtmlElement) -> bool:
    """A wrapper whose class merely mentions "social" or "share" may hold the article itself: keep it."""
    if element.find(".//h1") is not None or element.find(".//article") is not None:
        return True
    return len(element.findall(".//p")) > _FURNITURE_MAX_PARAGRAPHS


def _is_image_caption(element: lxml_html.HtmlElement) -> bool:
    """A paragraph that holds an image and only a short text is the image's caption."""
    if element.tag != "p" or element.find(".//img") is None:
        return False
    return len(" ".join(element.text_content().split())) <= _CAPTION_MAX
