"""documents/ and storage/ must work without Qt: the CLI and headless tests depend on it."""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name == "gui" or name.startswith("gui."):
            raise ImportError("Qt imported by a Qt-free package: " + name)
sys.meta_path.insert(0, BlockQt())
import documents, storage, claimmark.cli
import documents.loader, storage.library, storage.markdown_export
print("ok")
"""


def test_documents_and_storage_import_with_qt_blocked() -> None:
    """Importing documents, storage and the CLI never imports PySide6 or gui."""
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ok" == result.stdout.strip()
