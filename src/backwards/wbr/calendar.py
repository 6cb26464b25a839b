"""The WBR calendar: every period a deck needs, computed once in Python (pure).

A ``Calendar`` for a week ending holds a small table of periods, each a closed date range:

- seven current-year weeks ending on the weekday of ``week_ending`` (the sixth is "last week",
  the first only serves week-on-week), and six prior-year weeks 364 days earlier;
- calendar months, from a year before the first trailing month up to the end of the fiscal year
  (prior-year months are the same calendar months a year back, so months serve both);
- month, fiscal quarter and fiscal year to date, and their prior-year twins (one calendar year
  back, 29 Feb -> 28 Feb).

Months that end after ``week_ending`` (the partial month and the months up to fiscal year end)
carry ``required_days``: they are only shown when every one of their days has a value.

The SQL joins daily data to these ranges, so no date function is needed in the generated SQL.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

__all__ = [
    "MONTHS",
    "MONTH_LABELS",
    "MONTH_NAMES",
    "Calendar",
    "Period",
    "PeriodTable",
    "add_months",
    "build_calendar",
    "fiscal_year_start",
    "month_end",
    "parse_week_ending",
    "week_labels",
]

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
MONTH_LABELS = tuple(m.title() for m in MONTHS)
#: Full month names, for the outputs' dates ("September").
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def parse_week_ending(value: Any) -> dt.date:
    """``25-SEP-2021`` (any case, 1- or 2-digit day), an ISO date, or a YAML date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d-%b-%Y", "%Y-%m-%d", "%d-%B-%Y"):  # strptime reads month names in any case
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=_stdcal.monthrange(day.year, day.month)[1])


@lru_cache(maxsize=4096)  # a deck asks for the same few dozen months thousands of times
def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamping the day of month (31 Mar - 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _stdcal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def minus_year(day: dt.date) -> dt.date:
    """The same calendar date a year earlier (29 Feb -> 28 Feb)."""
    return add_months(day, -12)


def fiscal_year_start(day: dt.date, fy_end_month: int) -> dt.date:
    """First day of the fiscal year (ending in ``fy_end_month``) that contains ``day``."""
    start_month = fy_end_month % 12 + 1
    year = day.year if day.month >= start_month else day.year - 1
    return dt.date(year, start_month, 1)


def fiscal_quarter_start(day: dt.date, fy_end_month: int) -> dt.date:
    """First day of the fiscal quarter containing ``day`` (quarters end in the FY-end month)."""
    offset = (day.month - (fy_end_month % 12 + 1)) % 3
    return add_months(day.replace(day=1), -offset)


def week_labels(week_number: int) -> tuple[str, ...]:
    """The six week labels ending at ``week_number`` (``wk 48 ... wk 52, wk 1`` for week 1)."""
    return tuple(f"wk {((week_number - i) % 52) + 1}" for i in range(6, 0, -1))


def iso_week_number(day: dt.date) -> int:
    """A default week number when the config has none: the ISO week of ``day``."""
    return day.isocalendar().week


@dataclass(frozen=True, slots=True)
class Period:
    """A closed date range ``[start, end]``; ``required_days`` > 0 means "complete or blank"."""

    pid: int
    name: str
    start: dt.date
    end: dt.date
    required_days: int = 0


class PeriodTable(Protocol):
    """What the query plan reads: the periods and the first and last day they cover."""

    @property
    def periods(self) -> tuple[Period, ...]: ...

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


@dataclass(frozen=True, slots=True)
class Calendar:
    """All periods of one deck and the indexes that pick them."""

    week_ending: dt.date
    fy_end_month: int
    periods: tuple[Period, ...]
    cy_weeks: tuple[int, ...]  # 7 pids, oldest first; [1:] are the six shown
    py_weeks: tuple[int, ...]  # 6 pids
    month_starts: tuple[dt.date, ...]  # every month in the table, oldest first
    month_pids: tuple[int, ...]  # aligned with month_starts
    trailing: tuple[dt.date, ...]  # the 12 trailing months (first days)
    fiscal: tuple[dt.date, ...]  # the 12 months of the fiscal year containing week_ending
    to_date: dict[str, int]  # mtd, qtd, ytd, py_mtd, py_qtd, py_ytd -> pid
    month_lookup: dict[dt.date, int]  # first day of month -> pid

    @property
    def start(self) -> dt.date:
        return min(p.start for p in self.periods)

    @property
    def end(self) -> dt.date:
        return max(p.end for p in self.periods)

    def month_pid(self, first_day: dt.date) -> int | None:
        return self.month_lookup.get(first_day)

    def week_ends(self) -> tuple[dt.date, ...]:
        return tuple(self.periods[p].end for p in self.cy_weeks[1:])


def build_calendar(
    week_ending: dt.date, fy_end_month: int = 12, data_end: dt.date | None = None
) -> Calendar:
    """Every period of a deck for ``week_ending`` and a fiscal year ending in ``fy_end_month``.

    ``data_end``: the last day with data. When it is before ``week_ending``, month, quarter and
    year to date run to it, and so do their prior-year twins (a year earlier): like for like."""
    if not 1 <= fy_end_month <= 12:
        raise ValueError("fy_end_month must be 1..12")
    we = week_ending
    periods: list[Period] = []

    def add(name: str, start: dt.date, end: dt.date, required: int = 0) -> int:
        periods.append(Period(len(periods), name, start, end, required))
        return len(periods) - 1

    cy_weeks = tuple(
        add(f"cw{k}", we - dt.timedelta(days=7 * (6 - k) + 6), we - dt.timedelta(days=7 * (6 - k)))
        for k in range(7)
    )
    py_we = we - dt.timedelta(days=364)
    py_weeks = tuple(
        add(
            f"pw{k}",
            py_we - dt.timedelta(days=7 * (6 - k) + 6),
            py_we - dt.timedelta(days=7 * (6 - k)),
        )
        for k in range(1, 7)
    )
    # Trailing months end with week_ending's month when it is a month end, else the month before.
    last_full = we.replace(day=1) if we == month_end(we) else add_months(we.replace(day=1), -1)
    trailing = tuple(add_months(last_full, i) for i in range(-11, 1))
    fy_start = fiscal_year_start(we, fy_end_month)
    fiscal = tuple(add_months(fy_start, i) for i in range(12))
    first = add_months(trailing[0], -12)
    last = fiscal[-1]  # the fiscal year holds week_ending: its last month is never before
    month_starts: list[dt.date] = []
    month_pids: list[int] = []
    current = first
    while current <= last:
        end = month_end(current)
        required = (end - current).days + 1 if end > we else 0
        month_pids.append(add(f"m{current:%Y-%m}", current, end, required))
        month_starts.append(current)
        current = add_months(current, 1)
    q_start = fiscal_quarter_start(we, fy_end_month)
    starts = {"mtd": we.replace(day=1), "qtd": q_start, "ytd": fy_start}
    ends = {
        key: data_end if data_end is not None and start <= data_end < we else we
        for key, start in starts.items()
    }
    to_date = {key: add(key, starts[key], ends[key]) for key in starts}
    to_date |= {
        f"py_{key}": add(f"py_{key}", minus_year(starts[key]), minus_year(ends[key]))
        for key in starts
    }
    return Calendar(
        week_ending=we,
        fy_end_month=fy_end_month,
        periods=tuple(periods),
        cy_weeks=cy_weeks,
        py_weeks=py_weeks,
        month_starts=tuple(month_starts),
        month_pids=tuple(month_pids),
        trailing=trailing,
        fiscal=fiscal,
        to_date=to_date,
        month_lookup=dict(zip(month_starts, month_pids, strict=True)),
    )


def month_label(first_day: dt.date) -> str:
    return MONTH_LABELS[first_day.month - 1]
