"""What a saved web page says about itself: headline, author, publication date, site name.

Explicit publication metadata (JSON-LD ``datePublished``, ``article:published_time``
and friends) wins over trafilatura's guesses, which sometimes pick the date a page
was last modified; the page's visible ``<h1>`` headline wins over a shorter
social-media title when the page's ``<title>`` starts with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml is loaded when the first page is parsed, not when Claimmark starts
    from lxml import html as lxml_html

from .dates import parse_date
from .web_title import clean_title, site_keys

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "dc.date", "dc.date.issued",
    "dcterms.created", "citation_publication_date", "prism.publicationdate", "parsely-pub-date",
    "sailthru.date", "publish-date", "pubdate", "date",
)  # fmt: skip
_AUTHOR_META = ("author", "article:author", "og:article:author", "dc.creator", "citation_author", "parsely-author")
_BYLINE_PREFIX = re.compile(
    r"^(?:view all posts by|all posts by|posts by|posted by|written by|words by|story by|author:|by)\s+", re.I
)
_BYLINE_PATHS = (
    '//*[@itemprop="author"]//*[@itemprop="name"]',
    '//*[@itemprop="author"]',
    '//a[@rel="author"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " author ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]',
)
_SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_NAME_MIN, _NAME_MAX = 3, 60
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—\-:·•»]\s+")
_TITLE_SEPARATOR_AT_END = re.compile(r"\s+[|–—\-:·•»]\s+$")


@dataclass
class PageFacts:
    """Metadata read straight from a page's markup."""

    headline: str = ""
    published: str = ""
    author: str = ""
    site_name: str = ""
    article_body: str = ""  # JSON-LD articleBody, the text of client-rendered pages
    url: str = ""  # the page's own address: <link rel="canonical">, else og:url (absolute http(s) only)
    site_keys: set[str] = field(default_factory=set)  # the site's names as titles spell them (see web_title)


def read_page_facts(tree: lxml_html.HtmlElement) -> PageFacts:
    """Collect headline, date, author, site name and JSON-LD article body from a parsed page."""
    facts = PageFacts()
    articles = [item for item in _json_ld_items(tree) if _is_article(item)]
    for item in articles:
        facts.published = facts.published or _iso(item.get("datePublished")) or _iso(item.get("dateCreated"))
        facts.author = facts.author or _person_name(item.get("author"))
        facts.site_name = facts.site_name or _person_name(item.get("publisher"))
        body = item.get("articleBody")
        if isinstance(body, str) and len(body) > len(facts.article_body):
            facts.article_body = body
    metas = _meta_values(tree)
    facts.published = facts.published or next((d for k in _PUBLISHED_META if (d := _iso(metas.get(k)))), "")
    facts.author = facts.author or next((v for k in _AUTHOR_META if (v := metas.get(k, "")) and "/" not in v), "")
    facts.author = facts.author or _byline_author(tree)
    facts.site_name = facts.site_name or metas.get("og:site_name", "")
    facts.url = _canonical_url(tree) or _absolute(metas.get("og:url", ""))
    names = (facts.site_name, *(metas.get(key, "") for key in _SITE_NAME_META))
    facts.site_keys = site_keys(names, facts.url or metas.get("og:url", ""))
    facts.headline = _headline(tree, facts.site_keys)
    return facts


def clean_author(author: str) -> str:
    """Strip byline boilerplate ("View all posts by", "By") and URLs from an author string."""
    author = " ".join(author.split())
    author = _BYLINE_PREFIX.sub("", author)
    parts = [part.strip() for part in author.split(";") if part.strip() and "://" not in part]
    return "; ".join(parts)


def iso_date(value: object) -> str:
    """Return the YYYY-MM-DD date at the start of value, or "" when there is none."""
    return _iso(value)


def _iso(value: object) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return ""
    match = _ISO_DATE.match(value.strip())
    if match:
        return "-".join(match.groups())
    return parse_date(value) or ""


def _headline(tree: lxml_html.HtmlElement, keys: set[str]) -> str:
    """Return the <h1> that the page's <title> begins or ends with, or is once the site's name is off, if any."""
    titles = tree.xpath("//head/title | /html/title")
    title = " ".join(titles[0].text_content().split()) if titles else ""
    if not title:
        return ""
    bare = clean_title(title, keys)
    for heading in tree.iter("h1"):
        text = " ".join(heading.text_content().split())
        if len(text) < 4:
            continue
        if title == text or bare == text:
            return text
        if title.startswith(text) and _TITLE_SEPARATORS.match(title[len(text) :]):
            return text
        if title.endswith(text) and _TITLE_SEPARATOR_AT_END.search(title[: -len(text)]):
            return text
    return ""


def _canonical_url(tree: lxml_html.HtmlElement) -> str:
    """The href of the page's first <link rel="canonical"> that is an absolute http(s) URL ("" if none)."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (url := _absolute(link.get("href") or "")):
            return url
    return ""


def _absolute(url: str) -> str:
    """url when it is an absolute http(s) URL without spaces, else "" (a relative href has no base here)."""
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in url) else ""


def _byline_author(tree: lxml_html.HtmlElement) -> str:
    """Return the author named by byline markup (itemprop, rel="author", class "author"), if any."""
    for path in _BYLINE_PATHS:
        for element in tree.xpath(path)[:3]:
            name = clean_author(element.text_content())
            if _NAME_MIN <= len(name) <= _NAME_MAX and "@" not in name:
                return name
    return ""


def _meta_values(tree: lxml_html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content and key not in values:
            values[key] = content
    return values


def _json_ld_items(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _flatten(data)


def _flatten(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph"), depth + 1)


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(n, str) and (n.endswith("Article") or n in ("BlogPosting", "Report")) for n in names)


def _person_name(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(name for item in value if (name := _person_name(item)))
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and "://" not in value else ""
