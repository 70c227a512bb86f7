"""Bundled files: sample articles, icons and styles, read through importlib.resources."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def sample_articles() -> list[Traversable]:
    """Return the bundled sample articles a new library starts with."""
    folder = files(__name__) / "samples"
    return sorted((f for f in folder.iterdir() if f.name.endswith((".txt", ".md"))), key=lambda f: f.name)
