"""Why a URL could not be fetched, in one sentence a reader can act on.

The network reports failures as system text ("[Errno -2] Name or service not
known", "[SSL: CERTIFICATE_VERIFY_FAILED] ..."). Each kind of failure gets one
plain sentence here, the same on the command line and in the window; the
system's words never reach the user.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
from urllib.parse import urlsplit

from .errors import FetchError

_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}
_BROKEN = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.HTTPException, EOFError)


class ResolveTimeout(TimeoutError):
    """The server's name was not resolved within the connect timeout."""


def host_of(url: str) -> str:
    """The host name of url as the user typed it ("" when it has none)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def connection_failure(reason: BaseException, url: str, timeout: float) -> FetchError:
    """Return the FetchError for a failure to reach url's server or to receive its answer (reason: the cause)."""
    host = host_of(url) or url
    kind, message = _describe(reason, host, timeout)
    return FetchError.of_kind(kind, message)


def status_failure(code: int, reason: str, url: str) -> FetchError:
    """Return the FetchError for an HTTP error status (4xx, 5xx) answered for url."""
    host, status = host_of(url) or url, f"{code} {reason}".strip()
    if code in (404, 410):
        message = f"There is no page at {url} (the server answered {status}) — check the address."
    elif code in (401, 403, 451):
        message = f"{host} does not let Claimmark read this page ({status}) — it may need a login or a browser."
    elif code == 429:
        message = f"{host} is turning requests away for now ({status}) — try again later."
    elif code >= 500:
        message = f"{host} could not send the page because of a problem on its side ({status}) — try again later."
    else:
        message = f"{host} answered {status} instead of sending the page."
    return FetchError.of_kind("http_status", message)


def _describe(reason: BaseException, host: str, timeout: float) -> tuple[str, str]:
    if isinstance(reason, socket.gaierror):  # no such name, or no resolver to ask: either is worth checking
        return "not_found", f"Could not find the server {host} — check the address and your connection."
    if isinstance(reason, ResolveTimeout):
        return "timeout", f"Could not look up the server {host} within {timeout:g} seconds — check your connection."
    if isinstance(reason, ConnectionRefusedError):
        return "refused", f"The server {host} refused the connection — check the address, or try again later."
    if isinstance(reason, TimeoutError):
        return "timeout", f"The server {host} did not answer within {timeout:g} seconds — try again later."
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "tls", f"The secure connection to {host} failed: its certificate is not valid for this address."
    if isinstance(reason, ssl.SSLError):
        return "tls", f"Could not make a secure connection to {host} — the site may be set up wrongly."
    if isinstance(reason, OSError) and reason.errno in _UNREACHABLE:
        return "unreachable", f"The server {host} cannot be reached from this computer — check your connection."
    if isinstance(reason, _BROKEN):
        return "broken", f"The connection to {host} broke off before the page arrived — try again."
    return "failed", f"Could not download the page from {host} — try again later."
