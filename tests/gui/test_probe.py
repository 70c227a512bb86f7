"""The benchmarks' probe: what it writes, and that it is off unless asked for."""

from __future__ import annotations

import gc
import io
from pathlib import Path

from gui import probe


def _lines(stream: io.StringIO) -> list[list[str]]:
    return [line.split(" ") for line in stream.getvalue().splitlines()]


def test_the_probe_is_off_unless_its_variable_names_a_file(monkeypatch, qapp, tmp_path: Path) -> None:
    """Without CLAIMMARK_PROBE nothing is installed; with it, the file gets the probe's first stamp."""
    monkeypatch.delenv(probe.PROBE_VARIABLE, raising=False)
    assert probe.install(qapp) is None
    path = tmp_path / "probe.txt"
    monkeypatch.setenv(probe.PROBE_VARIABLE, str(path))
    installed = probe.install(qapp)
    assert installed is not None
    try:
        assert path.read_text(encoding="utf-8").startswith("probe ")
    finally:
        installed.close()


def test_the_probe_stamps_each_long_pass_of_the_cyclic_collector(monkeypatch, qapp) -> None:
    """A collector pass longer than COLLECTED is one `collected SECONDS` line (every pass, with the bound at 0)."""
    monkeypatch.setattr(probe, "COLLECTED", 0.0)
    stream = io.StringIO()
    watching = probe.Probe(stream, qapp)
    try:
        gc.collect()
    finally:
        watching.close()
    passes = [line for line in _lines(stream) if line[0] == "collected"]
    assert passes and all(float(line[2]) >= 0.0 for line in passes)
    gc.collect()  # closed: no more lines
    assert passes == [line for line in _lines(stream) if line[0] == "collected"]
