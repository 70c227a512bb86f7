"""`python -m bench [NAME...]`: run every bench/bench_*.py module (or the named ones) in order.

Each module runs in its own process, so one benchmark's memory and warm caches
never flatter or burden the next one's figures.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

PACKAGES = ("documents", "storage", "gui", "claimmark")
_RUN_ONE = "import sys, importlib; sys.exit(1 if importlib.import_module(sys.argv[1]).main() else 0)"


def main(names: list[str]) -> int:
    """Run the benchmark modules; return 1 if any budget was missed."""
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names or m in names]
    _compile_like_an_install()
    missed = []
    for name in chosen:
        print(f"\n== {name.removeprefix('bench_')} ==", flush=True)
        if subprocess.run([sys.executable, "-c", _RUN_ONE, f"bench.{name}"]).returncode:
            missed.append(name.removeprefix("bench_"))
    print(f"\n{len(chosen) - len(missed)} benchmark group(s) within budget; over: {', '.join(missed) or 'none'}")
    return 1 if missed else 0


def _compile_like_an_install() -> None:
    """Byte-compile the project's modules, as installing the app does, so start-up figures don't include compiling.

    pip compiles what it installs (the dependencies' .pyc files are there already); an editable
    checkout compiles on first import, or on every import where PYTHONDONTWRITEBYTECODE is set
    (140-180 modules, 0.15-0.25 s of every process start here). Reading .pyc files still happens
    with that variable set, so compiling once here is enough.
    """
    root = Path(__file__).resolve().parent.parent
    compiled = all(compileall.compile_dir(root / name, quiet=1, workers=1) for name in PACKAGES)
    print(f"(project modules byte-compiled, as an install does: {'ok' if compiled else 'FAILED'})", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
