"""A 50 MB ledger CSV imported as a process: wall seconds and peak memory (issue 17).

``python -m bench ledger_import`` writes, once, a CSV of commitments (about 420 bytes a row,
120,000 rows: 50 MB), then runs ``backwards ledger import FILE`` into a fresh SQLite database
``RUNS`` times and prints the median wall time and peak resident memory of the command (the
issue found 32 s and 1 GB, about 20 times the file's size). The import reads, checks and
stores the file a row at a time in one transaction, so its memory should stay near that of a
small import; the same file imported twice changes nothing (timed as well).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.ledger import _process

ROWS = int(os.environ.get("BENCH_LEDGER_IMPORT_ROWS", "120000"))
RUNS = int(os.environ.get("BENCH_LEDGER_IMPORT_RUNS", "3"))
HEADER = "id,owner,statement,due,made_at,probability,tags,outcome,resolved_on\n"


def write_csv(path: Path, rows: int) -> int:
    """A CSV ledger of ``rows`` commitments, two in three resolved; its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(1, rows + 1):
            due = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
            done = "met," + due if i % 3 else ","
            out.write(
                f'{i},pm{i % 40},"Ship the {i}th thing, with ""quotes"" and a long tail '
                f'{"x" * 300}",{due},2024-12-01T09:00:00Z,70%,launch;q{i % 4},{done}\n'
            )
    return path.stat().st_size


def main() -> None:
    exe = Path(sys.executable).with_name("backwards")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    with tempfile.TemporaryDirectory(prefix="backwards-bench-import-") as folder:
        base = Path(folder)
        size = write_csv(base / "ledger.csv", ROWS)
        (base / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
        first, again = [], []
        for run in range(RUNS):
            url = f"sqlite:///{base / f'run{run}.db'}"
            os.environ["BACKWARDS_DATABASE_URL"] = url
            args = [*cli, "-w", str(base), "ledger", "import", str(base / "ledger.csv")]
            first.append(_process(args))
            again.append(_process(args))
        os.environ.pop("BACKWARDS_DATABASE_URL", None)
    load = os.getloadavg()[0]
    print(f"{ROWS:,} rows, {size / 1e6:.1f} MB CSV; medians of {RUNS} runs; load {load:.1f}")
    for name, results in (("import into an empty ledger", first), ("the same file again", again)):
        seconds = statistics.median(r[0] for r in results)
        peak = statistics.median(r[1] for r in results)
        print(
            f"{name:<32} {seconds:8.2f} s  peak {peak:6.0f} MB ({peak * 1e6 / size:.1f}x the file)"
        )


if __name__ == "__main__":
    main()
