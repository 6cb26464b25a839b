"""Growth benchmarks (issue 12): ``journal add`` as a process (target <= 0.5 s) and the growth
report of one person with 1,000 journal entries and 10,000 commitments (target <= 1 s).

``python -m bench growth`` builds, once, a SQLite workspace: a person ``ana`` with 10,000
commitments (the first 10,000 of the ledger benchmark's seeded generator, given to ana) and
1,000 journal entries over two years, then times, over several runs:

- report (in process): ``backwards.evidence.growth_report`` -- the journal, assessments, the
  ledger's trust report and the other evidence, after start-up (the target: <= 1 s);
- ``backwards growth report ana`` as a whole process (start-up, settings, database, printing);
- ``backwards journal add`` with flags as a whole process (the target: <= 0.5 s).

Medians of several runs are printed; the machine is shared, so expect noise.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.ledger import generate

COMMITMENTS = 10_000
ENTRIES = 1_000
RUNS = 5
NOW = datetime(2026, 1, 1, 9, tzinfo=UTC)
SETTINGS = "version: 1\ngrowth:\n  people:\n    ana: {level: pm}\n"
ATTRIBUTES = ["communicate", "prioritize", "execute", "think-big", "earn-trust-with-others"]


def build(folder: Path) -> None:
    from backwards.features import open_workspace
    from backwards.growth import EntryDraft, Kind
    from backwards.growth import open as open_growth
    from backwards.ledger.storage.repository import LedgerRepository
    from backwards.store import open_store

    (folder / "backwards.yaml").write_text(SETTINGS, encoding="utf-8")
    records, _ = generate()
    mine = [
        dataclasses.replace(r, commitment=dataclasses.replace(r.commitment, owner="ana"))
        for r in records[:COMMITMENTS]
    ]
    ws = open_workspace(folder)
    store = open_store(ws.database_url)
    try:
        LedgerRepository(store).import_all(mine, [], by="bench")
    finally:
        store.close()
    rng = random.Random(3)
    drafts = [
        (
            "ana",
            EntryDraft(
                kind=rng.choice(list(Kind)),
                title=f"entry {k}",
                grades={a: rng.randint(1, 5) for a in rng.sample(ATTRIBUTES, 2)},
                occurred_on=date(2024, 1, 1) + timedelta(days=rng.randrange(730)),
                checks={"answered_first": rng.random() < 0.5},
                better="lead with the number",
                tags=("bench",),
            ),
        )
        for k in range(ENTRIES)
    ]
    with open_growth(ws) as book:
        book.add_entries(drafts, by="bench", at=NOW)


def process_seconds(folder: Path, args: list[str], runs: int = RUNS) -> list[float]:
    """Wall-clock seconds of ``runs`` processes, after one warm-up run that writes the bytecode
    caches (as an installed package has them; PYTHONDONTWRITEBYTECODE is dropped here)."""
    env = {**os.environ, "BACKWARDS_USER": "ana"}
    env.pop("BACKWARDS_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "backwards", "-w", str(folder), *args]
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - began)
    return times


def floor_seconds(runs: int = RUNS) -> list[float]:
    """The libraries ``journal add`` cannot do without, imported by a bare process: on a loaded
    machine the ratio to this says more than the seconds."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-c", "import sqlalchemy, pydantic, click, yaml"]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    from backwards.evidence import growth_report
    from backwards.features import open_workspace

    print(f"{'case':<58} {'median s':>9} {'min s':>7} {'target':>7}")
    with tempfile.TemporaryDirectory(prefix="backwards-bench-growth-") as name:
        folder = Path(name)
        began = time.perf_counter()
        build(folder)
        print(f"{'setup: 10,000 commitments, 1,000 journal entries':<58} "
              f"{time.perf_counter() - began:>9.2f}")  # fmt: skip
        ws = open_workspace(folder)
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            growth_report(ws, "ana", viewer="ana", now=NOW)
            times.append(time.perf_counter() - began)
        label = "growth report, in process (1,000 entries, 10,000 commits)"
        print(f"{label:<58} {statistics.median(times):>9.3f} {min(times):>7.3f} {'1 s':>7}")
        t = process_seconds(folder, ["growth", "report", "ana", "--at", NOW.isoformat()])
        label = "backwards growth report ana (process)"
        print(f"{label:<58} {statistics.median(t):>9.3f} {min(t):>7.3f} {'':>7}")
        add = ["journal", "add", "--kind", "meeting", "--title", "Standup"]
        add += ["--grade", "communicate=4", "--answered-first", "--at", NOW.isoformat()]
        t = process_seconds(folder, add)
        label = "backwards journal add --kind ... --grade ... (process)"
        print(f"{label:<58} {statistics.median(t):>9.3f} {min(t):>7.3f} {'0.5 s':>7}")
        floor = floor_seconds()
        label = "  floor: python -c 'import sqlalchemy, pydantic, click, yaml'"
        print(f"{label:<58} {statistics.median(floor):>9.3f} {min(floor):>7.3f} {'':>7}")
        print(f"  journal add / floor: {statistics.median(t) / statistics.median(floor):.2f}")
