"""The WBR App's demo config and CSV (thousands separators, "Sun, 05-Jan-2020" dates, two
aliased sources): its numbers checked against sums and means computed here from the CSV with
the csv module, not by the engine. (tests/wbr/test_sources.py checks that it builds.)
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from statistics import fmean

import pytest

from backwards.wbr import build
from backwards.wbr.deck import ChartBlock, Deck
from tests.ci import require_compat

WE = dt.date(2021, 9, 25)  # the demo config's week_ending


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Deck, dict[dt.date, dict[str, str]]]:
    root = require_compat()
    text = (root / "demo" / "1-wbr-sample-config.yaml").read_text(encoding="utf-8")
    data = root / "demo" / "1-wbr-sample-dataset.csv"
    sources = (
        "data_sources:\n  csv_files:\n"
        f"    main_metrics: {{url_or_path: '{data}'}}\n"
        f"    sales_metrics: {{url_or_path: '{data}'}}\n"
    )
    text = re.sub(r"(?ms)^data_sources:.*?(?=^metrics:)", sources, text)
    config = Path(tmp_path_factory.mktemp("demo")) / "demo.yaml"
    config.write_text(text, encoding="utf-8")
    rows: dict[dt.date, dict[str, str]] = {}
    with data.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            day = dt.datetime.strptime(row["Date"], "%a, %d-%b-%Y").date()
            rows[day] = row
    return build(config, allow_outside_paths=True), rows  # the files lie outside tmp


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def week(end: dt.date) -> list[dt.date]:
    return [end - dt.timedelta(days=k) for k in range(6, -1, -1)]


def chart(deck: Deck, metric: str) -> ChartBlock:
    return next(
        b for b in deck.blocks if isinstance(b, ChartBlock) and b.series[0].metric == metric
    )


# (metric, CSV column, aggf is mean, prior year graphed)
@pytest.mark.parametrize(("metric", "column", "mean", "graphed"), [
    ("Impressions", "Impressions", False, True),
    ("Clicks", "Clicks", False, True),
    ("Defects/Million", "Defects/Million", True, False),  # graph_prior_year_flag: false
])  # fmt: skip
def test_six_weeks_and_last_week_by_hand(
    demo: tuple[Deck, dict[dt.date, dict[str, str]]],
    metric: str,
    column: str,
    mean: bool,
    graphed: bool,
) -> None:
    deck, rows = demo
    ends = [WE - dt.timedelta(days=7 * k) for k in range(5, -1, -1)]

    def value(days: list[dt.date]) -> float:
        cells = [number(rows[d][column]) for d in days]
        return fmean(cells) if mean else sum(cells)

    c = chart(deck, metric)
    assert c.series[0].current_weeks == pytest.approx([value(week(e)) for e in ends], rel=1e-9)
    py = [value(week(e - dt.timedelta(days=364))) for e in ends]
    if graphed:
        assert c.series[0].previous_weeks == pytest.approx(py, rel=1e-9)
    else:
        assert c.series[0].previous_weeks is None
    t = c.box_rows[0].totals
    assert t.yoy_week == pytest.approx((value(week(WE)) / py[5] - 1) * 100, rel=1e-9)
    assert t.last_week == pytest.approx(value(week(WE)), rel=1e-9)
    assert t.wow == pytest.approx((value(week(WE)) / value(week(ends[4])) - 1) * 100, rel=1e-9)
