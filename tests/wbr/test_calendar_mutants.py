"""Tests that kill the mutants `make mutation` found alive in ``backwards/wbr/calendar.py``.

Every period is checked against pandas (``Period``, ``period_range``, ``date_range``) and
dateutil's ``relativedelta``, the reference libraries, or against values written out by hand;
never against the calendar's own helpers. See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from backwards.wbr.calendar import (
    MONTHS,
    Calendar,
    add_months,
    build_calendar,
    fiscal_quarter_start,
    fiscal_year_start,
    iso_week_number,
    minus_year,
    month_end,
    month_label,
    parse_week_ending,
    week_labels,
)

D = dt.date

# Week endings that stress the edges: month ends, a leap day, a year end, January, mid-month.
WEEK_ENDINGS = [
    D(2021, 9, 25),
    D(2021, 9, 30),
    D(2024, 2, 29),
    D(2023, 12, 31),
    D(2022, 1, 2),
    D(2020, 3, 31),
    D(2021, 11, 14),
]
DAYS = [D(2019, 12, 31) + dt.timedelta(days=n) for n in range(0, 800, 29)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25-SEP-2021", D(2021, 9, 25)),
        ("5-sep-2021", D(2021, 9, 5)),
        (" 2021-09-25 ", D(2021, 9, 25)),
        ("25-September-2021", D(2021, 9, 25)),
        (dt.datetime(2021, 9, 25, 13, 5), D(2021, 9, 25)),
        (D(2021, 9, 25), D(2021, 9, 25)),
    ],
)
def test_parse_week_ending(text: object, expected: dt.date) -> None:
    parsed = parse_week_ending(text)
    assert parsed == expected and type(parsed) is dt.date


def test_parse_week_ending_names_a_bad_value() -> None:
    with pytest.raises(ValueError) as caught:
        parse_week_ending(" 31-FOO-2021 ")
    assert str(caught.value) == "not a date: '31-FOO-2021'"


@pytest.mark.parametrize("day", DAYS)
def test_month_arithmetic_against_pandas_and_dateutil(day: dt.date) -> None:
    assert month_end(day) == D(day.year, day.month, pd.Timestamp(day).days_in_month)
    for months in range(-25, 26):
        assert add_months(day, months) == day + relativedelta(months=months)
    assert minus_year(day) == day + relativedelta(years=-1)


@pytest.mark.parametrize("fy_end", range(1, 13))
@pytest.mark.parametrize("day", DAYS[::3])
def test_fiscal_year_and_quarter_starts_against_pandas(day: dt.date, fy_end: int) -> None:
    mon = MONTHS[fy_end - 1]
    year = pd.Period(day, freq=f"Y-{mon}").start_time.date()
    quarter = pd.Period(day, freq=f"Q-{mon}").start_time.date()
    assert fiscal_year_start(day, fy_end) == year
    assert fiscal_quarter_start(day, fy_end) == quarter


def test_week_labels_and_week_numbers() -> None:
    assert week_labels(1) == ("wk 48", "wk 49", "wk 50", "wk 51", "wk 52", "wk 1")
    assert week_labels(30) == ("wk 25", "wk 26", "wk 27", "wk 28", "wk 29", "wk 30")
    assert week_labels(52) == ("wk 47", "wk 48", "wk 49", "wk 50", "wk 51", "wk 52")
    # 3 January 2021 is a Sunday: still ISO week 53 of 2020; 25 September 2021 is week 38.
    assert iso_week_number(D(2021, 1, 3)) == 53
    assert iso_week_number(D(2021, 9, 25)) == 38
    assert [month_label(D(2021, m, 1)) for m in (1, 9, 12)] == ["Jan", "Sep", "Dec"]


@pytest.mark.parametrize("fy_end", [0, 13, -1])
def test_a_fiscal_year_end_outside_1_to_12_is_refused(fy_end: int) -> None:
    with pytest.raises(ValueError) as caught:
        build_calendar(D(2021, 9, 25), fy_end)
    assert str(caught.value) == "fy_end_month must be 1..12"


def expected_months(we: dt.date, fy_end: int) -> list[tuple[str, dt.date, dt.date, int]]:
    """The month rows a deck needs, from pandas: a year before the trailing twelve, up to the
    end of the fiscal year (or week_ending's month, whichever is later)."""
    last_full = pd.Period(we, freq="M")
    if we != (last_full.end_time.date()):
        last_full -= 1
    first = last_full - 23
    fy_last = pd.Period(we, freq=f"Y-{MONTHS[fy_end - 1]}").end_time.to_period("M")
    last = max(fy_last, pd.Period(we, freq="M"))
    rows = []
    for p in pd.period_range(first, last, freq="M"):
        start, end = p.start_time.date(), p.end_time.date()
        rows.append(
            (f"m{p.year:04d}-{p.month:02d}", start, end, p.days_in_month if end > we else 0)
        )
    return rows


def check_calendar(cal: Calendar, we: dt.date, fy_end: int, data_end: dt.date | None) -> None:
    assert cal.week_ending == we and cal.fy_end_month == fy_end
    assert [p.pid for p in cal.periods] == list(range(len(cal.periods)))
    # Seven weeks ending every seventh day back from week_ending; six prior-year weeks 364
    # days earlier (pandas' date_range).
    week_ends = pd.date_range(end=pd.Timestamp(we), periods=7, freq="7D").date
    weeks = [cal.periods[p] for p in cal.cy_weeks]
    assert [(p.name, p.start, p.end, p.required_days) for p in weeks] == [
        (f"cw{k}", e - dt.timedelta(days=6), e, 0) for k, e in enumerate(week_ends)
    ]
    py_ends = pd.date_range(end=pd.Timestamp(we - dt.timedelta(days=364)), periods=6, freq="7D")
    prior = [cal.periods[p] for p in cal.py_weeks]
    assert [(p.name, p.start, p.end, p.required_days) for p in prior] == [
        (f"pw{k + 1}", e - dt.timedelta(days=6), e, 0) for k, e in enumerate(py_ends.date)
    ]
    assert cal.week_ends() == tuple(week_ends[1:])
    # Months.
    months = expected_months(we, fy_end)
    got = [cal.periods[p] for p in cal.month_pids]
    assert [(p.name, p.start, p.end, p.required_days) for p in got] == months
    assert list(cal.month_starts) == [m[1] for m in months]
    assert cal.month_lookup == dict(zip(cal.month_starts, cal.month_pids, strict=True))
    for start, pid in zip(cal.month_starts, cal.month_pids, strict=True):
        assert cal.month_pid(start) == pid
    assert cal.month_pid(D(1900, 1, 1)) is None
    last_full = pd.Period(we, freq="M")
    if we != last_full.end_time.date():
        last_full -= 1
    assert list(cal.trailing) == [
        p.start_time.date() for p in pd.period_range(end=last_full, periods=12, freq="M")
    ]
    fy = pd.Period(we, freq=f"Y-{MONTHS[fy_end - 1]}")
    assert list(cal.fiscal) == [
        p.start_time.date()
        for p in pd.period_range(fy.start_time.to_period("M"), periods=12, freq="M")
    ]
    # To date: month, fiscal quarter, fiscal year, ending on week_ending or on the last day
    # with data when that falls inside the period; the prior year is one calendar year back.
    starts = {
        "mtd": we.replace(day=1),
        "qtd": pd.Period(we, freq=f"Q-{MONTHS[fy_end - 1]}").start_time.date(),
        "ytd": fy.start_time.date(),
    }
    assert set(cal.to_date) == {"mtd", "qtd", "ytd", "py_mtd", "py_qtd", "py_ytd"}
    for key, start in starts.items():
        end = data_end if data_end is not None and start <= data_end < we else we
        period = cal.periods[cal.to_date[key]]
        assert (period.name, period.start, period.end, period.required_days) == (
            key,
            start,
            end,
            0,
        )
        twin = cal.periods[cal.to_date[f"py_{key}"]]
        assert (twin.name, twin.start, twin.end) == (
            f"py_{key}",
            start + relativedelta(years=-1),
            end + relativedelta(years=-1),
        )
    assert cal.start == min(p.start for p in cal.periods)
    assert cal.end == max(p.end for p in cal.periods)


@pytest.mark.parametrize("fy_end", [12, 1, 3, 6, 9, 11])
@pytest.mark.parametrize("we", WEEK_ENDINGS)
def test_every_period_of_a_calendar(we: dt.date, fy_end: int) -> None:
    check_calendar(build_calendar(we, fy_end), we, fy_end, None)


@pytest.mark.parametrize(
    "data_end",
    [
        D(2021, 9, 20),  # inside every to-date period: they all end there
        D(2021, 9, 1),  # the month's first day: still inside
        D(2021, 8, 31),  # before the month: month to date keeps week_ending
        D(2021, 9, 25),  # week_ending itself: nothing changes
        D(2021, 12, 1),  # after week_ending: nothing changes
        D(2020, 1, 1),  # before the fiscal year
    ],
)
def test_to_date_periods_end_on_the_last_day_with_data(data_end: dt.date) -> None:
    we = D(2021, 9, 25)
    check_calendar(build_calendar(we, 6, data_end), we, 6, data_end)


def test_start_and_end_span_the_whole_table() -> None:
    # Written out by hand for 25 September 2021, fiscal year = calendar year: the trailing
    # months run September 2020 - August 2021, so the first month is September 2019 (a year
    # before them); the last day is 31 December 2021 (the fiscal year's end).
    cal = build_calendar(D(2021, 9, 25), 12)
    assert (cal.start, cal.end) == (D(2019, 9, 1), D(2021, 12, 31))
