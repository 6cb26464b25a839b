"""Run benchmarks: ``python -m bench`` runs all but the slow ones; ``python -m bench NAME`` one.

Each benchmark is a module with a ``main() -> None`` that prints a table. Register new ones in
``BENCHMARKS`` (name -> module path); the names in ``SLOW`` (minutes, gigabytes of disk) run
only when named.
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
    "ledger_import": "bench.ledger_import",
    "wbr_bigfile": "bench.wbr_bigfile",
    "wbr_events": "bench.wbr_events",
    "portfolio": "bench.portfolio",
    "web": "bench.web",
    "web_load": "bench.web_load",
    "impact": "bench.impact",
    "growth": "bench.growth",
    "wbr_sources": "bench.wbr_sources",
    "wbr_app": "bench.wbr_app",
}
#: Run only when named (minutes each); "wbr" prints the events rows itself. The web app's load
#: bench (about three minutes) is not among them: `make bench` gives the issue's load figures.
SLOW: frozenset[str] = frozenset({"wbr_bigfile", "wbr_events", "ledger_import", "wbr_app"})


def main(argv: list[str]) -> int:
    names = argv or [n for n in BENCHMARKS if n not in SLOW]
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
