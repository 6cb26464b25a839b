"""WBR App-style workloads for benchmarks: days x metrics, a config and a data file.

``generate(folder, years, metrics)`` writes ``daily.parquet`` (or ``daily.csv``) and
``wbr.yaml``: base metrics alternate ``sum`` and ``mean``, every tenth is compared in bps, one
function metric per ten (divide and difference, alternately), one 6_12Graph per base metric,
plus a section, a 6_WeeksTable and a 12_MonthsTable (the function metrics, ten YOY and ten
WOW/MOM rows). Values are seeded and deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

WEEK_ENDING = dt.date(2024, 9, 28)


@dataclass(frozen=True)
class Workload:
    config: Path
    data: Path
    days: int
    metrics: int  # including function metrics
    blocks: int
    week_ending: dt.date = WEEK_ENDING


def _config(n: int) -> tuple[str, int, int]:
    lines = [
        "setup:",
        f"  week_ending: {WEEK_ENDING:%d-%b-%Y}",
        f"  week_number: {WEEK_ENDING.isocalendar().week}",
        "  title: Benchmark WBR",
        "  fiscal_year_end_month: DEC",
        "metrics:",
    ]
    for i in range(n):
        lines += [f"  M{i}:", f"    column: m{i}", f"    aggf: {'sum' if i % 2 == 0 else 'mean'}"]
        if i % 10 == 9:
            lines.append("    metric_comparison_method: bps")
    functions = []
    for j in range(n // 10):
        a, b = 10 * j, 10 * j + 2
        op = "divide" if j % 2 == 0 else "difference"
        name = f"F{j}"
        functions.append(name)
        lines += [
            f"  {name}:",
            "    function:",
            f"      {op}:",
            f"        - metric: {{name: M{a}}}",
            f"        - metric: {{name: M{b}}}",
        ]
    lines.append("deck:")
    blocks = 0
    for i in range(n):
        lines += [
            "  - block:",
            "      ui_type: 6_12Graph",
            f"      title: Metric {i}",
            '      y_scaling: "##.1KK"',
            "      metrics:",
            f"        M{i}:",
            "          line_style: primary",
        ]
        blocks += 1
    lines += ["  - block:", "      ui_type: section", "      title: Tables"]
    for kind, suffix in (("6_WeeksTable", "WOW"), ("12_MonthsTable", "MOM")):
        rows = [*functions, *(f"M{i}YOY" for i in range(min(10, n))),
                *(f"M{i}{suffix}" for i in range(min(10, n)))]  # fmt: skip
        lines += ["  - block:", f"      ui_type: {kind}", f"      title: {kind}", "      rows:"]
        for row in rows:
            lines.append(f"        - row: {{header: {row}, metric: {row}}}")
    blocks += 3
    return "\n".join(lines) + "\n", n + len(functions), blocks


def generate(
    folder: Path, years: int, metrics: int, *, fmt: str = "parquet", seed: int = 7
) -> Workload:
    """Write a workload of ``years`` x 365 days and ``metrics`` base metrics into ``folder``."""
    import duckdb

    days = years * 365
    start = WEEK_ENDING - dt.timedelta(days=days - 1)
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / f"daily.{fmt}"
    cols = ", ".join(
        f"round(100 + {i} + (abs(hash(d, {i}, {seed})) % 10000) / 100.0, 2) AS m{i}"
        for i in range(metrics)
    )
    query = (
        f"SELECT CAST(d AS DATE) AS \"Date\", {cols} FROM range(DATE '{start}', "
        f"DATE '{WEEK_ENDING + dt.timedelta(days=1)}', INTERVAL 1 DAY) t(d) ORDER BY 1"
    )
    option = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({query}) TO '{data}' {option}")
    finally:
        con.close()
    text, total, blocks = _config(metrics)
    config = folder / "wbr.yaml"
    config.write_text(text, encoding="utf-8")
    return Workload(config=config, data=data, days=days, metrics=total, blocks=blocks)


def write_workload(
    folder: Path, *, years: int, metrics: int, fmt: str = "parquet"
) -> tuple[Path, Path]:
    """(config path, data path) of a workload written into ``folder``."""
    w = generate(folder, years, metrics, fmt=fmt)
    return w.config, w.data


def main() -> None:
    """``python -m bench.wbr_workload OUT_DIR [YEARS] [METRICS] [parquet|csv]``."""
    import sys

    args = sys.argv[1:]
    if not args:
        print(main.__doc__)
        return
    folder = Path(args[0])
    years = int(args[1]) if len(args) > 1 else 10
    metrics = int(args[2]) if len(args) > 2 else 500
    fmt = args[3] if len(args) > 3 else "parquet"
    w = generate(folder, years, metrics, fmt=fmt)
    print(f"{w.config}\n{w.data}\n{w.days} days, {w.metrics} metrics, {w.blocks} blocks")


if __name__ == "__main__":
    main()
