"""WBR build speed (issue point 7): engine, render and total seconds, peak memory.

Cases are WBR App-style workloads (days x metrics: alternating sum and mean, every tenth metric
bps, one function metric per ten, one 6_12Graph per base metric, plus a section and both table
kinds), generated into a temporary folder by ``bench.wbr_workload``, each once as CSV (what
users upload) and once as Parquet, the runs of the two interleaved. For each case and format:

- ``engine s``: load + check the config, read the data, compute the deck (``build_deck``);
- ``render s``: the HTML deck and our JSON from that deck (both, as the target states);
- ``total s``: the two together, in process (target at 10y x 500: <= 0.6 s);
- ``cpu s``: the CPU time of that total, all threads (steadier than wall time on a busy machine);
- ``peak MB``: the peak resident memory of a fresh process doing one build (ru_maxrss);
- ``cli s``: the whole ``backwards wbr build`` process writing the HTML (target: <= 2 s).

Medians of several runs; the machine is shared and noisy, so compare ratios, not digits.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.wbr_workload import generate

CASES: tuple[tuple[str, int, int], ...] = (
    ("1y x 50", 1, 50),
    ("2y x 12", 2, 12),
    ("5y x 100", 5, 100),
    ("10y x 100", 10, 100),
    ("10y x 500", 10, 500),
)
RUNS = 5
CLI_RUNS = 3

_PEAK = """
import resource, sys
from backwards.wbr import build
from backwards.wbr import render
deck = build(sys.argv[1], [sys.argv[2]])
render(deck, "html"); render(deck, "json")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _in_process(config: Path, data: Path) -> tuple[float, float, float]:
    """Engine and render wall seconds, and the CPU seconds of both (all threads)."""
    from backwards.wbr import build, render

    cpu = time.process_time()
    start = time.perf_counter()
    deck = build(config, [data])
    engine = time.perf_counter() - start
    start = time.perf_counter()
    render(deck, "html")
    render(deck, "json")
    return engine, time.perf_counter() - start, time.process_time() - cpu


def _peak_mb(config: Path, data: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(config), str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _cli(config: Path, data: Path, folder: Path) -> float:
    exe = Path(sys.executable).with_name("backwards")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    args = ["wbr", "build", str(config), "--data", str(data), "-o", str(folder / "deck.html")]
    start = time.perf_counter()
    subprocess.run([*command, *args], check=True, capture_output=True)
    return time.perf_counter() - start


FORMATS = ("csv", "parquet")  # users upload CSV; Parquet is the fast path


def run_case(label: str, years: int, metrics: int) -> list[dict[str, float | str | int]]:
    """The case on the same data as CSV and as Parquet, runs interleaved (one row each)."""
    with tempfile.TemporaryDirectory(prefix="wbr-bench-") as tmp:
        folder = Path(tmp)
        workloads = {}
        for fmt in FORMATS:
            (folder / fmt).mkdir()
            workloads[fmt] = generate(folder / fmt, years, metrics, fmt=fmt)
        runs: dict[str, dict[str, list[float]]] = {
            fmt: {"engine": [], "render": [], "cpu": [], "cli": []} for fmt in FORMATS
        }
        for fmt in FORMATS:
            _in_process(workloads[fmt].config, workloads[fmt].data)  # warm
        for i in range(RUNS):
            for fmt in FORMATS:
                w = workloads[fmt]
                engine, render, cpu = _in_process(w.config, w.data)
                runs[fmt]["engine"].append(engine)
                runs[fmt]["render"].append(render)
                runs[fmt]["cpu"].append(cpu)
                if i < CLI_RUNS:
                    runs[fmt]["cli"].append(_cli(w.config, w.data, folder / fmt))
        rows: list[dict[str, float | str | int]] = []
        med = statistics.median
        for fmt in FORMATS:
            r, w = runs[fmt], workloads[fmt]
            totals = [e + x for e, x in zip(r["engine"], r["render"], strict=True)]
            rows.append(
                {
                    "case": label,
                    "data": f"{fmt} {w.data.stat().st_size / 1e6:.1f}MB",
                    "blocks": w.blocks,
                    "engine": med(r["engine"]),
                    "render": med(r["render"]),
                    "total": med(totals),
                    "cpu": med(r["cpu"]),
                    "peak": _peak_mb(w.config, w.data),
                    "cli": med(r["cli"]),
                }
            )
        return rows


def main() -> None:
    cases = CASES
    print(f"{'case':<11} {'data':<15} {'blocks':>6} {'engine s':>9} {'render s':>9} "
          f"{'total s':>8} {'cpu s':>6} {'peak MB':>8} {'cli s':>6}")  # fmt: skip
    for label, years, metrics in cases:
        for r in run_case(label, years, metrics):
            print(
                f"{r['case']:<11} {r['data']:<15} {r['blocks']:>6} {r['engine']:>9.3f} "
                f"{r['render']:>9.3f} {r['total']:>8.3f} {r['cpu']:>6.3f} {r['peak']:>8.0f} "
                f"{r['cli']:>6.2f}"
            )
    print("targets at 10y x 500: total <= 0.6 s in process, cli <= 2 s")
    print(f"medians of {RUNS} runs ({CLI_RUNS} for the process), CSV and Parquet interleaved")


if __name__ == "__main__":
    main()
