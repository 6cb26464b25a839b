"""Tally `mutmut results --all true` per module: generated, killed, survived, timeouts.

Usage: python .ci/mutation/summary.py results.txt. Prints a table, then the mutants left alive
(survived, or reached by no test), one name a line, for docs/testing.md. "% left" counts both;
a timeout counts as caught (the tests noticed: they hung).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

KILLED = {"killed", "caught by type check"}


def main(path: str) -> None:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    left: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            name, sep, status = line.strip().rpartition(": ")
            if not sep:
                continue
            module = name.split(".x_")[0].split(".x\u01c1")[0]
            by_module[module][status] += 1
            if status not in KILLED:
                left.append((name, status))
    heads = ("generated", "killed", "survived", "timeout", "no tests", "% left")
    print(f"{'module':44} " + " ".join(f"{h:>9}" for h in heads))
    for module, c in sorted(by_module.items()):
        total = sum(c.values())
        killed = sum(c[s] for s in KILLED)
        survived = c["survived"]
        timeout = c["timeout"]
        untested = c["no tests"]
        other = total - killed - survived - timeout - untested
        share = 100 * (survived + untested + other) / total if total else 0.0
        cells = (total, killed, survived, timeout, untested)
        print(f"{module:44} " + " ".join(f"{n:9}" for n in cells) + f" {share:8.1f}%")
    for name, status in left:
        print(f"{status}: {name}")


if __name__ == "__main__":
    main(sys.argv[1])
