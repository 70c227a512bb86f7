"""Progress and cancellation for long library work, with no knowledge of any user interface.

A long operation takes ``progress(done, total)`` and, where it can stop early,
``cancel() -> bool``; the window adapts both to its job runner, the command
line passes neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

T = TypeVar("T")


def each_reported(items: Iterable[T], progress: Progress | None) -> Iterator[T]:
    """Yield the distinct items in order, reporting (done, total) after each one.

    The skeleton every per-document export shares: ids given twice are done once.
    """
    unique = list(dict.fromkeys(items))
    for done, item in enumerate(unique, start=1):
        yield item
        if progress is not None:
            progress(done, len(unique))
