"""Saved web pages: the article and its metadata, without the site around it."""

from __future__ import annotations

import json

import pytest

from documents import load_document, load_path
from documents.web import parse_web_page

from ..conftest import WEB_PAGES, shared_file

PAGE_NAMES = [
    "lemire.me.json.html",
    "scmp.com.playbook.html",
    "theguardian.com.academics.html",
    "reuters.com.parasite.html",
    "nature.com.telescope.html",
    "salon.com.emissions.html",
]
# The page names its canonical URL without the headline's slug; the ground truth has the address it was
# saved from (a hreflang alternate of the same article).
URL_DIFFERS = {"reuters.com.parasite.html": "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH"}
# Ground-truth phrases our extractor is known to miss or keep, each for a stated reason.
KNOWN_MISSES = {
    # The article data the page embeds holds this paragraph; the reference text was cut short before it.
    ("scmp.com.playbook.html", "without", "Lam staying on as chief executive"),
}

SITE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>How Rivers Remember Floods | The Daily Example</title>
<meta property="og:title" content="Rivers remember">
<meta property="article:published_time" content="2023-04-05T08:00:00Z">
<meta name="author" content="Jo Rivera">
<script type="application/ld+json">
{"@type": "NewsArticle", "datePublished": "2023-04-05", "author": {"name": "Jo Rivera"}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World NAVLINK</a></nav></header>
<div class="cookie-banner">We use cookies COOKIEBANNER. <button>Accept</button></div>
<main><h1>How Rivers Remember Floods</h1>
<p class="editors-note">This story first appeared in River Weekly.</p>
<article>
<div class="share-bar"><a href="https://twitter.example/share">Share on Twitter SHAREBUTTON</a></div>
<p>Rivers carry a record of every flood in the sediment they leave behind, and geologists have learned to read it.</p>
<h2>Layers of mud</h2>
<p>Each flood lays down a band of fine mud that settles when the water slows, a layer geologists can date.</p>
<blockquote><p>The river writes its own diary, one muddy page at a time.</p></blockquote>
<ul><li>Fine silt marks slow water.</li><li>Coarse sand marks fast water.</li></ul>
<p>Reading those layers lets scientists estimate how often large floods return, which matters for towns.</p>
<p><img src="https://cdn.example/river.jpg"><br><em>(Credit: Example Photo Agency)</em></p>
<p>With climate change, the past record is a baseline, not a forecast, say the authors of the new study.</p>
</article>
<aside class="related-stories"><h3>Related stories</h3><a href="/other">RELATEDSTORY about dams</a></aside>
<div id="respond" class="comment-respond"><h3>Leave a Reply LEAVEREPLY</h3><form><textarea></textarea></form></div>
</main>
<footer>Copyright FOOTERTEXT 2023 The Daily Example</footer>
</body></html>"""


@pytest.fixture(scope="module")
def expected() -> dict:
    """The ground truth for the shared saved pages."""
    return json.loads(shared_file(WEB_PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_shared_page_has_its_article_text(page, expected):
    """Every 'with' phrase of a shared page is in the canonical text and no 'without' phrase is."""
    document = load_path(shared_file(WEB_PAGES / page))
    truth = expected[page]
    missing = [p for p in truth["with"] if p not in document.text and (page, "with", p) not in KNOWN_MISSES]
    present = [p for p in truth["without"] if p in document.text and (page, "without", p) not in KNOWN_MISSES]
    assert ([], []) == (missing, present)


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_shared_page_metadata_matches(page, expected):
    """Title, author and publication date of a shared page match the ground truth."""
    document = load_path(shared_file(WEB_PAGES / page))
    truth = expected[page]
    meta = document.metadata
    assert (truth["title"], truth["author"], truth["date"]) == (meta.title, meta.author, meta.published)
    assert "html" == meta.format


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_shared_page_url_is_its_canonical_address(page, expected):
    """A saved page's url is its canonical (or og:url) address: the ground truth's, except where the page differs."""
    document = load_path(shared_file(WEB_PAGES / page))
    assert URL_DIFFERS.get(page, expected[page]["url"]) == document.metadata.url
    assert str(shared_file(WEB_PAGES / page).resolve()) == document.metadata.source


def test_canonical_link_beats_og_url_and_relative_hrefs_are_ignored():
    """rel=canonical wins over og:url; a relative canonical href (no base to resolve it) falls back to og:url."""
    head = "<meta property='og:url' content='http://example.org/og'>"
    canonical = "<link rel='canonical' href='https://example.org/canonical'>"
    relative = "<link rel='canonical' href='/relative'>"
    urls = [parse_web_page(SITE_PAGE.replace("</head>", extra + head + "</head>").encode(), "x").metadata.url
            for extra in (canonical, relative)]  # fmt: skip
    assert ["https://example.org/canonical", "http://example.org/og"] == urls
    assert "" == parse_web_page(SITE_PAGE.encode(), "river").metadata.url


def test_known_misses_are_still_misses(expected):
    """The listed known misses are real: if the extractor starts getting one right, the list must shrink."""
    for page, kind, phrase in KNOWN_MISSES:
        text = load_path(shared_file(WEB_PAGES / page)).text
        assert (phrase in text) == (kind == "without"), (page, phrase)


def test_site_furniture_is_left_out():
    """Navigation, cookie banners, share buttons, related stories, comment forms, credits and footers are dropped."""
    text = parse_web_page(SITE_PAGE.encode(), "river").text
    for furniture in ("NAVLINK", "COOKIEBANNER", "SHAREBUTTON", "RELATEDSTORY", "LEAVEREPLY", "FOOTERTEXT", "Credit:"):
        assert furniture not in text
    assert "Rivers carry a record of every flood" in text
    assert text.startswith("How Rivers Remember Floods\nThis story first appeared in River Weekly.")
    assert "say the authors of the new study." in text


def test_article_structure_survives_extraction():
    """Headings, block quotes and list items of the article keep their kinds."""
    blocks = parse_web_page(SITE_PAGE.encode(), "river").blocks
    kinds = {block.text: block.kind for block in blocks}
    assert "heading" == kinds["Layers of mud"]
    assert "quote" == kinds["The river writes its own diary, one muddy page at a time."]
    assert "list_item" == kinds["Coarse sand marks fast water."]


def test_page_metadata_prefers_the_visible_headline_and_published_date():
    """The <h1> that the <title> starts with beats a shorter og:title; the published time is the date."""
    meta = parse_web_page(SITE_PAGE.encode(), "river").metadata
    assert ("How Rivers Remember Floods", "Jo Rivera", "2023-04-05") == (meta.title, meta.author, meta.published)


def test_page_without_an_article_falls_back_to_its_body():
    """A tiny page with nothing extraction calls an article still opens with its body text."""
    document = load_document(b"<html><body><p>Just one short line.</p></body></html>", "tiny.html")
    assert "Just one short line." == document.text


def test_page_title_falls_back_to_file_name():
    """A page with no title anywhere is named after its file."""
    document = load_document(b"<p>Some words without any title at all.</p>", "untitled-note.htm")
    assert "untitled-note" == document.metadata.title


def test_declared_charset_is_honoured():
    """A page declaring windows-1252 decodes its accented letters correctly."""
    page = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e.</p>'
    document = load_document(page.encode("cp1252"), "cafe.html")
    assert "Crème brûlée." in document.text


def test_links_keep_only_safe_targets():
    """Links in an extracted page keep http(s) and mailto targets and lose javascript: and file: ones."""
    page = (
        "<html><body><article><p>Read <a href='https://example.org/a'>this</a>, not "
        "<a href='javascript:alert(1)'>that</a> or <a href='file:///etc/passwd'>those</a>, "
        "and write to <a href='mailto:ed@example.org'>the editor</a> about the paragraph here.</p>"
        "</article></body></html>"
    )
    blocks = load_document(page.encode(), "links.html").blocks
    hrefs = {span.href for block in blocks for span in block.spans if span.kind == "link"}
    assert {"https://example.org/a", "mailto:ed@example.org"} == hrefs


def test_client_rendered_page_uses_its_embedded_article():
    """A page whose body is empty but whose scripts embed the article as a DOM tree opens with that article."""
    body = "The council voted on Tuesday to rebuild the old bridge. Work starts in spring and takes two years."
    first = "The council voted on Tuesday to rebuild the old bridge."
    tree = [
        {"type": "p", "children": [{"type": "text", "data": first}]},
        {"type": "h3", "children": [{"type": "a", "attribs": {"href": "https://news.example/other"},
                                     "children": [{"type": "text", "data": "Teaser for another story"}]}]},
        {"type": "p", "children": [{"type": "text", "data": "Work starts in spring and takes two years."}]},
    ]  # fmt: skip
    ld = {"@type": "NewsArticle", "headline": "Bridge", "articleBody": body, "datePublished": "2022-02-02"}
    page = (
        f"<html><head><title>Bridge vote</title><script type='application/ld+json'>{json.dumps(ld)}</script>"
        f"<script>window.__STATE__={json.dumps({'article': {'content': tree}})};</script></head>"
        "<body><div id='app'><p>Loading…</p></div></body></html>"
    )
    document = load_document(page.encode(), "bridge.html")
    assert "The council voted on Tuesday to rebuild the old bridge.\nWork starts in spring and takes two years." == (
        document.text
    )
    assert "2022-02-02" == document.metadata.published


BLOG_PAGE = """<html><head><title>Kitchen Physics | Why Tea Cools Faster In Thin Cups</title></head>
<body><div id="page" class="site has-social-sidebar"><header><nav><a href="/">Home NAVHOME</a></nav></header>
<div class="post"><h1 class="entry-title">Why Tea Cools Faster In Thin Cups</h1>
<div class="entry-meta">Posted on <time datetime="2021-11-02">November 2, 2021</time>
by <a rel="author" href="/author/sam">Sam Boil</a></div>
<div class="entry-content">
<p>Heat leaves a cup of tea in three ways: through the surface of the liquid, through the walls and by radiation.</p>
<p>A thin porcelain cup has little mass to warm up, so at first it steals less heat than a thick mug does.</p>
<h2>The walls matter</h2>
<p>After the first minute the thin wall passes heat to the air faster, and the tea cools sooner than in a mug.</p>
</div>
<div class="sharedaddy sd-sharing-enabled"><h3>Share this: SHARETHIS</h3></div>
<div class="jp-relatedposts"><h3>Related</h3><p>RELATEDPOST about soup</p></div></div>
<div id="comments"><ol class="comment-list"><li><div class="comment-content">
<p>Great explanation, I always wondered about this effect with my grandmother's cups.</p></div></li></ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply REPLYFORM</h3><form><p>Email FORMTEXT</p></form></div></div>
<footer>Proudly powered by WordPress POWERED</footer></div></body></html>"""


def test_blog_page_without_article_element():
    """A blog post in a wrapper whose class mentions "social" keeps its text and comments, not its furniture."""
    document = load_document(BLOG_PAGE.encode(), "tea.html")
    text = document.text
    assert "The walls matter" in text and "the tea cools sooner than in a mug." in text
    assert "Great explanation, I always wondered" in text
    for furniture in ("NAVHOME", "SHARETHIS", "RELATEDPOST", "REPLYFORM", "FORMTEXT", "POWERED"):
        assert furniture not in text
    meta = document.metadata
    assert ("Why Tea Cools Faster In Thin Cups", "Sam Boil", "2021-11-02") == (meta.title, meta.author, meta.published)


def test_client_rendered_page_without_dom_data_uses_the_article_body():
    """A page whose only article text is its JSON-LD articleBody opens with that text, one paragraph per line."""
    ld = {"@type": "Article", "articleBody": "First line of the story, long enough.\nSecond line of the story."}
    page = (
        f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body><p>Hi</p></body></html>"
    )
    document = load_document(page.encode(), "story.html")
    assert "First line of the story, long enough.\nSecond line of the story." == document.text
