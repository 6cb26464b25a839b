"""A WBR metric as a time series: the read model other features join on (issue 8, point 7).

``metric_series`` gives, for one metric, its value on every day of the deck's window and the
period values the deck shows (the six weeks, their prior-year weeks, the twelve trailing
months, and month/quarter/year to date), each with its first and last day. It is what the
impact loop reads to measure a launch's effect on a metric: compare the days (or weeks)
before and after a date.

The values are computed by the same grouped SQL as the deck (``plan.compile_plan``), with one
period per day for the daily values, so a day's value is the metric over that day alone
(function metrics: the ratio, difference... of that day's operands). A blank is ``None``:
a day without rows, a blank cell, or a period the deck shows as blank.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from backwards.wbr.assembly import resolve_week
from backwards.wbr.calendar import Calendar, Period, month_label, week_labels
from backwards.wbr.deck import Value
from backwards.wbr.engine import compute, plan_for_periods
from backwards.wbr.sources import DataSet
from backwards.wbr.spec import Comparison, WbrSpec

__all__ = ["MetricSeries", "PeriodValue", "series_of"]


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """One period the deck shows: its label, first and last day (inclusive), and value."""

    label: str  # "wk 38", "Sep 2021", "MTD", "PY MTD", ...
    start: dt.date
    end: dt.date
    value: Value  # None: blank


@dataclass(frozen=True, slots=True)
class MetricSeries:
    """One metric's daily values and the period values of its deck.

    ``days`` runs over every day of the deck's window (oldest first) and ``daily`` holds the
    metric's value on each (None: blank). ``weeks`` are the six weeks the deck shows,
    ``prior_weeks`` the same weeks a year (364 days) earlier, ``months`` the twelve trailing
    months, ``to_date`` MTD, QTD, YTD and their prior-year values (fiscal quarters and years).
    """

    metric: str
    comparison: Comparison  # how the deck compares periods: "%" or "bps"
    week_ending: dt.date
    days: tuple[dt.date, ...]
    daily: tuple[Value, ...]
    weeks: tuple[PeriodValue, ...]
    prior_weeks: tuple[PeriodValue, ...]
    months: tuple[PeriodValue, ...]
    to_date: tuple[PeriodValue, ...]

    def value_on(self, day: dt.date) -> Value:
        """The value on ``day`` (None when blank or outside the window)."""
        index = (day - self.days[0]).days if self.days else -1
        return self.daily[index] if 0 <= index < len(self.daily) else None

    def between(self, start: dt.date, end: dt.date) -> tuple[Value, ...]:
        """The daily values from ``start`` to ``end`` (inclusive, clipped to the window)."""
        return tuple(v for d, v in zip(self.days, self.daily, strict=True) if start <= d <= end)

    def as_floats(self) -> tuple[float, ...]:
        """``daily`` with NaN for blanks (for numpy and statistics code)."""
        return tuple(math.nan if v is None else v for v in self.daily)


@dataclass(frozen=True, slots=True)
class _Days:
    """One period per day from ``start`` to ``end`` (what ``plan.compile_plan`` reads)."""

    periods: tuple[Period, ...]
    start: dt.date
    end: dt.date


def _days(calendar: Calendar) -> _Days:
    count = (calendar.end - calendar.start).days + 1
    days = [calendar.start + dt.timedelta(days=i) for i in range(count)]
    return _Days(
        periods=tuple(Period(i, f"d{i}", d, d) for i, d in enumerate(days)),
        start=calendar.start,
        end=calendar.end,
    )


_TO_DATE = (
    ("mtd", "MTD"),
    ("qtd", "QTD"),
    ("ytd", "YTD"),
    ("py_mtd", "PY MTD"),
    ("py_qtd", "PY QTD"),
    ("py_ytd", "PY YTD"),
)


def series_of(
    spec: WbrSpec, data: DataSet, metric: str, week_ending: dt.date | None = None
) -> MetricSeries:
    """The series of ``metric`` (a metric of ``spec``) over ``data``; ``week_ending``
    overrides the config's, as for the deck."""
    we, week_number = resolve_week(spec, week_ending)
    labels = week_labels(week_number)
    last = getattr(data, "last_date", None)  # known for files and databases
    results = compute(spec, data, we, only=[metric], data_end=last if last and last < we else None)
    calendar = results.calendar
    by_day = _days(calendar)
    plan = plan_for_periods(spec, data, by_day, only=[metric])
    column = plan.metrics.index(metric)
    daily: list[Value] = [None] * len(by_day.periods)
    for row in data.fetch(plan.sql):
        daily[row[0]] = _finite(row[3 + column])
    values = results.values[metric]

    def period(label: str, pid: int) -> PeriodValue:
        p = calendar.periods[pid]
        return PeriodValue(label, p.start, p.end, values[pid])

    return MetricSeries(
        metric=metric,
        comparison=results.comparison(metric),
        week_ending=we,
        days=tuple(p.start for p in by_day.periods),
        daily=tuple(daily),
        weeks=tuple(map(period, labels, calendar.cy_weeks[1:])),
        prior_weeks=tuple(
            period(f"PY {w}", p) for w, p in zip(labels, calendar.py_weeks, strict=True)
        ),
        months=tuple(
            period(f"{month_label(m)} {m.year}", calendar.month_lookup[m])
            for m in calendar.trailing
        ),
        to_date=tuple(period(label, calendar.to_date[key]) for key, label in _TO_DATE),
    )


def _finite(value: object) -> Value:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None
