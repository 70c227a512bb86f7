"""Word documents (.docx) -> Document, through mammoth's HTML and the allow-list converter.

The archive passes limits.SafeZip first (a DOCX is a zip). Then every member,
whatever its name or encoding, is read once by a strict parser
(xml_guard.declares_dtd): one that declares a DTD anywhere is refused before
mammoth sees it, since Word never writes one and a DTD is how entity
expansion begins; the same pass counts paragraphs, because mammoth takes
about 0.5 ms for each (so 30,000 take some 15 s). Images are not converted
(mammoth would inline them as data URIs only for us to drop them), and a
style map embedded in the file is ignored: the document does not choose how
it is read.
"""

from __future__ import annotations

import io

from .budget import Budget
from .errors import CorruptDocument, DocumentError, DocumentTooLarge
from .html_blocks import html_to_blocks
from .limits import SafeZip
from .model import Document, Metadata
from .web_metadata import iso_date
from .xml_guard import declares_dtd

MAX_BODY_BYTES = 64 * 1024 * 1024  # mammoth's time grows with the body's XML
MAX_WORD_PARAGRAPHS = 30_000  # 2.5 times War and Peace
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
    _check_parts(archive)
    html = _convert(data, name)
    blocks, _ = html_to_blocks(html, Budget())
    metadata = _core_properties(archive) if archive.has(_CORE_PART) else Metadata()
    metadata.format = "docx"
    if not metadata.title:
        metadata.title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Document(metadata, blocks)


def _check_parts(archive: SafeZip) -> None:
    """Refuse any member that declares a DTD, and a document of more than MAX_WORD_PARAGRAPHS paragraphs."""
    paragraphs = 0

    def count(element: str, attributes: dict[str, str]) -> None:
        nonlocal paragraphs
        paragraphs += element == "p" or element.endswith(":p")

    for member in archive.names():
        if declares_dtd(archive.read(member), count):
            raise CorruptDocument(f"{archive.name}: {member} declares a DTD, which Word documents never do")
        if paragraphs > MAX_WORD_PARAGRAPHS:
            raise DocumentTooLarge(f"{archive.name}: more than {MAX_WORD_PARAGRAPHS:,} paragraphs in a Word document")


def _convert(data: bytes, name: str) -> str:
    import mammoth

    def no_image(image: object) -> dict[str, str]:
        return {}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_STYLE_MAP,
            convert_image=mammoth.images.img_element(no_image),
            include_embedded_style_map=False,
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
