"""``wbr.metric_series``: one metric's daily values and the deck's period values (issue 8.7)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from backwards.errors import InputError
from backwards.wbr import MetricSeries, build, metric_series
from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)
CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
metrics:
  Views:
    column: views
    aggf: sum
  Clicks:
    column: clicks
    aggf: sum
  CTR:
    function:
      divide:
        - metric: {name: Clicks}
        - metric: {name: Views}
deck:
  - block:
      ui_type: 6_12Graph
      title: Views
      metrics:
        Views: {}
"""


def views(day: dt.date) -> int | None:
    if day == dt.date(2021, 9, 1):
        return None  # a blank cell
    return day.day  # 1..31: the day of the month


def clicks(day: dt.date) -> int:
    return 2


@pytest.fixture
def series(case: Case) -> tuple[Case, MetricSeries]:
    case.data(dt.date(2019, 6, 1), WE, {"views": views, "clicks": clicks})
    case.config(CONFIG)
    return case, metric_series("Views", case.folder / "wbr.yaml", [case.folder / "daily.csv"])


def test_daily_values_are_each_days_value_and_blanks_are_none(
    series: tuple[Case, MetricSeries],
) -> None:
    _, s = series
    assert s.metric == "Views" and s.week_ending == WE and s.comparison == "%"
    assert s.days == tuple(s.days[0] + dt.timedelta(days=i) for i in range(len(s.days)))
    assert s.days[-1] >= WE
    assert s.value_on(dt.date(2021, 9, 24)) == 24.0
    assert s.value_on(dt.date(2021, 9, 1)) is None  # the blank cell
    assert s.value_on(dt.date(2021, 9, 30)) is None  # after the data
    assert s.value_on(dt.date(1999, 1, 1)) is None  # outside the window
    assert s.between(dt.date(2021, 9, 19), WE) == tuple(float(d) for d in range(19, 26))
    floats = s.as_floats()
    assert math.isnan(floats[s.days.index(dt.date(2021, 9, 1))])


def test_period_values_match_the_deck_with_their_bounds(
    series: tuple[Case, MetricSeries],
) -> None:
    case, s = series
    last = s.weeks[-1]
    assert (last.label, last.start, last.end) == ("wk 38", dt.date(2021, 9, 19), WE)
    assert last.value == sum(range(19, 26))
    assert [w.end for w in s.weeks] == [WE - dt.timedelta(days=7 * k) for k in range(5, -1, -1)]
    assert s.prior_weeks[-1].end == WE - dt.timedelta(days=364)
    assert s.weeks[-4].value is None  # the week holding the blank 1 September: a blank sum
    deck = build(case.folder / "wbr.yaml", [case.folder / "daily.csv"])
    chart = block(deck, "Views")
    assert tuple(w.value for w in s.weeks) == chart.series[0].current_weeks
    assert tuple(m.value for m in s.months) == chart.series[0].current_months
    assert [m.start for m in s.months] == list(chart.months)
    assert s.months[-1].label == "Aug 2021" and s.months[-1].end == dt.date(2021, 8, 31)
    assert s.months[-1].value == sum(range(1, 32))
    to_date = {p.label: p for p in s.to_date}
    totals = chart.box_rows[0].totals
    assert to_date["QTD"].value == totals.qtd and to_date["YTD"].value == totals.ytd
    assert (to_date["QTD"].start, to_date["QTD"].end) == (dt.date(2021, 7, 1), WE)


def test_function_metric_daily_value_is_the_days_ratio(case: Case) -> None:
    case.data(dt.date(2019, 6, 1), WE, {"views": views, "clicks": clicks})
    case.config(CONFIG)
    s = metric_series("CTR", case.folder / "wbr.yaml", [case.folder / "daily.csv"])
    assert s.value_on(dt.date(2021, 9, 4)) == pytest.approx(2 / 4)
    assert s.weeks[-1].value == pytest.approx(14 / sum(range(19, 26)))


def test_unknown_metric_says_did_you_mean(case: Case) -> None:
    case.data(dt.date(2019, 6, 1), WE, {"views": views, "clicks": clicks})
    case.config(CONFIG)
    with pytest.raises(InputError) as err:
        metric_series("View", case.folder / "wbr.yaml", [case.folder / "daily.csv"])
    assert "Views" in (err.value.hint or "")
