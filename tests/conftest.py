"""Shared fixtures. Qt runs offscreen: these machines have no screen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# On CI, property tests replay the same examples every run, so a result never depends on the
# draw; on a developer's machine they explore new examples each time (and keep any failure).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
TRT_ARTICLE = SHARED_ARTICLES / "trtworld-daesh-k-afghanistan.txt"
WAR_AND_PEACE = SHARED_ARTICLES / "books" / "war-and-peace-gutenberg.txt"
WEB_PAGES = SHARED_ARTICLES / "web"


def shared_file(path: Path) -> Path:
    """Return path; skip the test when the shared articles are not on this machine (fail on CI, which has them)."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared article {path} is missing on CI")
        pytest.skip(f"shared article {path.name} is not on this machine")
    return path


def require_tool(command: str, package: str) -> str:
    """Return the path of a program the test runs for real; skip when it is absent (fail on CI, which installs it)."""
    found = shutil.which(command)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{command} is missing on CI (.ci/run installs {package})")
        pytest.skip(f"{command} is not installed (apt-get install {package})")
    return found


@pytest.fixture
def trt_path() -> Path:
    """The project's reference article (skips when absent)."""
    return shared_file(TRT_ARTICLE)


SAMPLE_ARTICLE = ROOT / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample article (the project's own: always present)."""
    return SAMPLE_ARTICLE


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    """A path for a fresh library file."""
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path):
    """A fresh, empty library in tmp_path."""
    from storage import Library

    with Library(library_path) as lib:
        yield lib


@pytest.fixture
def cli_env(library_path: Path) -> dict[str, str]:
    """Environment for running `python -m claimmark` on the fresh library."""
    env = dict(os.environ)
    env["CLAIMMARK_LIBRARY"] = str(library_path)
    env["PYTHONIOENCODING"] = "utf-8"
    return env
