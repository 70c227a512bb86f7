"""Word documents (.docx) -> Document, through mammoth's HTML and the allow-list converter.

The archive passes limits.SafeZip first (a DOCX is a zip), and any XML part
that declares a DTD is refused before mammoth sees it: Word never writes one,
and a DTD is how entity-expansion attacks begin. Images are not converted
(mammoth would inline them as data URIs only for us to drop them).
"""

from __future__ import annotations

import io

from .errors import CorruptDocument, DocumentError, DocumentTooLarge
from .html_blocks import html_to_blocks
from .limits import SafeZip
from .model import Document, Metadata
from .web_metadata import iso_date

MAX_BODY_BYTES = 64 * 1024 * 1024  # mammoth's time grows with the body's XML
_MAIN_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
"""


def parse_docx(data: bytes, name: str = "") -> Document:
    """Convert a .docx file's body to blocks and its core properties to metadata."""
    archive = SafeZip(data, name, "Word document")
    if not archive.has(_MAIN_PART):
        raise CorruptDocument(f"{name}: not a Word document (no {_MAIN_PART} in the archive)")
    if archive.size(_MAIN_PART) > MAX_BODY_BYTES:
        raise DocumentTooLarge(f"{name}: the document body unpacks to more than {MAX_BODY_BYTES:,} bytes")
    for member in archive.names():
        if member.endswith((".xml", ".rels")) and b"<!DOCTYPE" in archive.read(member)[:4096].upper():
            raise CorruptDocument(f"{name}: {member} declares a DTD, which Word documents never do")
    html = _convert(data, name)
    blocks, _ = html_to_blocks(html)
    metadata = _core_properties(archive) if archive.has(_CORE_PART) else Metadata()
    metadata.format = "docx"
    if not metadata.title:
        metadata.title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Document(metadata, blocks)


def _convert(data: bytes, name: str) -> str:
    import mammoth

    def no_image(image: object) -> dict[str, str]:
        return {}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=_STYLE_MAP, convert_image=mammoth.images.img_element(no_image)
        )
    except DocumentError:
        raise
    except Exception as error:  # mammoth raises many kinds on damaged files; all mean "cannot read"
        raise CorruptDocument(f"{name}: damaged Word document ({error.__class__.__name__}: {error})") from None
    return str(result.value)


def _core_properties(archive: SafeZip) -> Metadata:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(archive.read(_CORE_PART), forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError):
        return Metadata()
    fields = {element.tag.rsplit("}", 1)[-1]: " ".join((element.text or "").split()) for element in root}
    return Metadata(
        title=fields.get("title", ""), author=fields.get("creator", ""),
        published=iso_date(fields.get("created", "")), language=fields.get("language", ""),
    )  # fmt: skip
