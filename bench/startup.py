"""CLI start-up: commands that compute nothing (or little), as whole processes.

Targets (issue "Everyday use", point 5): every command that does not compute starts in at most
0.3 s; ``ledger trust`` on a small ledger in at most 0.8 s. The commands run in interleaved
rounds (one run of each per round), so a burst of load on the shared machine spreads over all of
them; the table shows the median and the fastest run of each. The demo workspace is copied to a
temporary folder first, so nothing is written into the repository.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 9
DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"

#: (label, arguments after ``backwards --workspace WS``, target in seconds).
COMMANDS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("--help", ("--help",), 0.3),
    ("--version", ("--version",), 0.3),
    ("config --help", ("config", "--help"), 0.3),
    ("wbr --help", ("wbr", "--help"), 0.3),
    ("prfaq --help", ("prfaq", "--help"), 0.3),
    ("ledger --help", ("ledger", "--help"), 0.3),
    ("portfolio --help", ("portfolio", "--help"), 0.3),
    ("prfaq rules", ("prfaq", "rules"), 0.3),
    ("prfaq explain C01", ("prfaq", "explain", "C01"), 0.3),
    ("config check", ("config", "check"), 0.3),
    ("ledger trust (demo seed)", ("ledger", "trust", "--as-of", "2026-04-01T09:00Z"), 0.8),
    (
        "ledger trust --compare",
        ("ledger", "trust", "--compare", "maya,ben", "--as-of", "2026-04-01T09:00Z"),
        0.8,
    ),
)


def _command(workspace: Path, args: tuple[str, ...]) -> list[str]:
    exe = Path(sys.executable).with_name("backwards")
    head = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    return [*head, "--workspace", str(workspace), *args]


def _env(workspace: Path) -> dict[str, str]:
    """The environment of every run: the copy's own ledger database."""
    return {**os.environ, "BACKWARDS_DATABASE_URL": f"sqlite:///{workspace}/ledger.db"}


def _once(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=_env(cwd))
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "demo"
        shutil.copytree(DEMO, workspace)
        # the small ledger: the demo's seed, imported once into the copy's own database
        seed = workspace / "ledger" / "seed.json"
        subprocess.run(
            _command(workspace, ("ledger", "import", str(seed), "--by", "demo")),
            check=True,
            capture_output=True,
            cwd=workspace,
            env=_env(workspace),
        )
        commands = [(label, _command(workspace, args), target) for label, args, target in COMMANDS]
        times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
        for _ in range(ROUNDS):
            for label, command, _ in commands:
                times[label].append(_once(command, workspace))
    print(f"{'backwards ...':<26} {'median s':>9} {'min s':>7} {'target s':>9}  met")
    for label, _, target in commands:
        t = times[label]
        met = "yes" if statistics.median(t) <= target else "no"
        print(f"{label:<26} {statistics.median(t):>9.3f} {min(t):>7.3f} {target:>9.2f}  {met}")
    print(f"({ROUNDS} interleaved rounds; the machine is shared: compare ratios between runs.)")
