"""Ledger benchmarks (issue 5, point 7): the trust report at scale and repeat candidates.

``python -m bench ledger`` builds, once, a SQLite ledger of 100,000 commitments (with revisions
and outcomes) and 10,000 mistakes from a seeded generator, then times, over several runs:

- columns + report: what ``backwards ledger trust`` spends after start-up: the columns read
  straight from SQLite (``load_trust_inputs``) and ``report_from_frames`` over all owners (the
  target: <= 1 s);
- of which columns, and of which the measures;
- ``load_all`` (one model value per row: what ``ledger list`` and ``export`` read);
- index: building the similarity index over 10,000 mistakes (once per process, precomputed);
- candidates: scoring one new mistake against the 10,000 (the target: <= 100 ms);
- the ``backwards ledger trust`` command as a whole process (start-up, settings, database,
  measures, printing), as a user runs it, text and JSON interleaved;
- ``backwards ledger list --format json`` over all 100,000 as a process, its wall time and peak
  memory (the targets: <= 2 s and <= 150 MB, issue 16);
- ``Book.similar`` among the 10,000 mistakes from the database with the workspace's cached
  index, and ``backwards mistake similar`` as a process (the target: <= 0.5 s).

Medians of several runs are printed; the machine is shared, so expect noise.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from backwards import ledger
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)

COMMITMENTS = 100_000
MISTAKES = 10_000
OWNERS = 40
RUNS = 5
START = date(2024, 1, 1)
NOW = datetime(2026, 1, 1, 9, tzinfo=UTC)

VERBS = ["Ship", "Launch", "Migrate", "Retire", "Publish", "Automate", "Redesign", "Price"]
THINGS = [
    "checkout v2",
    "partner payouts",
    "SSO for admins",
    "the pricing page",
    "usage-based billing",
    "the onboarding flow",
    "search ranking",
    "mobile listing pages",
    "fraud rules",
    "the data warehouse",
]
MARKETS = ["to EU customers", "in the US", "for enterprise", "on iOS", "on Android", "in Japan"]
CAUSES = [
    "committed the date before the dependency owner confirmed capacity",
    "skipped the legal review for a small launch",
    "estimated without a spike on the unknown integration",
    "told sales before engineering had sized the work",
    "did not test the migration on production-sized data",
    "no owner for the release checklist",
    "the alert threshold was set without a baseline",
    "promised a price before finance approved the margin",
]
TAGS = ["launch", "payments", "planning", "quality", "data", "pricing", "mobile", "security"]


def generate(seed: int = 7) -> tuple[list[CommitmentRecord], list[Mistake]]:
    """A seeded synthetic ledger: 100,000 commitment records and 10,000 mistakes."""
    rng = random.Random(seed)
    made0 = datetime(START.year, START.month, START.day, 9, tzinfo=UTC)
    records: list[CommitmentRecord] = []
    for i in range(1, COMMITMENTS + 1):
        made = made0 + timedelta(days=rng.randrange(0, 700), seconds=i)  # each its own moment
        due = made.date() + timedelta(days=rng.randrange(7, 120))
        p = rng.choice([0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
        c = Commitment(
            id=i,
            owner=f"pm{rng.randrange(OWNERS):02d}",
            statement=f"{rng.choice(VERBS)} {rng.choice(THINGS)} {rng.choice(MARKETS)}",
            due=due,
            made_at=made,
            probability=p,
            weight=float(rng.choice([1, 2, 3, 5, 8])),
            aspirational=rng.random() < 0.1,
            tags=tuple(rng.sample(TAGS, 2)),
        )
        revisions: tuple[Revision, ...] = ()
        if rng.random() < 0.2:
            when = made + timedelta(days=rng.randrange(1, max(2, (due - made.date()).days + 5)))
            new_due = due + timedelta(days=rng.randrange(5, 40))
            revisions = (Revision(0, i, when, "dependency slipped", due, new_due=new_due),)
        resolution = None
        resolved_on = due + timedelta(days=int(rng.gauss(3, 10)))
        if resolved_on < NOW.date() - timedelta(days=5) and rng.random() < 0.92:
            met = rng.random() < p
            outcome = Outcome.MET if met else rng.choice([Outcome.MISSED, Outcome.PARTIALLY_MET])
            resolved_on = max([resolved_on, made.date(), *(r.made_at.date() for r in revisions)])
            resolution = Resolution(i, outcome, resolved_on, NOW)
        records.append(CommitmentRecord(c, revisions, resolution))
    mistakes = [_mistake(rng, i) for i in range(1, MISTAKES + 1)]
    return records, mistakes


def _mistake(rng: random.Random, i: int) -> Mistake:
    occurred = START + timedelta(days=rng.randrange(0, 700))
    cause = rng.choice(CAUSES)
    thing = rng.choice(THINGS)
    items = tuple(
        ActionItem(
            0,
            i,
            f"fix: {cause[:40]}",
            f"pm{rng.randrange(OWNERS):02d}",
            occurred + timedelta(days=rng.randrange(7, 45)),
            closed_on=occurred + timedelta(days=rng.randrange(3, 60))
            if rng.random() < 0.7
            else None,
        )
        for _ in range(rng.randrange(0, 3))
    )
    return Mistake(
        id=i,
        owner=f"pm{rng.randrange(OWNERS):02d}",
        title=f"{thing.capitalize()}: we {cause} (#{i})",
        occurred_on=occurred,
        recorded_at=NOW,
        category=rng.choice(list(MistakeCategory)),
        what_happened=f"The {thing} work slipped because we {cause}.",
        five_whys=(f"we {cause}", "the checklist did not ask", "nobody owned the checklist"),
        root_cause=cause,
        tags=tuple(rng.sample(TAGS, 2)),
        action_items=items,
    )


CPU: dict[str, float] = {}


def median_seconds(work: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    """Median wall-clock seconds of ``runs`` calls (and the median CPU seconds, in ``CPU``)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[getattr(work, "__name__", "")] = statistics.median(cpu)
    return statistics.median(times), result


PROCESS_RUNS = 5


def trust_processes(folder: Path, database: Path) -> tuple[float, float]:
    """Median wall seconds of ``backwards ledger trust`` as a process: (text, JSON), interleaved."""
    (folder / "backwards.yaml").write_text(
        f"version: 1\ndatabase_url: sqlite:///{database}\n", encoding="utf-8"
    )
    exe = Path(sys.executable).with_name("backwards")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    base = [*cli, "-w", str(folder), "ledger", "trust", "--as-of", NOW.date().isoformat()]
    text, json = [], []
    for _ in range(PROCESS_RUNS):
        for args, times in ((base, text), ([*base, "--format", "json"], json)):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(text), statistics.median(json)


#: Runs a command and prints its wall seconds and peak memory. A small process of its own forks
#: the command, so the peak is the command's, not this benchmark's (a fork inherits the
#: parent's peak resident size).
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "seconds = time.perf_counter() - start\n"
    "if done.returncode:\n"
    "    sys.exit(done.stderr.decode())\n"
    "print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command run to completion."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024  # ru_maxrss is in kB on Linux


def cli_processes(folder: Path, database: Path, mistake_id: int) -> dict[str, tuple[float, float]]:
    """Median (seconds, peak MB) of ``ledger list --format json`` and ``mistake similar``."""
    (folder / "backwards.yaml").write_text(
        f"version: 1\ndatabase_url: sqlite:///{database}\n", encoding="utf-8"
    )
    exe = Path(sys.executable).with_name("backwards")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
    base = [*cli, "-w", str(folder)]
    runs = {
        "list": [*base, "ledger", "list", "--format", "json", "--as-of", "2026-01-01"],
        "similar": [*base, "mistake", "similar", str(mistake_id)],
    }
    _process(runs["similar"])  # builds and saves the workspace's index once
    out = {}
    for name, args in runs.items():
        results = [_process(args) for _ in range(PROCESS_RUNS)]
        out[name] = (
            statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results),
        )
    return out


def main() -> None:
    from backwards.ledger.measures.similarity import SimilarityIndex
    from backwards.ledger.reports.trust_report import report_from_frames
    from backwards.ledger.storage.repository import LedgerRepository
    from backwards.ledger.storage.trust_columns import load_trust_inputs
    from backwards.store import open_store

    with tempfile.TemporaryDirectory(prefix="backwards-bench-") as folder:
        t0 = time.perf_counter()
        records, mistakes = generate()
        store = open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
        repo = LedgerRepository(store)
        repo.import_all(records, mistakes, by="bench")
        setup = time.perf_counter() - t0

        today = NOW.date()
        columns_s, (frame, log, _) = median_seconds(lambda: load_trust_inputs(store, today=today))
        measures_s, _ = median_seconds(lambda: report_from_frames(frame, log, now=NOW))

        def trust() -> Any:
            frame, log, _ = load_trust_inputs(store, today=today)
            return report_from_frames(frame, log, now=NOW)

        both_s, _ = median_seconds(trust)
        trust_cpu = CPU["trust"]
        load_s, snap = median_seconds(repo.load_all, 3)
        index_s, index = median_seconds(lambda: SimilarityIndex.from_mistakes(snap.mistakes), 3)
        new = Mistake(
            id=MISTAKES + 1,
            owner="pm01",
            title="Launch: we committed the date before the payments owner confirmed capacity",
            occurred_on=date(2026, 1, 1),
            recorded_at=NOW,
            category=MistakeCategory.DEPENDENCY,
            tags=("payments", "planning"),
        )
        query_s, found = median_seconds(lambda: index.similar_to_mistake(new), 20)
        store.close()
        with ledger.open_url(
            f"sqlite:///{Path(folder) / 'bench.db'}", cache_dir=Path(folder) / "cache"
        ) as book:
            book.similar(MISTAKES)  # the first call builds and saves the index
            book_similar_s, _ = median_seconds(lambda: book.similar(MISTAKES), RUNS)
        process_text_s, process_json_s = trust_processes(Path(folder), Path(folder) / "bench.db")
        processes = cli_processes(Path(folder), Path(folder) / "bench.db", MISTAKES)
    rows = [
        ("set-up (generate + import, once)", setup, None),
        ("trust report: columns from SQLite + measures", both_s, 1.0),
        ("  of which: columns from SQLite", columns_s, None),
        ("  of which: measures (report_from_frames)", measures_s, None),
        (f"load_all ({COMMITMENTS:,} + {MISTAKES:,} as values)", load_s, None),
        (f"similarity index over {MISTAKES:,} mistakes (precomputed)", index_s, None),
        ("candidate repeats for one new mistake", query_s, 0.1),
        ("`backwards ledger trust` whole process, text", process_text_s, None),
        ("`backwards ledger trust` whole process, --format json", process_json_s, None),
        ("`backwards ledger list --format json` (100,000), process", processes["list"][0], 2.0),
        ("Book.similar among 10,000 (database + cached index)", book_similar_s, 0.5),
        ("`backwards mistake similar` among 10,000, process", processes["similar"][0], 0.5),
    ]
    print(f"{'benchmark':<58} {'median':>10} {'target':>8}  ok")
    for name, seconds, target in rows:
        goal = f"{target:.2f} s" if target else ""
        ok = "" if target is None else ("yes" if seconds <= target else "NO")
        print(f"{name:<58} {seconds:>8.3f} s {goal:>8}  {ok}")
    print(f"({len(snap.commitments):,} commitments, {len(snap.revisions):,} revisions, "
          f"{len(snap.resolutions):,} outcomes, {len(snap.mistakes):,} mistakes; "
          f"{len(found)} candidates; medians of {RUNS} runs, 20 for the query, "
          f"{PROCESS_RUNS} for the processes)")  # fmt: skip
    print(f"CPU time of the trust report (less sensitive to a busy machine): {trust_cpu:.3f} s")
    print(
        f"peak memory: `ledger list --format json` {processes['list'][1]:.0f} MB (target "
        f"<= 150 MB), `mistake similar` {processes['similar'][1]:.0f} MB"
    )


if __name__ == "__main__":
    main()
