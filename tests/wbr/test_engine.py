"""The engine: one grouped query for all metrics, through the DataSet seam."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from backwards.wbr.calendar import build_calendar
from backwards.wbr.checking import load_valid_spec
from backwards.wbr.engine import compute
from backwards.wbr.plan import compile_plan
from backwards.wbr.sources import DuckDataSet, open_data
from tests.wbr.conftest import Case

WE = dt.date(2021, 9, 25)

CONFIG = """\
setup: {week_ending: 25-SEP-2021, week_number: 38, title: T}
metrics:
  A: {column: a, aggf: sum}
  B: {column: b, aggf: mean}
  US: {filter: {base_column: a, query: "c == 'US'"}, aggf: max}
  R: {function: {divide: [{metric: {name: A}}, {metric: {name: S}}]}}
  S: {function: {sum: [{metric: {name: A}}, {metric: {name: B}}]}}
deck:
  - block: {ui_type: section, title: S}
"""


@dataclass
class CountingData:
    """A DataSet that counts the queries run through it (a seam, not a mock)."""

    inner: DuckDataSet
    queries: list[str] = field(default_factory=list)

    @property
    def relation(self) -> str:
        return self.inner.relation

    @property
    def has_row_order(self) -> bool:
        return self.inner.has_row_order

    @property
    def unique_dates(self) -> bool:
        return self.inner.unique_dates

    @property
    def complete_columns(self) -> frozenset[str]:
        return self.inner.complete_columns

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        self.queries.append(sql)
        return self.inner.fetch(sql)


def test_one_query_for_all_metrics(case: Case) -> None:
    case.data(dt.date(2020, 1, 1), WE, {"a": lambda d: 2, "b": lambda d: 4, "c": lambda d: "US"})
    spec = load_valid_spec(case.config(CONFIG))
    data = CountingData(open_data(spec, [case.folder / "daily.csv"]))
    try:
        results = compute(spec, data, WE)
    finally:
        data.inner.close()
    assert len(data.queries) == 1
    last = results.calendar.cy_weeks[6]
    assert results.values["A"][last] == 14.0
    assert results.values["B"][last] == 4.0
    assert results.values["US"][last] == 2.0
    assert results.values["S"][last] == 18.0
    assert results.values["R"][last] == 14.0 / 18.0


def test_plan_is_a_pure_string(case: Case) -> None:
    spec = load_valid_spec(case.config(CONFIG))
    cal = build_calendar(WE)
    grouped = compile_plan(spec, cal, "wbr_input")
    again = compile_plan(spec, cal, "wbr_input")
    assert grouped == again
    assert grouped.metrics == ("A", "B", "US", "R", "S")
    # first stage: the day's rows, grouped once by day and the filters' columns (the cube)
    assert 'SUM("a") AS __s0' in grouped.sql and 'GROUP BY "Date", "c"' in grouped.sql
    assert "SUM(c.__s0) AS m0" in grouped.sql
    assert "SUM(COALESCE(d.m0, p.nan)) AS m0" in grouped.sql  # a blank day blanks the sum
    assert 'AVG(r."b") AS m1' in grouped.sql  # a mean over the period's rows (events)
    assert "MAX(e.m1)" in grouped.sql and "LEFT JOIN events AS e" in grouped.sql
    assert "MAX(CASE WHEN (c.\"c\" = 'US') THEN c.__hi0 END) AS m2" in grouped.sql
    assert "NULLIF(" in grouped.sql and "GROUP BY p.pid" in grouped.sql
    daily = compile_plan(spec, cal, "t", unique_dates=True, complete_columns=frozenset({"a"}))
    assert 'GROUP BY "Date"' not in daily.sql
    assert 'SUM(d."a") AS m0' in daily.sql  # a column without blanks needs no NaN guard
    assert 'AVG(COALESCE(d."b", p.blank)) AS m1' in daily.sql  # the rows are the days
    assert "events" not in daily.sql
    only = compile_plan(spec, cal, "t", only=["R"])
    assert only.metrics == ("A", "B", "R", "S")
