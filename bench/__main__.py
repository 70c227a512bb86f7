"""`python -m bench [NAME...]`: run every bench/bench_*.py module (or the named ones) in order."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    """Run the benchmark modules; return 1 if any budget was missed."""
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names or m in names]
    missed = 0
    for name in chosen:
        print(f"\n== {name.removeprefix('bench_')} ==", flush=True)
        missed += bool(importlib.import_module(f"bench.{name}").main())
    print(f"\n{len(chosen) - missed} benchmark group(s) within budget, {missed} over")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
