"""A corpus of hostile and broken files, each imported by `claimmark import` in a child process.

The child imports every file into its own library (seeded with one good
document) and reports the exit status, the error line, the time taken and the
library's documents before and after. The parent gives the child a generous
overall timeout, so a hang fails the tests instead of blocking them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .hostile_corpus import more_cases

TIMEOUT_PER_CASE = 30.0  # seconds; generous: a hang, not a slow machine, should trip it
ENTITY_BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "'
    + "&lol;" * 10
    + '">'
    + "".join(f'<!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">' for n in range(3, 10))
    + "]>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XXE = '<!DOCTYPE package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

DRIVER = r"""
import contextlib, io, json, shutil, sqlite3, sys, time
from claimmark.cli import main

def snapshot(library):
    with contextlib.closing(sqlite3.connect(library)) as db:
        rows = db.execute("SELECT id, sha256, text, blocks, title, author, notes, source FROM documents ORDER BY id")
        names = ["id", "sha256", "text", "blocks", "title", "author", "notes", "source"]
        return [dict(zip(names, row)) for row in rows.fetchall()]

seed, cases, results = sys.argv[1], json.loads(sys.argv[2]), {}
seeded = seed + ".library.sqlite"
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["--library", seeded, "import", seed]) == 0
for number, (name, path) in enumerate(cases.items()):
    library = f"{seed}.{number}.library.sqlite"
    shutil.copyfile(seeded, library)  # the seeded library, closed (its WAL checkpointed)
    before = snapshot(library)
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--library", library, "import", path])
    elapsed = time.perf_counter() - start
    results[name] = {"code": code, "stderr": err.getvalue(), "elapsed": elapsed,
                     "before": before, "after": snapshot(library)}
print(json.dumps(results))
"""


def _zip(members: list[tuple[str, bytes | str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def _without(members: list, name: str) -> list:
    return [m for m in members if m[0] != name]


def _replace(members: list, name: str, content: bytes | str) -> list:
    return [(n, content if n == name else c) for n, c in members]


def _corpus(make) -> dict[str, tuple[str, bytes | Callable[[Path], None]]]:
    """Name -> (file name, bytes or a function writing the file)."""
    chapters = [make.Chapter("one.xhtml", "<h1>One</h1><p>Chapter text here.</p>", "One")]
    good_epub = make.epub_members(chapters)
    good_docx = make.docx_members([make.para("Word text.")])
    opf = make.opf(chapters)
    drm = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/one.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>'
    )

    def sparse(path: Path) -> None:
        with path.open("wb") as file:
            file.truncate(201 * 1024 * 1024)

    def encrypted_pdf() -> bytes:
        from pypdf import PdfWriter

        writer, buffer = PdfWriter(), io.BytesIO()
        writer.add_blank_page(612, 792)
        writer.encrypt("secret", algorithm="RC4-128")
        writer.write(buffer)
        return buffer.getvalue()

    def pdf_bomb() -> bytes:
        """A 40 KB PDF whose one page's content stream inflates to 40 MB."""
        pdf = make.pdf([["Hello bomb."]])
        raw = b"BT /F1 11 Tf 72 760 Td (Hello bomb.) Tj ET " + b" " * (40 * 1024 * 1024)
        packed = zlib.compress(raw, 9)
        start, end = pdf.index(b"<< /Length"), pdf.index(b"endstream") + len(b"endstream")
        stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
        return pdf[:start] + stream + pdf[end:]

    hostile_html = (
        "<html><head><title>Hostile</title><base href='http://evil.example/'>"
        "<meta http-equiv='refresh' content='0;url=http://evil.example'>"
        "<link rel=stylesheet href='http://evil.example/s.css'><style>body{background:url(http://evil.example/x)}</style>"
        "<script>document.write('SCRIPT-TEXT')</script></head><body><article><h1>Safe heading</h1>"
        "<p>Visible paragraph one with enough words to count as an article body for extraction purposes here.</p>"
        "<iframe src='http://evil.example/frame'>IFRAME-TEXT</iframe><img src='http://evil.example/remote.png'>"
        "<img src='file:///etc/passwd'><object data='file:///etc/passwd'>OBJECT-TEXT</object>"
        "<p>Second paragraph with a <a href='javascript:alert(1)'>script link</a>, "
        "a <a href='file:///etc/passwd'>file link</a> and a <a href='https://example.org/ok'>good link</a> "
        "in the running text of the page.</p>"
        "<svg><script>alert(2)</script><text>SVG-TEXT</text></svg></article></body></html>"
    )
    escaping_opf = opf.replace('href="one.xhtml"', 'href="../../../etc/passwd"')
    xxe_opf = opf.replace("<package", XXE + "<package", 1).replace("A Test Book", "&xxe;")
    laughing_opf = opf.replace("<package", ENTITY_BOMB + "<package", 1).replace("A Test Book", "&lol9;")
    xxe_chapter = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>Before &x; after.</p></body></html>"
    )
    laughing_docx = (
        f'<?xml version="1.0"?>{ENTITY_BOMB}<w:document xmlns:w="{W_NS}">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    container_bomb = (
        f'<?xml version="1.0"?>{ENTITY_BOMB}<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="&lol9;"/></rootfiles></container>'
    )
    yaml_bomb = (
        b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"title: Yaml Title\nauthor: *d\n---\n# Body\n\nText <script>alert(1)</script> here.\n"
    )
    generated = {name: (file_name, content) for name, (file_name, content, _) in more_cases(make).items()}
    return generated | {
        "zip bomb epub": ("bomb.epub", make.zip([*good_epub, ("OEBPS/zeros.xhtml", b"\0" * (4 * 1024 * 1024))])),
        "too many members epub": ("many.epub", make.zip(good_epub + [(f"OEBPS/x{i}.txt", b"") for i in range(10_001)])),
        "dot-dot member epub": ("traversal.epub", make.zip([*good_epub, ("../../evil.xhtml", "<p>x</p>")])),
        "absolute member epub": ("absolute.epub", make.zip([*good_epub, ("/etc/evil.xhtml", "<p>x</p>")])),
        "spine href escaping epub": ("escape.epub", make.zip(_replace(good_epub, "OEBPS/content.opf", escaping_opf))),
        "xxe opf epub": ("xxe.epub", make.zip(_replace(good_epub, "OEBPS/content.opf", xxe_opf))),
        "billion laughs opf epub": ("laughs.epub", make.zip(_replace(good_epub, "OEBPS/content.opf", laughing_opf))),
        "billion laughs container epub": (
            "container.epub",
            make.zip(_replace(good_epub, "META-INF/container.xml", container_bomb)),
        ),
        "drm epub": ("drm.epub", make.zip([*good_epub, ("META-INF/encryption.xml", drm)])),
        "truncated epub": ("truncated.epub", make.epub(chapters)[:300]),
        "epub without container": ("nocontainer.epub", make.zip(_without(good_epub, "META-INF/container.xml"))),
        "epub with empty spine": ("nospine.epub", make.zip(_without(good_epub, "OEBPS/one.xhtml"))),
        "xxe in epub chapter": ("chapterxxe.epub", make.zip(_replace(good_epub, "OEBPS/one.xhtml", xxe_chapter))),
        "html with scripts frames and remote or file resources": ("hostile.html", hostile_html.encode()),
        "html with 100000 nested tags": (
            "nested.html",
            ("<div>" * 100_000 + "Deep text survives." + "</div>" * 100_000).encode(),
        ),
        "xhtml with xxe doctype": (
            "xxe.xhtml",
            (
                b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<html><head><title>X</title></head><body><p>Before &x; after.</p></body></html>"
            ),
        ),
        "markdown with 100000 nested html tags": (
            "deep.md",
            ("# Deep\n\n" + "<div>" * 100_000 + "Deep markdown." + "</div>" * 100_000 + "\n").encode(),
        ),
        "txt with NUL bytes": ("nul.txt", b"Hello\x00 world\x00.\n\nSecond\x00 paragraph."),
        "txt with invalid utf-8": ("latin.txt", "Café crème and naïve résumé text.".encode("cp1252")),
        "txt in utf-16 without bom": (
            "utf16.txt",
            "Plain words in UTF-16 without a byte order mark.".encode("utf-16-le"),
        ),
        "empty txt": ("empty.txt", b""),
        "whitespace-only markdown": ("blank.md", b" \n\t\n  \n"),
        "3 MB single line": ("long.txt", b"word " * (3 * 1024 * 1024 // 5)),
        "binary file named txt": ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64),
        "unknown suffix": ("data.xyz", b"some text"),
        "file over the size cap": ("huge.txt", sparse),
        "pdf with no text layer": ("scan.pdf", make.pdf([[], []])),
        "pdf that is garbage": ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20),
        "truncated pdf": ("cut.pdf", make.pdf([["Some text on the page."]])[:200]),
        "encrypted pdf": ("locked.pdf", encrypted_pdf()),
        "pdf decompression bomb": ("inflating.pdf", pdf_bomb()),
        "docx that is not a zip": ("notzip.docx", b"This is plain text pretending to be a Word file."),
        "docx without document part": ("nobody.docx", make.zip(_without(good_docx, "word/document.xml"))),
        "docx with entity bomb": ("laughs.docx", make.zip(_replace(good_docx, "word/document.xml", laughing_docx))),
        "markdown with yaml alias bomb": ("yaml.md", yaml_bomb),
    }


ERRORS = {
    "zip bomb epub": "zip bomb",
    "too many members epub": "archive members",
    "dot-dot member epub": "path traversal",
    "absolute member epub": "path traversal",
    "spine href escaping epub": "no readable chapters",
    "xxe opf epub": "entities",
    "billion laughs opf epub": "entities",
    "billion laughs container epub": "entities",
    "drm epub": "encrypted",
    "truncated epub": "damaged or truncated",
    "epub without container": "container.xml",
    "epub with empty spine": "no readable chapters",
    "empty txt": "empty",
    "whitespace-only markdown": "empty",
    "binary file named txt": "binary",
    "unknown suffix": "unsupported format",
    "file over the size cap": "limit",
    "pdf with no text layer": "no text layer (scanned?)",
    "pdf that is garbage": "damaged PDF",
    "truncated pdf": "damaged PDF",
    "encrypted pdf": "encrypted",
    "pdf decompression bomb": "decompression bomb",
    "docx that is not a zip": "not a valid Word document",
    "docx without document part": "not a Word document",
    "docx with entity bomb": "DTD",
}
SAFE = {
    "xxe in epub chapter": (["Before", "after."], ["root:"]),
    "html with scripts frames and remote or file resources": (
        ["Safe heading", "Visible paragraph one", "good link"],
        ["SCRIPT-TEXT", "IFRAME-TEXT", "OBJECT-TEXT", "SVG-TEXT", "alert", "evil.example", "passwd", "javascript"],
    ),
    "html with 100000 nested tags": (["Deep text survives."], ["<div>"]),
    "xhtml with xxe doctype": (["Before", "after."], ["root:", "]>", "ENTITY"]),
    "markdown with 100000 nested html tags": (["Deep", "Deep markdown."], ["<div>"]),
    "txt with NUL bytes": (["Hello world.", "Second paragraph."], ["\x00"]),
    "txt with invalid utf-8": (["Café crème and naïve résumé text."], ["\ufffd"]),
    "txt in utf-16 without bom": (["Plain words in UTF-16 without a byte order mark."], ["\x00"]),
    "3 MB single line": (["word word word"], []),
    "markdown with yaml alias bomb": (["Body", "Text"], ["alert", "<script>"]),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, make) -> dict[str, dict]:
    """Import the whole corpus in one child process and return each file's outcome."""
    folder = tmp_path_factory.mktemp("hostile")
    seed = folder / "seed.txt"
    seed.write_text("A good article.\n\nIt was imported before the hostile file.\n", encoding="utf-8")
    paths = {}
    corpus = _corpus(make)
    assert len(corpus) == len({file_name for file_name, _ in corpus.values()}), "two cases share a file name"
    for case, (file_name, content) in corpus.items():
        path = folder / file_name
        content(path) if callable(content) else path.write_bytes(content)
        paths[case] = str(path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER, str(seed), json.dumps(paths)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=TIMEOUT_PER_CASE * len(paths),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout)
    for case, path in paths.items():
        results[case]["path"] = path
    return results


def _generated_expectations() -> None:
    """Add the generated cases' expectations to ERRORS and SAFE."""
    from types import SimpleNamespace

    from .conftest import (
        Chapter,
        build_docx,
        build_epub,
        build_pdf,
        chapter_xhtml,
        docx_members,
        docx_paragraph,
        epub_members,
        opf,
        zip_bytes,
    )

    make = SimpleNamespace(epub=build_epub, epub_members=epub_members, Chapter=Chapter, opf=opf, chapter=chapter_xhtml,
                           docx=build_docx, docx_members=docx_members, para=docx_paragraph, pdf=build_pdf,
                           zip=zip_bytes)  # fmt: skip
    for name, (_, _, expected) in more_cases(make).items():
        if expected[0] == "refused":
            ERRORS[name] = expected[1]
        else:
            SAFE[name] = (expected[1], expected[2])


_generated_expectations()


def test_corpus_is_large_enough(outcomes):
    """The hostile corpus holds at least 90 files, and each has an expected outcome."""
    assert len(outcomes) >= 90
    assert set(ERRORS) | set(SAFE) == set(outcomes)


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_hostile_file_is_refused_with_one_clear_line(outcomes, case):
    """A hostile or broken file exits non-zero with one `claimmark: error:` line, in bounded time, library untouched."""
    outcome = outcomes[case]
    lines = outcome["stderr"].strip().splitlines()
    assert outcome["code"] == 1
    assert len(lines) == 1 and lines[0].startswith("claimmark: error: ")
    assert ERRORS[case].lower() in lines[0].lower()
    assert "Traceback" not in outcome["stderr"]
    assert outcome["before"] == outcome["after"]
    assert outcome["elapsed"] < TIMEOUT_PER_CASE


@pytest.mark.parametrize("case", sorted(SAFE))
def test_hostile_file_imports_safely(outcomes, case):
    """A hostile file that still holds text imports as exactly one new document with nothing unsafe in it."""
    outcome = outcomes[case]
    wanted, unwanted = SAFE[case]
    assert outcome["code"] == 0, outcome["stderr"]
    assert outcome["after"][: len(outcome["before"])] == outcome["before"]
    assert len(outcome["after"]) == len(outcome["before"]) + 1
    stored = outcome["after"][-1]
    for phrase in wanted:
        assert phrase in stored["text"]
    for phrase in unwanted:
        assert phrase not in stored["text"] and phrase not in stored["blocks"]
    assert outcome["elapsed"] < TIMEOUT_PER_CASE


def test_error_names_the_file(outcomes):
    """Every refusal names the file it refused."""
    for case in ERRORS:
        assert Path(outcomes[case]["path"]).name in outcomes[case]["stderr"], case


def test_front_matter_source_never_becomes_the_source(outcomes):
    """A file naming /etc/passwd as its source is stored with its own path as the source."""
    outcome = outcomes["markdown front matter naming /etc/passwd as source"]
    assert outcome["path"] == outcome["after"][-1]["source"]


def test_yaml_alias_bomb_does_not_become_metadata(outcomes):
    """Front matter keeps the plain title and ignores an author built from nested aliases."""
    stored = outcomes["markdown with yaml alias bomb"]["after"][-1]
    assert ("Yaml Title", "") == (stored["title"], stored["author"])
