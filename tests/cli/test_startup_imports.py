"""Commands import only what they use: `claimmark list` never loads the importers, exporters or the window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Each of these takes 10-80 ms to import and is of no use for listing a library.
HEAVY = (
    "sqlite_utils", "yaml", "markdown", "jinja2", "ftfy", "rapidfuzz", "http.client", "urllib.request", "ssl",
    "PySide6", "trafilatura", "lxml", "mammoth", "pypdf", "platformdirs", "storage.export", "storage.interchange",
    "storage.anchoring", "documents.loader", "documents.url_import",
)  # fmt: skip

_RUN = (
    "import json, sys\n"
    "from claimmark.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
)


def _modules_after(args: list[str], cwd: Path) -> set[str]:
    """Run the command line in a fresh process; return the modules it had imported by the end."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert 0 == report["status"], done.stderr
    return set(report["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules or any(m.startswith(name + ".") for m in modules))


def test_list_on_an_empty_library_imports_nothing_heavy(tmp_path: Path) -> None:
    """`claimmark list` loads the library and the command line, none of the heavy modules."""
    modules = _modules_after(["--library", str(tmp_path / "library.sqlite"), "list"], tmp_path)
    assert [] == _heavy(modules)
    assert "storage.library" in modules  # it did open the library


def test_the_check_sees_a_heavy_import(tmp_path: Path, sample_path: Path) -> None:
    """The check can fail: importing an article loads the importers, and the list above would show them."""
    modules = _modules_after(["--library", str(tmp_path / "library.sqlite"), "import", str(sample_path)], tmp_path)
    assert "documents.loader" in _heavy(modules)
