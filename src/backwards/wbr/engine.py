"""The engine: runs the query plan once and answers every question a deck asks of the numbers.

``compute`` returns ``Results``: each metric's value for every calendar period (one grouped
query for all metrics; no per-metric query, no pandas). The small per-metric arithmetic on top
(week on week, year on year, month on month, box totals, derived ``XYOY``/``XWOW``/``XMOM``
names) reads those few dozen values per metric; it never touches the daily data.

Comparisons follow the WBR App: percent change ``a / b - 1`` (x100 in box totals), or for
``metric_comparison_method: bps`` the difference ``a - b`` (x10 000 in box totals). A comparison
with a blank side, or a percent change against 0, is blank (None), never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from backwards.wbr.calendar import Calendar, PeriodTable, add_months, build_calendar
from backwards.wbr.deck import BoxTotals, Value
from backwards.wbr.plan import QueryPlan, compile_plan
from backwards.wbr.progress import watching
from backwards.wbr.sources import DataSet
from backwards.wbr.spec import DERIVED_SUFFIXES, Comparison, WbrSpec

__all__ = ["Results", "compare", "compute", "explain_sql", "plan_for_periods"]

SCALE = {"%": 100.0, "bps": 10_000.0}


def compare(a: Value, b: Value, method: Comparison) -> Value:
    """Unscaled change from ``b`` to ``a``: ``a/b - 1`` for "%", ``a - b`` for "bps"."""
    if a is None or b is None:
        return None
    if method == "bps":
        return a - b
    if b == 0:
        return None
    return a / b - 1.0


def _scaled(a: Value, b: Value, method: Comparison) -> Value:
    change = compare(a, b, method)
    return None if change is None else change * SCALE[method]


@dataclass(frozen=True, slots=True)
class Results:
    """Every metric's value for every period of ``calendar``, and how many days of each
    period have data (``days``, by period id).

    A period is *partial* when some but not all of its days have data (a month that must be
    complete never is: it is complete or blank). A comparison whose current side is partial
    is blank (issue 9, point 3); to-date periods are like for like instead (the calendar ends
    them, and their prior-year twins, on the last day with data).
    """

    calendar: Calendar
    values: dict[str, tuple[Value, ...]]  # metric -> value by period id
    comparisons: dict[str, Comparison]
    days: tuple[int, ...] = ()  # period id -> days with data (empty: unknown)

    # -- partial periods -------------------------------------------------------------------

    def span(self, pid: int) -> int:
        period = self.calendar.periods[pid]
        return (period.end - period.start).days + 1

    def is_partial(self, pid: int | None) -> bool:
        """Whether some, not all, of the period's days have data."""
        if pid is None or not self.days or self.calendar.periods[pid].required_days:
            return False
        return 0 < self.days[pid] < self.span(pid)

    def _compare(self, a: Value, b: Value, method: Comparison, pid: int | None) -> Value:
        """``compare``, blank when the current period ``pid`` is partial."""
        return None if self.is_partial(pid) else compare(a, b, method)

    def _scaled(self, a: Value, b: Value, method: Comparison, pid: int | None) -> Value:
        return None if self.is_partial(pid) else _scaled(a, b, method)

    # -- names -----------------------------------------------------------------------------

    def split(self, name: str) -> tuple[str, str]:
        """(base metric, derived suffix or "")."""
        if name in self.values:
            return name, ""
        for suffix in DERIVED_SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] in self.values:
                return name[: -len(suffix)], suffix
        raise KeyError(name)

    def comparison(self, name: str) -> Comparison:
        return self.comparisons[self.split(name)[0]]

    def derived(self, name: str) -> str:
        """The derived suffix of ``name`` ("YOY", "WOW", "MOM") or ""."""
        return self.split(name)[1]

    def has_prior_year(self, name: str) -> bool:
        return self.split(name)[1] == ""

    def value(self, metric: str, pid: int | None) -> Value:
        return None if pid is None else self.values[metric][pid]

    # -- weeks -----------------------------------------------------------------------------

    def cy_weeks(self, name: str) -> tuple[Value, ...]:
        base, suffix = self.split(name)
        weeks = [self.value(base, p) for p in self.calendar.cy_weeks]
        method = self.comparisons[base]
        if suffix == "":
            return tuple(weeks[1:])
        pids = self.calendar.cy_weeks
        if suffix == "WOW":
            return tuple(
                self._compare(weeks[k], weeks[k - 1], method, pids[k]) for k in range(1, 7)
            )
        if suffix == "YOY":
            py = self.py_weeks(base)
            return tuple(
                self._compare(c, p, method, pid)
                for c, p, pid in zip(weeks[1:], py, pids[1:], strict=True)
            )
        return (None,) * 6

    def py_weeks(self, name: str) -> tuple[Value, ...]:
        base, suffix = self.split(name)
        if suffix:
            return (None,) * 6
        return tuple(self.value(base, p) for p in self.calendar.py_weeks)

    # -- months ----------------------------------------------------------------------------

    def month_value(self, metric: str, first_day: dt.date) -> Value:
        return self.value(metric, self.calendar.month_pid(first_day))

    def cy_months(self, name: str, months: Sequence[dt.date]) -> tuple[Value, ...]:
        base, suffix = self.split(name)
        method = self.comparisons[base]
        if suffix == "":
            return tuple(self.month_value(base, m) for m in months)
        if suffix in ("YOY", "MOM"):
            back = -12 if suffix == "YOY" else -1
            return tuple(
                self._compare(
                    self.month_value(base, m),
                    self.month_value(base, add_months(m, back)),
                    method,
                    self.calendar.month_pid(m),
                )
                for m in months
            )
        return (None,) * len(months)

    def py_months(self, name: str, months: Sequence[dt.date]) -> tuple[Value, ...]:
        base, suffix = self.split(name)
        if suffix:
            return (None,) * len(months)
        return tuple(self.month_value(base, add_months(m, -12)) for m in months)

    # -- to date ---------------------------------------------------------------------------

    def to_date(self, metric: str, key: str) -> Value:
        return self.value(metric, self.calendar.to_date[key])

    def box(self, name: str) -> BoxTotals:
        """The nine box-total cells of ``name`` (a metric or a derived name)."""
        base, suffix = self.split(name)
        method = self.comparisons[base]
        weeks = [self.value(base, p) for p in self.calendar.cy_weeks]
        last, before = weeks[6], weeks[5]
        py_last = self.value(base, self.calendar.py_weeks[5])
        mtd, qtd, ytd = (self.to_date(base, k) for k in ("mtd", "qtd", "ytd"))
        py_mtd, py_qtd, py_ytd = (self.to_date(base, k) for k in ("py_mtd", "py_qtd", "py_ytd"))
        week = self.calendar.cy_weeks[6]
        mtd_p, qtd_p, ytd_p = (self.calendar.to_date[k] for k in ("mtd", "qtd", "ytd"))
        if suffix not in ("", "YOY"):
            return BoxTotals(None, None, None, None, None, None, None, None, None, method)
        weekly: tuple[Value, Value, Value]
        if suffix == "":
            wow, yoy_week = (self._scaled(last, x, method, week) for x in (before, py_last))
            weekly = (last, wow, yoy_week)

            def cells(now: Value, then: Value, period: int | None) -> tuple[Value, Value]:
                return now, self._scaled(now, then, method, period)

        else:  # YOY: the value cells are YOY ratios, and only WOW compares them
            yoy = self.cy_weeks(name)
            weekly = (yoy[5], _scaled(yoy[5], yoy[4], method), None)

            def cells(now: Value, then: Value, period: int | None) -> tuple[Value, Value]:
                return self._compare(now, then, method, period), None

        m, q, y = (
            cells(*x) for x in ((mtd, py_mtd, mtd_p), (qtd, py_qtd, qtd_p), (ytd, py_ytd, ytd_p))
        )
        return BoxTotals(*weekly, *m, *q, *y, comparison=method)


_INF = float("inf")


def _clean(value: object) -> Value:
    """A finite float, or None (for NULL, NaN and infinities)."""
    if isinstance(value, float):
        return value if -_INF < value < _INF else None
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if -_INF < number < _INF else None


def plan_for_periods(
    spec: WbrSpec, data: DataSet, periods: PeriodTable, only: Sequence[str] | None = None
) -> QueryPlan:
    """The grouped query for ``periods`` (a deck's calendar, or one period per day)."""
    return compile_plan(
        spec,
        periods,
        data.relation,
        has_row_order=data.has_row_order,
        unique_dates=data.unique_dates,
        complete_columns=data.complete_columns,
        only=only,
        spans=getattr(data, "id_spans", None),  # DuckDB's data only
    )


def compute(
    spec: WbrSpec,
    data: DataSet,
    week_ending: dt.date,
    only: Sequence[str] | None = None,
    data_end: dt.date | None = None,
) -> Results:
    """Run the one grouped query for every metric of ``spec`` (or only those ``only`` needs)
    and collect the results. ``data_end``: the last day with data, when known (to-date
    periods then end there, like for like)."""
    calendar = build_calendar(week_ending, spec.setup.fiscal_year_end_month, data_end)
    plan = plan_for_periods(spec, data, calendar, only)
    with watching(getattr(data, "con", None), "computing"):
        fetched = data.fetch(plan.sql)
    n = len(calendar.periods)
    days = [0] * n
    for r in fetched:
        days[r[0]] = int(r[1])
    rows = [r for r in fetched if r[1] >= r[2]]  # n_days >= required
    columns: list[list[Value]] = []
    if rows:
        pids = [r[0] for r in rows]
        for cells in list(zip(*rows, strict=True))[3:]:
            column: list[Value] = [None] * n
            for pid, value in zip(pids, cells, strict=True):
                if value.__class__ is float:  # the common case, inline: NaN fails both tests
                    if -_INF < value < _INF:
                        column[pid] = value
                elif value is not None:
                    column[pid] = _clean(value)
            columns.append(column)
    else:
        columns = [[None] * n for _ in plan.metrics]
    values = {name: tuple(col) for name, col in zip(plan.metrics, columns, strict=True)}
    comparisons = {name: spec.metrics[name].comparison for name in plan.metrics}
    return Results(calendar=calendar, values=values, comparisons=comparisons, days=tuple(days))


def explain_sql(
    spec: WbrSpec, week_ending: dt.date, metric: str | None = None, relation: str = "wbr_input"
) -> str:
    """The SQL the engine runs for ``spec`` (or only what ``metric`` needs)."""
    calendar = build_calendar(week_ending, spec.setup.fiscal_year_end_month)
    only = None
    if metric is not None:
        base = spec.base_of(metric)
        if base is None:
            raise KeyError(metric)
        only = [base]
    has_order = any(getattr(m, "aggf", "") in ("first", "last") for m in spec.metrics.values())
    return compile_plan(spec, calendar, relation, has_row_order=has_order, only=only).sql
