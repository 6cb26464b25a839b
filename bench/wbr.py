"""WBR build speed (issue point 7): engine, render and total seconds, peak memory.

Cases are WBR App-style workloads (days x metrics: alternating sum and mean, every tenth metric
bps, one function metric per ten, one 6_12Graph per base metric, plus a section and both table
kinds), generated into a temporary folder by ``bench.wbr_workload``, each once as CSV (what
users upload) and once as Parquet, the runs of the two interleaved. For each case and format:

- ``engine s``: load + check the config, read the data, compute the deck (``build_deck``);
- ``render s``: the HTML deck and our JSON from that deck (both, as the target states);
- ``total s``: the two together, in process (target at 10y x 500: <= 0.6 s);
- ``cpu s``: the CPU time of that total, all threads (steadier than wall time on a busy machine);
- ``peak MB``: the peak resident memory of a fresh process doing one build (its VmHWM);
- ``cli s``: the whole ``backwards wbr build`` process writing the HTML (target: <= 2 s).

Then one table of whole processes at 10y x 500 (issue 10, point 6), medians of interleaved
runs, each row's time also as a ratio to the row it is compared with:

- ``backwards csv`` / ``backwards parquet``: ``backwards wbr build`` on the same data as CSV and
  as Parquet (targets: CSV <= 1.3 x Parquet, CSV <= 1.2 s on an idle machine);
- ``WBR App csv``: the WBR App's own upload path on the same CSV (``bench/wbr_app_driver.py``),
  when ``BACKWARDS_BENCH_WBR_APP`` names a scratch copy of it with its requirements installed in
  ``.venv`` (``BACKWARDS_BENCH_WBR_APP_PYTHON`` to use another interpreter); target: ours
  >= 15 x faster;
- ``events``: ``bench.wbr_events`` (its build against a plain DuckDB scan of the same columns).

More rows (a database, Spark) are one ``ProcessRow`` each in ``process_rows``.

Medians of several runs; the machine is shared and noisy, so compare ratios, not digits.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.wbr_workload import Workload, generate

CASES: tuple[tuple[str, int, int], ...] = (
    ("1y x 50", 1, 50),
    ("2y x 12", 2, 12),
    ("5y x 100", 5, 100),
    ("10y x 100", 10, 100),
    ("10y x 500", 10, 500),
)
RUNS = 5
CLI_RUNS = 3

# The peak of this process alone: VmHWM starts afresh at exec, while ru_maxrss keeps the
# peak of the (large) parent it was forked from.
_PEAK = """
import re, sys
from backwards.wbr import build
from backwards.wbr import render
deck = build(sys.argv[1], [sys.argv[2]])
render(deck, "html"); render(deck, "json")
status = open("/proc/self/status", encoding="ascii").read()
print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024)
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


@dataclass(frozen=True)
class ProcessRow:
    """One row of the process table: ``run()`` takes one timed run and returns its seconds;
    the ratio is against the row named ``against`` (its median)."""

    name: str
    data: str
    run: Callable[[], float]
    against: str = ""
    peak: Callable[[], float] | None = None


PROCESS_RUNS = 5
PROCESS_CASE = (10, 500)


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def _child_peak(command: list[str]) -> float:
    """Peak RSS (MB) of one run of ``command`` (``/usr/bin/time``-free: a wrapper process)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip()) / 1024


def wbr_app_python() -> tuple[Path, Path] | None:
    """(the WBR App's scratch folder, its Python) when ``BACKWARDS_BENCH_WBR_APP`` is set."""
    folder = os.environ.get("BACKWARDS_BENCH_WBR_APP")
    if not folder:
        return None
    python = Path(
        os.environ.get("BACKWARDS_BENCH_WBR_APP_PYTHON") or Path(folder) / ".venv/bin/python"
    )
    return (Path(folder), python) if python.exists() else None


def process_rows(workloads: dict[str, Workload], folder: Path) -> list[ProcessRow]:
    """The rows of the process table for ``workloads`` (by format) written in ``folder``."""
    exe = Path(sys.executable).with_name("backwards")
    ours = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    rows = []
    for fmt in FORMATS:
        w = workloads[fmt]
        out = folder / f"deck-{fmt}.html"
        command = [*ours, "wbr", "build", str(w.config), "--data", str(w.data), "-o", str(out)]
        rows.append(
            ProcessRow(
                f"backwards {fmt}",
                f"{w.data.stat().st_size / 1e6:.1f} MB",
                lambda c=command: _timed(c),  # type: ignore[misc]
                "backwards parquet" if fmt == "csv" else "",
                lambda c=command: _child_peak(c),  # type: ignore[misc]
            )
        )
    app = wbr_app_python()
    if app is not None:
        w = workloads["csv"]
        driver = Path(__file__).with_name("wbr_app_driver.py")
        command = [str(app[1]), str(driver), str(app[0]), str(w.config), str(w.data)]
        rows.append(
            ProcessRow(
                "WBR App csv",
                f"{w.data.stat().st_size / 1e6:.1f} MB",
                lambda c=command: _timed(c),  # type: ignore[misc]
                "backwards csv",
                lambda c=command: _child_peak(c),  # type: ignore[misc]
            )
        )
    return rows


def run_processes(rows: list[ProcessRow], runs: int = PROCESS_RUNS) -> list[dict[str, str]]:
    """Medians of ``runs`` interleaved runs of every row (after one warm-up each)."""
    for row in rows:
        row.run()
    times: dict[str, list[float]] = {row.name: [] for row in rows}
    for _ in range(runs):
        for row in rows:
            times[row.name].append(row.run())
    medians = {name: statistics.median(t) for name, t in times.items()}
    table = []
    for row in rows:
        ratio = ""
        if row.against in medians:
            ratio = f"{medians[row.name] / medians[row.against]:.2f} x {row.against}"
        table.append(
            {
                "row": row.name,
                "data": row.data,
                "median s": f"{medians[row.name]:.2f}",
                "ratio": ratio,
                "peak MB": f"{row.peak():.0f}" if row.peak else "",
            }
        )
    return table


def print_table(table: list[dict[str, str]]) -> None:
    if not table:
        return
    widths = {k: max(len(k), *(len(r[k]) for r in table)) for k in table[0]}
    print("  ".join(f"{k:<{widths[k]}}" for k in table[0]))
    for r in table:
        print("  ".join(f"{r[k]:<{widths[k]}}" for k in r))


def processes(events: bool = True) -> list[dict[str, str]]:
    """The process table at ``PROCESS_CASE``, plus (``events``) the events rows."""
    from bench import wbr_events

    years, metrics = PROCESS_CASE
    with tempfile.TemporaryDirectory(prefix="wbr-bench-") as tmp:
        folder = Path(tmp)
        workloads = {}
        for fmt in FORMATS:
            (folder / fmt).mkdir()
            workloads[fmt] = generate(folder / fmt, years, metrics, fmt=fmt)
        table = run_processes(process_rows(workloads, folder))
        if wbr_app_python() is None:
            table.append(
                {
                    "row": "WBR App csv",
                    "data": "",
                    "median s": "-",
                    "ratio": "set BACKWARDS_BENCH_WBR_APP to its scratch copy",
                    "peak MB": "",
                }
            )
    if events:
        table += wbr_events.rows()
    return table


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
    years, metrics = PROCESS_CASE
    print(f"\nwhole processes at {years}y x {metrics} (medians of {PROCESS_RUNS} interleaved runs)")
    print_table(processes())
    print("targets: csv <= 1.3 x parquet and <= 1.2 s idle; WBR App >= 15 x backwards csv;")
    print("events build <= 1.5 x the plain scan of the columns it needs")


if __name__ == "__main__":
    main()
