"""EPUB 2 and 3 -> Document: chapters in spine order, titles from the table of contents.

The book is read in memory through limits.SafeZip (member count, size and
compression-ratio caps; no path traversal). Package XML (container, OPF, NCX)
is parsed with defusedxml, which refuses entity declarations and external
references; chapter XHTML goes through the one allow-list HTML converter,
which expands no custom entities and loads nothing.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from .budget import Budget
from .decoding import decode_text
from .errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from .html_blocks import html_to_blocks
from .limits import SafeZip, resolve_member
from .model import Block, Document, Metadata, clean_text
from .web_metadata import iso_date

MAX_CHAPTER_BYTES = 64 * 1024 * 1024  # some thirty novels of XHTML; parsing time grows with it
MAX_SPINE_ENTRIES = 10_000  # as many as an archive may hold members
_CONTAINER = "META-INF/container.xml"
_ENCRYPTION = "META-INF/encryption.xml"
_RIGHTS = "META-INF/rights.xml"
# Font obfuscation (IDPF and Adobe) is not DRM: the text stays readable.
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


@dataclass
class _Package:
    base: str
    metadata: Metadata
    spine: list[str] = field(default_factory=list)
    toc_member: str | None = None
    nav_member: str | None = None


def parse_epub(data: bytes, name: str = "") -> Document:
    """Read an EPUB's chapters into one Document."""
    book = SafeZip(data, name, "EPUB")
    _refuse_drm(book)
    package = _read_package(book)
    titles = _toc_titles(book, package)
    blocks: list[Block] = []
    # Counted per spine entry: a chapter listed 3,000 times is read, and costs, 3,000 times.
    if sum(book.size(member) for member in package.spine) > MAX_CHAPTER_BYTES:
        raise DocumentTooLarge(f"{name}: the chapters unpack to more than {MAX_CHAPTER_BYTES:,} bytes of text")
    budget = Budget()
    for member in package.spine:
        chapter = _chapter_blocks(book, member, budget)
        title = titles.get(member)
        if title and not (chapter and chapter[0].kind == "heading"):
            chapter.insert(0, Block("heading", title, 2))
        blocks += chapter
    return Document(package.metadata, blocks)


def _xml(book: SafeZip, member: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(book.read(member), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise CorruptDocument(f"{book.name}: {member} declares XML entities or external references ({error})") from None
    except (ParseError, ValueError) as error:
        raise CorruptDocument(f"{book.name}: {member} is not well-formed XML ({error})") from None
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(root: Element, name: str) -> list[Element]:
    return [element for element in root.iter() if _local(element.tag) == name]


def _refuse_drm(book: SafeZip) -> None:
    if book.has(_RIGHTS):
        raise EncryptedDocument(f"{book.name}: this EPUB is protected by DRM (encrypted); it cannot be read")
    if not book.has(_ENCRYPTION):
        return
    for method in _children(_xml(book, _ENCRYPTION), "EncryptionMethod"):
        if method.get("Algorithm") not in _FONT_OBFUSCATION:
            raise EncryptedDocument(f"{book.name}: this EPUB is encrypted (DRM); it cannot be read")


def _read_package(book: SafeZip) -> _Package:
    rootfiles = _children(_xml(book, _CONTAINER), "rootfile")
    path = next((r.get("full-path") for r in rootfiles if r.get("full-path")), None)
    opf_member = resolve_member("", unquote(path)) if path else None
    if not opf_member:
        raise CorruptDocument(f"{book.name}: META-INF/container.xml names no package file")
    opf = _xml(book, opf_member)
    base = posixpath.dirname(opf_member)
    package = _Package(base, _opf_metadata(opf))
    manifest = {}
    for item in _children(opf, "item"):
        member = _href_member(base, item.get("href"))
        if member and item.get("id"):
            manifest[item.get("id")] = (member, item.get("media-type", ""), item.get("properties", ""))
            if "nav" in item.get("properties", "").split():
                package.nav_member = member
    spine = next(iter(_children(opf, "spine")), None)
    toc_id = spine.get("toc") if spine is not None else None
    package.toc_member = manifest[toc_id][0] if toc_id in manifest else None
    for itemref in _children(opf, "itemref"):
        entry = manifest.get(itemref.get("idref", ""))
        # The table of contents and items marked linear="no" (covers, pop-up notes) are not reading text.
        if not entry or entry[0] == package.nav_member or itemref.get("linear") == "no":
            continue
        if entry[1] in _CHAPTER_TYPES and book.has(entry[0]):
            package.spine.append(entry[0])
        if len(package.spine) > MAX_SPINE_ENTRIES:
            raise DocumentTooLarge(f"{book.name}: the spine lists more than {MAX_SPINE_ENTRIES:,} chapters")
    if not package.spine:
        raise CorruptDocument(f"{book.name}: the EPUB's spine lists no readable chapters")
    return package


def _opf_metadata(opf: Element) -> Metadata:
    def first(tag: str) -> str:
        return next((" ".join(e.text.split()) for e in _children(opf, tag) if e.text and e.text.strip()), "")

    creators = [" ".join(e.text.split()) for e in _children(opf, "creator") if e.text and e.text.strip()]
    return Metadata(
        title=first("title"), author="; ".join(creators), published=iso_date(first("date")),
        language=first("language"), format="epub",
    )  # fmt: skip


def _href_member(base: str, href: str | None) -> str | None:
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # remote resources are never part of the book we read
    return resolve_member(base, unquote(parts.path))


def _chapter_blocks(book: SafeZip, member: str, budget: Budget) -> list[Block]:
    blocks, _ = html_to_blocks(decode_text(book.read(member), f"{book.name}:{member}"), budget)
    return blocks


def _toc_titles(book: SafeZip, package: _Package) -> dict[str, str]:
    """Map chapter members to their titles from the EPUB 3 nav or the EPUB 2 NCX."""
    titles: dict[str, str] = {}
    try:
        if package.nav_member and book.has(package.nav_member):
            _nav_titles(book, package.nav_member, titles)
        elif package.toc_member and book.has(package.toc_member):
            _ncx_titles(book, package.toc_member, titles)
    except CorruptDocument:
        return {}  # a broken table of contents costs the titles, not the book
    return titles


def _nav_titles(book: SafeZip, member: str, titles: dict[str, str]) -> None:
    base = posixpath.dirname(member)
    for link in _children(_xml(book, member), "a"):
        target = _href_member(base, link.get("href"))
        text = clean_text(" ".join("".join(link.itertext()).split()))
        if target and text:
            titles.setdefault(target, text)


def _ncx_titles(book: SafeZip, member: str, titles: dict[str, str]) -> None:
    base = posixpath.dirname(member)
    for point in _children(_xml(book, member), "navPoint"):
        label = next((" ".join("".join(t.itertext()).split()) for t in _children(point, "text")), "")
        content = next(iter(_children(point, "content")), None)
        target = _href_member(base, content.get("src") if content is not None else None)
        if target and label:
            titles.setdefault(target, clean_text(label))
