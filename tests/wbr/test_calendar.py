"""The period table (pure): weeks on any weekday, 364-day prior-year weeks, calendar months,
fiscal quarters and years."""

from __future__ import annotations

import datetime as dt

import pytest

from backwards.wbr.calendar import (
    add_months,
    build_calendar,
    fiscal_year_start,
    parse_week_ending,
    week_labels,
)


def test_weeks_and_prior_year_weeks() -> None:
    we = dt.date(2021, 9, 25)
    cal = build_calendar(we)
    weeks = [cal.periods[p] for p in cal.cy_weeks]
    assert [w.end for w in weeks][-1] == we
    assert all((w.end - w.start).days == 6 for w in weeks)
    assert weeks[0].start == we - dt.timedelta(days=48)
    py = [cal.periods[p] for p in cal.py_weeks]
    assert py[-1].end == we - dt.timedelta(days=364)
    assert py[-1].end.weekday() == we.weekday()


def test_months_cover_a_year_before_the_trailing_ones_through_fiscal_year_end() -> None:
    cal = build_calendar(dt.date(2021, 9, 25), 3)
    assert cal.trailing[0] == dt.date(2020, 9, 1) and cal.trailing[-1] == dt.date(2021, 8, 1)
    assert cal.fiscal[0] == dt.date(2021, 4, 1) and cal.fiscal[-1] == dt.date(2022, 3, 1)
    assert cal.month_starts[0] == dt.date(2019, 9, 1)
    assert cal.month_starts[-1] == dt.date(2022, 3, 1)
    sep = cal.periods[cal.month_pid(dt.date(2021, 9, 1)) or 0]
    aug = cal.periods[cal.month_pid(dt.date(2021, 8, 1)) or 0]
    assert (sep.required_days, aug.required_days) == (30, 0)


def test_month_end_week_ending_ends_the_trailing_months() -> None:
    cal = build_calendar(dt.date(2022, 4, 30))
    assert cal.trailing[-1] == dt.date(2022, 4, 1)


@pytest.mark.parametrize(
    ("fy_end", "start"),
    [(12, dt.date(2021, 1, 1)), (6, dt.date(2021, 7, 1)), (9, dt.date(2020, 10, 1)),
     (11, dt.date(2020, 12, 1)), (2, dt.date(2021, 3, 1))],
)  # fmt: skip
def test_fiscal_year_start(fy_end: int, start: dt.date) -> None:
    assert fiscal_year_start(dt.date(2021, 9, 25), fy_end) == start


def test_to_date_periods_and_prior_year_on_feb_29() -> None:
    cal = build_calendar(dt.date(2024, 2, 29))
    td = {k: cal.periods[v] for k, v in cal.to_date.items()}
    assert (td["mtd"].start, td["mtd"].end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert td["py_mtd"].end == dt.date(2023, 2, 28)
    assert td["qtd"].start == dt.date(2024, 1, 1)
    assert td["py_ytd"].start == dt.date(2023, 1, 1)


def test_helpers() -> None:
    assert add_months(dt.date(2021, 3, 31), -1) == dt.date(2021, 2, 28)
    assert add_months(dt.date(2021, 12, 15), 1) == dt.date(2022, 1, 15)
    assert parse_week_ending("25-sep-2021") == dt.date(2021, 9, 25)
    assert parse_week_ending("5-Sep-2021") == dt.date(2021, 9, 5)
    assert parse_week_ending("2021-09-25") == dt.date(2021, 9, 25)
    assert parse_week_ending(dt.date(2021, 9, 25)) == dt.date(2021, 9, 25)
    with pytest.raises(ValueError):
        parse_week_ending("31-SEP-2021")
    assert week_labels(53)[-2:] == ("wk 52", "wk 1")
    with pytest.raises(ValueError):
        build_calendar(dt.date(2021, 9, 25), 13)
