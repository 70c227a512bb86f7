"""Import budgets: War and Peace as plain text (with mojibake repair) <= 1 s, a 2 MB EPUB <= 2 s."""

from __future__ import annotations

import html
import io
import zipfile

from documents import load_document, load_path

from .common import WAR_AND_PEACE, Report, timed

EPUB_SIZE = 2 * 1024 * 1024


def main() -> bool:
    """Time the two imports against their budgets; return True when one was over."""
    report = Report()
    if not WAR_AND_PEACE.exists():
        report.skip("War and Peace and EPUB imports", f"{WAR_AND_PEACE} not found")
        return True  # a missing input fails the benchmark
    document, seconds = timed(lambda: load_path(WAR_AND_PEACE))
    report.line("parse War and Peace (.txt, mojibake repaired)", seconds, 1.0)
    data = _book_epub([block.text for block in document.blocks if block.kind == "paragraph"])
    book, seconds = timed(lambda: load_document(data, "war-and-peace.epub"))
    report.line(f"parse a {len(data) / 1024 / 1024:.1f} MB EPUB ({len(book.blocks):,} blocks)", seconds, 2.0)
    return bool(report.missed)


def _book_epub(paragraphs: list[str]) -> bytes:
    """Build an EPUB of chapters of 200 paragraphs, repeating the text until the file reaches EPUB_SIZE."""
    chapters: list[str] = []
    data = b""
    while len(data) < EPUB_SIZE:
        for start in range(0, len(paragraphs), 200):
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[start : start + 200])
            chapters.append(f"<html><body><h2>Chapter {len(chapters) + 1}</h2>{body}</body></html>")
            if len(chapters) % 20 == 0:
                data = _zip_epub(chapters)
                if len(data) >= EPUB_SIZE:
                    break
    return data


def _zip_epub(chapters: list[str]) -> bytes:
    items = "".join(
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(chapters))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>War and Peace</dc:title></metadata>'
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="book.opf"/></rootfiles></container>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("book.opf", opf)
        for index, chapter in enumerate(chapters):
            archive.writestr(f"c{index}.xhtml", chapter)
    return buffer.getvalue()
