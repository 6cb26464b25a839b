"""Every box-total cell and every comparison, worked out by hand on data that moves every day.

The WBR App's golden files are not needed: each expected value below is a plain sum (or mean)
over calendar days of a known function, computed in this file with a loop over dates, and the
periods are written out as dates. The data changes from day to day and from week to week in
both years, so taking the wrong week, the wrong year or the wrong period shows.

Week ending Saturday 25 Sep 2021 (week 38); fiscal year = calendar year:
- last week: 19-25 Sep 2021; the week before: 12-18 Sep; prior-year week (364 days back):
  20-26 Sep 2020;
- MTD 1-25 Sep 2021 vs 1-25 Sep 2020; QTD 1 Jul-25 Sep vs 1 Jul-25 Sep 2020; YTD 1 Jan-25 Sep
  vs 1 Jan-25 Sep 2020.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from statistics import fmean

import pytest

from backwards.wbr.deck import ChartBlock, Deck, MonthsTableBlock, WeeksTableBlock
from tests.wbr.conftest import Case, block

D = dt.date
WE = D(2021, 9, 25)
START = D(2019, 6, 1)
ONE = dt.timedelta(days=1)

LAST_WEEK = (D(2021, 9, 19), D(2021, 9, 25))
WEEK_BEFORE = (D(2021, 9, 12), D(2021, 9, 18))
PY_WEEK = (D(2020, 9, 20), D(2020, 9, 26))
MTD, PY_MTD = (D(2021, 9, 1), WE), (D(2020, 9, 1), D(2020, 9, 25))
QTD, PY_QTD = (D(2021, 7, 1), WE), (D(2020, 7, 1), D(2020, 9, 25))
YTD, PY_YTD = (D(2021, 1, 1), WE), (D(2020, 1, 1), D(2020, 9, 25))
# the six chart weeks, oldest first (each ends on a Saturday), and their prior-year weeks
WEEKS = [(D(2021, 8, 15) + dt.timedelta(7 * k), D(2021, 8, 21) + dt.timedelta(7 * k))
         for k in range(6)]  # fmt: skip
PY_WEEKS = [(a - dt.timedelta(364), b - dt.timedelta(364)) for a, b in WEEKS]
WEEK_ZERO = (D(2021, 8, 8), D(2021, 8, 14))  # only serves the first week-on-week
# trailing twelve months: Sep 2020 .. Aug 2021 (September 2021 is not complete)
MONTHS = [D(2020, 9, 1), D(2020, 10, 1), D(2020, 11, 1), D(2020, 12, 1), D(2021, 1, 1),
          D(2021, 2, 1), D(2021, 3, 1), D(2021, 4, 1), D(2021, 5, 1), D(2021, 6, 1),
          D(2021, 7, 1), D(2021, 8, 1)]  # fmt: skip


def month_range(first: dt.date) -> tuple[dt.date, dt.date]:
    nxt = D(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - ONE


def year_back(first: dt.date) -> dt.date:
    return first.replace(year=first.year - 1)


def days(period: tuple[dt.date, dt.date]) -> list[dt.date]:
    out, day = [], period[0]
    while day <= period[1]:
        out.append(day)
        day += ONE
    return out


# -- the data: every column changes every day ------------------------------------------------


def x(d: dt.date) -> int:  # orders: 1..97, a different total every week and year
    return d.toordinal() % 97 + 1


def y(d: dt.date) -> int:  # visits, for a divide metric
    return d.toordinal() % 5 + 20


def plan(d: dt.date) -> int:  # the orders plan
    return 50


def z(d: dt.date) -> int:  # zero all of 2020 and in the week before last
    if d.year < 2021 or WEEK_BEFORE[0] <= d <= WEEK_BEFORE[1]:
        return 0
    return d.day


def r(d: dt.date) -> float:  # a rate around 50 %, compared in basis points
    return 0.5 + (d.toordinal() % 13) / 1000


def blank(d: dt.date) -> int | None:  # empty in the last week
    return None if d >= LAST_WEEK[0] else 3


def S(f: Callable[[dt.date], float | None], period: tuple[dt.date, dt.date]) -> float:
    return float(sum(v for d in days(period) if (v := f(d)) is not None))


def M(f: Callable[[dt.date], float], period: tuple[dt.date, dt.date]) -> float:
    return fmean(f(d) for d in days(period))


def pct(a: float, b: float) -> float:
    return (a / b - 1) * 100


CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: Hand-made
metrics:
  X:
    column: x
    aggf: sum
    target: XPlan
    variance_threshold: {wow: 0.001, yoy: 0.001, target: 0.001}
  XPlan: {column: plan, aggf: sum}
  Y: {column: y, aggf: sum}
  Ratio:
    function:
      divide:
        - metric: {name: X}
        - metric: {name: Y}
  Z: {column: z, aggf: sum, variance_threshold: {wow: 0.001, yoy: 0.001}}
  ZB: {column: z, aggf: sum, metric_comparison_method: bps}
  R:
    column: r
    aggf: mean
    metric_comparison_method: bps
    target: 0.5
    variance_threshold: {target: 1}
  B: {column: b, aggf: sum}
  XPlusB: {function: {sum: [{metric: {name: X}}, {metric: {name: B}}]}}
  XOverZ: {function: {divide: [{metric: {name: X}}, {metric: {name: Z}}]}}
  XOverB: {function: {divide: [{metric: {name: X}}, {metric: {name: B}}]}}
deck:
  - block:
      ui_type: 6_12Graph
      title: X
      metrics:
        X: {}
        XPlan: {line_style: target}
"""
for _name in ("Ratio", "Z", "ZB", "R", "B", "XYOY", "XWOW", "XMOM", "ZYOY", "ZWOW", "XPlusB",
              "XOverZ", "XOverB"):  # fmt: skip
    CONFIG += (
        f"  - block:\n      ui_type: 6_12Graph\n      title: {_name}\n"
        f"      metrics:\n        {_name}: {{}}\n"
    )
CONFIG += """\
  - block:
      ui_type: 6_WeeksTable
      title: W
      rows:
        - row: {header: X, metric: X}
        - row: {header: X WOW, metric: XWOW}
        - row: {header: X YOY, metric: XYOY}
  - block:
      ui_type: 12_MonthsTable
      title: M
      rows:
        - row: {header: X, metric: X}
        - row: {header: X MOM, metric: XMOM}
        - row: {header: X YOY, metric: XYOY}
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    case = Case(tmp_path_factory.mktemp("hand"))
    case.data(START, WE, {"x": x, "y": y, "plan": plan, "z": z, "r": r, "b": blank})
    case.config(CONFIG)
    return case.deck()


def chart(deck: Deck, title: str) -> ChartBlock:
    found = block(deck, title)
    assert isinstance(found, ChartBlock)
    return found


def test_the_periods_are_the_ones_written_here(deck: Deck) -> None:
    c = chart(deck, "X")
    assert c.week_ends == tuple(b for _, b in WEEKS)
    assert c.months == tuple(MONTHS)
    # the data really differs week to week, in both years (else a wrong week would not show)
    periods = {WEEK_ZERO, *WEEKS, *PY_WEEKS, PY_WEEK, WEEK_BEFORE}
    assert len({S(x, w) for w in periods}) == len(periods) == 13


def test_every_box_total_cell_of_a_sum(deck: Deck) -> None:
    c = chart(deck, "X")
    assert [row.metric for row in c.box_rows] == ["X"]  # the target has no box row
    t = c.box_rows[0].totals
    lw = S(x, LAST_WEEK)
    assert t.comparison == "%"
    assert t.last_week == lw
    assert t.wow == pytest.approx(pct(lw, S(x, WEEK_BEFORE)), rel=1e-9)
    assert t.yoy_week == pytest.approx(pct(lw, S(x, PY_WEEK)), rel=1e-9)
    assert t.mtd == S(x, MTD)
    assert t.yoy_mtd == pytest.approx(pct(S(x, MTD), S(x, PY_MTD)), rel=1e-9)
    assert t.qtd == S(x, QTD)
    assert t.yoy_qtd == pytest.approx(pct(S(x, QTD), S(x, PY_QTD)), rel=1e-9)
    assert t.ytd == S(x, YTD)
    assert t.yoy_ytd == pytest.approx(pct(S(x, YTD), S(x, PY_YTD)), rel=1e-9)


def test_weeks_and_months_of_both_years(deck: Deck) -> None:
    s = chart(deck, "X").series[0]
    assert s.current_weeks == tuple(S(x, w) for w in WEEKS)
    assert s.previous_weeks == tuple(S(x, w) for w in PY_WEEKS)
    assert s.current_months == tuple(S(x, month_range(m)) for m in MONTHS)
    assert s.previous_months == tuple(S(x, month_range(year_back(m))) for m in MONTHS)


def test_every_box_total_cell_of_a_divide_function(deck: Deck) -> None:
    t = chart(deck, "Ratio").box_rows[0].totals

    def ratio(p: tuple[dt.date, dt.date]) -> float:
        return S(x, p) / S(y, p)  # after aggregation: sum of X over sum of Y

    assert t.last_week == pytest.approx(ratio(LAST_WEEK), rel=1e-12)
    assert t.wow == pytest.approx(pct(ratio(LAST_WEEK), ratio(WEEK_BEFORE)), rel=1e-9)
    assert t.yoy_week == pytest.approx(pct(ratio(LAST_WEEK), ratio(PY_WEEK)), rel=1e-9)
    for cy, py, value, change in (
        (MTD, PY_MTD, t.mtd, t.yoy_mtd),
        (QTD, PY_QTD, t.qtd, t.yoy_qtd),
        (YTD, PY_YTD, t.ytd, t.yoy_ytd),
    ):
        assert value == pytest.approx(ratio(cy), rel=1e-12)
        assert change == pytest.approx(pct(ratio(cy), ratio(py)), rel=1e-9)


def test_every_box_total_cell_in_basis_points(deck: Deck) -> None:
    t = chart(deck, "R").box_rows[0].totals
    assert t.comparison == "bps"
    lw = M(r, LAST_WEEK)
    assert t.last_week == pytest.approx(lw, rel=1e-12)
    assert t.wow == pytest.approx((lw - M(r, WEEK_BEFORE)) * 10_000, rel=1e-9)
    assert t.yoy_week == pytest.approx((lw - M(r, PY_WEEK)) * 10_000, rel=1e-9)
    for cy, py, value, change in (
        (MTD, PY_MTD, t.mtd, t.yoy_mtd),
        (QTD, PY_QTD, t.qtd, t.yoy_qtd),
        (YTD, PY_YTD, t.ytd, t.yoy_ytd),
    ):
        assert value == pytest.approx(M(r, cy), rel=1e-12)
        assert change == pytest.approx((M(r, cy) - M(r, py)) * 10_000, rel=1e-9)


def test_a_percent_change_against_zero_is_blank_never_zero(deck: Deck) -> None:
    t = chart(deck, "Z").box_rows[0].totals
    assert S(z, WEEK_BEFORE) == 0 and S(z, PY_YTD) == 0  # the data is as intended
    assert t.last_week == S(z, LAST_WEEK) > 0
    assert t.wow is None  # against a week of zeros
    assert (t.yoy_week, t.yoy_mtd, t.yoy_qtd, t.yoy_ytd) == (None, None, None, None)
    assert (t.mtd, t.qtd, t.ytd) == (S(z, MTD), S(z, QTD), S(z, YTD))
    # a 0 against a number is a fall of 100 %, not a blank
    assert chart(deck, "ZWOW").series[0].current_weeks[4] == pytest.approx(-1.0)
    assert chart(deck, "ZWOW").series[0].current_weeks[5] is None  # n against 0
    yoy = chart(deck, "ZYOY").series[0]
    assert yoy.current_weeks == (None,) * 6  # 0 in 2020: 0/0 and n/0 are both blank
    assert yoy.current_months == (None,) * 12


def test_a_difference_against_zero_is_a_number(deck: Deck) -> None:
    t = chart(deck, "ZB").box_rows[0].totals
    lw = S(z, LAST_WEEK)
    assert t.wow == pytest.approx(lw * 10_000)
    assert t.yoy_week == pytest.approx(lw * 10_000)
    assert t.yoy_ytd == pytest.approx(S(z, YTD) * 10_000)


def test_a_blank_week_blanks_its_comparisons(deck: Deck) -> None:
    t = chart(deck, "B").box_rows[0].totals
    assert t.last_week is None
    assert (t.wow, t.yoy_week) == (None, None)
    # a sum is blank when any day of its period is blank: every to-date cell here
    assert t.cells == (None,) * 9
    s = chart(deck, "B").series[0]
    assert s.current_weeks == (21.0,) * 5 + (None,)
    assert s.previous_weeks == (21.0,) * 6


def test_function_metrics_with_blank_or_zero_operands(deck: Deck) -> None:
    # divide by a blank or by 0 is blank; a sum skips a blank operand, as in the WBR App (B is
    # blank in the last week and so in every to-date period: the sum is X alone there)
    plus = chart(deck, "XPlusB").series[0]
    assert plus.current_weeks[:5] == tuple(S(x, w) + 21 for w in WEEKS[:5])
    assert plus.current_weeks[5] == S(x, LAST_WEEK)
    totals = chart(deck, "XPlusB").box_rows[0].totals
    assert (totals.last_week, totals.mtd, totals.ytd) == (S(x, LAST_WEEK), S(x, MTD), S(x, YTD))
    assert totals.wow == pytest.approx(pct(S(x, LAST_WEEK), S(x, WEEKS[4]) + 21), rel=1e-12)
    over = chart(deck, "XOverZ").series[0]
    assert over.current_weeks[4] is None  # Z is 0 in the week before last
    assert over.current_weeks[5] == pytest.approx(S(x, LAST_WEEK) / S(z, LAST_WEEK), rel=1e-12)
    assert over.previous_weeks == (None,) * 6  # Z is 0 all of 2020
    assert chart(deck, "XOverB").series[0].current_weeks[5] is None


def test_derived_yoy_series_and_box(deck: Deck) -> None:
    c = chart(deck, "XYOY")
    s = c.series[0]
    weekly = [S(x, w) / S(x, p) - 1 for w, p in zip(WEEKS, PY_WEEKS, strict=True)]
    assert s.current_weeks == pytest.approx(weekly, rel=1e-9)
    assert s.previous_weeks is None
    monthly = [S(x, month_range(m)) / S(x, month_range(year_back(m))) - 1 for m in MONTHS]
    assert s.current_months == pytest.approx(monthly, rel=1e-9)
    t = c.box_rows[0].totals
    assert t.last_week == pytest.approx(weekly[5], rel=1e-9)  # unscaled
    assert t.wow == pytest.approx((weekly[5] / weekly[4] - 1) * 100, rel=1e-9)
    assert t.mtd == pytest.approx(S(x, MTD) / S(x, PY_MTD) - 1, rel=1e-9)
    assert t.qtd == pytest.approx(S(x, QTD) / S(x, PY_QTD) - 1, rel=1e-9)
    assert t.ytd == pytest.approx(S(x, YTD) / S(x, PY_YTD) - 1, rel=1e-9)
    assert (t.yoy_week, t.yoy_mtd, t.yoy_qtd, t.yoy_ytd) == (None, None, None, None)


def test_derived_wow_and_mom_series_have_blank_boxes(deck: Deck) -> None:
    wow = chart(deck, "XWOW")
    weeks = [WEEK_ZERO, *WEEKS]
    expected = [S(x, weeks[k]) / S(x, weeks[k - 1]) - 1 for k in range(1, 7)]
    assert wow.series[0].current_weeks == pytest.approx(expected, rel=1e-9)
    mom = chart(deck, "XMOM")
    before = [D(2020, 8, 1), *MONTHS[:-1]]
    expected = [
        S(x, month_range(m)) / S(x, month_range(b)) - 1 for m, b in zip(MONTHS, before, strict=True)
    ]
    assert mom.series[0].current_months == pytest.approx(expected, rel=1e-9)
    for c in (wow, mom):
        assert c.box_rows[0].totals.cells == (None,) * 9


def test_weeks_table_rows(deck: Deck) -> None:
    w = block(deck, "W")
    assert isinstance(w, WeeksTableBlock)
    plain, wow, yoy = (row.values for row in w.rows)
    assert plain == (*[S(x, p) for p in WEEKS], S(x, QTD), S(x, YTD))
    weeks = [WEEK_ZERO, *WEEKS]
    assert wow[:6] == pytest.approx(
        [S(x, weeks[k]) / S(x, weeks[k - 1]) - 1 for k in range(1, 7)], rel=1e-9
    )
    expected = [S(x, a) / S(x, b) - 1 for a, b in zip(WEEKS, PY_WEEKS, strict=True)]
    expected += [S(x, QTD) / S(x, PY_QTD) - 1, S(x, YTD) / S(x, PY_YTD) - 1]
    assert yoy == pytest.approx(expected, rel=1e-9)


def test_months_table_rows(deck: Deck) -> None:
    m = block(deck, "M")
    assert isinstance(m, MonthsTableBlock)
    assert m.months == tuple(MONTHS)
    plain, mom, yoy = (row.values for row in m.rows)
    assert plain == tuple(S(x, month_range(first)) for first in MONTHS)
    before = [D(2020, 8, 1), *MONTHS[:-1]]
    assert mom == pytest.approx(
        [
            S(x, month_range(a)) / S(x, month_range(b)) - 1
            for a, b in zip(MONTHS, before, strict=True)
        ],
        rel=1e-9,
    )
    assert yoy == pytest.approx(
        [S(x, month_range(a)) / S(x, month_range(year_back(a))) - 1 for a in MONTHS], rel=1e-9
    )


def test_against_target_week_on_week_and_year_on_year(deck: Deck) -> None:
    got = {(v.metric, v.basis): v for v in deck.needs_explanation}
    lw = S(x, LAST_WEEK)
    target = got[("X", "target")]
    assert (target.current, target.reference) == (lw, S(plan, LAST_WEEK))
    assert target.change == pytest.approx(pct(lw, 7 * 50), rel=1e-9)
    assert got[("X", "wow")].change == pytest.approx(pct(lw, S(x, WEEK_BEFORE)), rel=1e-9)
    assert got[("X", "yoy")].reference == S(x, PY_WEEK)
    assert got[("X", "yoy")].change == pytest.approx(pct(lw, S(x, PY_WEEK)), rel=1e-9)
    # a constant target in basis points: the difference from 0.5, x10 000
    bps = got[("R", "target")]
    assert bps.unit == "bps" and bps.reference == 0.5
    assert bps.change == pytest.approx((M(r, LAST_WEEK) - 0.5) * 10_000, rel=1e-9)
    # against zero: no percent change, so nothing to explain (never a change of 0)
    assert ("Z", "wow") not in got and ("Z", "yoy") not in got
