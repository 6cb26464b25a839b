"""A WBR build over a CSV file of several GB (issue 3, point 8): streamed through DuckDB.

Opt-in (slow, needs ~3 GB of free disk): ``python -m bench wbr_bigfile``; ``python -m bench``
alone skips it. It writes a ~3 GB CSV (``BACKWARDS_BENCH_BIGFILE_GB`` to change the size) in a
temporary folder by streaming chunks (one day's rows at a time, never one huge string), runs
``backwards wbr build`` on it as a subprocess, reports the wall time and the child's peak
resident memory (``getrusage(RUSAGE_CHILDREN)``), and deletes the file.

The data: 10 years of days with many rows a day (transactions), ``COLUMNS`` numeric columns,
metrics alternating ``sum`` and ``mean``. ``write_big_csv`` is also used by the test suite's
cheap guard (a ~50 MB file).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

WEEK_ENDING = dt.date(2024, 9, 28)
YEARS = 10
COLUMNS = 12
DEFAULT_GB = 3.0


def config_text(columns: int = COLUMNS, week_ending: dt.date = WEEK_ENDING) -> str:
    """A WBR config with one metric and one 6_12Graph per column, plus a 6_WeeksTable."""
    lines = [
        "setup:",
        f"  week_ending: {week_ending:%d-%b-%Y}",
        "  title: Big file",
        "metrics:",
    ]
    for i in range(columns):
        lines += [f"  M{i}:", f"    column: m{i}", f"    aggf: {'sum' if i % 2 == 0 else 'mean'}"]
    lines.append("deck:")
    for i in range(columns):
        lines += [
            "  - block:",
            "      ui_type: 6_12Graph",
            f"      title: Metric {i}",
            "      metrics:",
            f"        M{i}: {{}}",
        ]
    lines += ["  - block:", "      ui_type: 6_WeeksTable", "      title: Weeks", "      rows:"]
    lines += [f"        - row: {{header: M{i}, metric: M{i}}}" for i in range(columns)]
    return "\n".join(lines) + "\n"


def _write_days(
    fh: TextIO, days: int, rows_per_day: int, columns: int, seed: int, end: dt.date
) -> int:
    """Write ``days`` days ending on ``end`` with ``rows_per_day`` rows each; bytes written."""
    rng = random.Random(seed)
    # A pool of row tails ("v0,v1,...") reused with a rotation per day: generation stays cheap
    # while the values still change from day to day.
    pool = [
        ",".join(f"{rng.randint(0, 99999) / 100:.2f}" for _ in range(columns))
        for _ in range(min(rows_per_day, 4096) + 1)
    ]
    written = 0
    day = end - dt.timedelta(days=days - 1)
    for k in range(days):
        prefix = day.isoformat() + ","
        shift = k % len(pool)
        tails = pool[shift:] + pool[:shift]
        need = rows_per_day
        chunks: list[str] = []
        while need > 0:
            part = tails[: min(need, len(tails))]
            chunks.append(prefix + ("\n" + prefix).join(part) + "\n")
            need -= len(part)
        for chunk in chunks:
            written += fh.write(chunk)
        day += dt.timedelta(days=1)
    return written


def write_big_csv(
    path: Path,
    target_bytes: int,
    *,
    columns: int = COLUMNS,
    years: int = YEARS,
    bad_cell_at_end: bool = False,
    seed: int = 7,
    end: dt.date = WEEK_ENDING,
) -> tuple[int, int | None]:
    """Write a CSV of about ``target_bytes`` by streaming; (data rows, line of the bad cell).

    With ``bad_cell_at_end``, the last line's first value is ``oops`` (its file line is
    returned), to check that a non-numeric cell near the end is found and located.
    """
    days = years * 365
    row_bytes = 11 + columns * 7  # "YYYY-MM-DD," + about 7 bytes a value
    rows_per_day = max(1, target_bytes // (days * row_bytes))
    header = "Date," + ",".join(f"m{i}" for i in range(columns)) + "\n"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        _write_days(fh, days, rows_per_day, columns, seed, end)
        rows = days * rows_per_day
        bad_line = None
        if bad_cell_at_end:
            fh.write(f"{end.isoformat()},oops" + ",1.00" * (columns - 1) + "\n")
            rows += 1
            bad_line = rows + 1  # the header is line 1
    return rows, bad_line


def run_build(config: Path, data: Path, output: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak child RSS MB, exit code, stderr) of ``backwards wbr build``."""
    cmd = [sys.executable, "-m", "backwards", "wbr", "build", str(config), "--data", str(data)]
    start = time.perf_counter()
    proc = subprocess.run([*cmd, "-o", str(output)], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mb, proc.returncode, proc.stderr


def main() -> None:
    gb = float(os.environ.get("BACKWARDS_BENCH_BIGFILE_GB", DEFAULT_GB))
    with tempfile.TemporaryDirectory(prefix="wbr-bigfile-") as tmp:
        folder = Path(tmp)
        config = folder / "wbr.yaml"
        config.write_text(config_text(), encoding="utf-8")
        data = folder / "big.csv"
        start = time.perf_counter()
        rows, _ = write_big_csv(data, int(gb * 1024**3))
        write_s = time.perf_counter() - start
        size_gb = data.stat().st_size / 1024**3
        wall, peak, code, err = run_build(config, data, folder / "deck.html")
        data.unlink()
    header = ["file GB", "rows", "write s", "build s", "peak MB", "exit"]
    print(" | ".join(f"{h:>10}" for h in header))
    cells = [f"{size_gb:.2f}", f"{rows:,}", f"{write_s:.1f}", f"{wall:.1f}", f"{peak:.0f}", code]
    print(" | ".join(f"{c!s:>10}" for c in cells))
    if code != 0:
        print(err)
    print("build = the whole `backwards wbr build` process; peak MB = its peak resident memory")


if __name__ == "__main__":
    main()
