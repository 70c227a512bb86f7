"""Importing from a URL, against an HTTP server on 127.0.0.1 that the test starts (and no other address)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from documents import DocumentTooLarge, FetchError, UnsupportedFormat, load_url

ARTICLE = (
    b"<html><head><title>Local Article | Test Site</title><meta name='author' content='Lee Local'>"
    b"<meta property='article:published_time' content='2024-02-03T10:00:00Z'></head><body><nav>MENU</nav>"
    b"<article><h1>Local Article</h1><p>This article is served by a test server on the loopback address, and it has "
    b"enough words in its paragraphs to be recognised as the main text of the page.</p>"
    b"<p>A second paragraph gives the extractor a little more text to work with here.</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/hang":  # answers only after the client gave up (the test's timeout is 0.5 s)
            time.sleep(3)
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server(make) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with a few fixed routes; yields its base URL."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    _Handler.routes = {
        "/article": (200, html, ARTICLE),
        "/paper": (200, {"Content-Type": "application/pdf"}, make.pdf([["A paper served as PDF."]], title="Paper")),
        "/notes.md": (200, {"Content-Type": "application/octet-stream"}, b"# Notes\n\nServed as bytes.\n"),
        "/plain.md": (200, {"Content-Type": "text/plain; charset=utf-8"}, b"---\ntitle: Plain MD\n---\nText.\n"),
        "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"}, b"Just text.\n"),
        "/redirect": (302, {"Location": "/article"}, b""),
        "/canonical": (
            200,
            html,
            ARTICLE.replace(b"</head>", b"<link rel='canonical' href='https://news.example.org/local-article'></head>"),
        ),
        "/to-canonical": (302, {"Location": "/canonical"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/big": (200, html, b"<p>" + b"x" * 200_000 + b"</p>"),
        "/liar": (200, {**html, "Content-Length": "10"}, b"<p>" + b"y" * 200_000),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "/slow": (200, html, ARTICLE),
        "/empty": (200, html, b""),
        "/broken": (500, {"Content-Type": "text/plain"}, b"Traceback (most recent call last): ..."),
        "/private": (403, {"Content-Type": "text/plain"}, b"no"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_page_is_imported_with_its_url_as_source(server):
    """A web page is fetched, extracted like a saved page, and records the URL it came from."""
    document = load_url(f"{server}/article")
    assert "served by a test server on the loopback address" in document.text
    assert "MENU" not in document.text
    meta = document.metadata
    assert (f"{server}/article", "Local Article", "Lee Local", "2024-02-03") == (
        meta.source, meta.title, meta.author, meta.published,
    )  # fmt: skip


def test_content_type_picks_the_importer(server):
    """A URL served as application/pdf goes through the PDF importer."""
    document = load_url(f"{server}/paper")
    assert ("A paper served as PDF.", "pdf") == (document.text, document.metadata.format)


def test_url_suffix_is_used_for_generic_content(server):
    """Content served as application/octet-stream is read by the suffix in the URL."""
    assert "markdown" == load_url(f"{server}/notes.md").metadata.format
    assert ("Plain MD", "markdown") == (
        load_url(f"{server}/plain.md").metadata.title,
        load_url(f"{server}/plain.md").metadata.format,
    )
    assert "text" == load_url(f"{server}/plain").metadata.format


def test_redirects_are_followed(server):
    """A redirect to a page on the same server is followed."""
    assert "loopback address" in load_url(f"{server}/redirect").text


def test_document_url_is_where_redirects_led(server):
    """A fetched page without a canonical link gets the URL the fetch ended at as its address; the source stays."""
    meta = load_url(f"{server}/redirect").metadata
    assert (f"{server}/redirect", f"{server}/article") == (meta.source, meta.url)


def test_document_url_is_the_pages_canonical_address(server):
    """A fetched page that names its canonical URL gets that as its address, after any redirect."""
    meta = load_url(f"{server}/to-canonical").metadata
    assert (f"{server}/to-canonical", "https://news.example.org/local-article") == (meta.source, meta.url)


def test_redirect_loop_is_a_fetch_error(server):
    """A redirect loop ends with a FetchError instead of going on."""
    with pytest.raises(FetchError, match="redirect"):
        load_url(f"{server}/loop", max_redirects=3)


def test_redirect_to_file_url_is_refused(server):
    """A redirect to a file: URL is refused; nothing local is ever read."""
    with pytest.raises((UnsupportedFormat, FetchError)):
        load_url(f"{server}/to-file")


def test_missing_page_is_a_fetch_error(server):
    """An HTTP 404 becomes one sentence naming the URL and the status, and what to check."""
    with pytest.raises(FetchError) as caught:
        load_url(f"{server}/nowhere")
    assert f"There is no page at {server}/nowhere (the server answered 404 Not Found) — check the address." == str(
        caught.value
    )
    assert "http_status" == caught.value.kind


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/broken", "127.0.0.1 could not send the page because of a problem on its side (500 Internal Server Error)"),
        ("/private", "127.0.0.1 does not let Claimmark read this page (403 Forbidden)"),
    ],
)
def test_server_error_status_is_one_sentence(server, path, sentence):
    """A 500 or 403 answer is a sentence about the server, never the body it sent."""
    with pytest.raises(FetchError) as caught:
        load_url(f"{server}{path}")
    assert str(caught.value).startswith(sentence) and "Traceback" not in str(caught.value)


def test_download_over_the_cap_is_too_large(server):
    """A response larger than size_cap is refused, whether or not its length is declared."""
    with pytest.raises(DocumentTooLarge):
        load_url(f"{server}/big", size_cap=100_000)


def test_lying_content_length_cannot_sneak_past_the_cap(server):
    """A body longer than its Content-Length is read only as far as the declared length."""
    assert "y" * 7 == load_url(f"{server}/liar", size_cap=100_000).text


def test_unreadable_content_type_is_unsupported(server):
    """An image is refused as an unsupported content type."""
    with pytest.raises(UnsupportedFormat, match="image/png"):
        load_url(f"{server}/image")


def test_slow_server_times_out(server):
    """A server that does not answer within the timeout gives a FetchError saying so."""
    with pytest.raises(FetchError) as caught:
        load_url(f"{server}/hang", timeout=0.5)
    assert "The server 127.0.0.1 did not answer within 0.5 seconds — try again later." == str(caught.value)
    assert "timeout" == caught.value.kind


def test_empty_response_is_corrupt_naming_the_url(server):
    """An empty page is refused with the URL, not a made-up file name, in the message."""
    from documents import CorruptDocument

    with pytest.raises(CorruptDocument, match=rf"^{server}/empty: "):
        load_url(f"{server}/empty")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file.txt", "file:///etc/passwd", "javascript:alert(1)", "http://"])
def test_only_http_and_https_are_accepted(url):
    """Any scheme but http and https is refused before anything is opened."""
    with pytest.raises(UnsupportedFormat, match="only http:// and https://"):
        load_url(url)


def test_unreachable_server_is_a_fetch_error():
    """A closed port on 127.0.0.1 gives a FetchError, not a traceback."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        load_url(f"http://127.0.0.1:{port}/", timeout=2)
    assert "The server 127.0.0.1 refused the connection — check the address, or try again later." == str(caught.value)
    assert "refused" == caught.value.kind


def test_unknown_server_name_says_so():
    """A name that does not exist (.invalid never does) is reported as such, without the system's error text."""
    with pytest.raises(FetchError) as caught:
        load_url("https://example.invalid/article")
    assert "Could not find the server example.invalid — check the address and your connection." == str(caught.value)
    assert "not_found" == caught.value.kind


def test_tls_failure_is_one_sentence(server):
    """https:// to a server that speaks plain HTTP fails the TLS handshake: said in words, not an SSL code."""
    with pytest.raises(FetchError) as caught:
        load_url(server.replace("http://", "https://") + "/article", timeout=5)
    assert "tls" == caught.value.kind
    assert str(caught.value).startswith("Could not make a secure connection to 127.0.0.1") and "SSL" not in str(
        caught.value
    )


def test_name_lookup_that_never_answers_ends_within_the_timeout(monkeypatch):
    """A resolver that hangs (no network) is given up after the timeout, with a sentence about the lookup."""
    import threading

    from documents import url_connect

    release = threading.Event()
    monkeypatch.setattr(url_connect.socket, "getaddrinfo", lambda *args, **kwargs: release.wait(30))
    try:
        with pytest.raises(FetchError) as caught:
            load_url("http://slow-resolver.example/", timeout=0.2)
    finally:
        release.set()
    assert "Could not look up the server slow-resolver.example within 0.2 seconds — check your connection." == str(
        caught.value
    )


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimmark", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_cli_imports_a_url_and_finds_it_again(server, cli_env):
    """`claimmark import URL` stores the page once; importing the same text again finds the same document."""
    first = _cli(cli_env, "import", f"{server}/article")
    second = _cli(cli_env, "import", f"{server}/redirect")
    listing = _cli(cli_env, "list")
    assert (0, 0) == (first.returncode, second.returncode), first.stderr + second.stderr
    assert first.stdout == second.stdout
    assert 1 == len(listing.stdout.strip().splitlines())
    assert "Local Article" in listing.stdout


def test_cli_fetch_failure_writes_nothing(server, cli_env, tmp_path):
    """A failing URL among good files stops the import before anything is written."""
    good = tmp_path / "good.txt"
    good.write_text("A good file.\n", encoding="utf-8")
    result = _cli(cli_env, "import", str(good), f"{server}/nowhere")
    assert 1 == result.returncode
    assert [f"claimmark: error: There is no page at {server}/nowhere (the server answered 404 Not Found) — check the "
            "address."] == result.stderr.splitlines()  # fmt: skip
    assert "" == _cli(cli_env, "list").stdout


def test_cli_unknown_server_is_one_line(cli_env):
    """`claimmark import` of a URL whose server does not exist: one friendly error line and a non-zero status."""
    result = _cli(cli_env, "import", "https://example.invalid/story")
    assert 0 != result.returncode and "" == result.stdout
    assert [
        "claimmark: error: Could not find the server example.invalid — check the address and your connection."
    ] == result.stderr.splitlines()


def test_cli_imports_the_same_file_text_once(cli_env, tmp_path):
    """Two files with the same text import as one document (same id printed twice)."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text("Same words in both files.\n\nSecond paragraph.\n", encoding="utf-8")
    result = _cli(cli_env, "import", str(first), str(second))
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert 0 == result.returncode, result.stderr
    assert 2 == len(ids) and ids[0] == ids[1]
    assert 1 == len(_cli(cli_env, "list").stdout.strip().splitlines())


@pytest.fixture
def cli_env(cli_env: dict[str, str]) -> dict[str, str]:
    """The shared CLI environment without proxies, so loopback requests stay on this machine."""
    return {k: v for k, v in cli_env.items() if "proxy" not in k.lower()}
