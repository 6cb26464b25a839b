"""Run benchmarks: ``python -m bench`` runs all; ``python -m bench NAME`` runs one.

Each benchmark is a module with a ``main() -> None`` that prints a table. Register new ones in
``BENCHMARKS`` (name -> module path).
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS: dict[str, str] = {
    "startup": "bench.startup",
    "wbr_engine": "bench.wbr_engine",
    "wbr": "bench.wbr",
    "prfaq": "bench.prfaq",
    "ledger": "bench.ledger",
    "ledger_measures": "bench.ledger_measures",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        print(f"\n== {name} ==")
        importlib.import_module(BENCHMARKS[name]).main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
