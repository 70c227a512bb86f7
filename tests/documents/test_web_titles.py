"""Saved web pages: the headline as title and first heading, no site suffix, no "Read more" pointers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import load_path
from documents.web import parse_web_page
from documents.web_title import clean_title, site_keys

from ..conftest import WEB_PAGES, shared_file

PAGES = Path(__file__).parent / "pages"
SHARED_PAGES = [
    "lemire.me.json.html",
    "scmp.com.playbook.html",
    "theguardian.com.academics.html",
    "reuters.com.parasite.html",
    "nature.com.telescope.html",
    "salon.com.emissions.html",
]
POINTER_STARTS = ("read more", "see also", "related:", "read also", "also read")


def _page(head: str, body: str = "<p>" + "Words of the article itself, long enough to be kept. " * 4 + "</p>") -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


def test_news_page_keeps_its_headline_first_and_drops_related_links():
    """The <h1> opens the document as its first heading; "Read more:"/"See also:" link paragraphs are gone."""
    document = load_path(PAGES / "news-with-site-suffix.html")
    first = document.blocks[0]
    assert ("heading", 1, "Berlin summit agrees on a harbour cleanup plan") == (first.kind, first.level, first.text)
    assert "Berlin summit agrees on a harbour cleanup plan" == document.metadata.title
    assert "RELATEDONE" not in document.text and "RELATEDTWO" not in document.text
    assert "Environmental groups welcomed the agreement" in document.text
    assert "A follow-up meeting is planned for the autumn" in document.text


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:site_name" content="DW.COM">',
        '<meta name="application-name" content="DW">',
        '<link rel="canonical" href="https://www.dw.com/en/harbour/a-1">',
        '<meta property="og:url" content="https://m.dw.com/en/harbour/a-1">',
    ],
)
def test_site_suffix_is_cut_by_what_the_page_says_about_its_site(head):
    """Without a matching <h1>, the title loses "| DW | 19.01.2020" found from site name, app name or domain."""
    page = _page(f"<title>Harbour cleanup plan agreed | DW | 19.01.2020</title>{head}")
    assert "Harbour cleanup plan agreed" == parse_web_page(page, "x.html").metadata.title


@pytest.mark.parametrize(
    ("title", "names", "url", "expected"),
    [
        ("Harbour plan | News | DW | 19.01.2020", ["DW.COM"], "", "Harbour plan | News"),
        ("The Guardian: Harbour plan agreed", ["The Guardian"], "", "Harbour plan agreed"),
        ("Harbour plan agreed - Guardian", ["The Guardian"], "", "Harbour plan agreed"),
        ("Harbour plan agreed | BBC News", [], "https://www.bbc.co.uk/news/x", "Harbour plan agreed"),
        ("Harbour plan agreed - BBC", [], "https://www.bbc.co.uk/news/x", "Harbour plan agreed"),
        ("Harbour plan agreed · Example Times · 2020-01-19", ["Example Times"], "", "Harbour plan agreed"),
        ("DW", ["DW.COM"], "", "DW"),
        ("Harbour &#124; plan &amp; port | DW", ["DW"], "", "Harbour | plan & port"),
        ("Reuters", [], "https://reuters.com/a", "Reuters"),
        ("Rivers - how they remember floods | A study", [], "", "Rivers - how they remember floods | A study"),
        ("Rivers - how they remember floods | A study", ["Example"], "", "Rivers - how they remember floods | A study"),
    ],
)
def test_clean_title(title, names, url, expected):
    """clean_title drops leading/trailing site and date segments, keeps the headline, decodes leftover entities."""
    assert expected == clean_title(title, site_keys(names, url))


@pytest.fixture(scope="module")
def expected() -> dict:
    """The ground truth for the shared saved pages."""
    return json.loads(shared_file(WEB_PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", SHARED_PAGES)
def test_shared_page_title_heading_and_no_pointers(page, expected):
    """Each shared page: ground-truth title, that headline as first heading, no "Read more"-style lines."""
    document = load_path(shared_file(WEB_PAGES / page))
    title = expected[page]["title"]
    assert title == document.metadata.title
    assert ("heading", title) == (document.blocks[0].kind, document.blocks[0].text)
    pointers = [line for line in document.text.split("\n") if line.strip().lower().startswith(POINTER_STARTS)]
    assert [] == pointers


@settings(max_examples=300, deadline=None)
@given(
    segments=st.lists(
        st.sampled_from(["DW", "Harbour plan", "19.01.2020", "News", "dw.com", "A - B", "x"]), max_size=5
    ),
    separators=st.lists(st.sampled_from([" | ", " - ", ": ", " · ", "|"]), min_size=4, max_size=4),
    names=st.lists(st.sampled_from(["DW.COM", "The Guardian", "", "News"]), max_size=2),
)
def test_clean_title_keeps_a_piece_of_the_title(segments, separators, names):
    """Whatever the segments and site names, the cleaned title is a non-empty run of the title's own text."""
    title = "".join(part + (separators[i] if i < len(segments) - 1 else "") for i, part in enumerate(segments))
    if not title.strip():
        return
    cleaned = clean_title(title, site_keys(names, "https://www.dw.com/x"))
    assert cleaned and cleaned in " ".join(title.split())
