"""The Markdown export: golden files for the TRT article, escaping of user text, front matter, files."""

from __future__ import annotations

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
from storage.export.markdown import claim_markdown, export_markdown, markdown_files, template_variables
from storage.export.markdown_default import render_default

GOLDEN = Path(__file__).parent / "golden"
EXPORTED = "2024-05-21T10:00:00.000+00:00"  # as the exported_stamp fixture


def _normalised(library: Library, document_id: int, text: str) -> str:
    """Replace what differs between machines and runs (paths, import time) by placeholders."""
    summary = library.document_summary(document_id)
    text = text.replace(quote(str(library.path.resolve()), safe=""), "{LIBRARY}")
    return text.replace(summary.source, "{SOURCE}").replace(summary.imported, "{IMPORTED}")


def test_golden_grouped_by_type(trt_library: tuple[Library, int]) -> None:
    """The default export of the TRT article with the fixed claims is exactly the golden file."""
    library, document_id = trt_library
    text = export_markdown(library, [document_id], exported=EXPORTED)
    assert (GOLDEN / "trt_by_type.md").read_text(encoding="utf-8") == _normalised(library, document_id, text)


def test_golden_in_reading_order(trt_library: tuple[Library, int]) -> None:
    """--group-by position gives the golden reading-order file, each claim labelled with its type."""
    library, document_id = trt_library
    text = export_markdown(library, [document_id], group_by="position", exported=EXPORTED)
    assert (GOLDEN / "trt_by_position.md").read_text(encoding="utf-8") == _normalised(library, document_id, text)


def test_front_matter_is_yaml_with_counts_and_tags(trt_library: tuple[Library, int]) -> None:
    """The front matter parses as YAML and carries title, dates, counts per type and the tags."""
    library, document_id = trt_library
    text = export_markdown(library, [document_id], exported=EXPORTED)
    front = yaml.safe_load(text.split("---\n")[1])
    assert "As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan" == front["title"]
    assert ("2024-05-13", EXPORTED) == (front["published"], front["exported"])
    assert {"fact": 1, "opinion": 1, "quote": 2} == front["claims"]
    assert ["Daesh-K", "history", "sanctions", "US-policy"] == front["tags"]


def test_rendered_golden_has_no_html_from_notes(trt_library: tuple[Library, int], trt_claims: list) -> None:
    """Rendered, the export has one link per claim and no script or javascript link from a note."""
    library, document_id = trt_library
    tree = _render(export_markdown(library, [document_id], exported=EXPORTED))
    assert [] == tree.xpath("//script")
    links = [a.get("href") for a in tree.xpath("//a")]
    assert len(trt_claims) == len(links) and all(link.startswith("claimmark://open?") for link in links)
    assert "<script>alert(1)</script>" in tree.text_content()


def test_several_documents_share_one_front_matter(trt_library: tuple[Library, int], tmp_path: Path) -> None:
    """A combined export has one front matter for the file and one H1 per document."""
    library, document_id = trt_library
    other, _ = library.import_document(Document(Metadata(title="Second"), [make_block("paragraph", "Body.")]))
    text = export_markdown(library, [document_id, other.id], exported=EXPORTED)
    assert 2 == text.count("\n---\n") + text.startswith("---\n") - 0
    front = yaml.safe_load(text.split("---\n")[1])
    assert (2, {"fact": 1, "opinion": 1, "quote": 2}) == (front["documents"], front["claims"])
    assert ["As the West looks to Ukraine, Daesh-K continues to threaten Afghanistan", "Second"] == [
        h.text_content() for h in _render(text).xpath("//h1")
    ]
    assert "*No claims tagged yet.*" in text


def test_split_files_are_named_by_title(library: Library) -> None:
    """One note per document, named by its title made safe for file systems; clashes get the id."""
    ids = [
        library.import_document(Document(Metadata(title=title), [make_block("paragraph", body)]))[0].id
        for title, body in (("A/B: what? #1", "one"), ("A/B: what? #1", "two"), ("", "three"))
    ]
    names = [name for name, _ in markdown_files(library, ids)]
    assert ["A B what 1.md", f"A B what 1 ({ids[1]}).md", f"Document {ids[2]}.md"] == names


def test_claim_markdown_is_the_claim_block(trt_library: tuple[Library, int], trt_claims: list) -> None:
    """Copy as Markdown gives one claim: its blockquote, speaker, type label and link."""
    library, _ = trt_library
    text = claim_markdown(library, trt_claims[2][0])
    assert text.startswith("> It is only a matter of time") and "> — Rabia Akhtar" in text
    assert "**Quote**" in text and f"annotation={trt_claims[2][0]})" in text and "#" not in text.split("·")[0]


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


def test_default_template_and_its_python_twin_agree(trt_library: tuple[Library, int]) -> None:
    """For the TRT claims and for a document without any, the template and the Python rendering are identical."""
    library, document_id = trt_library
    _template_and_python_agree(library, document_id)
    empty, _ = library.import_document(Document(Metadata(author="A <b>"), [make_block("paragraph", "No claims.")]))
    _template_and_python_agree(library, empty.id)


def _render(text: str) -> lxml_html.HtmlElement:
    """Parse Markdown (front matter dropped) with Python-Markdown into an HTML tree."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return lxml_html.fragment_fromstring(markdown.markdown(body), create_parent="div")


# -- escaping: nothing a user types changes the structure ----------------------------------------
HOSTILE = [
    "#", "# ", "## x", "---", "***", "___", "===", "`", "```", "~~~", "<script>alert(1)</script>", "<b>",
    "</p>", "<!--", "[x](javascript:alert(1))", "![i](http://x/i.png)", "<http://x>", "|", "| a | b |",
    "> ", ">", "1.", "1)", "2. ", "- ", "+ ", "* ", "*", "_", "\\", "&amp;", "&#60;", "&lt;", "{#id}", ":",
    "    ", "\t", "\n", "\n\n", "a", "word", " ", "$x$", "[[link]]", "[^1]", "<div>", "\x02", "]", "(", ")",
]  # fmt: skip
user_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), max_size=12).map("".join)


def _line(text: str) -> str:
    return " ".join(make_block("paragraph", text).text.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=user_text, quotes=st.lists(user_text, min_size=1, max_size=3), note=user_text, speaker=user_text,
       tags=st.lists(user_text, max_size=3))  # fmt: skip
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
            library.add_annotation(summary.id, offset, offset + len(block.text), types[index % 3], note=note,
                                   speaker=speaker, tags=tags)  # fmt: skip
            offset += len(block.text) + 1
        assert offset == len(text) + 1
        tree = _render(export_markdown(library, [summary.id]))
        _template_and_python_agree(library, summary.id)
    assert 1 == len(tree.xpath("//h1")) and min(3, len(quotes)) == len(tree.xpath("//h2"))
    assert [] == tree.xpath("//h3|//h4|//h5|//h6|//hr|//ul|//ol|//pre|//code|//table|//script|//img|//em")
    quoted = tree.xpath("//blockquote")
    assert len(quotes) == len(quoted)
    assert quotes == [" ".join(b.xpath("./p")[0].text_content().split()) for b in quoted]
    assert len(quotes) == len(tree.xpath("//a")) == len(tree.xpath("//a[starts-with(@href, 'claimmark://')]"))


@pytest.mark.parametrize("tag", ["<script>alert(1)</script>_#_## x", "_x_", "a-_-b", "*b*", "x__y__z", "`c`"])
def test_tags_never_render_as_markup(tag: str) -> None:
    """A topic tag renders as plain text: no emphasis, code or HTML however it was typed."""
    from storage.export.markdown_escape import tag_link

    tree = _render(f"Tags: {tag_link(tag)} {tag_link('tax_policy')}")
    assert [] == tree.xpath("//em|//strong|//code|//script")
    assert tree.text_content().strip().endswith("#tax_policy")
