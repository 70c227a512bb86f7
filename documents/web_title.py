"""A web page's title without the site around it: "Headline | DW | 19.01.2020" -> "Headline".

Pages put their site's name (and often a section, a tagline or a date) before or
after the headline, joined by a separator. Which segments belong to the site is
read from the page itself: its ``og:site_name``, ``application-name`` and
publisher, and the domain it was saved from. Segments that are only a date go
too. Nothing here knows any particular site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .dates import parse_date

# A dash or dot separator has space on both sides ("A - B", not "Ing-wen"); a colon has it after ("Site: A");
# "|" needs none ("Germany| News"). Only segments found to be the site's or a date are ever dropped.
_SEPARATOR = re.compile(r"\s*\|\s*|\s+[–—\-·•»]\s+|\s*:\s+")
_NUMERIC_DATE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
_NOT_WORD = re.compile(r"[\W_]+")
_COMMON_LABELS = ("www", "m", "amp", "mobile")
_ARTICLE = ("the",)
_BRAND_WORDS = 3


def site_keys(names: Iterable[str], url: str = "") -> set[str]:
    """The forms a site's name takes in its page titles, from its declared names and its address.

    "DW.COM" gives "dwcom" and "dw"; "The Guardian" gives "theguardian" and "guardian";
    "https://www.dw.com/en/x" gives "dw" and "dwcom".
    """
    keys: set[str] = set()
    for name in (*names, _host(url)):
        keys.update(_name_forms(name))
    return {key for key in keys if len(key) >= 2}


def clean_title(title: str, keys: set[str]) -> str:
    """Return title without leading or trailing segments naming the site (keys, see site_keys) or a date.

    Everything after a trailing site segment goes with it (a date, a section after the name);
    the headline itself, the first segment that is neither, always stays. HTML entities
    left in the text (a title escaped twice by its page) are decoded.
    """
    title = " ".join(_unescape(title).split())
    parts = _SEPARATOR.split(title)
    separators = _SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    first, last = 0, len(parts)
    while last - first > 1 and _is_date(parts[last - 1]):
        last -= 1
    site_at = next((i for i in range(last - 1, first, -1) if _is_site(parts[i], keys)), None)
    if site_at is not None:
        last = site_at
    while last - first > 1 and _is_date(parts[last - 1]):
        last -= 1
    while last - first > 1 and (_is_site(parts[first], keys) or _is_date(parts[first])):
        first += 1
    kept = [parts[first]]
    for index in range(first + 1, last):
        kept += [separators[index - 1], parts[index]]
    return "".join(kept).strip()


def _unescape(text: str) -> str:
    return html.unescape(text) if _ENTITY.search(text) else text


def _is_date(segment: str) -> bool:
    segment = segment.strip()
    return bool(_NUMERIC_DATE.fullmatch(segment)) or parse_date(segment) is not None


def _is_site(segment: str, keys: set[str]) -> bool:
    """The segment is the site's name, or a short brand that starts with it ("BBC News" on bbc.co.uk)."""
    if not keys:
        return False
    words = segment.split()
    return bool(_name_forms(segment) & keys) or (
        1 < len(words) <= _BRAND_WORDS and _NOT_WORD.sub("", words[0].casefold()) in keys
    )


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "") if "://" in url else ""
    except ValueError:
        return ""


def _name_forms(name: str) -> set[str]:
    """A name squeezed to letters and digits, with and without "www."/"the " and its last domain label."""
    name = name.strip().casefold()
    if not name:
        return set()
    labels = [label for label in name.split(".") if label]
    while len(labels) > 2 and labels[0] in _COMMON_LABELS:
        labels = labels[1:]
    forms = {_NOT_WORD.sub("", name), _NOT_WORD.sub("", ".".join(labels))}
    if len(labels) >= 2 and all(" " not in label for label in labels[-2:]):
        forms.add(_NOT_WORD.sub("", ".".join(labels[:-1])))  # "dw.com" -> "dw", "bbc.co.uk" -> "bbcco"
        if len(labels) >= 3 and len(labels[-2]) <= 3:
            forms.add(_NOT_WORD.sub("", ".".join(labels[:-2])))  # "bbc.co.uk" -> "bbc"
    words = name.split()
    if len(words) > 1 and words[0] in _ARTICLE:
        forms.add(_NOT_WORD.sub("", "".join(words[1:])))
    return {form for form in forms if form}
