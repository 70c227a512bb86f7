"""Importing a file in a child process with memory and CPU limits, so no file can take the app down with it.

Every importer counts its own work (budget.py, limits.py, the caps in each
parser), but a parser bug or a corner those budgets miss could still eat
memory or spin. ``load_path_bounded`` runs ``load_path`` in a child process
whose address space may grow by at most ``MAX_MEMORY_BYTES`` beyond what it
holds when it starts (``RLIMIT_AS``) and which may use at most
``MAX_CPU_SECONDS`` of CPU (``RLIMIT_CPU``); the Document comes back pickled.
A child that runs out of either, or dies, is one DocumentTooLarge (or
CorruptDocument) naming the file. CPU time is work done, not time passed: a
busy machine does not make an import fail.

The child comes from a fork of this process where that is safe (the command
line, single-threaded, on Linux: about 10 ms), else from multiprocessing's
forkserver, whose server is started once and preloads the parsers (a window
with Qt's threads must never fork itself). Without the ``resource`` module
(Windows) the child runs without limits; on macOS the kernel ignores
``RLIMIT_AS``, so only CPU is bounded there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from . import errors
from .errors import CorruptDocument, DocumentError, DocumentTooLarge
from .loader import DEFAULT_SIZE_CAP, load_path
from .model import Document

MAX_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_CPU_SECONDS = 30
_KILL_GRACE_SECONDS = 5  # after the soft CPU limit's SIGXCPU, the hard limit's SIGKILL
# A child that neither finishes nor uses CPU (a file on a hung network mount) is given up after this;
# it never decides the outcome of an import that runs.
MAX_WAIT_SECONDS = 300
PRELOAD = ["documents.preload"]


class _OutOfCpu(BaseException):
    """Raised in the child by SIGXCPU; a BaseException so that no parser's `except Exception` swallows it."""


def load_path_bounded(
    path: str | os.PathLike[str],
    size_cap: int = DEFAULT_SIZE_CAP,
    *,
    start_method: str | None = None,
    memory: int = MAX_MEMORY_BYTES,
    cpu_seconds: int = MAX_CPU_SECONDS,
) -> Document:
    """Import the file at path like documents.load_path, in a child process with memory and CPU limits.

    Args:
        path: the file.
        size_cap: the largest file accepted, in bytes.
        start_method: "fork" only from a single-threaded process; default: forkserver (spawn where absent).
        memory: how many bytes of address space the child may add to what it starts with.
        cpu_seconds: how much CPU time the child may use.

    Raises:
        DocumentError: whatever load_path raises; DocumentTooLarge when the child runs out of memory or CPU.
    """
    return start_bounded(path, size_cap, start_method=start_method, memory=memory, cpu_seconds=cpu_seconds).result()


def start_bounded(
    path: str | os.PathLike[str],
    size_cap: int = DEFAULT_SIZE_CAP,
    *,
    start_method: str | None = None,
    memory: int = MAX_MEMORY_BYTES,
    cpu_seconds: int = MAX_CPU_SECONDS,
) -> PendingLoad:
    """Start importing the file at path in a bounded child (as load_path_bounded does); take it with result().

    The caller works on meanwhile: `claimmark update` reads the stored version while the child parses the new.
    """
    context: Any = multiprocessing.get_context(start_method or _safe_start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    receiver, sender = context.Pipe(duplex=False)
    limits = _Limits(memory, cpu_seconds)
    child = context.Process(target=_child, args=(os.fspath(path), size_cap, sender, limits), daemon=True)
    child.start()
    sender.close()
    return PendingLoad(os.fspath(path), child, receiver, limits)


@dataclass
class PendingLoad:
    """An import running in a bounded child."""

    path: str
    child: Any
    receiver: Connection
    limits: _Limits

    def cancel(self) -> None:
        """Stop the child (its result is not wanted)."""
        self.receiver.close()
        if self.child.is_alive():
            self.child.kill()
        self.child.join()

    def result(self) -> Document:
        """Wait for the child; return its Document or raise its error (see load_path_bounded)."""
        try:
            outcome = self.receiver.recv() if self.receiver.poll(MAX_WAIT_SECONDS) else None
        except (EOFError, OSError):
            outcome = None
        finally:
            self.receiver.close()
            _reap(self.child)
        if outcome is None:
            raise _died(self.path, self.child.exitcode, self.limits)
        return _result(outcome)


def prepare() -> None:
    """Start the forkserver and preload the parsers now (about 1 s), so the first import does not wait for it.

    For a window: call it once on a pool thread at start. A no-op where there is no forkserver.
    """
    if _safe_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def _safe_start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _reap(child: Any) -> None:
    child.join(1)
    if child.is_alive():
        child.kill()
        child.join()


def _died(path: str | os.PathLike[str], exitcode: int | None, limits: _Limits) -> DocumentError:
    """The error for a child that ended without an answer."""
    killed_by = -exitcode if exitcode is not None and exitcode < 0 else None
    if killed_by in (getattr(signal, "SIGXCPU", None), signal.SIGKILL):
        return DocumentTooLarge(limits.message(str(path), _OutOfCpu()))
    if exitcode is None:
        return DocumentTooLarge(f"{path}: importing it did not finish in {MAX_WAIT_SECONDS} s")
    return CorruptDocument(f"{path}: the importer stopped unexpectedly (exit status {exitcode})")


def _result(outcome: tuple[Any, ...]) -> Document:
    kind, payload, message = outcome
    if kind == "ok":
        assert isinstance(payload, Document)
        return payload
    error_class = getattr(errors, str(payload), CorruptDocument)
    if not (isinstance(error_class, type) and issubclass(error_class, DocumentError)):
        error_class = CorruptDocument
    raise error_class(message)


@dataclass(frozen=True)
class _Limits:
    """What one import child may use."""

    memory: int
    cpu_seconds: int

    def message(self, path: str, error: BaseException) -> str:
        if isinstance(error, MemoryError):
            return f"{path}: importing it needs more than {self.memory // 2**20:,} MB of memory"
        return f"{path}: importing it took more than {self.cpu_seconds} s of CPU"

    def apply(self) -> None:
        """Limit this (child) process's address space growth and CPU time; a no-op where it cannot be done."""
        try:
            import resource
        except ImportError:  # Windows
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime) + self.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + _KILL_GRACE_SECONDS))
        signal.signal(signal.SIGXCPU, _on_cpu_limit)
        memory = _address_space() + self.memory
        with contextlib.suppress(ValueError, OSError):  # macOS refuses RLIMIT_AS
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _child(path: str, size_cap: int, sender: Connection, limits: _Limits) -> None:
    """Run in the child: set the limits, import, send back ("ok", document, "") or ("error", class, message)."""
    limits.apply()
    try:
        outcome: tuple[Any, ...] = ("ok", load_path(path, size_cap), "")
    except DocumentError as error:
        outcome = ("error", type(error).__name__, str(error))
    except (MemoryError, _OutOfCpu) as error:
        outcome = ("error", "DocumentTooLarge", limits.message(path, error))
    except Exception as error:  # a parser's bug: still one message, and the app goes on
        outcome = ("error", "CorruptDocument", f"{path}: cannot be read ({type(error).__name__}: {error})")
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("error", "DocumentTooLarge", limits.message(path, MemoryError())))
    sender.close()


def _on_cpu_limit(signum: int, frame: object) -> None:
    raise _OutOfCpu


def _address_space() -> int:
    """The bytes of address space this process holds now (0 where /proc is absent)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cli_start_method() -> str | None:
    """The start method for a single-threaded command line: fork on Linux (cheap), else the default.

    Python threads are checked; a caller with threads Python cannot see (Qt's) must not use this.
    """
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else None
