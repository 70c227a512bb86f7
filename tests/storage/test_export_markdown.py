"""The Markdown export: golden files for the harbour sample, front matter, tags, file names, escaping."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from documents import Document, Metadata
from documents.model import make_block
from storage import Library
from storage.export.context import document_exports
from storage.export.jinja_templates import default_template, render, user_template
from storage.export.markdown import claim_markdown, export_markdown, markdown_files, note_filename, template_variables
from storage.export.markdown_default import render_default
from storage.export.markdown_escape import pandoc_text, tag_slug

GOLDEN = Path(__file__).parent / "golden"
EXPORTED = "2024-05-21T10:00:00.000+00:00"  # as the exported_stamp fixture
TITLE = "Harbour town votes to ban large cruise ships from its old port"


def normalised(library: Library, text: str) -> str:
    """Replace what differs between machines (the library's path in links) by a placeholder."""
    return text.replace(quote(str(library.path.resolve()), safe=""), "{LIBRARY}")


def test_golden_grouped_by_type(harbour_cited: tuple[Library, int]) -> None:
    """The default export of the harbour sample with the fixed claims is exactly the golden file."""
    library, document_id = harbour_cited
    text = export_markdown(library, [document_id], exported=EXPORTED)
    assert (GOLDEN / "harbour_by_type.md").read_text(encoding="utf-8") == normalised(library, text)


def test_golden_in_reading_order(harbour_cited: tuple[Library, int]) -> None:
    """--group-by position gives the golden reading-order file, each claim labelled with its type."""
    library, document_id = harbour_cited
    text = export_markdown(library, [document_id], group_by="position", exported=EXPORTED)
    assert (GOLDEN / "harbour_by_position.md").read_text(encoding="utf-8") == normalised(library, text)


def front_matter_of(text: str) -> dict:
    """Return the YAML front matter of an exported note."""
    return yaml.safe_load(text[4 : text.index("\n---\n")])


def test_front_matter_for_pandoc_and_obsidian(harbour_cited: tuple[Library, int]) -> None:
    """Front matter: title, author list, date, keywords as typed, url, citekey; flat counts; Obsidian tags."""
    library, document_id = harbour_cited
    front = front_matter_of(export_markdown(library, [document_id], exported=EXPORTED))
    assert (TITLE, ["Marta Lindqvist"], "2025-03-04") == (front["title"], front["author"], front["date"])
    assert ["2021", "a; b", "c", "C++", "tourism", "🙂"] == front["keywords"]
    assert ["a-b", "c", "C-plus-plus", "slightly-smiling-face", "tag-2021", "tourism"] == front["tags"]
    assert ("https://news.example.org/2025/03/04/harbour-town-bans-cruise-ships", "lindqvist2025harbour") == (
        front["url"],
        front["citekey"],
    )
    counts = {key: value for key, value in front.items() if key.startswith("claims")}
    assert {"claims": 5, "claims_fact": 1, "claims_opinion": 2, "claims_quote": 2} == counts
    assert all(not isinstance(value, dict) for value in front.values())  # Obsidian has no nested properties
    assert "published" not in front and EXPORTED == front["exported"]


def test_empty_fields_are_left_out(library: Library) -> None:
    """No author, date, keywords or url: none of those keys, so Pandoc writes no empty author line."""
    summary, _ = library.import_document(Document(Metadata(title="Bare"), [make_block("paragraph", "Text.")]))
    front = front_matter_of(export_markdown(library, [summary.id], exported=EXPORTED))
    assert not {"author", "date", "keywords", "url"} & set(front)
    assert ("Bare", 0, []) == (front["title"], front["claims"], front["tags"])


def test_url_falls_back_to_a_web_source(library: Library) -> None:
    """Without a stored URL, a document imported from a web address gives that address as url."""
    document = Document(Metadata(title="Web", source="https://example.org/a"), [make_block("paragraph", "Text.")])
    summary, _ = library.import_document(document)
    assert "https://example.org/a" == front_matter_of(export_markdown(library, [summary.id]))["url"]


def test_standalone_note_has_its_title_once(harbour_cited: tuple[Library, int]) -> None:
    """A standalone note's title is in its front matter only: the body has no "# Title" heading."""
    library, document_id = harbour_cited
    text = export_markdown(library, [document_id], exported=EXPORTED)
    assert [] == render_body(text).xpath("//h1") and 1 == text.count(TITLE + "\n")
    assert "By Marta" not in text.split("\n---\n", 1)[1]  # author and date are the front matter's too


def test_rendered_golden_has_no_html_from_notes(harbour_cited: tuple[Library, int], harbour_claims: list) -> None:
    """Rendered, the export has one link per claim and no script or javascript link from a note."""
    library, document_id = harbour_cited
    tree = render_body(export_markdown(library, [document_id], exported=EXPORTED))
    assert [] == tree.xpath("//script")
    links = [a.get("href") for a in tree.xpath("//a")]
    assert len(harbour_claims) == len(links) and all(link.startswith("claimmark://open?") for link in links)
    assert "<script>alert(1)</script>" in tree.text_content()


def test_several_documents_share_one_front_matter(harbour_library: tuple[Library, int]) -> None:
    """A combined export has one front matter for the file and one H1 per document."""
    library, document_id = harbour_library
    other, _ = library.import_document(Document(Metadata(title="Second"), [make_block("paragraph", "Body.")]))
    text = export_markdown(library, [document_id, other.id], exported=EXPORTED)
    assert 2 == text.count("\n---\n") + text.startswith("---\n") - 0
    front = front_matter_of(text)
    assert (2, 5, 2, 2) == (front["documents"], front["claims"], front["claims_opinion"], front["claims_quote"])
    assert [TITLE, "Second"] == [h.text_content() for h in render_body(text).xpath("//h1")]
    assert "*No claims tagged yet.*" in text and "By Marta Lindqvist · 2025-03-04" in text


def test_split_files_are_named_by_title(library: Library) -> None:
    """One note per document, named by its title made safe for file systems; clashes get the id."""
    ids = [
        library.import_document(Document(Metadata(title=title), [make_block("paragraph", body)]))[0].id
        for title, body in (("A/B: what? #1", "one"), ("A/B: what? #1", "two"), ("", "three"))
    ]
    names = [name for name, _ in markdown_files(library, ids)]
    assert ["A B what 1.md", f"A B what 1 ({ids[1]}).md", f"Document {ids[2]}.md"] == names


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("CON", "CON (note).md"),
        ("nul.txt", "nul (note).txt.md"),
        ("COM1", "COM1 (note).md"),
        ("Console", "Console.md"),
        ("  . Dots and spaces . ", "Dots and spaces.md"),
        ("a\tb\x7fc", "a b c.md"),
        ("Wiki [[link]] | x^y", "Wiki link x y.md"),
        ("日本語の記事" * 40, "日本語の記事" * 11 + ".md"),
    ],
)
def test_note_names_are_valid_everywhere(title: str, name: str) -> None:
    """Reserved Windows names, trailing dots, controls and link marks never reach a file name; 200 bytes at most."""
    import pathvalidate

    found = note_filename(title, 7, set())
    assert name == found and len(found.encode()) <= 203
    pathvalidate.validate_filename(found, platform="universal")


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("2021", "tag-2021"),
        ("C++", "C-plus-plus"),
        ("C#", "C-sharp"),
        ("R&D", "R-and-D"),
        ("🙂", "slightly-smiling-face"),
        ("👍🏽", "thumbs-up-sign"),
        ("café", "café"),
        ("日本語", "日本語"),
        ("US policy", "US-policy"),
        ("a; b", "a-b"),
        ("x/y", "x/y"),
        ("3.14", "tag-3-14"),
        ("_x_", "x"),
        ("!!!", "tag"),
    ],
)
def test_tags_follow_obsidians_rules(tag: str, slug: str) -> None:
    """Tags hold letters, digits, _ - / only and at least one letter; symbols become words, emoji their names."""
    assert slug == tag_slug(tag)


def test_claim_markdown_is_the_claim_block(harbour_library: tuple[Library, int], harbour_claims: list) -> None:
    """Copy as Markdown gives one claim: its blockquote, speaker, type label and link."""
    library, _ = harbour_library
    text = claim_markdown(library, harbour_claims[2][0])
    assert text.startswith("> We are not against visitors.") and "> — Mayor Ines Carvalho" in text
    assert "**Quote**" in text and f"annotation={harbour_claims[2][0]})" in text
    assert "\nTags: #C-plus-plus #slightly-smiling-face\n" in text and not text.startswith("#")


def _template_and_python_agree(library: Library, document_id: int) -> None:
    """The Jinja2 default template, the same run in the sandbox, and its Python twin write the same text."""
    document = next(document_exports(library, [document_id]))
    sandboxed = user_template('{% extends "default.md" %}')
    for group_by in ("type", "position"):
        for standalone in (True, False):
            variables = template_variables(document, group_by=group_by, exported=EXPORTED, standalone=standalone)
            python = render_default(variables)
            assert render(default_template(), variables) == python
            assert render(sandboxed, variables) == python


def test_default_template_and_its_python_twin_agree(harbour_cited: tuple[Library, int]) -> None:
    """For the harbour claims and for a document without any, the template and the Python rendering are identical."""
    library, document_id = harbour_cited
    _template_and_python_agree(library, document_id)
    empty, _ = library.import_document(Document(Metadata(author="A <b>"), [make_block("paragraph", "No claims.")]))
    _template_and_python_agree(library, empty.id)


def render_body(text: str) -> lxml_html.HtmlElement:
    """Parse Markdown (front matter dropped) with Python-Markdown into an HTML tree."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return lxml_html.fragment_fromstring(markdown.markdown(body), create_parent="div")


# -- escaping: nothing a user types changes the structure ----------------------------------------
HOSTILE = [
    "#",
    "# ",
    "## x",
    "---",
    "***",
    "___",
    "===",
    "`",
    "```",
    "~~~",
    "<script>alert(1)</script>",
    "<b>",
    "</p>",
    "<!--",
    "[x](javascript:alert(1))",
    "![i](http://x/i.png)",
    "<http://x>",
    "|",
    "| a | b |",
    "> ",
    ">",
    "1.",
    "1)",
    "2. ",
    "- ",
    "+ ",
    "* ",
    "*",
    "_",
    "\\",
    "&amp;",
    "&#60;",
    "&lt;",
    "{#id}",
    ":",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "a",
    "word",
    " ",
    "$x$",
    "[[link]]",
    "[^1]",
    "<div>",
    "\x02",
    "]",
    "(",
    ")",
]
user_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), max_size=12).map("".join)


def _line(text: str) -> str:
    return " ".join(make_block("paragraph", text).text.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=user_text,
    quotes=st.lists(user_text, min_size=1, max_size=3),
    note=user_text,
    speaker=user_text,
    tags=st.lists(user_text, max_size=3),
)
def test_user_text_cannot_change_structure(
    tmp_path_factory: object, title: str, quotes: list[str], note: str, speaker: str, tags: list[str]
) -> None:
    """Random user text exports to exactly 1 H1, one H2 per group, one blockquote per claim, each quote intact."""
    quotes = [q for q in (_line(q) for q in quotes) if q]
    if not quotes:
        return
    folder = tmp_path_factory.mktemp("escape")  # type: ignore[attr-defined]
    with Library(folder / "library.sqlite") as library:
        blocks = [make_block("paragraph", q) for q in quotes]
        summary, _ = library.import_document(Document(Metadata(title=title), blocks))
        text, offset = library.document_text(summary.id), 0
        types = ["fact", "opinion", "quote"]
        for index, block in enumerate(blocks):
            library.add_annotation(
                summary.id, offset, offset + len(block.text), types[index % 3], note=note, speaker=speaker, tags=tags
            )
            offset += len(block.text) + 1
        assert offset == len(text) + 1
        exported = export_markdown(library, [summary.id])
        tree = render_body(exported)
        _template_and_python_agree(library, summary.id)
    assert pandoc_text(title or "Untitled") == front_matter_of(exported)["title"]  # the YAML holds any title
    assert 0 == len(tree.xpath("//h1")) and min(3, len(quotes)) == len(tree.xpath("//h2"))
    assert [] == tree.xpath("//h3|//h4|//h5|//h6|//hr|//ul|//ol|//pre|//code|//table|//script|//img|//em")
    quoted = tree.xpath("//blockquote")
    assert len(quotes) == len(quoted)
    assert quotes == [" ".join(b.xpath("./p")[0].text_content().split()) for b in quoted]
    assert len(quotes) == len(tree.xpath("//a")) == len(tree.xpath("//a[starts-with(@href, 'claimmark://')]"))


@pytest.mark.parametrize("tag", ["<script>alert(1)</script>_#_## x", "_x_", "a-_-b", "*b*", "x__y__z", "`c`"])
def test_tags_never_render_as_markup(tag: str) -> None:
    """A topic tag renders as plain text: no emphasis, code or HTML however it was typed."""
    from storage.export.markdown_escape import tag_link

    tree = render_body(f"Tags: {tag_link(tag)} {tag_link('tax_policy')}")
    assert [] == tree.xpath("//em|//strong|//code|//script")
    assert tree.text_content().strip().endswith("#tax_policy")


@settings(max_examples=200, deadline=None)
@given(text=user_text)
def test_heading_text_renders_as_typed(text: str) -> None:
    """Any title written after "# " renders as one h1 showing exactly the title, whatever marks or entities it holds."""
    from storage.export.markdown_escape import escape_heading

    shown = " ".join(re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", text).split())
    if not shown:
        return
    tree = render_body(f"# {escape_heading(text)}\n\nBody.\n")
    assert [shown] == [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    assert [] == tree.xpath("//h1//*")


def test_exported_heading_keeps_a_title_bar_as_typed(library: Library) -> None:
    """A title's "|" is written as typed; an entity-like "&#124;" stays literal text; template and Python agree."""
    for title in ("A | B &#124; C", "Port | Harbour"):
        library.import_document(Document(Metadata(title=title), [make_block("paragraph", f"Text of {title}.")]))
    ids = [summary.id for summary in library.documents()]
    exported = export_markdown(library, ids)
    _template_and_python_agree(library, ids[0])
    headings = [line for line in exported.split("\n") if line.startswith("# ")]
    assert ["# A | B &amp;\\#124; C", "# Port | Harbour"] == sorted(headings)
    assert ["A | B &#124; C", "Port | Harbour"] == sorted(h.text_content() for h in render_body(exported).xpath("//h1"))
