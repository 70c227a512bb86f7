"""Start a real `claimmark` process (or the bare-Qt floor) and read what its probe wrote.

The benchmark stamps ``time.monotonic()`` just before it starts the process;
the process stamps the same clock (gui/probe.py, bench/floor_qt.py). So
"painted" is measured from process start, imports, QApplication, the library
and the window included, as a person starting the app feels it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLOOR_SCRIPT = Path(__file__).with_name("floor_qt.py")
TIMEOUT = 60.0


@dataclass
class Run:
    """What one process wrote, in seconds from its start."""

    painted: float | None = None
    laid_out: float | None = None  # the whole document laid out (after painted)
    stalls: list[float] = field(default_factory=list)  # every UI-thread heartbeat gap over 10 ms
    collected: list[float] = field(default_factory=list)  # every cyclic-collector pass over 5 ms (any thread)
    peak_mb: float = 0.0  # the process's peak resident memory

    @property
    def longest_stall(self) -> float:
        return max(self.stalls, default=0.0)


def run_app(library: Path, document_id: int, until: str = "laid-out", extra_env: dict[str, str] | None = None) -> Run:
    """Start `python -m claimmark --library LIBRARY` with document_id as the document read last; wait for until."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "Claimmark"
        config.mkdir()
        (config / "Claimmark.conf").write_text(f"[reading]\nlastDocument={document_id}\n", encoding="utf-8")
        env = {"XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, **(extra_env or {})}
        return _run([sys.executable, "-m", "claimmark", "--library", str(library)], Path(folder), until, env)


def run_floor(text: Path, ranges: Path) -> Run:
    """Start the bare PySide6 floor on text with the highlight ranges; wait until it is laid out."""
    with tempfile.TemporaryDirectory() as folder:
        return _run([sys.executable, str(FLOOR_SCRIPT), str(text), str(ranges)], Path(folder), "laid-out", {})


def run_idle(seconds: float) -> Run:
    """A bare PySide6 process doing nothing but a 5 ms heartbeat: its stalls are the machine's own."""
    with tempfile.TemporaryDirectory() as folder:
        return _run([sys.executable, str(FLOOR_SCRIPT), "--idle", str(seconds)], Path(folder), "laid-out", {})


def _run(command: list[str], folder: Path, until: str, env: dict[str, str]) -> Run:
    probe = folder / "probe.txt"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLAIMMARK_PROBE": str(probe), **env}
    if command[1] == str(FLOOR_SCRIPT):
        command = [*command, str(probe)]
    began = time.monotonic()
    child = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        lines = _wait_for(probe, until, began + TIMEOUT)
        peak = _peak_mb(child.pid)
    finally:
        child.terminate()
        child.wait(timeout=10)
    return _parse(lines, began, peak)


def _wait_for(probe: Path, until: str, deadline: float) -> list[list[str]]:
    lines: list[list[str]] = []
    while time.monotonic() < deadline:
        time.sleep(0.02)
        lines = [line.split(" ") for line in probe.read_text(encoding="utf-8").splitlines()] if probe.exists() else []
        names = [line[0] for line in lines]
        if until in names[names.index("painted") if "painted" in names else len(names) :]:
            break  # (a laid-out before the first paint is the empty page the window starts with)
    return lines


def _parse(lines: list[list[str]], began: float, peak: float) -> Run:
    run = Run(peak_mb=peak)
    for name, stamp, *value in lines:
        at = float(stamp) - began
        if name == "painted" and run.painted is None:
            run.painted = at
        elif name == "laid-out" and run.painted is not None and run.laid_out is None:
            run.laid_out = at
        elif name == "stall" and run.laid_out is None:
            run.stalls.append(float(value[0]))
        elif name == "collected" and run.laid_out is None:
            run.collected.append(float(value[0]))
    return run


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB (0 where /proc is not there)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024
