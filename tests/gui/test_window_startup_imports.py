"""The window starts without loading sync's driver: psycopg (0.3 s) loads with the first background sync only.

Nor what only a dialog needs: the answer keys' exporters and interchange readers (0.17 s),
sqlite-utils (0.08 s), the templates and Markdown load when a dialog first opens, and the claims
across the library when their dock is first shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("psycopg", "storage.sync")
DIALOGS_ONLY = (
    "storage.export", "storage.interchange", "storage.assistant.answer_keys", "sqlite_utils", "jinja2", "markdown",
    "gui.compare_dialog", "gui.research.tag_manager", "gui.research.statistics_view", "gui.research.claims_view",
)  # fmt: skip

_RUN = (
    "import json, sys\n"
    "from PySide6.QtCore import QSettings\n"
    "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication(sys.argv[:1])\n"
    "from storage import Library\n"
    "from gui.app import open_window\n"
    "library = Library(sys.argv[1])\n"
    "if sys.argv[2] == 'linked':  # as `claimmark group join` leaves it (written here without the sync package)\n"
    "    with library.transaction() as conn:\n"
    '        conn.execute("INSERT INTO sync_link (id, dsn, group_id, group_name, person, role, joined)"\n'
    "                     \" VALUES (1, 'host=127.0.0.1 port=9 dbname=x', 1, 'class', 'alice', 'member', '')\")\n"
    "settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)\n"
    "window = open_window(library, [], settings=settings)\n"
    "app.processEvents()\n"
    "shown = window.shared.status.text\n"
    "window.shared.close()\n"
    "print(json.dumps({'modules': sorted(sys.modules), 'status': shown}), file=sys.stderr)\n"
    "window.close()\n"
)


def _started(tmp_path: Path, linked: bool) -> dict[str, object]:
    """Open a window in a fresh process; return the modules loaded once it is shown, and the sync status."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = [str(tmp_path / "library.sqlite"), "linked" if linked else "alone", str(tmp_path / "settings.ini")]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    report: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


def _heavy(modules: object, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    assert isinstance(modules, list)
    return sorted(name for name in heavy if name in modules or any(m.startswith(name + ".") for m in modules))


def test_a_window_on_a_library_of_its_own_never_loads_sync(tmp_path: Path) -> None:
    """No psycopg and no storage.sync for a library that syncs with no group; no sync status either."""
    report = _started(tmp_path, linked=False)
    assert [] == _heavy(report["modules"])
    assert "" == report["status"]


def test_a_window_starts_without_what_only_its_dialogs_need(tmp_path: Path) -> None:
    """The exporters, interchange readers, sqlite-utils, templates and the managing dialogs are not loaded at start."""
    report = _started(tmp_path, linked=False)
    assert [] == _heavy(report["modules"], DIALOGS_ONLY)


def test_a_window_on_a_linked_library_shows_its_state_before_loading_sync(tmp_path: Path) -> None:
    """A linked library's window is up, saying what waits, before the first background sync loads psycopg."""
    report = _started(tmp_path, linked=True)
    assert [] == _heavy(report["modules"])
    assert "Not synced yet" == report["status"] or str(report["status"]).endswith("to send")


def test_the_check_sees_sync_loaded(tmp_path: Path) -> None:
    """The check can fail: importing storage.sync loads psycopg, which the list above would show."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, storage.sync; print(json.dumps(sorted(sys.modules)))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert ["psycopg", "storage.sync"] == _heavy(json.loads(done.stdout))


def test_the_check_sees_a_dialogs_modules_loaded(tmp_path: Path) -> None:
    """The check can fail: importing the Compare with Key dialog loads the exporters and the interchange readers."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, gui.compare_dialog; print(json.dumps(sorted(sys.modules)))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    loaded = _heavy(json.loads(done.stdout), DIALOGS_ONLY)
    assert {"storage.export", "storage.interchange", "gui.compare_dialog"} <= set(loaded)
