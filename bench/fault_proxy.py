"""A fault-injecting TCP proxy on 127.0.0.1, for proving that sync survives bad networks.

Each accepted connection gets a ``Plan`` (from a fixed list, or drawn from a
seeded random generator): refuse it at once, delay every chunk, reset both
sides after so many bytes (mid-transaction, mid-COMMIT, anywhere), or stall
(forward nothing) for a while and then reset. Resets are real TCP resets
(SO_LINGER 0). The proxy runs an asyncio loop on a thread of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """What happens to one connection."""

    refuse: bool = False  # close it as soon as it is accepted
    reset_after: int | None = None  # reset both sides once this many bytes (both ways) went through
    delay: float = 0.0  # seconds to hold each chunk
    stall_after: int | None = None  # stop forwarding after this many bytes ...
    stall_for: float = 0.0  # ... for this long, then reset


CLEAN = Plan()


def random_plans(seed: int, fault_rate: float = 0.3, max_bytes: int = 20_000) -> Callable[[], Plan]:
    """A plan source: with probability fault_rate a connection gets one random fault, else none."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan() -> Plan:
        with lock:
            if rng.random() >= fault_rate:
                return CLEAN
            kind = rng.choice(("refuse", "reset", "reset", "delay", "stall"))
            if kind == "refuse":
                return Plan(refuse=True)
            if kind == "reset":
                return Plan(reset_after=rng.randrange(0, max_bytes))
            if kind == "delay":
                return Plan(delay=rng.uniform(0.001, 0.02))
            return Plan(stall_after=rng.randrange(0, max_bytes), stall_for=rng.uniform(0.05, 0.3))

    return plan


class FaultProxy:
    """Forwards 127.0.0.1:port to target_port, applying a plan to each connection."""

    def __init__(self, target_port: int, plans: Callable[[], Plan] = lambda: CLEAN) -> None:
        self.target_port = target_port
        self.plans = plans
        self.port = 0
        self.connections = 0
        self.faults = 0
        self.bytes = 0  # forwarded in all, both ways
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()  # asyncio keeps tasks only weakly: a reset must not drop one

    def start(self) -> FaultProxy:
        """Start listening on a free port; return self."""
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)
        return self

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Stop listening and the loop."""

        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def plan_next(self, *plans: Plan) -> None:
        """Give the next connections these plans, in order, then clean ones."""
        queue = list(plans)
        self.plans = lambda: queue.pop(0) if queue else CLEAN

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        self.connections += 1
        plan = self.plans()
        if plan != CLEAN:
            self.faults += 1
        if plan.refuse:
            _reset(client_writer)
            return
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            _reset(client_writer)
            return
        budget = _Budget(plan)
        pipes = [
            self._pipe(client_reader, server_writer, budget, plan),
            self._pipe(server_reader, client_writer, budget, plan),
        ]
        await asyncio.gather(*pipes, return_exceptions=True)
        for writer in (client_writer, server_writer):
            _reset(writer) if budget.broken else _close(writer)

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, budget: _Budget, plan: Plan
    ) -> None:
        try:
            while not budget.broken:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                allowed = budget.take(len(chunk))
                if plan.delay:
                    await asyncio.sleep(plan.delay)
                if allowed:
                    writer.write(chunk[:allowed])
                    await writer.drain()
                    self.bytes += allowed
                if allowed < len(chunk):
                    if plan.stall_after is not None:
                        await asyncio.sleep(plan.stall_for)
                    budget.broken = True
        except (ConnectionError, OSError):
            budget.broken = True
        finally:
            if budget.broken:
                _reset(writer)
            elif writer.can_write_eof():
                with contextlib.suppress(OSError):
                    writer.write_eof()


class _Budget:
    """Bytes a connection may still carry before its fault strikes."""

    def __init__(self, plan: Plan) -> None:
        limit = plan.reset_after if plan.reset_after is not None else plan.stall_after
        self.left = limit
        self.broken = False

    def take(self, size: int) -> int:
        if self.left is None:
            return size
        allowed = max(0, min(size, self.left))
        self.left -= allowed
        return allowed


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dropped connection looks to both ends."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (a server or network that hangs).

    What a client sends is read and dropped, so its writes never block; nothing
    is ever sent back until ``stop()`` closes every connection. ``accepted`` is
    set once the first connection came in.
    """

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.accepted = threading.Event()
        self.connections = 0
        self._open: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> SilentServer:
        """Start accepting; return self."""
        self._thread.start()
        return self

    def _serve(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stopped.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                client, _ = self._listener.accept()
                client.setblocking(False)
                self._open.append(client)
                self.connections += 1
                self.accepted.set()
            for client in list(self._open):
                with contextlib.suppress(BlockingIOError, OSError):
                    client.recv(65536)

    def __enter__(self) -> SilentServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop accepting and close every connection."""
        self._stopped.set()
        self._thread.join(timeout=10)
        for client in self._open:
            client.close()
        self._listener.close()
