"""Connections that reach their server within one time budget, name lookup included.

urllib's timeout applies to each socket operation, and not at all to the name
lookup before them: without network, a resolver may try its servers for many
seconds before it says "Name or service not known". Here the lookup runs on a
helper thread that the connection waits for at most the timeout, then every
address gets what is left of it. A lookup that fails fails at once.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.request
from typing import Any

from .fetch_errors import ResolveTimeout

_Address = tuple[str, int]


def resolve_within(host: str, port: int, timeout: float) -> list[Any]:
    """Return getaddrinfo(host, port) for TCP, or raise ResolveTimeout when it takes longer than timeout.

    Raises:
        socket.gaierror: the resolver answered that it cannot resolve host.
        ResolveTimeout: no answer within timeout (the lookup goes on on its daemon thread, unused).
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def look_up() -> None:
        try:
            outcome["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=look_up, name="claimmark-resolve", daemon=True).start()
    if not done.wait(timeout):
        raise ResolveTimeout(f"no address for {host} within {timeout:g} seconds")
    if "error" in outcome:
        raise outcome["error"]
    return list(outcome["addresses"])


def connect_within(address: _Address, timeout: object = None, source_address: _Address | None = None) -> socket.socket:
    """socket.create_connection with the name lookup and the connection attempts sharing one timeout."""
    budget = timeout if isinstance(timeout, int | float) and timeout > 0 else 10.0
    host, port = address
    started = time.monotonic()
    last_error: OSError = TimeoutError(f"no connection to {host} within {budget:g} seconds")
    for family, kind, protocol, _, sockaddr in resolve_within(host, port, budget):
        left = budget - (time.monotonic() - started)
        if left <= 0:
            break
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(left)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        sock.settimeout(budget)  # each later wait for data gets the whole timeout again
        return sock
    raise last_error


def _connecting_within(connection_class: type[http.client.HTTPConnection]) -> Any:
    """A factory of connection_class whose connect() uses connect_within."""

    def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        connection = connection_class(*args, **kwargs)
        # http.client connects through this attribute (it is there to be replaced, as in its own tests).
        connection._create_connection = connect_within  # type: ignore[attr-defined]
        return connection

    return make


class ConnectWithinHTTPHandler(urllib.request.HTTPHandler):
    """urllib's http: handler with connect_within."""

    def do_open(self, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
        return super().do_open(_connecting_within(http_class), req, **http_conn_args)


class ConnectWithinHTTPSHandler(urllib.request.HTTPSHandler):
    """urllib's https: handler with connect_within."""

    def do_open(self, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
        return super().do_open(_connecting_within(http_class), req, **http_conn_args)
