"""Fuzz the WBR parsers: the YAML config and the daily data file (CSV).

Any input either builds the deck (exit 0, the file written) or exits 2 with a message, no
traceback, and writes nothing (no deck, no temporary file). See tests/fuzz/inputs.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given

from tests.fuzz.inputs import CSV_TOKENS, YAML_TOKENS, assert_clean, mutated, run_cli

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: Fuzz
  fiscal_year_end_month: DEC
metrics:
  Orders:
    column: orders
    aggf: sum
    target: 100
    variance_threshold: {wow: 10}
  Rate:
    column: rate
    aggf: mean
    metric_comparison_method: bps
  PerRate:
    function:
      divide:
        - metric: {name: Orders}
        - metric: {name: Rate}
deck:
  - block:
      ui_type: 6_12Graph
      title: Orders
      y_scaling: "##"
      metrics:
        Orders: {legend_name: Orders}
        PerRate: {line_style: secondary}
  - block:
      ui_type: 6_WeeksTable
      title: Weekly
      rows:
        - row: {header: Orders, metric: Orders}
        - row: {header: YOY, metric: OrdersYOY, y_scaling: "##.1%"}
  - block:
      ui_type: 12_MonthsTable
      title: Monthly
      rows:
        - row: {header: Rate, metric: Rate}
"""


def _csv() -> str:
    lines = ["Date,orders,rate"]
    day = dt.date(2020, 8, 1)
    while day <= dt.date(2021, 9, 25):
        n = day.toordinal()
        lines.append(f"{day.isoformat()},{n % 17 + 3},{(n % 7) / 10}")
        day += dt.timedelta(days=1)
    return "\n".join(lines) + "\n"


DATA = _csv()


def build(capsys: pytest.CaptureFixture[str], config: str, data: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-wbr-") as tmp:
        folder = Path(tmp)
        (folder / "wbr.yaml").write_text(config, encoding="utf-8", errors="surrogatepass")
        (folder / "daily.csv").write_text(data, encoding="utf-8", errors="surrogatepass")
        out = folder / "out"
        result = run_cli(
            capsys,
            "wbr", "build", str(folder / "wbr.yaml"), "--data", str(folder / "daily.csv"),
            "-o", str(out / "deck.html"),
        )  # fmt: skip
        assert_clean(result)
        written = sorted(p.name for p in out.iterdir()) if out.exists() else []
        assert written == (["deck.html"] if result.code == 0 else []), written


def test_the_seeds_build(capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "wbr.yaml").write_text(CONFIG, encoding="utf-8")
        (Path(tmp) / "daily.csv").write_text(DATA, encoding="utf-8")
        result = run_cli(
            capsys, "wbr", "build", f"{tmp}/wbr.yaml", "--data", f"{tmp}/daily.csv",
            "-o", f"{tmp}/deck.html",
        )  # fmt: skip
        assert result.code == 0, result.err


@given(config=mutated(CONFIG, YAML_TOKENS))
def test_any_wbr_config(capsys: pytest.CaptureFixture[str], config: str) -> None:
    build(capsys, config, DATA)


@given(data=mutated(DATA, CSV_TOKENS))
def test_any_wbr_data_file(capsys: pytest.CaptureFixture[str], data: str) -> None:
    build(capsys, CONFIG, data)
