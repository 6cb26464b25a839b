"""WBR over raw events (issue 10, point 4): the events benchmark of ``wbr-performance.md``.

Events in Parquet (``ts`` day, ``event_type`` visit 80 % / add_to_cart 15 % / order 5 %,
``region`` of 8, ``channel`` of 4, ``category`` of 20, ``revenue``, ``units``, ``user_id``)
over three years up to the week ending, sorted by day, in row groups of one million rows.
The config has 25 segments (all, each region, each channel, 12 categories); each has four
filtered metrics (visits and orders counted, revenue and units summed) and one ratio (orders /
visits): 100 metrics plus 25 ratios, and five distinct-user counts (all, each channel).

The five distinct counts are timed apart (a second config), since they read the rows of every
period rather than the daily cube. Timed, in turns (medians): ``build`` (load and check the
config, open the data, compute the deck) against a plain DuckDB scan of the columns the
metrics need over the same date window
(``SELECT COUNT(*), MIN(col), ... WHERE day in the window``). Target: build <= 1.5 x scan.
Peak memory: a fresh process doing one build (its VmHWM).

Rows: ``BACKWARDS_BENCH_EVENTS_ROWS`` (default 50 million, the issue's case; fewer for a quick
look, e.g. ``BACKWARDS_BENCH_EVENTS_ROWS=10000000 python -m bench wbr_events``). The data is
generated into a temporary folder (360 MB at 50 million) and deleted afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WEEK_ENDING = dt.date(2024, 12, 28)
DAYS = 3 * 365
REGIONS = [f"r{i}" for i in range(8)]
CHANNELS = ["web", "app", "store", "phone"]
CATEGORIES = [f"c{i:02d}" for i in range(20)]
DEFAULT_ROWS = 50_000_000
RUNS = 3
COLUMNS = ("Date", "event_type", "region", "channel", "category", "revenue", "units", "user_id")


@dataclass(frozen=True)
class Events:
    config: Path  # the study's workload: filtered counts and sums, ratios
    data: Path
    rows: int
    metrics: int  # base metrics and ratios
    distinct_config: Path  # the same plus five distinct-user counts
    distinct_metrics: int


def _segments() -> list[tuple[str, str]]:
    """(name, filter condition or "") of the 25 segments."""
    out = [("all", "")]
    out += [(r, f"region == '{r}'") for r in REGIONS]
    out += [(c, f"channel == '{c}'") for c in CHANNELS]
    out += [(c, f"category == '{c}'") for c in CATEGORIES[:12]]
    return out


def config_text(distinct: bool = True) -> tuple[str, int]:
    """The WBR config (WBR App syntax) and its number of metrics (``distinct``: with the five
    distinct-user counts)."""
    lines = [
        "setup:",
        f"  week_ending: {WEEK_ENDING:%d-%b-%Y}",
        "  title: Events",
        "metrics:",
    ]
    metrics = 0

    def flt(name: str, column: str, query: str, aggf: str) -> None:
        nonlocal metrics
        lines.extend(
            [
                f"  {name}:",
                "    filter:",
                f"      base_column: {column}",
                f'      query: "{query}"',
                f"    aggf: {aggf}",
            ]
        )
        metrics += 1

    for seg, cond in _segments():
        extra = f" and {cond}" if cond else ""
        flt(f"Visits_{seg}", "units", f"event_type == 'visit'{extra}", "count")
        flt(f"Orders_{seg}", "units", f"event_type == 'order'{extra}", "count")
        flt(f"Revenue_{seg}", "revenue", f"event_type == 'order'{extra}", "sum")
        flt(f"Units_{seg}", "units", f"event_type == 'order'{extra}", "sum")
        lines += [
            f"  Conv_{seg}:",
            "    function:",
            "      divide:",
            f"        - metric: {{name: Orders_{seg}}}",
            f"        - metric: {{name: Visits_{seg}}}",
        ]
        metrics += 1
    users = ["Users_all", *(f"Users_{c}" for c in CHANNELS)] if distinct else []
    if distinct:
        lines += ["  Users_all:", "    column: user_id", "    aggf: nunique"]
        metrics += 1
        for c in CHANNELS:
            flt(f"Users_{c}", "user_id", f"channel == '{c}'", "nunique")
    lines.append("deck:")
    for seg, _ in _segments():
        lines += [
            "  - block:",
            "      ui_type: 6_12Graph",
            f"      title: Revenue {seg}",
            "      metrics:",
            f"        Revenue_{seg}: {{}}",
        ]
    rows = [f"Conv_{s}" for s, _ in _segments()] + users
    lines += ["  - block:", "      ui_type: 6_WeeksTable", "      title: Weeks", "      rows:"]
    lines += [f"        - row: {{header: {r}, metric: {r}}}" for r in rows]
    return "\n".join(lines) + "\n", metrics


def generate(folder: Path, rows: int, seed: int = 7) -> Events:
    """Write ``events.parquet`` (``rows`` events) and ``wbr.yaml`` into ``folder``."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "events.parquet"
    start = WEEK_ENDING - dt.timedelta(days=DAYS - 1)

    def pick(values: list[str], salt: int) -> str:
        items = ", ".join(f"'{v}'" for v in values)
        return f"[{items}][1 + CAST(hash(i, {salt}, {seed}) % {len(values)} AS BIGINT)]"

    query = f"""
        SELECT
            DATE '{start}' + CAST(i * {DAYS} // {rows} AS INTEGER) AS "Date",
            CASE WHEN hash(i, 1, {seed}) % 100 < 80 THEN 'visit'
                 WHEN hash(i, 1, {seed}) % 100 < 95 THEN 'add_to_cart'
                 ELSE 'order' END AS event_type,
            {pick(REGIONS, 2)} AS region,
            {pick(CHANNELS, 3)} AS channel,
            {pick(CATEGORIES, 4)} AS category,
            round((hash(i, 5, {seed}) % 20000) / 100.0, 2) AS revenue,
            CAST(1 + hash(i, 6, {seed}) % 5 AS INTEGER) AS units,
            CAST(hash(i, 7, {seed}) % 200000 AS BIGINT) AS user_id
        FROM range({rows}) t(i)
    """
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY ({query}) TO '{data}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)")
    finally:
        con.close()
    text, metrics = config_text(distinct=False)
    config = folder / "wbr.yaml"
    config.write_text(text, encoding="utf-8")
    text, distinct_metrics = config_text(distinct=True)
    distinct = folder / "wbr-distinct.yaml"
    distinct.write_text(text, encoding="utf-8")
    return Events(config, data, rows, metrics, distinct, distinct_metrics)


def scan_sql(data: Path) -> str:
    """A plain scan of the columns the metrics need, over the deck's date window."""
    from backwards.wbr.calendar import build_calendar

    calendar = build_calendar(WEEK_ENDING, 12)
    cells = ", ".join(f'MIN("{c}")' for c in COLUMNS[1:])
    return (
        f"SELECT COUNT(*), {cells} FROM read_parquet('{data}') "
        f"WHERE \"Date\" BETWEEN DATE '{calendar.start}' AND DATE '{calendar.end}'"
    )


# The peak of this process alone: VmHWM starts afresh at exec, while ru_maxrss keeps the
# peak of the (large) parent it was forked from.
_PEAK = """
import re, sys
from backwards.wbr import build
build(sys.argv[1], [sys.argv[2]])
status = open("/proc/self/status", encoding="ascii").read()
print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024)
"""


def peak_mb(config: Path, data: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(config), str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def measure(events: Events, runs: int = RUNS) -> dict[str, float]:
    """Median seconds of the build and of the plain scan (in turns), and the build's peak MB."""
    import duckdb

    from backwards.wbr import build

    con = duckdb.connect()
    sql = scan_sql(events.data)
    steps: dict[str, Callable[[], object]] = {
        "build": lambda: build(events.config, [events.data]),
        "scan": lambda: con.execute(sql).fetchall(),
        "distinct": lambda: build(events.distinct_config, [events.data]),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}  # all threads: steadier
    try:
        for step in steps.values():
            step()  # warm the page cache
        for _ in range(runs):
            for name, step in steps.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                step()
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
    finally:
        con.close()
    build_s, scan_s, distinct_s = (
        statistics.median(times[n]) for n in ("build", "scan", "distinct")
    )
    cpu_build, cpu_scan, cpu_distinct = (
        statistics.median(cpu[n]) for n in ("build", "scan", "distinct")
    )
    return {
        "build": build_s,
        "scan": scan_s,
        "ratio": build_s / scan_s,
        "cpu ratio": cpu_build / cpu_scan,
        "distinct": distinct_s,
        "distinct ratio": distinct_s / scan_s,
        "distinct cpu ratio": cpu_distinct / cpu_scan,
        "peak": peak_mb(events.config, events.data),
        "distinct peak": peak_mb(events.distinct_config, events.data),
    }


def _measured() -> tuple[Events, float, dict[str, float]]:
    rows = int(os.environ.get("BACKWARDS_BENCH_EVENTS_ROWS", DEFAULT_ROWS))
    with tempfile.TemporaryDirectory(prefix="wbr-events-") as tmp:
        events = generate(Path(tmp), rows)
        size = events.data.stat().st_size / 1e6
        return events, size, measure(events)


def rows() -> list[dict[str, str]]:
    """The events rows of ``bench.wbr``'s process table (in-process builds)."""
    events, size, r = _measured()
    millions = f"{events.rows / 1e6:g}M"
    return [
        {
            "row": f"events {millions} x {events.metrics}",
            "data": f"{size:.0f} MB",
            "median s": f"{r['build']:.2f}",
            "ratio": f"{r['ratio']:.2f} x scan ({r['scan']:.2f} s); cpu {r['cpu ratio']:.2f} x",
            "peak MB": f"{r['peak']:.0f}",
        },
        {
            "row": f"events {millions} x {events.distinct_metrics} (+5 distinct)",
            "data": f"{size:.0f} MB",
            "median s": f"{r['distinct']:.2f}",
            "ratio": f"{r['distinct ratio']:.2f} x scan; cpu {r['distinct cpu ratio']:.2f} x",
            "peak MB": f"{r['distinct peak']:.0f}",
        },
    ]


def main() -> None:
    events, size, r = _measured()
    print(f"{'events':>12} {'metrics':>8} {'parquet MB':>10} {'build s':>8} {'scan s':>7} "
          f"{'ratio':>6} {'peak MB':>8}")  # fmt: skip
    for metrics, key in ((events.metrics, ""), (events.distinct_metrics, "distinct ")):
        build_s = r[(key or "build ").strip()]
        print(
            f"{events.rows:>12,} {metrics:>8} {size:>10.0f} {build_s:>8.2f} {r['scan']:>7.2f} "
            f"{r[key + 'ratio']:>6.2f} {r[key + 'peak' if key else 'peak']:>8.0f}"
        )
    print("target: build <= 1.5 x a plain scan of the needed columns over the same window")


if __name__ == "__main__":
    main()
