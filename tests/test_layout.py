"""The code's layout holds: no import cycles between modules, and the Qt-free packages stay Qt-free."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claimmark", "documents", "storage", "gui", "resources")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that the module imports, at any depth of its code (lazy imports included)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    # A package's __init__ importing its own modules is not an arrow back up: drop child -> parent edges
    # that exist only because importing a submodule runs its package first.
    return {
        name: {t for t in targets if not (name.startswith(t + ".") and t in modules)} for name, targets in graph.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle between the project's modules, lazy imports counted."""
    assert _cycle(_graph()) is None


def test_the_arrows_point_one_way() -> None:
    """gui -> storage -> documents, claimmark -> anything; nothing points back up."""
    allowed = {
        "documents": {"documents"},
        "storage": {"storage", "documents"},
        "gui": {"gui", "storage", "documents", "resources"},
        "resources": {"resources"},
    }
    wrong = [
        f"{name} -> {target}"
        for name, targets in _graph().items()
        for target in targets
        if name.split(".")[0] in allowed and target.split(".")[0] not in allowed[name.split(".")[0]]
    ]
    assert [] == wrong


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a made-up cycle is found."""
    assert ["a", "b", "a"] == _cycle({"a": {"b"}, "b": {"a"}})


_QT_FREE = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name == "gui" or name.startswith("gui."):
            raise ImportError("Qt imported by a Qt-free package: " + name)
sys.meta_path.insert(0, BlockQt())
names = []
for package in ("documents", "storage"):
    root = importlib.import_module(package)
    names.append(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
        names.append(info.name)
import claimmark.cli
print(len(names), " ".join(names))
"""


def test_every_qt_free_module_imports_with_qt_blocked() -> None:
    """Every module of documents/ and storage/, found by walking the packages, imports without PySide6 or gui."""
    result = subprocess.run([sys.executable, "-c", _QT_FREE], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert 0 == result.returncode, result.stderr[-2000:]
    count, names = result.stdout.split(" ", 1)
    walked = {n for n in _modules() if n.split(".")[0] in ("documents", "storage")}
    assert walked == set(names.split())
    assert int(count) == len(walked)
