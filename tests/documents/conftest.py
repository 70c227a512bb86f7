"""Builders for the EPUB, DOCX and PDF files the importer tests need, made in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


@dataclass
class Chapter:
    """One spine item of a test EPUB."""

    href: str
    body: str
    title: str = ""


def opf(
    chapters: list[Chapter], *, title: str = "A Test Book", author: str = "Ada Writer", version: str = "3.0"
) -> str:
    """Return a package document listing chapters in spine order."""
    items = "".join(
        f'<item id="c{i}" href="{c.href}" media-type="application/xhtml+xml"/>' for i, c in enumerate(chapters)
    )
    nav = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        if version == "3.0"
        else ""
    )
    ncx = '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>' if version != "3.0" else ""
    refs = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    toc = ' toc="ncx"' if version != "3.0" else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1234</dc:identifier><dc:title>{title}</dc:title>
    <dc:creator>{author}</dc:creator><dc:date>2021-03-04</dc:date><dc:language>en</dc:language>
  </metadata>
  <manifest>{items}{nav}{ncx}</manifest>
  <spine{toc}>{refs}</spine>
</package>"""


def chapter_xhtml(body: str) -> str:
    """Wrap body markup in an XHTML chapter."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
        f"<body>{body}</body></html>"
    )


def nav_xhtml(chapters: list[Chapter]) -> str:
    links = "".join(f'<li><a href="{c.href}">{c.title}</a></li>' for c in chapters if c.title)
    return chapter_xhtml(f'<nav xmlns:epub="http://www.idpf.org/2007/ops" epub:type="toc"><ol>{links}</ol></nav>')


def ncx(chapters: list[Chapter]) -> str:
    points = "".join(
        f'<navPoint id="n{i}"><navLabel><text>{c.title}</text></navLabel><content src="{c.href}"/></navPoint>'
        for i, c in enumerate(chapters)
        if c.title
    )
    return f'<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>{points}</navMap></ncx>'


def zip_bytes(members: Iterable[tuple[str, bytes | str]], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding members (name, content) in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members:
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, data)
    return buffer.getvalue()


def epub_members(chapters: list[Chapter], *, version: str = "3.0", package: str | None = None, **meta: str) -> list:
    """Return the (name, content) members of a well-formed EPUB."""
    members: list[tuple[str, bytes | str]] = [
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", package or opf(chapters, version=version, **meta)),
    ]
    members.append(("OEBPS/nav.xhtml", nav_xhtml(chapters)) if version == "3.0" else ("OEBPS/toc.ncx", ncx(chapters)))
    members += [(f"OEBPS/{c.href}", chapter_xhtml(c.body)) for c in chapters]
    return members


def build_epub(chapters: list[Chapter], **options: str) -> bytes:
    """Return the bytes of an EPUB with chapters."""
    return zip_bytes(epub_members(chapters, **options))


OOXML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{OOXML}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{OOXML}.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/numbering" Target="numbering.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>
</w:styles>"""


def docx_paragraph(text: str, style: str = "", bold: bool = False, bullet: bool = False) -> str:
    """Return one w:p, optionally styled (Heading1, Quote, ...), bold, or a bulleted list item."""
    style_property = f'<w:pStyle w:val="{style}"/>' if style else ""
    numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if bullet else ""
    properties = f"<w:pPr>{style_property}{numbering}</w:pPr>" if style or bullet else ""
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{properties}<w:r>{run_properties}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx_members(paragraphs: list[str], *, title: str = "Word Title", author: str = "Wendy Word") -> list:
    """Return the (name, content) members of a .docx with the given w:p elements."""
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}">'
        f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2022-06-07T08:00:00Z</dcterms:created></cp:coreProperties>'
    )
    return [
        ("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", body),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS), ("word/styles.xml", STYLES), ("docProps/core.xml", core),
        ("word/numbering.xml", NUMBERING),
    ]  # fmt: skip


def build_docx(paragraphs: list[str], **meta: str) -> bytes:
    """Return the bytes of a .docx with the given w:p elements."""
    return zip_bytes(docx_members(paragraphs, **meta))


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_pdf(pages: list[list[str]], *, title: str = "", with_font: bool = True) -> bytes:
    """Return a PDF whose pages show the given lines top to bottom (Helvetica, one Tj per line).

    A page given as an empty list has no text at all, like a scanned page.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        shown = "".join(f"({_pdf_escape(line)}) Tj T*\n" for line in lines)
        stream = (f"BT /F1 11 Tf 14 TL 72 760 Td\n{shown}ET" if lines else "").encode("cp1252")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        resources = b"/Resources << /Font << /F1 %d 0 R >> >> " % font if with_font else b""
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] " % pages_id + resources
                        + b"/Contents %d 0 R >>" % content))  # fmt: skip
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))  # fmt: skip
    info = add(b"<< /Title (%s) /Author (Pat Pdf) /CreationDate (D:20230102120000Z) >>" % _pdf_escape(title).encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)  # fmt: skip
    return bytes(out)


@pytest.fixture(scope="session")
def make() -> SimpleNamespace:
    """The file builders: make.epub, make.docx, make.pdf, make.zip and their parts."""
    return SimpleNamespace(
        epub=build_epub, epub_members=epub_members, Chapter=Chapter, opf=opf, chapter=chapter_xhtml,
        docx=build_docx, docx_members=docx_members, para=docx_paragraph, pdf=build_pdf, zip=zip_bytes,
    )  # fmt: skip
