"""The job runner: every job ends with exactly one signal, cancels stop it, nothing reaches a closed runner."""

from __future__ import annotations

import threading
from pathlib import Path

from gui.import_jobs import import_files_job
from gui.jobs import JobRunner
from storage import Library


def test_a_job_that_raises_anything_ends_failed(qtbot) -> None:
    """A job that raises anything still ends with failed(message), never silently."""

    def broken(progress: object, cancel: object) -> None:
        raise ZeroDivisionError("boom")

    runner = JobRunner()
    failures: list[str] = []
    handle = runner.start(broken, on_failed=failures.append)
    qtbot.waitUntil(lambda: handle not in runner.running, timeout=5000)
    assert 1 == len(failures) and "boom" in failures[0]


def test_signals_connected_after_start_still_hear_an_instant_job(qtbot) -> None:
    """The runner starts a job from the event loop, so a handle's signals connected after start() hear it."""
    runner = JobRunner()
    handle = runner.start(lambda progress, cancel: 42)
    with qtbot.waitSignal(handle.signals.finished, timeout=5000) as blocker:
        pass
    assert [42] == blocker.args


def test_a_cancelled_job_ends_cancelled_and_its_result_is_dropped(qtbot) -> None:
    """Cancel makes a job that checks it stop: it ends with cancelled, never done or failed."""
    release = threading.Event()
    outcomes: list[str] = []

    def slow(progress: object, cancel) -> int:
        release.wait(5)
        if cancel():
            raise RuntimeError("stopped")
        return 1

    runner = JobRunner()
    handle = runner.start(
        slow, lambda _: outcomes.append("done"), lambda _: outcomes.append("failed"),
        on_cancelled=lambda: outcomes.append("cancelled"),
    )  # fmt: skip
    qtbot.wait(50)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert ["cancelled"] == outcomes


def test_nothing_reaches_a_closed_runner(qtbot) -> None:
    """After close() (the window closed), a job's result calls nothing, and running jobs are asked to stop."""
    release = threading.Event()
    seen: list[object] = []
    runner = JobRunner()

    def job(progress: object, cancel) -> bool:
        release.wait(5)
        return cancel()

    handle = runner.start(job, seen.append)
    qtbot.wait(50)
    runner.close()
    release.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert [] == seen and handle.cancel_requested


def test_import_job_parses_everything_before_writing(library_path: Path, tmp_path: Path, qtbot) -> None:
    """One unreadable file among several leaves the library without any of them."""
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Fine text.", encoding="utf-8")
    bad.write_bytes(b"")
    failures: list[str] = []
    runner = JobRunner()
    runner.start(import_files_job(library_path, [str(good), str(bad)]), on_failed=failures.append)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert 1 == len(failures) and "b.txt" in failures[0]
    with Library(library_path) as library:
        assert [] == library.documents()


def test_a_cancelled_import_writes_nothing(library_path: Path, tmp_path: Path, qtbot) -> None:
    """An import cancelled before it writes leaves the library without any of its files."""
    paths = []
    for n in range(3):
        path = tmp_path / f"{n}.txt"
        path.write_text(f"Text number {n}.", encoding="utf-8")
        paths.append(str(path))
    outcomes: list[str] = []
    runner = JobRunner()
    handle = runner.start(import_files_job(library_path, paths), lambda _: outcomes.append("done"),
                          on_cancelled=lambda: outcomes.append("cancelled"))  # fmt: skip
    handle.cancel()  # before it even starts
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert ["cancelled"] == outcomes
    with Library(library_path) as library:
        assert [] == library.documents()
