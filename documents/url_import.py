"""Import an article from an http(s) URL: the one place Claimmark reaches the network.

Only an explicit user request calls load_url. The fetch has a timeout (for
reaching the server, name lookup included: url_connect.py), a size
cap (read in chunks, so a lying or missing Content-Length cannot get past it),
a redirect limit, and refuses any scheme but http and https, also on
redirects. The bytes then go through the same importers as files. Each way a
fetch fails is one sentence for the user (fetch_errors.py).
"""

from __future__ import annotations

import ipaddress
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import DocumentError, DocumentTooLarge, FetchError, UnsupportedFormat
from .model import Document

if TYPE_CHECKING:  # the HTTP client loads with the first fetch, not with the package
    import urllib.request
    from email.message import Message

# Seconds for reaching the server (name lookup, connection, TLS) together, and for each wait for data after.
# A name the resolver says does not exist fails at once.
DEFAULT_TIMEOUT = 10.0
DEFAULT_URL_SIZE_CAP = 20 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_USER_AGENT = "Claimmark/0.1 (article import)"
_CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".xhtml", "text/plain": ".txt", "text/markdown": ".md",
    "application/pdf": ".pdf", "application/epub+zip": ".epub",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}  # fmt: skip
_GENERIC_TYPES = ("", "text/plain", "application/octet-stream")
_ALLOWED_SCHEMES = ("http", "https")


def is_url(text: str) -> bool:
    """Return whether text looks like an http or https URL (rather than a file path)."""
    return text.lower().startswith(("http://", "https://"))


def load_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    size_cap: int = DEFAULT_URL_SIZE_CAP,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Document:
    """Fetch url and import it like a file of its content type; record url as the source.

    The document's url is the page's own canonical address when it names one, else the URL
    the fetch ended at after redirects.

    Raises:
        UnsupportedFormat: the URL is not http(s), or its content type is not one we read.
        FetchError: the server could not be reached, answered with an error, or redirected too often.
        DocumentTooLarge: the response is larger than size_cap.
        DocumentError: any reason the fetched content cannot become a Document.
    """
    from .loader import load_document  # (is_url, which the window asks at start, needs no importer)

    url = url.strip()
    _check_scheme(url, url)
    data, final_url, headers = _fetch(url, timeout, size_cap, max_redirects)
    name = _file_name(final_url, headers)
    try:
        document = load_document(data, name)
    except DocumentError as error:  # name the URL the user gave, not the file name made up for it
        message = str(error).removeprefix(f"{name}: ")
        raise type(error)(f"{url}: {message}") from None
    document.metadata.source = url
    document.metadata.url = document.metadata.url or final_url  # the page's canonical URL, else where redirects led
    return document


def _check_scheme(url: str, original: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsupportedFormat(f"{original}: not a valid URL") from None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.hostname:
        raise UnsupportedFormat(f"{original}: only http:// and https:// URLs can be imported")


def _redirect_handler(original: str, max_redirects: int) -> urllib.request.HTTPRedirectHandler:
    """A redirect handler that follows at most max_redirects hops, to http(s) only."""
    import urllib.request

    class LimitedRedirects(urllib.request.HTTPRedirectHandler):
        max_repeats = max_redirects
        max_redirections = max_redirects

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            _check_scheme(newurl, original)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return LimitedRedirects()


def _opener(url: str, max_redirects: int) -> urllib.request.OpenerDirector:
    """An opener that speaks only http(s) (no file:, ftp: or data:), limits redirects, never proxies loopback."""
    import urllib.request

    from .url_connect import ConnectWithinHTTPHandler, ConnectWithinHTTPSHandler

    proxies: dict[str, str] | None = {} if _is_loopback(urlsplit(url).hostname or "") else None
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(proxies),
        ConnectWithinHTTPHandler(),
        ConnectWithinHTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _redirect_handler(url, max_redirects),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    opener.addheaders = [("User-Agent", _USER_AGENT), ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")]
    return opener


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fetch(url: str, timeout: float, size_cap: int, max_redirects: int) -> tuple[bytes, str, Message]:
    """Download url: one friendly FetchError (see fetch_errors) for each way that can fail."""
    import urllib.error

    from .fetch_errors import connection_failure, status_failure

    try:
        with _opener(url, max_redirects).open(url, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > size_cap:
                raise _too_large(url, size_cap)
            data = _read_capped(response, url, size_cap)
            return data, response.geturl(), response.headers
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            message = f"{url} redirects too many times (more than {max_redirects}) — the site may be set up wrongly."
            raise FetchError.of_kind("redirects", message) from None
        raise status_failure(error.code, error.reason, url) from None
    except urllib.error.URLError as error:
        reason = error.reason if isinstance(error.reason, BaseException) else error
        raise connection_failure(reason, url, timeout) from None
    except (OSError, ValueError) as error:  # timeouts while reading, reset connections, bad status lines
        raise connection_failure(error, url, timeout) from None


def _too_large(url: str, size_cap: int) -> DocumentTooLarge:
    return DocumentTooLarge(f"The page at {url} is larger than Claimmark's limit of {_size(size_cap)}.")


def _size(count: int) -> str:
    """A byte count as a reader says it: "20 MB", "98 KB"."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    return f"{max(1, round(count / 1024))} KB"


def _read_capped(response: object, url: str, size_cap: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(_CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > size_cap:
            raise _too_large(url, size_cap)
        chunks.append(chunk)


def _file_name(url: str, headers: Message) -> str:
    """Name the download so the loader picks its importer.

    A specific content type decides; for generic ones (text/plain, octet-stream, none)
    a suffix the URL itself carries (".md", ".epub", ...) wins.
    """
    from .loader import supported_suffixes

    path = unquote(urlsplit(url).path)
    stem = posixpath.basename(path.rstrip("/")) or urlsplit(url).hostname or "page"
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    own_suffix = posixpath.splitext(stem)[1].lower()
    if content_type in _GENERIC_TYPES and own_suffix in supported_suffixes():
        return stem
    suffix = _CONTENT_TYPES.get(content_type)
    if suffix is None:
        if content_type and content_type not in _GENERIC_TYPES:
            raise UnsupportedFormat(
                f"The address {url} gives a {content_type} file, not a page Claimmark reads "
                "(web pages, text, Markdown, PDF, EPUB and Word files)."
            )
        suffix = ".html"
    return stem if stem.lower().endswith(suffix) else f"{stem}{suffix}"
