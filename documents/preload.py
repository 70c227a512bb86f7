"""Imported once by the forkserver of bounded imports, so each child starts with every parser loaded.

Loading lxml, trafilatura, mammoth and pypdf takes about half a second; done
in the server, it is shared by every import child forked from it.
"""

from __future__ import annotations

import importlib

PARSER_MODULES = (
    "documents.loader", "lxml.etree", "lxml.html", "trafilatura", "mammoth", "pypdf", "markdown",
    "charset_normalizer", "yaml", "defusedxml.ElementTree", "ftfy",
)  # fmt: skip

for _module in PARSER_MODULES:
    importlib.import_module(_module)
