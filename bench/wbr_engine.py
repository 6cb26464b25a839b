"""WBR engine benchmark: the engine alone vs a plain DuckDB scan-and-sum of the same columns.

Target (issue 3, point 7): at 10 years x 500 metrics the engine takes at most 2x the plain scan.
"Engine" = the one grouped query for all metrics plus collecting the results (data already
opened); "open" = opening and checking the data (types, dates); "scan" = ``SELECT SUM(m0), ...,
SUM(mN) FROM read_parquet(...)``. Medians of several runs taken in turns (the machine is
shared and noisy).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.wbr_workload import generate

CASES = ((2, 100), (10, 100), (5, 500), (10, 500))
RUNS = 7


def _interleaved(fns: dict[str, Callable[[], object]], runs: int = RUNS) -> dict[str, float]:
    """Median seconds of each function, run in turns so that noise hits all of them alike."""
    for fn in fns.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


def run_case(folder: Path, years: int, metrics: int) -> dict[str, float | int | str]:
    import duckdb

    from backwards.wbr.checking import load_valid_spec
    from backwards.wbr.engine import compute
    from backwards.wbr.sources import open_data

    w = generate(folder, years, metrics)
    spec = load_valid_spec(w.config)
    data = open_data(spec, [w.data])
    con = duckdb.connect()
    sums = ", ".join(f"SUM(m{i})" for i in range(metrics))
    scan_sql = f"SELECT {sums} FROM read_parquet('{w.data}')"
    try:
        t = _interleaved(
            {
                "engine": lambda: compute(spec, data, w.week_ending),
                "scan": lambda: con.execute(scan_sql).fetchall(),
                "open": lambda: open_data(spec, [w.data]).close(),
            }
        )
    finally:
        data.close()
        con.close()
    return {
        "case": f"{years}y x {metrics}",
        "metrics": w.metrics,
        "engine s": t["engine"],
        "scan s": t["scan"],
        "ratio": t["engine"] / t["scan"],
        "open s": t["open"],
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for years, metrics in CASES:
            rows.append(run_case(Path(tmp) / f"{years}_{metrics}", years, metrics))
    header = ["case", "metrics", "engine s", "scan s", "ratio", "open s"]
    print(" | ".join(f"{h:>10}" for h in header))
    for row in rows:
        cells = [
            f"{row[h]:>10.3f}" if isinstance(row[h], float) else f"{row[h]!s:>10}" for h in header
        ]
        print(" | ".join(cells))
    print("target: engine <= 2 x scan at 10y x 500 (ratio <= 2.0)")
