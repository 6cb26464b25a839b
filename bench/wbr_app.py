"""The WBR App against backwards on the same CSV (issue 10, point 1), whole processes only.

The process rows of ``bench.wbr`` at 10y x 500 without its per-case table and its events rows,
for the idle-machine figure: ``backwards wbr build`` on the CSV and on the Parquet of the same
data, and the WBR App's own upload path on the CSV (``bench/wbr_app_driver.py``), medians of
interleaved runs after a warm-up each. ``BACKWARDS_BENCH_WBR_APP`` names the scratch copy of
the WBR App with its requirements installed in its ``.venv``; without it the row says so.
Targets: the WBR App >= 15 x backwards csv; csv <= 1.3 x parquet and <= 1.2 s idle.

    unset PYTHONDONTWRITEBYTECODE
    BACKWARDS_BENCH_WBR_APP=/path/to/wbr-app .venv/bin/python -m bench wbr_app
"""

from __future__ import annotations

import os

from bench.wbr import PROCESS_CASE, PROCESS_RUNS, print_table, processes


def main() -> None:
    years, metrics = PROCESS_CASE
    before = os.getloadavg()[0]
    table = processes(events=False)
    after = os.getloadavg()[0]
    print(f"whole processes at {years}y x {metrics}, medians of {PROCESS_RUNS} interleaved runs")
    print_table(table)
    print(f"load average (1 min) {before:.2f} before, {after:.2f} after: idle means below 1")
    print("targets: WBR App >= 15 x backwards csv; csv <= 1.3 x parquet and <= 1.2 s idle")


if __name__ == "__main__":
    main()
