"""The Markdown export and the citations read by the real Pandoc (skipped only where Pandoc is absent, never on CI)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.citations import bibtex, csl_json, references
from storage.export.markdown import export_markdown
from tests.conftest import require_tool

TITLE = "Harbour town votes to ban large cruise ships from its old port"


def pandoc(*args: str, stdin: str = "") -> str:
    """Run pandoc with args on stdin; return its standard output."""
    command = [require_tool("pandoc", "pandoc"), *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120, check=False)
    assert 0 == done.returncode, done.stderr
    return done.stdout


def text_of(node: Any) -> str:
    """Return the plain text of a Pandoc JSON metadata value or inline list."""
    if isinstance(node, list):
        return "".join(text_of(item) for item in node)
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return str(content)
    if kind in ("Space", "SoftBreak"):
        return " "
    return text_of(content) if isinstance(content, list) else ""


def test_pandoc_reads_the_front_matter(harbour_cited: tuple[Library, int]) -> None:
    """Pandoc's metadata has the title, the author list, the date, the keywords as typed, url and citekey."""
    library, document_id = harbour_cited
    meta = json.loads(pandoc("-f", "markdown", "-t", "json", stdin=export_markdown(library, [document_id])))["meta"]
    assert TITLE == text_of(meta["title"]["c"])
    assert ("MetaList", ["Marta Lindqvist"]) == (meta["author"]["t"], [text_of(a["c"]) for a in meta["author"]["c"]])
    assert "2025-03-04" == text_of(meta["date"]["c"])
    assert ["2021", "a; b", "c", "C++", "tourism", "🙂"] == [text_of(k["c"]) for k in meta["keywords"]["c"]]
    assert "lindqvist2025harbour" == text_of(meta["citekey"]["c"])
    assert "https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships" == text_of(meta["url"]["c"])


def test_standalone_html_shows_the_title_once(harbour_cited: tuple[Library, int]) -> None:
    """pandoc -s renders the title once (its title block), the author once, and every claim's quote."""
    library, document_id = harbour_cited
    page = pandoc("-s", "-f", "markdown", "-t", "html", stdin=export_markdown(library, [document_id]))
    tree = lxml_html.document_fromstring(page)
    body = " ".join(tree.find("body").text_content().split())  # type: ignore[union-attr]
    assert 1 == body.count(TITLE) - body.count(f"under “{TITLE}”") and 1 == len(tree.xpath("//h1"))
    assert ["Marta Lindqvist"] == [p.text_content() for p in tree.xpath("//p[@class='author']")]
    assert "We are not against visitors." in body and [] == tree.xpath("//body//script")


def test_no_author_gives_no_author_line(library: Library) -> None:
    """A document without an author gets no empty <p class="author"> in Pandoc's standalone HTML."""
    summary, _ = library.import_document(Document(Metadata(title="Anonymous"), [make_block("paragraph", "Text.")]))
    page = pandoc("-s", "-f", "markdown", "-t", "html", stdin=export_markdown(library, [summary.id]))
    assert [] == lxml_html.document_fromstring(page).xpath("//p[@class='author']")


@pytest.mark.parametrize(
    "title", ["*Not* emphasis <script>alert(1)</script>", "# 1. @cite $x$ ~sub~ ^sup^ [link](javascript:x) &amp;",
              "- a list?", "1984: a \\ back slash", "C++ & R&D: 50% off_now"],
)  # fmt: skip
def test_pandoc_shows_a_title_as_typed(library: Library, title: str) -> None:
    """A title with Markdown marks, HTML or a citation reaches Pandoc as plain text: no markup, no raw HTML."""
    summary, _ = library.import_document(Document(Metadata(title=title), [make_block("paragraph", "Text.")]))
    markdown = export_markdown(library, [summary.id])
    meta = json.loads(pandoc("-f", "markdown", "-t", "json", stdin=markdown))["meta"]
    inlines = meta["title"]["c"]
    assert title == text_of(inlines) and {item["t"] for item in inlines} <= {"Str", "Space"}
    page = pandoc("-s", "-f", "markdown", "-t", "html", stdin=markdown)
    header = lxml_html.document_fromstring(page).xpath("//header[@id='title-block-header']")[0]
    assert [] == header.xpath(".//script|.//em|.//a|.//sup|.//sub|.//code|.//span")
    assert title == " ".join(header.xpath("./h1")[0].text_content().split())


def test_citeproc_renders_the_references(harbour_cited: tuple[Library, int], tmp_path: Path) -> None:
    """pandoc --citeproc with the CSL-JSON, and with the BibTeX, as bibliography renders the cited document."""
    library, document_id = harbour_cited
    refs = references(library, [document_id])
    (tmp_path / "refs.json").write_text(csl_json(refs), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(bibtex(refs), encoding="utf-8")
    for bibliography in ("refs.json", "refs.bib"):
        out = pandoc("--citeproc", "--bibliography", str(tmp_path / bibliography), "-t", "plain",
                     stdin="As reported [@lindqvist2025harbour].\n")  # fmt: skip
        flat = " ".join(out.split())
        assert "(Lindqvist 2025)" in flat and "Harbour Town Votes to Ban Large Cruise Ships" in flat, out
        assert "news.example.org/2025/03/04/harbour-town-bans-cruise-ships" in flat
