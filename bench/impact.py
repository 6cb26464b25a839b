"""``backwards impact measure`` on three years of daily data, as a whole process (target: at
most 1 s), and the estimator alone (the interrupted time series with its 20 placebo fits).

The data: one CSV row a day for three years (orders growing 20 % a year with weekly and yearly
seasonality, AR(1) noise and a +6 % step 70 days before the end), a one-metric WBR config.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
FIRST = dt.date(2024, 1, 1)
DAYS = 3 * 365
LAUNCH = FIRST + dt.timedelta(days=DAYS - 70)
WEEK_ENDING = FIRST + dt.timedelta(days=DAYS - 1)


def _write(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(11)
    noise = 0.0
    data = folder / "daily.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Date", "Orders"])
        for i in range(DAYS):
            day = FIRST + dt.timedelta(days=i)
            doy = day.timetuple().tm_yday
            season = 1 - 0.1 * math.exp(-(((doy - 200) / 35) ** 2))
            season += 0.3 * math.exp(-(((doy - 350) / 16) ** 2))
            noise = 0.3 * noise + rng.gauss(0, 0.04)
            step = 1.06 if day >= LAUNCH else 1.0
            value = 1000 * 1.2 ** (i / 365.25) * season * (1 + noise) * step
            out.writerow([day.isoformat(), round(value)])
    # the week ending: the last Saturday of the data
    we = WEEK_ENDING - dt.timedelta(days=(WEEK_ENDING.weekday() - 5) % 7)
    config = folder / "wbr.yaml"
    config.write_text(
        "setup:\n"
        f"  week_ending: {we:%d-%b-%Y}\n"
        "  week_number: 1\n"
        "  title: bench\n"
        "metrics:\n"
        "  Orders: {column: Orders, aggf: sum}\n"
        "deck:\n"
        "  - block: {ui_type: 6_12Graph, title: Orders, y_scaling: '##', metrics: {Orders: {}}}\n",
        encoding="utf-8",
    )
    return config, data


def main() -> None:
    from backwards.impact import measure_daily, measure_metric

    with tempfile.TemporaryDirectory() as tmp:
        config, data = _write(Path(tmp))
        exe = Path(sys.executable).with_name("backwards")
        base = [str(exe)] if exe.exists() else [sys.executable, "-m", "backwards"]
        command = [*base, "impact", "measure", str(config), "--data", str(data), "--metric",
                   "Orders", "--launch", LAUNCH.isoformat(), "--format", "json"]  # fmt: skip
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        m = measure_metric("Orders", config, [data], launch=LAUNCH)
        series_days = (m.pre_fit.days if m.pre_fit else 0, len(m.weeks))
        began = time.perf_counter()
        for _ in range(RUNS):
            days = [FIRST + dt.timedelta(days=i) for i in range(DAYS)]
            values = [float(r[1]) for r in list(csv.reader(data.open()))[1:]]
            measure_daily("Orders", days, values, LAUNCH)
        alone = (time.perf_counter() - began) / RUNS
    print(f"{'case':<52} {'median s':>9} {'min s':>7} {'target':>7}")
    print(f"{'impact measure, 3 years daily (process)':<52} {statistics.median(times):>9.3f} "
          f"{min(times):>7.3f} {'1 s':>7}")  # fmt: skip
    print(f"{'measure_daily alone (fit + 20 placebos)':<52} {alone:>9.3f} {'':>7} {'':>7}")
    rel = m.effect.relative or 0.0
    print(f"  measured {rel:+.1%} (truth +6.0%), {series_days[0]} days fitted, "
          f"{series_days[1]} weeks measured")  # fmt: skip
