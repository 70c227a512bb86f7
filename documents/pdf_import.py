"""PDF -> Document from the text layer: rebuilt paragraphs, no running headers or page numbers.

pypdf gives each page's text as lines. Lines that recur at the top or bottom of
most pages (with digits ignored) are running headers/footers; lone numbers
there are page numbers; both are dropped. Words hyphenated across a line end
are joined, and lines are joined into paragraphs, which end at a blank line or
at a short line that closes a sentence.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from .errors import CorruptDocument, DocumentError, DocumentTooLarge, EncryptedDocument
from .model import Document, Metadata, clean_text, make_block
from .web_metadata import iso_date

# pypdf reports damage through logging; the error we raise is the one message a reader sees.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_PAGES = 5000
# Decompressed page content (drawing instructions): text extraction costs time in
# proportion to it, so a tiny file that unpacks to gigabytes is refused up front.
MAX_PAGE_CONTENT = 16 * 1024 * 1024
MAX_CONTENT = 128 * 1024 * 1024
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^(?:page\s+)?(?:\d{{1,6}}|{_ROMAN})(?:\s*(?:/|of)\s*\d{{1,6}})?$|^[-–—]\s*\d{{1,6}}\s*[-–—]$", re.I
)
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_RUNNING_MAX = 100  # running headers and footers are short
_SHORT_LINE = 0.8  # a line shorter than this share of the usual line length may end a paragraph


def parse_pdf(data: bytes, name: str = "") -> Document:
    """Read the text layer of a PDF into paragraphs."""
    try:
        pages, metadata = _read(data, name)
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged files; all mean "cannot read"
        raise CorruptDocument(f"{name}: damaged PDF ({error.__class__.__name__}: {error})") from None
    if not any(line.strip() for page in pages for line in page):
        raise CorruptDocument(f"{name}: the PDF has no text layer (scanned?); only PDFs with text can be read")
    lines = _drop_running_lines(pages)
    blocks = [make_block("paragraph", paragraph) for paragraph in _paragraphs(lines)]
    return Document(metadata, [b for b in blocks if b.text])


def _read(data: bytes, name: str) -> tuple[list[list[str]], Metadata]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise EncryptedDocument(f"{name}: the PDF is encrypted with a password")
    if len(reader.pages) > MAX_PAGES:
        raise DocumentTooLarge(f"{name}: {len(reader.pages):,} pages is over the limit of {MAX_PAGES:,}")
    pages, total = [], 0
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        total += size
        if size > MAX_PAGE_CONTENT or total > MAX_CONTENT:
            raise DocumentTooLarge(f"{name}: page {number}'s content unpacks to too much data (a decompression bomb?)")
        pages.append(clean_text(page.extract_text() or "").split("\n"))
    info: object = reader.metadata or {}
    metadata = Metadata(
        title=_info(info, "/Title"), author=_info(info, "/Author"),
        published=iso_date(_pdf_date(_info(info, "/CreationDate"))), format="pdf",
    )  # fmt: skip
    return pages, metadata


def _info(info: object, key: str) -> str:
    value = info.get(key) if isinstance(info, dict) else None
    return " ".join(str(value).split()) if value else ""


def _pdf_date(value: str) -> str:
    """Turn a PDF date (D:20240513...) into YYYY-MM-DD."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value)
    return "-".join(match.groups()) if match else ""


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _drop_running_lines(pages: list[list[str]]) -> list[str]:
    """Join the pages' lines without running headers, footers and page numbers."""
    pages = [_trim_page_numbers([line for line in page if line.strip()]) for page in pages]
    edges: Counter[str] = Counter()
    for page in pages:
        edges.update({_signature(line) for line in page[:1] + page[-1:]})
    running = {
        sig for sig, count in edges.items()
        if len(pages) >= 3 and count >= max(3, len(pages) // 2) and len(sig) <= _RUNNING_MAX
    }  # fmt: skip
    lines: list[str] = []
    for page in pages:
        if page and _signature(page[0]) in running:
            page = page[1:]
        if page and _signature(page[-1]) in running:
            page = page[:-1]
        lines += _trim_page_numbers(page)
        lines.append("")  # a page break may end a paragraph; _paragraphs decides
    return lines


def _trim_page_numbers(page: list[str]) -> list[str]:
    start, end = 0, len(page)
    while start < end and _PAGE_NUMBER.match(page[start].strip()):
        start += 1
    while end > start and _PAGE_NUMBER.match(page[end - 1].strip()):
        end -= 1
    return page[start:end]


def _paragraphs(lines: list[str]) -> list[str]:
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    usual = lengths[int(0.75 * len(lengths))] if lengths else 0  # most lines of a paragraph are full
    paragraphs: list[str] = []
    current = ""
    for raw, following in zip(lines, [*lines[1:], ""], strict=True):
        line = raw.strip()
        if not line:
            if current and not _continues(current, following):
                paragraphs.append(current)
                current = ""
            continue
        current = _join(current, line)
        if _SENTENCE_END.search(line) and len(line) < _SHORT_LINE * usual:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(current: str, following: str) -> bool:
    """A paragraph goes on past a page break when it stopped mid-sentence and the next page starts in lower case."""
    following = following.strip()
    return bool(following) and not _SENTENCE_END.search(current) and (following[0].islower() or current[-1] == "-")


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if _HYPHENATED.search(current) and line[:1].islower():
        return current[:-1] + line
    return f"{current} {line}"
