"""Comparing documents' addresses: the same page under the spellings tools give it.

Hypothesis records the address the browser showed, a saved page names its
canonical URL, a fetch ends wherever redirects led. Two addresses name the same
page when they agree after: scheme ``http``/``https`` treated alike, host in
lower case, default port, fragment and trailing slash dropped, tracking
parameters (``utm_*``, ``fbclid``, ...) dropped and the rest sorted. Anything
that is not http(s) (``urn:x-pdf:…``, ``doi:…``) is compared as given; a
``file://`` URL as its path.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

_TRACKING = ("utm_", "fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "igshid", "_ga", "ocid", "cmpid")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=65536)  # a file names the same few pages thousands of times
def address_key(address: str) -> str:
    """Return the form under which two spellings of one document's address compare equal ("" for none)."""
    address = address.strip()
    if not address:
        return ""
    lowered = address.lower()
    if lowered.startswith("file://"):
        return unquote(urlsplit(address).path)
    if not lowered.startswith(("http://", "https://")):
        return address
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        return address
    host = (parts.hostname or "").rstrip(".")
    if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k))
    path = parts.path.rstrip("/") or ""
    return f"//{host}{path}" + (f"?{urlencode(query)}" if query else "")


def file_path(address: str) -> str:
    """Return the local path of a file:// URL, else ""."""
    return unquote(urlsplit(address).path) if address.lower().startswith("file://") else ""


def _tracking(name: str) -> bool:
    return name.lower().startswith(_TRACKING)
