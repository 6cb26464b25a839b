"""CLI start-up time: ``backwards --help`` and ``backwards --version`` as whole processes."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15


def _time_command(args: list[str]) -> list[float]:
    exe = Path(sys.executable).with_name("backwards")
    command = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "backwards", *args]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    print(f"{'command':<28} {'median s':>9} {'min s':>7} {'max s':>7}")
    for args in (["--help"], ["--version"], ["config", "--help"]):
        t = _time_command(args)
        label = "backwards " + " ".join(args)
        print(f"{label:<28} {statistics.median(t):>9.3f} {min(t):>7.3f} {max(t):>7.3f}")
